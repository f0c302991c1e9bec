//! Resource quantities for the node describer's tables: parsed, summed
//! and printed in the canonical forms kubectl prints (`250m`, `1`,
//! `128Mi`, `0`).

use serde_json::Value;

use super::writer::{self, s, W};

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
fn format(resource: &str, milli: i128) -> String {
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

/// Sum of a pod's container requests or limits (`key`) per resource,
/// with init containers counted as kubectl counts them (the max).
fn pod_sum(pod: &Value, key: &str, resource: &str) -> i128 {
    let get = |c: &Value| {
        c["resources"][key][resource]
            .as_str()
            .and_then(parse_milli)
            .unwrap_or(0)
    };
    let app: i128 = pod["spec"]["containers"]
        .as_array()
        .map(|a| a.iter().map(get).sum())
        .unwrap_or(0);
    let init = pod["spec"]["initContainers"]
        .as_array()
        .map(|a| a.iter().map(get).max().unwrap_or(0))
        .unwrap_or(0);
    app.max(init)
}

fn pct(part: i128, whole: i128) -> i128 {
    if whole == 0 {
        0
    } else {
        part * 100 / whole
    }
}

pub fn node_resources(w: &mut W, node: &Value, pods: &[Value], now: i64) {
    let st = &node["status"];
    let alloc = if st["allocatable"].as_object().is_some_and(|m| !m.is_empty()) {
        &st["allocatable"]
    } else {
        &st["capacity"]
    };
    let total = |r: &str| alloc[r].as_str().and_then(parse_milli).unwrap_or(0);
    w.w(
        0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.w(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.w(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let cell = |p: &Value, key: &str, r: &str| {
        let v = pod_sum(p, key, r);
        format!("{} ({}%)", format(r, v), pct(v, total(r)))
    };
    for p in pods {
        w.w(
            1,
            &format!(
                "{}\t{}\t\t{}\t{}\t{}\t{}\t{}\n",
                s(&p["metadata"]["namespace"]),
                s(&p["metadata"]["name"]),
                cell(p, "requests", "cpu"),
                cell(p, "limits", "cpu"),
                cell(p, "requests", "memory"),
                cell(p, "limits", "memory"),
                writer::since(&p["metadata"]["creationTimestamp"], now)
            ),
        );
    }
    w.w(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.w(1, "Resource\tRequests\tLimits\n");
    w.w(1, "--------\t--------\t------\n");
    for r in ["cpu", "memory", "ephemeral-storage"] {
        let req: i128 = pods.iter().map(|p| pod_sum(p, "requests", r)).sum();
        let lim: i128 = pods.iter().map(|p| pod_sum(p, "limits", r)).sum();
        w.w(
            1,
            &format!(
                "{r}\t{} ({}%)\t{} ({}%)\n",
                format(r, req),
                pct(req, total(r)),
                format(r, lim),
                pct(lim, total(r))
            ),
        );
    }
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
