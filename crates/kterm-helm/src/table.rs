//! The table writer Helm's printers use (gosuri/uitable with its
//! defaults): every cell padded on the right to its column's width, cells
//! joined by a tab, rows by a newline, and a newline after the table.

pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new() -> Table {
        Table { rows: Vec::new() }
    }

    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// The table as `output.EncodeTable` writes it.
    pub fn render(&self) -> String {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; cols];
        for row in &self.rows {
            for (i, c) in row.iter().enumerate() {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let lines: Vec<String> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - c.chars().count())))
                    .collect::<Vec<_>>()
                    .join("\t")
            })
            .collect();
        format!("{}\n", lines.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_table() {
        let cases: &[(&[&[&str]], &str)] = &[
            (&[], "\n"),
            (&[&["A", "BB"], &["ccc", "d"]], "A  \tBB\nccc\td \n"),
            (
                &[&["REVISION", "STATUS"], &["1", "deployed"]],
                "REVISION\tSTATUS  \n1       \tdeployed\n",
            ),
        ];
        for (rows, want) in cases {
            let mut t = Table::new();
            for r in *rows {
                t.row(r.iter().copied());
            }
            assert_eq!(t.render(), *want);
        }
    }
}
