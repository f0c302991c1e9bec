//! The text layer of kubectl's describers: the prefix writer (two spaces a
//! level), Go's `text/tabwriter` as describe configures it (minwidth 0,
//! tabwidth 8, padding 2, blanks), and the shared pieces every describer
//! prints the same way (labels, annotations, tolerations, events, times).

use serde_json::Value;

/// Collects describe output; tabs separate the cells the tabwriter aligns.
#[derive(Default)]
pub struct W {
    buf: String,
}

impl W {
    /// `level` levels of two spaces, then the text.
    pub fn w(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.buf.push_str("  ");
        }
        self.buf.push_str(text);
    }

    /// The aligned text, with control characters escaped as kubectl's
    /// `WriteEscaped` does.
    pub fn finish(self) -> String {
        kterm_shell::sanitize::text(&tabwrite(&self.buf))
    }
}

/// Go's tabwriter: a cell is text ended by a tab; consecutive lines with
/// a cell in the same column form a block whose column is as wide as its
/// widest cell plus 2. Text after a line's last tab is not aligned.
pub fn tabwrite(text: &str) -> String {
    let lines: Vec<Vec<&str>> = text
        .split_inclusive('\n')
        .map(|l| l.strip_suffix('\n').unwrap_or(l).split('\t').collect())
        .collect();
    let ends_nl: Vec<bool> = text
        .split_inclusive('\n')
        .map(|l| l.ends_with('\n'))
        .collect();
    let mut widths: Vec<usize> = Vec::new();
    let mut out = String::new();
    let mut pads: Vec<Vec<usize>> = lines.iter().map(|_| Vec::new()).collect();
    format(&lines, 0, lines.len(), &mut widths, &mut pads);
    for (i, line) in lines.iter().enumerate() {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(w) = pads[i].get(j) {
                out.push_str(&" ".repeat(w.saturating_sub(cell.chars().count())));
            }
        }
        if ends_nl[i] {
            out.push('\n');
        }
    }
    out
}

fn format(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    pads: &mut [Vec<usize>],
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        flush(line0, this, widths, pads);
        line0 = this;
        let mut width = 0;
        while this < line1 && column + 1 < lines[this].len() {
            width = width.max(lines[this][column].chars().count() + 2);
            this += 1;
        }
        widths.push(width);
        format(lines, line0, this, widths, pads);
        widths.pop();
        line0 = this;
    }
    flush(line0, line1, widths, pads);
}

/// Fixes the padded widths of lines not yet given theirs.
fn flush(from: usize, to: usize, widths: &[usize], pads: &mut [Vec<usize>]) {
    for p in &mut pads[from..to] {
        if p.is_empty() {
            *p = widths.to_vec();
        }
    }
}

pub fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An integer field as Go prints it (0 when absent).
pub fn n(v: &Value) -> i64 {
    v.as_i64().unwrap_or(0)
}

pub fn or_none(x: String) -> String {
    if x.is_empty() {
        "<none>".into()
    } else {
        x
    }
}

/// Sorted `key=value` lines, aligned under the first (`Labels:`).
pub fn labels(w: &mut W, initial: &str, title: &str, map: &Value) {
    w.w(0, &format!("{initial}{title}:\t"));
    let Some(m) = map.as_object().filter(|m| !m.is_empty()) else {
        w.w(0, "<none>\n");
        return;
    };
    let mut keys: Vec<&String> = m.keys().collect();
    kterm_shell::sort::sort(&mut keys);
    for (i, k) in keys.iter().enumerate() {
        if i != 0 {
            w.w(0, &format!("{initial}\t"));
        }
        w.w(0, &format!("{k}={}\n", s(&m[k.as_str()])));
    }
}

/// The annotations kubectl never shows.
const SKIP_ANNOTATIONS: &[&str] = &["kubectl.kubernetes.io/last-applied-configuration"];
const MAX_ANNOTATION_LEN: usize = 140;

pub fn annotations(w: &mut W, title: &str, map: &Value) {
    w.w(0, &format!("{title}:\t"));
    let mut keys: Vec<&String> = map
        .as_object()
        .map(|m| {
            m.keys()
                .filter(|k| !SKIP_ANNOTATIONS.contains(&k.as_str()))
                .collect()
        })
        .unwrap_or_default();
    if keys.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    kterm_shell::sort::sort(&mut keys);
    for (i, k) in keys.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let v = s(&map[k.as_str()]);
        let v = v.strip_suffix('\n').unwrap_or(&v);
        if v.len() + k.len() + 2 > MAX_ANNOTATION_LEN || v.contains('\n') {
            w.w(0, &format!("{k}:\n"));
            for line in v.split('\n') {
                w.w(
                    0,
                    &format!("\t  {}\n", shorten(line, MAX_ANNOTATION_LEN - 2)),
                );
            }
        } else {
            w.w(0, &format!("{k}: {v}\n"));
        }
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}...", &s[..end])
    } else {
        s.to_string()
    }
}

