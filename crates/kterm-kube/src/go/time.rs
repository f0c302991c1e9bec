//! The two Go time parsers kubectl's flags go through, with Go's error
//! words: `time.ParseDuration` (`--since`, `--request-timeout`) and
//! `time.Parse(time.RFC3339, …)` (`--since-time`).

use kterm_shell::time::{civil, days_from_civil};

/// A Go duration in nanoseconds, or Go's error text.
pub fn parse_duration(s: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration \"{s}\"");
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let int_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (int, after) = rest.split_at(int_end);
        let (frac, after) = match after.strip_prefix('.') {
            Some(a) => {
                let e = a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len());
                (Some(&a[..e]), &a[e..])
            }
            None => (None, after),
        };
        // A number needs a digit before or after the point.
        if int.is_empty() && frac.is_none_or(str::is_empty) {
            return Err(invalid());
        }
        let unit_end = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_end);
        let ns: f64 = match unit {
            "" => return Err(format!("time: missing unit in duration \"{s}\"")),
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            u => return Err(format!("time: unknown unit \"{u}\" in duration \"{s}\"")),
        };
        let number: f64 = format!(
            "{}.{}",
            if int.is_empty() { "0" } else { int },
            frac.unwrap_or("0")
        )
        .parse()
        .map_err(|_| invalid())?;
        total += number * ns;
        rest = next;
    }
    let ns = total.round() as i128;
    Ok(if neg { -ns } else { ns })
}

/// Whole seconds of a duration as `Duration.Round(time.Second)` gives
/// them: halves away from zero.
pub fn round_seconds(ns: i128) -> i64 {
    let s = (ns.abs() + 500_000_000) / 1_000_000_000;
    (if ns < 0 { -s } else { s }) as i64
}

const RFC3339: &str = "2006-01-02T15:04:05Z07:00";

/// An RFC 3339 time as Unix seconds (fractions dropped, as the API's
/// second-precision `metav1.Time` drops them), or Go's error text.
pub fn parse_rfc3339(s: &str) -> Result<i64, String> {
    let fail = |rest: &str, elem: &str| {
        format!("parsing time \"{s}\" as \"{RFC3339}\": cannot parse \"{rest}\" as \"{elem}\"")
    };
    let range = |what: &str| format!("parsing time \"{s}\": {what} out of range");
    let mut rest = s;
    let num = |rest: &mut &str, width: usize, elem: &str| -> Result<i64, String> {
        let digits = rest
            .get(..width)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
        match digits {
            Some(d) => {
                *rest = &rest[width..];
                d.parse().map_err(|_| fail(rest, elem))
            }
            None => Err(fail(rest, elem)),
        }
    };
    let lit = |rest: &mut &str, l: &str| -> Result<(), String> {
        match rest.strip_prefix(l) {
            Some(r) => {
                *rest = r;
                Ok(())
            }
            None => Err(fail(rest, l)),
        }
    };
    let y = num(&mut rest, 4, "2006")?;
    lit(&mut rest, "-")?;
    let mo = num(&mut rest, 2, "01")?;
    lit(&mut rest, "-")?;
    let d = num(&mut rest, 2, "02")?;
    lit(&mut rest, "T")?;
    let h = num(&mut rest, 2, "15")?;
    lit(&mut rest, ":")?;
    let mi = num(&mut rest, 2, "04")?;
    lit(&mut rest, ":")?;
    let se = num(&mut rest, 2, "05")?;
    // Go accepts a fraction after the seconds even when the layout has none.
    if let Some(r) = rest.strip_prefix('.') {
        let e = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
        if e > 0 {
            rest = &r[e..];
        }
    }
    let offset = if let Some(r) = rest.strip_prefix('Z') {
        rest = r;
        0
    } else {
        let sign = match rest.as_bytes().first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(fail(rest, "Z07:00")),
        };
        let tz = rest;
        let b = tz.as_bytes();
        let shaped = b.len() >= 6
            && b[1..3].iter().all(u8::is_ascii_digit)
            && b[3] == b':'
            && b[4..6].iter().all(u8::is_ascii_digit);
        let parsed = shaped.then(|| (tz[1..3].parse::<i64>().ok(), tz[4..6].parse::<i64>().ok()));
        match parsed {
            Some((Some(oh), Some(om))) => {
                rest = &tz[6..];
                sign * (oh * 3600 + om * 60)
            }
            _ => return Err(fail(rest, "Z07:00")),
        }
    };
    if !rest.is_empty() {
        return Err(format!("parsing time \"{s}\": extra text: \"{rest}\""));
    }
    if !(1..=12).contains(&mo) {
        return Err(range("month"));
    }
    let days_in_month = {
        let first = days_from_civil(y, mo, 1);
        let next = if mo == 12 {
            days_from_civil(y + 1, 1, 1)
        } else {
            days_from_civil(y, mo + 1, 1)
        };
        next - first
    };
    if d < 1 || d > days_in_month {
        return Err(range("day"));
    }
    if h > 23 {
        return Err(range("hour"));
    }
    if mi > 59 {
        return Err(range("minute"));
    }
    if se > 59 {
        return Err(range("second"));
    }
    Ok(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - offset)
}

