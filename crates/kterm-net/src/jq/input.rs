//! Input texts into values: each top-level JSON text is found by a small
//! scanner (so errors can say where, as jq does) and parsed by jaq-json.

use jaq_json::Val;

/// One input value and the line jq names in errors about it.
#[derive(Debug)]
pub struct Item {
    pub value: Val,
    pub line: usize,
}

/// jq's message for input that is not JSON, with its line (exit 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// Line and column as jq reports them for byte offset `at`.
fn position(text: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text[..at];
    let line = 1 + before.iter().filter(|b| **b == b'\n').count();
    let col = match before.iter().rposition(|b| *b == b'\n') {
        Some(i) => at - i - 1,
        None => at,
    };
    (line, col)
}

fn newlines(text: &[u8], upto: usize) -> usize {
    text[..upto.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// Where the value starting at `start` ends; `None`: at end of input
/// inside a string or container.
fn value_end(text: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    let mut in_str = false;
    while i < text.len() {
        let b = text[i];
        if in_str {
            match b {
                b'\\' => i += 1,
                b'"' => {
                    in_str = false;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
        } else {
            match b {
                b'"' => in_str = true,
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ if depth == 0 => {
                    // A scalar: up to whitespace or the next structural byte.
                    let end = text[i..]
                        .iter()
                        .position(|c| c.is_ascii_whitespace() || b"[]{}\",:".contains(c))
                        .map_or(text.len(), |p| i + p);
                    return Some(end.max(i + 1));
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// All JSON texts in `text`.
pub fn parse_all(text: &[u8]) -> Result<Vec<Item>, (Vec<Item>, ParseError)> {
    let mut items = Vec::new();
    let mut i = 0;
    loop {
        while i < text.len() && text[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= text.len() {
            return Ok(items);
        }
        let fail = |items, at: usize, what: &str, eof: bool| {
            let (line, col) = position(text, at);
            let eof = if eof { " at EOF" } else { "" };
            Err((
                items,
                ParseError {
                    line: newlines(text, at),
                    message: format!("{what}{eof} at line {line}, column {col}"),
                },
            ))
        };
        let Some(end) = value_end(text, i) else {
            let what = if text[i] == b'"' {
                "Unfinished string"
            } else {
                "Unfinished JSON term"
            };
            return fail(items, text.len(), what, true);
        };
        match jaq_json::read::parse_single(&text[i..end]) {
            Ok(value) => {
                let line = newlines(text, end + 1);
                items.push(Item { value, line });
            }
            Err(_) => {
                let word = &text[i..end];
                let container = word.first().is_some_and(|c| b"[{".contains(c));
                let at = if container {
                    end
                } else {
                    (end + 1).min(text.len())
                };
                let eof = !container && end >= text.len();
                let what = if word.first().is_some_and(|c| b"tfn".contains(c))
                    && word.iter().all(u8::is_ascii_alphabetic)
                {
                    "Invalid literal"
                } else {
                    "Invalid numeric literal"
                };
                return fail(items, at, what, eof);
            }
        }
        i = end;
    }
}

/// `-R`: each line a string (`-s`: the whole text one string).
pub fn raw_lines(text: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    for (i, l) in text.split_inclusive(|b| *b == b'\n').enumerate() {
        let line = i + 1;
        let l = l.strip_suffix(b"\n").unwrap_or(l);
        items.push(Item {
            value: Val::from(String::from_utf8_lossy(l).into_owned()),
            line,
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_lines() {
        let items = parse_all(b"1\n2\n{\"a\":[1,\"]\"]} \"x\"").unwrap();
        let lines: Vec<usize> = items.iter().map(|i| i.line).collect();
        assert_eq!(lines, [1, 2, 2, 2]);
    }

    #[test]
    fn errors_table() {
        let cases: &[(&str, &str)] = &[
            ("{\n", "Unfinished JSON term at EOF at line 2, column 0"),
            ("{a}\n", "Invalid numeric literal at line 1, column 3"),
            ("[1,2", "Unfinished JSON term at EOF at line 1, column 4"),
            ("1 x\n", "Invalid numeric literal at line 2, column 0"),
            ("x\n", "Invalid numeric literal at line 2, column 0"),
            ("tru\n", "Invalid literal at line 2, column 0"),
            ("\"abc\n", "Unfinished string at EOF at line 2, column 0"),
        ];
        for (text, want) in cases {
            let got = parse_all(text.as_bytes()).err().map(|(_, e)| e.message);
            assert_eq!(got.as_deref(), Some(*want), "{text:?}");
        }
    }
}
