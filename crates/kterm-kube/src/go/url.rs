//! Go's `url.QueryEscape`, the one percent-encoder for kubectl's query
//! values (selectors, names, container names): letters, digits and
//! `-_.~` stay, a space becomes `+`, every other byte `%XX`.

pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn as_go_escapes() {
        for (s, want) in [
            ("app=web,tier!=db", "app%3Dweb%2Ctier%21%3Ddb"),
            ("a b~*", "a+b~%2A"),
            ("é", "%C3%A9"),
        ] {
            assert_eq!(super::query_escape(s), want);
        }
    }
}
