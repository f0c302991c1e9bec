use crate::time::civil;
use crate::{CmdError, Ctx};

builtin!(Date, "date", "print the date and time", "Usage: date [-u] [-I] [+FORMAT]\nPrint the current date and time (UTC).\n  -u  print Coordinated Universal Time (the default here)\n  -I  ISO 8601 date (YYYY-MM-DD)\n  +FORMAT  %Y %m %d %H %M %S %a %b %e %j %s %Z %z %F %T %D %y %n %t %%\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let mut fmt = "%a %b %e %H:%M:%S %Z %Y".to_string();
    for a in ctx.args.clone() {
        if let Some(f) = a.strip_prefix('+') {
            fmt = f.to_string();
        } else if a == "-I" || a == "--iso-8601" {
            fmt = "%F".into();
        } else if a != "-u" && a != "--utc" {
            ctx.stderr.line(&format!("date: invalid date '{a}'"));
            return Ok(1);
        }
    }
    let s = format_date(&fmt, ctx.host.now_ms(), 0);
    ctx.stdout.line(&s);
    Ok(0)
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// strftime for the common conversions, at `ms` since the epoch plus
/// `offset_s` seconds (0 = UTC).
pub fn format_date(fmt: &str, ms: i64, offset_s: i64) -> String {
    let secs = ms.div_euclid(1000) + offset_s;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, mo, d) = civil(days);
    let (h, mi, s) = (sod / 3600, sod / 60 % 60, sod % 60);
    let jan1 = {
        // Day of year: days since this year's January 1st.
        let mut lo = days - 366;
        while civil(lo).0 < y {
            lo += 1;
        }
        days - lo + 1
    };
    let mut out = String::new();
    let mut it = fmt.chars();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('Y') => out.push_str(&y.to_string()),
            Some('y') => out.push_str(&format!("{:02}", y % 100)),
            Some('m') => out.push_str(&format!("{mo:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('e') => out.push_str(&format!("{d:>2}")),
            Some('H') => out.push_str(&format!("{h:02}")),
            Some('M') => out.push_str(&format!("{mi:02}")),
            Some('S') => out.push_str(&format!("{s:02}")),
            Some('a') => out.push_str(DAYS[days.rem_euclid(7) as usize]),
            Some('b') | Some('h') => out.push_str(MONTHS[(mo - 1) as usize]),
            Some('j') => out.push_str(&format!("{jan1:03}")),
            Some('s') => out.push_str(&secs.to_string()),
            Some('Z') => out.push_str("UTC"),
            Some('z') => out.push_str("+0000"),
            Some('F') => out.push_str(&format!("{y}-{mo:02}-{d:02}")),
            Some('T') => out.push_str(&format!("{h:02}:{mi:02}:{s:02}")),
            Some('D') => out.push_str(&format!("{mo:02}/{d:02}/{:02}", y % 100)),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('%') => out.push('%'),
            Some(o) => {
                out.push('%');
                out.push(o);
            }
            None => out.push('%'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_table() {
        // 2026-11-24T01:00:15Z
        let ms = 1_795_482_015_000;
        let cases = [
            ("%a %b %e %H:%M:%S %Z %Y", "Tue Nov 24 01:00:15 UTC 2026"),
            ("%F %T", "2026-11-24 01:00:15"),
            ("%j %s", "328 1795482015"),
            ("%D%%", "11/24/26%"),
        ];
        for (fmt, want) in cases {
            assert_eq!(format_date(fmt, ms, 0), want, "{fmt}");
        }
        assert_eq!(format_date("%F %a", 0, 0), "1970-01-01 Thu");
        assert_eq!(format_date("%F", 951_782_400_000, 0), "2000-02-29");
    }
}
