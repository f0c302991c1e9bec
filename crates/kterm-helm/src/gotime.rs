//! The times in Helm's release records (`helm.sh/helm/v3/pkg/time`, Go's
//! `time.Time` marshalled as RFC 3339 with nanoseconds) and the three
//! ways Helm prints them: `Time.String()` (`helm list`), `time.ANSIC`
//! (`status`, `history`) and RFC 3339 again (`-o json|yaml`), plus a
//! Go layout for `helm list --time-format`. A zero offset reads as UTC,
//! the zone the sandbox and a browser's session use.

use kterm_shell::time::{MONTHS, WEEKDAYS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoTime {
    /// Seconds since the epoch, UTC.
    secs: i64,
    nanos: u32,
    /// The zone's offset east of UTC, in seconds.
    offset: i32,
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The wall clock of a time in its own zone.
struct Wall {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    min: i64,
    sec: i64,
    weekday: usize,
}

impl GoTime {
    /// Parses what `time.Time.MarshalJSON` writes; `None` for anything
    /// else (Helm's empty string for a zero time included).
    pub fn parse(s: &str) -> Option<GoTime> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let t = s.get(r)?;
            t.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| t.parse().ok())?
        };
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 59 {
            return None;
        }
        let mut i = 19;
        let mut nanos = 0u32;
        if b[i] == b'.' {
            let start = i + 1;
            i = start;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &s[start..i];
            if digits.is_empty() || digits.len() > 9 {
                return None;
            }
            nanos = format!("{digits:0<9}").parse().ok()?;
        }
        let offset = match &s[i..] {
            "Z" => 0,
            z if z.len() == 6 && (z.starts_with('+') || z.starts_with('-')) && &z[3..4] == ":" => {
                let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
                let o = (oh * 3600 + om * 60) as i32;
                if z.starts_with('-') {
                    -o
                } else {
                    o
                }
            }
            _ => return None,
        };
        let local = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se;
        Some(GoTime {
            secs: local - i64::from(offset),
            nanos,
            offset,
        })
    }

    pub fn unix(&self) -> i64 {
        self.secs
    }

    fn wall(&self) -> Wall {
        let local = self.secs + i64::from(self.offset);
        let days = local.div_euclid(86_400);
        let sod = local.rem_euclid(86_400);
        let (year, month, day) = civil(days);
        Wall {
            year,
            month,
            day,
            hour: sod / 3600,
            min: sod / 60 % 60,
            sec: sod % 60,
            weekday: (days + 4).rem_euclid(7) as usize,
        }
    }

    /// `-0700`, or `-07:00` with `colon`.
    fn offset_text(&self, colon: bool) -> String {
        let sign = if self.offset < 0 { '-' } else { '+' };
        let m = self.offset.abs() / 60;
        if colon {
            format!("{sign}{:02}:{:02}", m / 60, m % 60)
        } else {
            format!("{sign}{:02}{:02}", m / 60, m % 60)
        }
    }

    /// The zone's abbreviation as Go prints it for a parsed time: `UTC`
    /// for a zero offset, the offset itself for another one.
    fn zone(&self) -> String {
        if self.offset == 0 {
            "UTC".into()
        } else {
            self.offset_text(false)
        }
    }

    /// `.123456789` with trailing zeros dropped, or nothing.
    fn frac(&self) -> String {
        if self.nanos == 0 {
            return String::new();
        }
        format!(".{:09}", self.nanos)
            .trim_end_matches('0')
            .to_string()
    }

    /// `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    pub fn string(&self) -> String {
        let w = self.wall();
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}{} {} {}",
            w.year,
            w.month,
            w.day,
            w.hour,
            w.min,
            w.sec,
            self.frac(),
            self.offset_text(false),
            self.zone()
        )
    }

    /// `time.ANSIC`: `Mon Jan _2 15:04:05 2006`.
    pub fn ansic(&self) -> String {
        let w = self.wall();
        format!(
            "{} {} {:>2} {:02}:{:02}:{:02} {}",
            &WEEKDAYS[w.weekday][..3],
            &MONTHS[(w.month - 1) as usize][..3],
            w.day,
            w.hour,
            w.min,
            w.sec,
            w.year
        )
    }

    /// `time.RFC3339Nano`, as `MarshalJSON` writes it.
    pub fn rfc3339(&self) -> String {
        let w = self.wall();
        let zone = if self.offset == 0 {
            "Z".to_string()
        } else {
            self.offset_text(true)
        };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{zone}",
            w.year,
            w.month,
            w.day,
            w.hour,
            w.min,
            w.sec,
            self.frac()
        )
    }

    /// `Time.Format(layout)` for Go's layout elements (`2006`, `Jan`,
    /// `_2`, `15`, `PM`, `MST`, `Z07:00`, `.000`…); other text is copied.
    pub fn format(&self, layout: &str) -> String {
        let w = self.wall();
        let hour12 = if w.hour % 12 == 0 { 12 } else { w.hour % 12 };
        let mut out = String::new();
        let mut rest = layout;
        // Longest elements first, so that `2006` is not read as `2`.
        let elements: &[&str] = &[
            "January", "Monday", "Z07:00", "-07:00", "Z0700", "-0700", "2006", "Jan", "Mon", "MST",
            "-07", "Z07", "002", "01", "02", "_2", "06", "15", "03", "04", "05", "PM", "pm", "1",
            "2", "3", "4", "5",
        ];
        'outer: while !rest.is_empty() {
            if let Some(f) = frac_element(rest) {
                let digits = f.len() - 1;
                let all = format!("{:09}", self.nanos);
                let mut part = all[..digits].to_string();
                if f.as_bytes()[1] == b'9' {
                    part = part.trim_end_matches('0').to_string();
                    if !part.is_empty() {
                        out.push('.');
                    }
                } else {
                    out.push(f.as_bytes()[0] as char);
                }
                out.push_str(&part);
                rest = &rest[f.len()..];
                continue;
            }
            for e in elements {
                if let Some(r) = rest.strip_prefix(e) {
                    let text = match *e {
                        "January" => MONTHS[(w.month - 1) as usize].to_string(),
                        "Monday" => WEEKDAYS[w.weekday].to_string(),
                        "Jan" => MONTHS[(w.month - 1) as usize][..3].to_string(),
                        "Mon" => WEEKDAYS[w.weekday][..3].to_string(),
                        "2006" => format!("{:04}", w.year),
                        "06" => format!("{:02}", w.year % 100),
                        "01" => format!("{:02}", w.month),
                        "1" => w.month.to_string(),
                        "02" => format!("{:02}", w.day),
                        "2" => w.day.to_string(),
                        "_2" => format!("{:>2}", w.day),
                        "002" => {
                            let yday = days_from_civil(w.year, w.month, w.day)
                                - days_from_civil(w.year, 1, 1)
                                + 1;
                            format!("{yday:03}")
                        }
                        "15" => format!("{:02}", w.hour),
                        "03" => format!("{hour12:02}"),
                        "3" => hour12.to_string(),
                        "04" => format!("{:02}", w.min),
                        "4" => w.min.to_string(),
                        "05" => format!("{:02}", w.sec),
                        "5" => w.sec.to_string(),
                        "PM" => if w.hour >= 12 { "PM" } else { "AM" }.to_string(),
                        "pm" => if w.hour >= 12 { "pm" } else { "am" }.to_string(),
                        "MST" => self.zone(),
                        "Z07:00" | "Z0700" | "Z07" if self.offset == 0 => "Z".to_string(),
                        "Z07:00" | "-07:00" => self.offset_text(true),
                        "Z0700" | "-0700" => self.offset_text(false),
                        _ => self.offset_text(false)[..3].to_string(),
                    };
                    out.push_str(&text);
                    rest = r;
                    continue 'outer;
                }
            }
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }
}

