//! Output helpers in the CLI's style: left-aligned columns with a 3-space
//! gap and no trailing spaces, and relative times ("2 months ago").

use kterm_shell::Ctx;

/// Renders rows (the first is the header, if any) as the CLI's table.
#[cfg(test)]
pub fn render(rows: &[Vec<String>]) -> String {
    styled(rows, false, false)
}

/// Prints a table whose first row is its header, coloured as the CLI
/// colours it on a terminal (header bold, first column bold cyan).
pub fn print(ctx: &mut Ctx<'_>, rows: &[Vec<String>]) {
    let on = crate::colour::enabled(ctx);
    ctx.stdout.write_str(&styled(rows, true, on));
}

/// Prints a table of labels and values (no header row).
pub fn print_kv(ctx: &mut Ctx<'_>, rows: &[Vec<String>]) {
    let on = crate::colour::enabled(ctx);
    ctx.stdout.write_str(&styled(rows, false, on));
}

/// The table, with colours when `on`: widths come from the plain text, so
/// the escapes never shift a column.
fn styled(rows: &[Vec<String>], header: bool, on: bool) -> String {
    use crate::colour::{paint, BOLD, CYAN_BOLD};
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut width = vec![0; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            width[i] = width[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    for (line_no, r) in rows.iter().enumerate() {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            let sgr = match (header && line_no == 0, i) {
                (true, _) => BOLD,
                (false, 0) => CYAN_BOLD,
                _ => "",
            };
            line.push_str(&paint(on && !sgr.is_empty(), sgr, c));
            if i + 1 < r.len() {
                line.push_str(&" ".repeat(width[i] - c.chars().count() + 3));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// "3 minutes ago", "2 months ago" (go-humanize's relative time).
pub fn ago(ms: i64) -> String {
    let s = ms / 1000;
    const MIN: i64 = 60;
    const HOUR: i64 = 60 * MIN;
    const DAY: i64 = 24 * HOUR;
    const WEEK: i64 = 7 * DAY;
    const MONTH: i64 = 30 * DAY;
    const YEAR: i64 = 12 * MONTH;
    let (n, unit) = match s {
        s if s < 1 => return "now".into(),
        s if s < 2 => return "1 second ago".into(),
        s if s < MIN => (s, "seconds"),
        s if s < 2 * MIN => return "1 minute ago".into(),
        s if s < HOUR => (s / MIN, "minutes"),
        s if s < 2 * HOUR => return "1 hour ago".into(),
        s if s < DAY => (s / HOUR, "hours"),
        s if s < 2 * DAY => return "1 day ago".into(),
        s if s < WEEK => (s / DAY, "days"),
        s if s < 2 * WEEK => return "1 week ago".into(),
        s if s < MONTH => (s / WEEK, "weeks"),
        s if s < 2 * MONTH => return "1 month ago".into(),
        s if s < YEAR => (s / MONTH, "months"),
        s if s < 18 * MONTH => return "1 year ago".into(),
        s if s < 2 * YEAR => return "2 years ago".into(),
        s => (s / YEAR, "years"),
    };
    format!("{n} {unit} ago")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_three_space_gaps_and_no_trailing_spaces() {
        let rows = vec![
            vec!["Name".to_string(), "ID".into(), "State".into()],
            vec!["mycluster".to_string(), "abc".into(), "".into()],
        ];
        assert_eq!(render(&rows), "Name        ID    State\nmycluster   abc\n");
    }

    #[test]
    fn coloured_tables_keep_their_columns() {
        let rows = vec![
            vec!["Name".to_string(), "State".into()],
            vec!["mycluster".to_string(), "normal".into()],
        ];
        assert_eq!(
            styled(&rows, true, true),
            "\x1b[1mName\x1b[0m        \x1b[1mState\x1b[0m\n\x1b[36;1mmycluster\x1b[0m   normal\n"
        );
        assert_eq!(styled(&rows, true, false), render(&rows));
    }

    #[test]
    fn ago_table() {
        let cases = [
            (0, "now"),
            (1_000, "1 second ago"),
            (59_000, "59 seconds ago"),
            (25 * 60_000, "25 minutes ago"),
            (3 * 3_600_000, "3 hours ago"),
            (86_400_000, "1 day ago"),
            (8 * 86_400_000, "1 week ago"),
            (59 * 86_400_000, "1 month ago"),
            (90 * 86_400_000, "3 months ago"),
            (400 * 86_400_000, "1 year ago"),
        ];
        for (ms, want) in cases {
            assert_eq!(ago(ms), want, "{ms}");
        }
    }
}
