//! `kubectl create quota NAME [--hard=resource=quantity,…]
//! [--scopes=Scope,…]`, with the quantities in the canonical form the API
//! machinery gives them (`1000m` is `1`, `2.5` is `2500m`).

use serde_json::{json, Map};

use super::{Generator, Made};
use crate::error::KubeError;
use crate::flags::Flag;

pub(super) const HARD: Flag = Flag::value(
    "hard",
    None,
    "A comma-delimited set of resource=quantity pairs that define a hard limit.",
);
pub(super) const SCOPES: Flag = Flag::value(
    "scopes",
    None,
    "A comma-delimited set of quota scopes that must all match each object tracked by the quota.",
);

const QUANTITY_RE: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

pub(super) const GENERATOR: Generator =
    Generator::new("quota", "failed to create quota: ", |_, i| {
        let mut spec = Map::new();
        let hard = i.f.value("hard").unwrap_or("");
        if !hard.is_empty() {
            let mut list = Map::new();
            for statement in hard.split(',') {
                let parts: Vec<&str> = statement.split('=').collect();
                let [name, q] = parts.as_slice() else {
                    return Err(KubeError::Client(format!(
                        "Invalid argument syntax {statement}, expected <resource>=<value>"
                    )));
                };
                let canonical = canonical(q).map_err(KubeError::Client)?;
                list.insert(name.to_string(), json!(canonical));
            }
            spec.insert("hard".into(), json!(super::sorted(list)));
        }
        let scopes = i.f.value("scopes").unwrap_or("");
        if !scopes.is_empty() {
            let mut list = Vec::new();
            for s in scopes.split(',') {
                if s.is_empty() {
                    return Err(KubeError::Client(
                        "invalid resource quota scope \"\"".into(),
                    ));
                }
                list.push(s);
            }
            spec.insert("scopes".into(), json!(list));
        }
        Ok(Made::Object(json!({
            "kind": "ResourceQuota", "apiVersion": "v1",
            "metadata": {"name": i.name}, "spec": spec, "status": {},
        })))
    })
    .aliases(&["resourcequota"])
    .flags(&[HARD, SCOPES])
.about(
    "Create a quota with the specified name",
    "quota NAME [--hard=key1=value1,key2=value2] [--scopes=Scope1,Scope2] [--dry-run=server|client|none]",
);

/// A quantity's value in nano-units and whether its suffix is binary.
fn parse(q: &str) -> Result<(i128, bool), String> {
    let bad = || QUANTITY_RE.to_string();
    let num_len = q
        .bytes()
        .enumerate()
        .take_while(|(i, b)| {
            b.is_ascii_digit() || *b == b'.' || (*i == 0 && (*b == b'+' || *b == b'-'))
        })
        .count();
    let (num, suffix) = q.split_at(num_len);
    let (neg, digits) = match num.as_bytes().first() {
        Some(b'-') => (true, &num[1..]),
        Some(b'+') => (false, &num[1..]),
        _ => (false, num),
    };
    if digits.is_empty() || digits.matches('.').count() > 1 || digits == "." {
        return Err(bad());
    }
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    // Value in units of 1e-9 (Go keeps nano precision).
    let (scale, binary): (i128, bool) = match suffix {
        "" => (1_000_000_000, false),
        "n" => (1, false),
        "u" => (1_000, false),
        "m" => (1_000_000, false),
        "k" => (1_000_000_000_000, false),
        "M" => (1_000_000_000_000_000, false),
        "G" => (1_000_000_000_000_000_000, false),
        "T" => (1_000_000_000_000_000_000_000, false),
        "P" => (1_000_000_000_000_000_000_000_000, false),
        "E" => (1_000_000_000_000_000_000_000_000_000, false),
        "Ki" => (1_000_000_000 << 10, true),
        "Mi" => (1_000_000_000 << 20, true),
        "Gi" => (1_000_000_000 << 30, true),
        "Ti" => (1_000_000_000 << 40, true),
        "Pi" => (1_000_000_000 << 50, true),
        "Ei" => (1_000_000_000 << 60, true),
        _ => {
            let ok = suffix
                .bytes()
                .all(|b| b"eEinumkKMGTP+-0123456789".contains(&b));
            return Err(if ok {
                "unable to parse quantity's suffix".to_string()
            } else {
                bad()
            });
        }
    };
    let whole: i128 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| bad())?
    };
    let mut value = whole * scale;
    let mut unit = scale;
    for d in frac.bytes() {
        unit /= 10;
        value += i128::from(d - b'0') * unit;
    }
    Ok((if neg { -value } else { value }, binary))
}

/// The canonical text of a quantity.
pub(super) fn canonical(q: &str) -> Result<String, String> {
    let (v, binary) = parse(q)?;
    if v == 0 {
        return Ok("0".into());
    }
    let sign = if v < 0 { "-" } else { "" };
    let a = v.abs();
    if binary && a >= 1024 * 1_000_000_000 && a % 1_000_000_000 == 0 {
        let mut n = a / 1_000_000_000;
        let mut i = 0;
        while n % 1024 == 0 && i < 6 {
            n /= 1024;
            i += 1;
        }
        let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][i];
        return Ok(format!("{sign}{n}{suffix}"));
    }
    // Decimal: the largest power of 1000 that leaves a whole number.
    let suffixes = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"];
    let mut n = a;
    let mut i = 0;
    while i + 1 < suffixes.len() && n % 1000 == 0 {
        n /= 1000;
        i += 1;
    }
    Ok(format!("{sign}{n}{}", suffixes[i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_quantities() {
        for (q, want) in [
            ("1000m", "1"),
            ("2.5", "2500m"),
            ("1G", "1G"),
            ("1000M", "1G"),
            ("1500", "1500"),
            ("2000", "2k"),
            ("1Gi", "1Gi"),
            ("1024Mi", "1Gi"),
            ("1.5Gi", "1536Mi"),
            ("512Ki", "512Ki"),
            ("0.5Ki", "512"),
            ("0", "0"),
            ("10", "10"),
        ] {
            assert_eq!(canonical(q).as_deref(), Ok(want), "{q}");
        }
        assert_eq!(canonical("abc"), Err(QUANTITY_RE.to_string()));
    }
}
