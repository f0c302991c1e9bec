use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, opt, Arg};

pub const INFO: CommandInfo = CommandInfo {
    name: "tr",
    aliases: &[],
    summary: "translate, squeeze, and/or delete characters",
};

crate::tool!(Tr, "Usage: tr [OPTION]... STRING1 [STRING2]\nTranslate, squeeze, and/or delete characters from standard input,\nwriting to standard output.\n\n  -c, -C, --complement    use the complement of STRING1\n  -d, --delete            delete characters in STRING1, do not translate\n  -s, --squeeze-repeats   replace each sequence of a repeated character\n                            that is listed in the last specified STRING\n  -t, --truncate-set1     first truncate STRING1 to length of STRING2\n\nSTRINGs are sequences of bytes: CHAR, \\NNN (octal), \\\\, \\a \\b \\f \\n \\r \\t \\v,\nCHAR1-CHAR2, [CHAR*], [CHAR*REPEAT], [:CLASS:], [=CHAR=].\n");

/// One element of a set as written.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Bytes(Vec<u8>),
    Class(&'static str),
    /// `[c*n]`; `None` fills up to the length of set 1.
    Repeat(u8, Option<usize>),
}

const CLASSES: &[&str] = &[
    "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space",
    "upper", "xdigit",
];

fn in_class(name: &str, b: u8) -> bool {
    match name {
        "alnum" => b.is_ascii_alphanumeric(),
        "alpha" => b.is_ascii_alphabetic(),
        "blank" => b == b' ' || b == b'\t',
        "cntrl" => b.is_ascii_control(),
        "digit" => b.is_ascii_digit(),
        "graph" => b.is_ascii_graphic(),
        "lower" => b.is_ascii_lowercase(),
        "print" => b.is_ascii_graphic() || b == b' ',
        "punct" => b.is_ascii_punctuation(),
        "space" => matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
        "upper" => b.is_ascii_uppercase(),
        _ => b.is_ascii_hexdigit(),
    }
}

/// Reads one possibly escaped byte at `i`; returns it and the next index.
fn unescape(s: &[u8], i: usize) -> (u8, usize) {
    if s[i] != b'\\' || i + 1 >= s.len() {
        return (s[i], i + 1);
    }
    let c = s[i + 1];
    match c {
        b'a' => (7, i + 2),
        b'b' => (8, i + 2),
        b'f' => (12, i + 2),
        b'n' => (b'\n', i + 2),
        b'r' => (b'\r', i + 2),
        b't' => (b'\t', i + 2),
        b'v' => (11, i + 2),
        b'0'..=b'7' => {
            let mut v: u32 = 0;
            let mut j = i + 1;
            while j < s.len()
                && j < i + 4
                && (b'0'..=b'7').contains(&s[j])
                && v * 8 + u32::from(s[j] - b'0') < 256
            {
                v = v * 8 + u32::from(s[j] - b'0');
                j += 1;
            }
            (v as u8, j)
        }
        other => (other, i + 2),
    }
}