/// Unix seconds as the API writes a `metav1.Time`: `2026-01-01T00:00:00Z`.
pub fn format_rfc3339(secs: i64) -> String {
    let (y, m, d) = civil(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        t / 3600,
        t % 3600 / 60,
        t % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let cases: &[(&str, Result<i128, &str>)] = &[
            ("5s", Ok(5_000_000_000)),
            ("2m", Ok(120_000_000_000)),
            ("1h30m", Ok(5_400_000_000_000)),
            ("1.5s", Ok(1_500_000_000)),
            (".5s", Ok(500_000_000)),
            ("-5s", Ok(-5_000_000_000)),
            ("300ms", Ok(300_000_000)),
            ("0", Ok(0)),
            ("5", Err("time: missing unit in duration \"5\"")),
            ("5x", Err("time: unknown unit \"x\" in duration \"5x\"")),
            ("x", Err("time: invalid duration \"x\"")),
            ("", Err("time: invalid duration \"\"")),
            (".s", Err("time: invalid duration \".s\"")),
        ];
        for (s, want) in cases {
            assert_eq!(parse_duration(s), want.map_err(str::to_string), "{s}");
        }
        for (ns, s) in [(1_499_999_999, 1), (1_500_000_000, 2), (-1_500_000_000, -2)] {
            assert_eq!(round_seconds(ns), s);
        }
    }

    #[test]
    fn rfc3339() {
        let p = "parsing time";
        let cases: &[(&str, Result<i64, String>)] = &[
            ("2026-01-01T00:00:00Z", Ok(1_767_225_600)),
            ("2026-01-01T01:00:00.123456+01:00", Ok(1_767_225_600)),
            ("2025-12-31T19:00:00-05:00", Ok(1_767_225_600)),
            (
                "yesterday",
                Err(format!(
                    "{p} \"yesterday\" as \"{RFC3339}\": cannot parse \"yesterday\" as \"2006\""
                )),
            ),
            (
                "2026-01-01",
                Err(format!(
                    "{p} \"2026-01-01\" as \"{RFC3339}\": cannot parse \"\" as \"T\""
                )),
            ),
            (
                "2026-01-01T00:00:00",
                Err(format!(
                    "{p} \"2026-01-01T00:00:00\" as \"{RFC3339}\": cannot parse \"\" as \"Z07:00\""
                )),
            ),
            (
                "2026-13-01T00:00:00Z",
                Err(format!("{p} \"2026-13-01T00:00:00Z\": month out of range")),
            ),
            (
                "2026-01-01T00:00:00Zx",
                Err(format!("{p} \"2026-01-01T00:00:00Zx\": extra text: \"x\"")),
            ),
        ];
        for (s, want) in cases {
            assert_eq!(&parse_rfc3339(s), want, "{s}");
        }
        assert_eq!(format_rfc3339(1_767_225_599), "2025-12-31T23:59:59Z");
    }
}
