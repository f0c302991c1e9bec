//! `--filter` read as Go's regexp/syntax reads it (Helm compiles the
//! filter with it): its syntax errors in Go's words (`missing closing ]:
//! `[ab``, `missing argument to repetition operator: `*``, …), and what
//! Go takes literally where regex-lite would not (a `{` that starts no
//! counted repetition, an empty `(?)`). The pattern that passes is then
//! compiled by regex-lite (RE2 syntax, like Go's), whose own message
//! words anything this scan does not know.

/// Go's escapes after a backslash (regexp/syntax's `parseEscape`).
fn valid_escape(c: char) -> bool {
    (c.is_ascii() && !c.is_ascii_alphanumeric()) || "aftnrvxdDsSwWbBAzpPQE0".contains(c)
}

/// The pattern for regex-lite, or Go's error for it.
pub fn translate(re: &str) -> Result<String, String> {
    let mut out = String::new();
    match scan(re, &mut out) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Go's error for `re`, if this scan finds one.
#[cfg(test)]
fn check(re: &str) -> Option<String> {
    scan(re, &mut String::new())
}

fn scan(re: &str, out: &mut String) -> Option<String> {
    let err = |code: &str, text: &str| Some(format!("error parsing regexp: {code}: `{text}`"));
    let b: Vec<char> = re.chars().collect();
    let text = |from: usize, to: usize| b[from..to].iter().collect::<String>();
    let mut opens: Vec<usize> = Vec::new();
    // Whether something a repetition may apply to precedes, and where the
    // last repetition operator began (for nested repetitions).
    let mut operand = false;
    let mut last_rep: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let mut rep_start = None;
        match c {
            '\\' => {
                if i + 1 >= b.len() {
                    return err("trailing backslash at end of expression", "");
                }
                if !valid_escape(b[i + 1]) {
                    return err("invalid escape sequence", &text(i, i + 2));
                }
                out.push_str(&text(i, i + 2));
                i += 2;
                operand = true;
                last_rep = None;
                continue;
            }
            '[' => {
                let start = i;
                let mut j = i + 1;
                if b.get(j) == Some(&'^') {
                    j += 1;
                }
                if b.get(j) == Some(&']') {
                    j += 1;
                }
                while j < b.len() && b[j] != ']' {
                    if b[j] == '\\' {
                        j += 1;
                    } else if b.get(j + 1) == Some(&'-')
                        && b.get(j + 2)
                            .is_some_and(|&hi| hi != ']' && hi != '\\' && hi < b[j])
                    {
                        return err("invalid character class range", &text(j, j + 3));
                    } else if b[j] == '[' && b.get(j + 1) == Some(&':') {
                        if let Some(k) = (j + 2..b.len().saturating_sub(1))
                            .find(|&k| b[k] == ':' && b[k + 1] == ']')
                        {
                            j = k + 1;
                        }
                    }
                    j += 1;
                }
                if j >= b.len() {
                    return err("missing closing ]", &text(start, b.len()));
                }
                out.push_str(&text(start, j + 1));
                i = j + 1;
                operand = true;
                last_rep = None;
                continue;
            }
            '(' => {
                let mut end = i + 1;
                if b.get(i + 1) == Some(&'?') {
                    let named = b.get(i + 2) == Some(&'<')
                        || (b.get(i + 2) == Some(&'P') && b.get(i + 3) == Some(&'<'));
                    let k = (i + 2..b.len())
                        .find(|&k| !"imsU-".contains(b[k]) || (named && b[k] == 'P'))
                        .unwrap_or(b.len());
                    if !named && (k >= b.len() || (b[k] != ')' && b[k] != ':')) {
                        let to = (k + 1).min(b.len());
                        return err("invalid or unsupported Perl syntax", &text(i, to));
                    }
                    match b.get(k) {
                        // `(?i)`: flags only, no group (`(?)` is nothing).
                        Some(')') => {
                            if k > i + 2 {
                                out.push_str(&text(i, k + 1));
                            }
                            i = k + 1;
                            continue;
                        }
                        Some(':') => end = k + 1,
                        Some('<') => {
                            end = (k..b.len())
                                .find(|&m| b[m] == '>')
                                .map_or(b.len(), |m| m + 1)
                        }
                        _ => end = k,
                    }
                }
                opens.push(i);
                operand = false;
                last_rep = None;
                out.push_str(&text(i, end));
                i = end;
                continue;
            }
            ')' => {
                if opens.pop().is_none() {
                    return err("unexpected )", re);
                }
                operand = true;
            }
            '|' => operand = false,
            '*' | '+' | '?' => rep_start = Some(i),
            '{' => {
                let close = (i + 1..b.len()).find(|&k| b[k] == '}');
                let body = close.map(|k| text(i + 1, k));
                let counted = body.as_deref().is_some_and(|s| {
                    let (lo, hi) = s.split_once(',').unwrap_or((s, s));
                    !lo.is_empty()
                        && lo.chars().all(|c| c.is_ascii_digit())
                        && hi.chars().all(|c| c.is_ascii_digit())
                });
                if counted {
                    rep_start = Some(i);
                } else {
                    // Go reads it as a literal brace.
                    out.push_str("\\{");
                    operand = true;
                    last_rep = None;
                    i += 1;
                    continue;
                }
            }
            _ => {
                operand = true;
                last_rep = None;
            }
        }
        if let Some(start) = rep_start {
            let mut end = if c == '{' {
                (i..b.len()).find(|&k| b[k] == '}').unwrap_or(i) + 1
            } else {
                i + 1
            };
            if b.get(end) == Some(&'?') {
                end += 1;
            }
            if let Some(prev) = last_rep {
                return err("invalid nested repetition operator", &text(prev, end));
            }
            if !operand {
                return err("missing argument to repetition operator", &text(start, end));
            }
            if c == '{' {
                let s = text(start + 1, end - 1);
                let s = s.trim_end_matches(['}', '?']);
                let too_big = s
                    .split(',')
                    .any(|n| n.parse::<u32>().map_or(!n.is_empty(), |n| n > 1000));
                if too_big {
                    return err("invalid repeat count", &text(start, end));
                }
            }
            last_rep = Some(start);
            out.push_str(&text(start, end));
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    if !opens.is_empty() {
        return err("missing closing )", re);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_errors_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("^w", None),
            ("a[bc]+(x|y)*", None),
            ("[]a]", None),
            ("[[:alpha:]]", None),
            ("(?i)web", None),
            ("a{2,3}", None),
            ("a{,3}", None),
            ("[", Some("missing closing ]: `[`")),
            ("ab[cd", Some("missing closing ]: `[cd`")),
            ("(ab", Some("missing closing ): `(ab`")),
            ("ab)", Some("unexpected ): `ab)`")),
            ("*web", Some("missing argument to repetition operator: `*`")),
            ("a|+", Some("missing argument to repetition operator: `+`")),
            ("(?)", None),
            ("a{2", None),
            ("(?P<n>a)", None),
            ("(?:a|b)+", None),
            ("\\q", Some("invalid escape sequence: `\\q`")),
            ("[z-a]", Some("invalid character class range: `z-a`")),
            ("\\_", None),
            ("(?z)", Some("invalid or unsupported Perl syntax: `(?z`")),
            ("(?i-s:a)", None),
            ("(?i", Some("invalid or unsupported Perl syntax: `(?i`")),
            ("(?P<n>a", Some("missing closing ): `(?P<n>a`")),
            ("a**", Some("invalid nested repetition operator: `**`")),
            ("a+??", Some("invalid nested repetition operator: `+??`")),
            (
                "{2}",
                Some("missing argument to repetition operator: `{2}`"),
            ),
            ("a{1001}", Some("invalid repeat count: `{1001}`")),
            ("ab\\", Some("trailing backslash at end of expression: ``")),
        ];
        for (re, want) in cases {
            let want = want.map(|w| format!("error parsing regexp: {w}"));
            assert_eq!(check(re), want, "{re}");
        }
        for (re, want) in [
            ("a{,3}", "a\\{,3}"),
            ("(?)web", "web"),
            ("(?i)w[a-z]+", "(?i)w[a-z]+"),
            ("a\\.b{2}", "a\\.b{2}"),
        ] {
            assert_eq!(translate(re).unwrap(), want, "{re}");
        }
    }
}