fn parse_set(s: &str) -> Result<Vec<Item>, String> {
    let b = s.as_bytes();
    let mut items = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'[' {
            if let Some(end) = find(b, i + 2, b":]").filter(|_| b.get(i + 1) == Some(&b':')) {
                let name = &s[i + 2..end];
                let Some(c) = CLASSES.iter().find(|c| **c == name) else {
                    return Err(format!("invalid character class {}", common::quote(name)));
                };
                items.push(Item::Class(c));
                i = end + 2;
                continue;
            }
            if b.get(i + 1) == Some(&b'=')
                && b.get(i + 3) == Some(&b'=')
                && b.get(i + 4) == Some(&b']')
            {
                items.push(Item::Bytes(vec![b[i + 2]]));
                i += 5;
                continue;
            }
            if i + 2 < b.len() {
                let (c, j) = unescape(b, i + 1);
                if b.get(j) == Some(&b'*') {
                    if let Some(end) = find(b, j + 1, b"]") {
                        let count = &s[j + 1..end];
                        let n = if count.is_empty() {
                            None
                        } else {
                            let radix = if count.starts_with('0') { 8 } else { 10 };
                            match usize::from_str_radix(count, radix) {
                                Ok(0) => None,
                                Ok(n) => Some(n.min(crate::cfmt::MAX_WIDTH)),
                                Err(_) => {
                                    return Err(format!(
                                        "invalid repeat count {} in [c*n] construct",
                                        common::quote(count)
                                    ))
                                }
                            }
                        };
                        items.push(Item::Repeat(c, n));
                        i = end + 1;
                        continue;
                    }
                }
            }
        }
        let (lo, j) = unescape(b, i);
        if b.get(j) == Some(&b'-') && j + 1 < b.len() {
            let (hi, k) = unescape(b, j + 1);
            if hi < lo {
                let text = String::from_utf8_lossy(&b[i..k]).into_owned();
                return Err(format!(
                    "range-endpoints of {} are in reverse collating sequence order",
                    common::quote(&text)
                ));
            }
            items.push(Item::Bytes((lo..=hi).collect()));
            i = k;
            continue;
        }
        items.push(Item::Bytes(vec![lo]));
        i = j;
    }
    Ok(items)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    (from..b.len().saturating_sub(needle.len() - 1)).find(|&k| b[k..].starts_with(needle))
}