/// A fractional-seconds element (`.000`, `,999`) right after seconds in
/// Go's sense: a separator and a run of 0s or 9s not followed by a digit.
fn frac_element(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if b.len() < 2 || !(b[0] == b'.' || b[0] == b',') || !(b[1] == b'0' || b[1] == b'9') {
        return None;
    }
    let mut j = 1;
    while j < b.len() && b[j] == b[1] {
        j += 1;
    }
    if j < b.len() && b[j].is_ascii_digit() {
        return None;
    }
    (j - 1 <= 9).then(|| &s[..j])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing_table() {
        // (stored, String(), ANSIC, RFC3339Nano)
        let cases = [
            (
                "2016-01-16T00:00:03Z",
                "2016-01-16 00:00:03 +0000 UTC",
                "Sat Jan 16 00:00:03 2016",
                "2016-01-16T00:00:03Z",
            ),
            (
                "1977-09-02T22:04:05Z",
                "1977-09-02 22:04:05 +0000 UTC",
                "Fri Sep  2 22:04:05 1977",
                "1977-09-02T22:04:05Z",
            ),
            (
                "2026-01-01T10:30:00.123456700+02:00",
                "2026-01-01 10:30:00.1234567 +0200 +0200",
                "Thu Jan  1 10:30:00 2026",
                "2026-01-01T10:30:00.1234567+02:00",
            ),
            (
                "2006-01-02T15:04:05.5-07:00",
                "2006-01-02 15:04:05.5 -0700 -0700",
                "Mon Jan  2 15:04:05 2006",
                "2006-01-02T15:04:05.5-07:00",
            ),
        ];
        for (stored, string, ansic, rfc) in cases {
            let t = GoTime::parse(stored).unwrap();
            assert_eq!(
                (t.string(), t.ansic(), t.rfc3339()),
                (string.to_string(), ansic.to_string(), rfc.to_string()),
                "{stored}"
            );
        }
        for bad in [
            "",
            "2016-01-16",
            "2016-13-01T00:00:00Z",
            "2016-01-16T00:00:00",
        ] {
            assert_eq!(GoTime::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn layout_table() {
        let t = GoTime::parse("2020-06-18T14:17:46.125134977Z").unwrap();
        let cases = [
            ("2006-01-02 15:04:05Z0700", "2020-06-18 14:17:46Z"),
            ("Mon Jan _2 15:04:05 2006", "Thu Jun 18 14:17:46 2020"),
            ("02/01/06 3:04PM MST", "18/06/20 2:17PM UTC"),
            ("15:04:05.000", "14:17:46.125"),
            ("15:04:05.999999999", "14:17:46.125134977"),
            ("January 2, 2006", "June 18, 2020"),
            ("2006-01-02T15:04:05Z07:00", "2020-06-18T14:17:46Z"),
            ("day 002", "day 170"),
        ];
        for (layout, want) in cases {
            assert_eq!(t.format(layout), want, "{layout}");
        }
    }
}
