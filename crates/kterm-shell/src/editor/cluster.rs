//! Character clusters: a base character with the zero-width characters
//! after it (combining marks, joiners, variation selectors). Close enough to
//! Unicode grapheme clusters for cursor movement and cell widths, without
//! shipping the full segmentation tables in the browser bundle.

use unicode_width::UnicodeWidthChar;

fn joins(c: char) -> bool {
    c == '\u{200d}'
        || matches!(c, '\u{fe00}'..='\u{fe0f}')
        || (c.width() == Some(0) && !c.is_control())
}

/// `(byte offset, cluster)` pairs of `s`.
pub fn indices(s: &str) -> impl DoubleEndedIterator<Item = (usize, &str)> {
    let mut starts: Vec<usize> = Vec::new();
    let mut after_zwj = false;
    for (i, c) in s.char_indices() {
        if starts.is_empty() || !(joins(c) || after_zwj) {
            starts.push(i);
        }
        after_zwj = c == '\u{200d}';
    }
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(s.len()))
        .collect();
    starts
        .into_iter()
        .zip(ends)
        .map(move |(a, b)| (a, &s[a..b]))
}

/// Cells a cluster takes: its base character's width.
pub fn width(cluster: &str) -> usize {
    cluster.chars().next().and_then(|c| c.width()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("abc", &["a", "b", "c"]),
            ("e\u{301}x", &["e\u{301}", "x"]),
            ("日本", &["日", "本"]),
            ("👩\u{200d}💻!", &["👩\u{200d}💻", "!"]),
            ("❤\u{fe0f}", &["❤\u{fe0f}"]),
            ("", &[]),
        ];
        for (s, want) in cases {
            let got: Vec<&str> = indices(s).map(|(_, c)| c).collect();
            assert_eq!(got, *want, "{s:?}");
        }
        assert_eq!(width("日"), 2);
        assert_eq!(width("e\u{301}"), 1);
    }
}