pub fn tolerations(w: &mut W, initial: &str, title: &str, list: &Value) {
    w.w(0, &format!("{initial}{title}:\t"));
    let mut items = list.as_array().cloned().unwrap_or_default();
    if items.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    kterm_shell::sort::sort_by_key(&mut items, |t| s(&t["key"]));
    for (i, t) in items.iter().enumerate() {
        if i != 0 {
            w.w(0, &format!("{initial}\t"));
        }
        let (key, value, effect) = (s(&t["key"]), s(&t["value"]), s(&t["effect"]));
        let mut line = key.clone();
        if !value.is_empty() {
            line.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            line.push_str(&format!(":{effect}"));
        }
        if t["operator"] == "Exists" && value.is_empty() {
            line.push_str(if key.is_empty() && effect.is_empty() {
                "op=Exists"
            } else {
                " op=Exists"
            });
        }
        if let Some(secs) = t["tolerationSeconds"].as_i64() {
            line.push_str(&format!(" for {secs}s"));
        }
        w.w(0, &format!("{line}\n"));
    }
}

/// `Mon, 02 Jan 2006 15:04:05 -0700` of an RFC 3339 UTC timestamp.
pub fn rfc1123z(ts: &Value) -> String {
    let Some(ms) = ts.as_str().and_then(kterm_shell::time::parse_timestamp) else {
        // Go formats the zero time.
        return "Mon, 01 Jan 0001 00:00:00 +0000".into();
    };
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let (y, m, d) = kterm_shell::time::civil(days);
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let mon = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(m as usize).saturating_sub(1) % 12];
    let t = secs.rem_euclid(86_400);
    format!(
        "{wd}, {d:02} {mon} {y} {:02}:{:02}:{:02} +0000",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// apimachinery's `HumanDuration`.
pub fn human_duration(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    if secs < -1 {
        return "<invalid>".into();
    }
    if secs < 0 {
        return "0s".into();
    }
    if secs < 120 {
        return format!("{secs}s");
    }
    let mins = secs / 60;
    if mins < 10 {
        return match secs % 60 {
            0 => format!("{mins}m"),
            s => format!("{mins}m{s}s"),
        };
    }
    if mins < 180 {
        return format!("{mins}m");
    }
    let hours = mins / 60;
    if hours < 8 {
        return match mins % 60 {
            0 => format!("{hours}h"),
            m => format!("{hours}h{m}m"),
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        return match hours % 24 {
            0 => format!("{}d", hours / 24),
            h => format!("{}d{h}h", hours / 24),
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        return match (hours / 24) % 365 {
            0 => format!("{}y", hours / 24 / 365),
            d => format!("{}y{d}d", hours / 24 / 365),
        };
    }
    format!("{}y", hours / 24 / 365)
}

/// Time since a timestamp, `<unknown>` when there is none.
pub fn since(ts: &Value, now_ms: i64) -> String {
    match ts.as_str().and_then(kterm_shell::time::parse_timestamp) {
        Some(t) => human_duration(now_ms - t),
        None => "<unknown>".into(),
    }
}

/// The Events section; `None` (the list failed) prints nothing.
pub fn events(w: &mut W, list: Option<&[Value]>, now_ms: i64) {
    let Some(items) = list else { return };
    if items.is_empty() {
        w.w(0, "Events:\t<none>\n");
        return;
    }
    let mut items = items.to_vec();
    // kubectl sorts by last timestamp (stable, so ties keep list order).
    kterm_shell::sort::sort_by_key(&mut items, |e| {
        e["lastTimestamp"]
            .as_str()
            .and_then(kterm_shell::time::parse_timestamp)
            .unwrap_or(i64::MIN)
    });
    w.w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.w(1, "----\t------\t----\t----\t-------\n");
    for e in &items {
        let first = if e["eventTime"].is_string() {
            since(&e["eventTime"], now_ms)
        } else {
            since(&e["firstTimestamp"], now_ms)
        };
        let interval = if e["series"].is_object() {
            format!(
                "{} (x{} over {first})",
                since(&e["series"]["lastObservedTime"], now_ms),
                n(&e["series"]["count"])
            )
        } else if n(&e["count"]) > 1 {
            format!(
                "{} (x{} over {first})",
                since(&e["lastTimestamp"], now_ms),
                n(&e["count"])
            )
        } else {
            first
        };
        let mut source = s(&e["source"]["component"]);
        if source.is_empty() {
            source = s(&e["reportingComponent"]);
        }
        let mut message = s(&e["message"]).trim().to_string();
        let fp = s(&e["involvedObject"]["fieldPath"]);
        if !fp.is_empty() {
            message = format!("{fp}: {message}");
        }
        w.w(
            1,
            &format!(
                "{}\t{}\t{interval}\t{source}\t{message}\n",
                s(&e["type"]),
                s(&e["reason"])
            ),
        );
    }
}

/// `Kind/name` of the controlling owner, if any.
pub fn controller(obj: &Value) -> Option<String> {
    obj["metadata"]["ownerReferences"]
        .as_array()?
        .iter()
        .find(|o| o["controller"] == true)
        .map(|o| format!("{}/{}", s(&o["kind"]), s(&o["name"])))
}

/// A label selector as `metav1.FormatLabelSelector` writes it
/// (requirements sorted by key; `<none>` when empty).
pub fn format_selector(sel: &Value) -> String {
    or_none(selector_string(sel))
}

/// `labels.Selector.String()` of a label selector (empty when empty).
pub fn selector_string(sel: &Value) -> String {
    let mut parts: Vec<(String, String)> = Vec::new();
    if let Some(m) = sel["matchLabels"].as_object() {
        parts.extend(m.iter().map(|(k, v)| (k.clone(), format!("{k}={}", s(v)))));
    }
    for e in sel["matchExpressions"].as_array().into_iter().flatten() {
        let mut vals: Vec<String> = e["values"]
            .as_array()
            .map(|a| a.iter().map(s).collect())
            .unwrap_or_default();
        kterm_shell::sort::sort(&mut vals);
        let key = s(&e["key"]);
        let text = match s(&e["operator"]).as_str() {
            "In" => format!("{key} in ({})", vals.join(",")),
            "NotIn" => format!("{key} notin ({})", vals.join(",")),
            "Exists" => key.clone(),
            "DoesNotExist" => format!("!{key}"),
            op => format!("{key} {op} {}", vals.join(",")),
        };
        parts.push((key, text));
    }
    kterm_shell::sort::sort_by(&mut parts, |a, b| a.0.cmp(&b.0));
    parts
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(",")
}

/// `a=b,c=d` of a string map, sorted (`labels.FormatLabels`).
pub fn format_labels(map: &Value) -> String {
    let mut pairs: Vec<String> = map
        .as_object()
        .map(|m| m.iter().map(|(k, v)| format!("{k}={}", s(v))).collect())
        .unwrap_or_default();
    kterm_shell::sort::sort(&mut pairs);
    or_none(pairs.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tabwriter_blocks() {
        let t = "Name:\tweb\nNamespace:\tdefault\nPod Template:\n  Labels:\tapp=web\n  a:\tb\tc\n";
        assert_eq!(
            tabwrite(t),
            "Name:       web\nNamespace:  default\nPod Template:\n  Labels:  app=web\n  a:       b  c\n"
        );
        // A line without a tab ends the block.
        assert_eq!(tabwrite("a:\t1\nxx\nbbbb:\t2\n"), "a:  1\nxx\nbbbb:  2\n");
    }

    #[test]
    fn times() {
        assert_eq!(
            rfc1123z(&json!("2026-11-22T12:44:55Z")),
            "Sun, 22 Nov 2026 12:44:55 +0000"
        );
        for (ms, want) in [
            (5_000, "5s"),
            (125_000, "2m5s"),
            (3_600_000 * 5 + 60_000, "5h1m"),
            (3_600_000 * 50, "2d2h"),
            (86_400_000 * 60, "60d"),
        ] {
            assert_eq!(human_duration(ms), want);
        }
    }

    #[test]
    fn selectors() {
        let sel = json!({"matchLabels": {"b": "2", "a": "1"}, "matchExpressions": [{"key": "x", "operator": "In", "values": ["p", "q"]}]});
        assert_eq!(format_selector(&sel), "a=1,b=2,x in (p,q)");
        assert_eq!(format_selector(&json!({})), "<none>");
    }
}