/// The bytes a set stands for, `fill` giving the length `[c*]` pads to.
fn expand(items: &[Item], fill: usize) -> Vec<u8> {
    let fixed: usize = items
        .iter()
        .map(|it| match it {
            Item::Bytes(b) => b.len(),
            Item::Class(c) => (0..=255u8).filter(|b| in_class(c, *b)).count(),
            Item::Repeat(_, Some(n)) => *n,
            Item::Repeat(_, None) => 0,
        })
        .sum();
    let mut v = Vec::new();
    for it in items {
        match it {
            Item::Bytes(b) => v.extend_from_slice(b),
            Item::Class(c) => v.extend((0..=255u8).filter(|b| in_class(c, *b))),
            Item::Repeat(c, Some(n)) => v.extend(std::iter::repeat_n(*c, *n)),
            Item::Repeat(c, None) => v.extend(std::iter::repeat_n(*c, fill.saturating_sub(fixed))),
        }
    }
    v
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = [
        opt('c', "complement", Arg::No),
        opt('C', "", Arg::No),
        opt('d', "delete", Arg::No),
        opt('s', "squeeze-repeats", Arg::No),
        opt('t', "truncate-set1", Arg::No),
    ];
    let p = match common::getopt(&ctx.args, &opts, true) {
        Ok(p) => p,
        Err(e) => return Ok(common::usage(ctx, &e, 1)),
    };
    let (complement, delete, squeeze) = (p.has('c') || p.has('C'), p.has('d'), p.has('s'));
    let ops = &p.operands;
    let translating = !delete && ops.len() > 1;
    let max = if delete && !squeeze { 1 } else { 2 };
    let min = if delete == squeeze { 2 } else { 1 };
    if ops.is_empty() {
        return Ok(common::usage(ctx, "missing operand", 1));
    }
    if ops.len() < min {
        let msg = if !delete && !squeeze {
            format!(
                "missing operand after {}\nTwo strings must be given when translating.",
                common::quote(&ops[0])
            )
        } else {
            format!(
                "missing operand after {}\nTwo strings must be given when both deleting and squeezing repeats.",
                common::quote(&ops[0])
            )
        };
        return Ok(common::usage(ctx, &msg, 1));
    }
    if ops.len() > max {
        let extra = common::quote(&ops[max]);
        let msg = if delete && !squeeze {
            format!("extra operand {extra}\nOnly one string may be given when deleting without squeezing repeats.")
        } else {
            format!("extra operand {extra}")
        };
        return Ok(common::usage(ctx, &msg, 1));
    }
    let set1_items = match parse_set(&ops[0]) {
        Ok(s) => s,
        Err(e) => {
            common::error(ctx, &e);
            return Ok(1);
        }
    };
    if set1_items.iter().any(|i| matches!(i, Item::Repeat(..))) {
        common::error(ctx, "the [c*] repeat construct may not appear in string1");
        return Ok(1);
    }
    let set2_items = match ops.get(1).map(|s| parse_set(s)).transpose() {
        Ok(s) => s,
        Err(e) => {
            common::error(ctx, &e);
            return Ok(1);
        }
    };
    let mut set1 = expand(&set1_items, 0);
    if complement {
        let mut inset = [false; 256];
        for b in &set1 {
            inset[*b as usize] = true;
        }
        set1 = (0..=255u8).filter(|b| !inset[*b as usize]).collect();
    }
    let set2 = set2_items.as_ref().map(|items| expand(items, set1.len()));
    let mut map: Vec<u8> = (0..=255u8).collect();
    if translating {
        let items2 = set2_items.as_deref().unwrap_or_default();
        let class2: Vec<&str> = items2
            .iter()
            .filter_map(|i| match i {
                Item::Class(c) => Some(*c),
                _ => None,
            })
            .collect();
        if class2.iter().any(|c| *c != "upper" && *c != "lower") {
            common::error(ctx, "when translating, the only character classes that may appear in\nstring2 are 'upper' and 'lower'");
            return Ok(1);
        }
        for (k, it) in items2.iter().enumerate() {
            if let Item::Class(c) = it {
                let want = if *c == "upper" { "lower" } else { "upper" };
                if complement || set1_items.get(k) != Some(&Item::Class(want)) {
                    common::error(ctx, "misaligned [:upper:] and/or [:lower:] construct");
                    return Ok(1);
                }
            }
        }
        let mut set2 = set2.clone().unwrap_or_default();
        if p.has('t') {
            set1.truncate(set2.len());
        }
        if set2.is_empty() && !set1.is_empty() {
            common::error(ctx, "when not truncating set1, string2 must be non-empty");
            return Ok(1);
        }
        if let Some(&last) = set2.last() {
            while set2.len() < set1.len() {
                set2.push(last);
            }
        }
        for (a, b) in set1.iter().zip(&set2) {
            map[*a as usize] = *b;
        }
    }
    let mut del = [false; 256];
    if delete {
        for b in &set1 {
            del[*b as usize] = true;
        }
    }
    let mut sq = [false; 256];
    if squeeze {
        let last = if delete || translating {
            set2.as_deref().unwrap_or_default()
        } else {
            &set1
        };
        for b in last {
            sq[*b as usize] = true;
        }
    }
    let mut out = Vec::with_capacity(ctx.stdin.len());
    let mut prev: Option<u8> = None;
    for &b in &ctx.stdin {
        if del[b as usize] {
            continue;
        }
        let m = map[b as usize];
        if sq[m as usize] && prev == Some(m) {
            continue;
        }
        out.push(m);
        prev = Some(m);
    }
    common::emit(ctx, &out);
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_table() {
        let cases: &[(&str, &[u8])] = &[
            ("a-e", b"abcde"),
            ("\\n\\t\\\\", b"\n\t\\"),
            ("\\101x", b"Ax"),
            ("[:digit:]", b"0123456789"),
            ("[=a=]b", b"ab"),
            ("a-", b"a-"),
        ];
        for (set, want) in cases {
            assert_eq!(expand(&parse_set(set).unwrap(), 0), *want, "{set}");
        }
        assert_eq!(expand(&parse_set("[x*]y").unwrap(), 4), b"xxxy");
        assert_eq!(expand(&parse_set("[x*2]").unwrap(), 9), b"xx");
        assert!(parse_set("z-a").is_err());
    }
}
