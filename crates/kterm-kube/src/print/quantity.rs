//! Resource quantities (`250m`, `1`, `128Mi`): parsed, summed and
//! printed in the canonical forms kubectl prints.

/// A quantity in thousandths of its unit (millicores, millibytes).
pub fn parse_milli(q: &str) -> Option<i128> {
    let q = q.trim();
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(q.len());
    let (num, suffix) = q.split_at(split);
    let mult: f64 = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        _ if suffix.starts_with(['e', 'E']) => 10f64.powi(suffix[1..].parse().ok()?),
        _ => return None,
    };
    let x: f64 = num.parse().ok()?;
    Some((x * mult * 1000.0).round() as i128)
}

/// Canonical text of a sum: CPU in cores or millicores, memory in the
/// largest binary unit that divides it.
pub fn format(resource: &str, milli: i128) -> String {
    if milli == 0 {
        return "0".into();
    }
    if resource == "cpu" || milli % 1000 != 0 {
        return if milli % 1000 == 0 {
            (milli / 1000).to_string()
        } else {
            format!("{milli}m")
        };
    }
    let mut v = milli / 1000;
    for unit in ["", "Ki", "Mi", "Gi", "Ti"] {
        if v % 1024 != 0 || unit == "Ti" {
            return format!("{v}{unit}");
        }
        v /= 1024;
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        for (q, milli) in [
            ("250m", 250),
            ("2", 2000),
            ("128Mi", 128 * 1024 * 1024 * 1000),
            ("1k", 1_000_000),
        ] {
            assert_eq!(parse_milli(q), Some(milli), "{q}");
        }
        assert_eq!(format("cpu", 250), "250m");
        assert_eq!(format("cpu", 3000), "3");
        assert_eq!(format("memory", 128 * 1024 * 1024 * 1000), "128Mi");
        assert_eq!(format("memory", 0), "0");
    }
}
