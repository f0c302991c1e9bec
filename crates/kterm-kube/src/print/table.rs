//! kubectl's human-readable table: cli-runtime's tabwriter settings
//! (minwidth 6, padding 3, last cell never padded), upper-cased headers.

/// Renders rows (header first when present) as kubectl prints them.
pub fn tabwrite(rows: &[Vec<String>]) -> String {
    TabWriter::default().write(rows)
}

/// The tabwriter kubectl keeps across flushes in `get -w`
/// (`RememberWidths`): a column never gets narrower than it was printed
/// before, and grows when a wider cell arrives.
#[derive(Default)]
pub struct TabWriter {
    widths: Vec<usize>,
}

impl TabWriter {
    /// Renders one flush of rows.
    pub fn write(&mut self, rows: &[Vec<String>]) -> String {
        let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut width = vec![0usize; cols];
        for r in rows {
            for (i, c) in r.iter().enumerate() {
                if i + 1 < r.len() {
                    width[i] = width[i].max((c.chars().count() + 3).max(6));
                }
            }
        }
        for (i, w) in width.iter_mut().enumerate() {
            match self.widths.get_mut(i) {
                Some(old) if *w > 0 => {
                    *w = (*w).max(*old);
                    *old = *w;
                }
                Some(_) => {}
                None => self.widths.push(*w),
            }
        }
        let mut out = String::new();
        for r in rows {
            for (i, c) in r.iter().enumerate() {
                out.push_str(c);
                if i + 1 < r.len() {
                    out.push_str(&" ".repeat(width[i].saturating_sub(c.chars().count())));
                }
            }
            out.push('\n');
        }
        out
    }
}

/// A table cell as `fmt.Sprint` prints it: strings bare, null empty, a
/// cell cut at its first line break with `...`, escapes shown.
pub fn cell(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let s = match s.find(['\n', '\r', '\x0c']) {
        Some(i) => format!("{}...", &s[..i]),
        None => s,
    };
    kterm_shell::sanitize::field(&s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn widths_follow_the_tabwriter() {
        let rows = vec![
            vec![
                "NAME".to_string(),
                "READY".into(),
                "STATUS".into(),
                "RESTARTS".into(),
                "AGE".into(),
            ],
            vec![
                "nginx".to_string(),
                "1/1".into(),
                "Running".into(),
                "0".into(),
                "5m".into(),
            ],
        ];
        assert_eq!(
            tabwrite(&rows),
            "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\n"
        );
        let mut tw = TabWriter::default();
        let row = |a: &str, b: &str| vec![a.to_string(), b.to_string(), "x".to_string()];
        assert_eq!(tw.write(&[row("NAME", "DATA")]), "NAME   DATA   x\n");
        assert_eq!(
            tw.write(&[row("a-longer-name", "1")]),
            "a-longer-name   1      x\n"
        );
        assert_eq!(tw.write(&[row("b", "2")]), "b               2      x\n");
        let empty_col = vec![vec!["A".to_string(), String::new(), "C".into()]];
        assert_eq!(tabwrite(&empty_col), "A     ".to_string() + "      C\n");
    }

    #[test]
    fn cells() {
        assert_eq!(cell(&json!(3)), "3");
        assert_eq!(cell(&json!(null)), "");
        assert_eq!(cell(&json!("a\nb")), "a...");
        assert_eq!(cell(&json!("x\u{1b}[31m")), "x^[[31m");
    }
}
