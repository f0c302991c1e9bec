//! The generic describer kubectl uses for kinds without their own: every
//! field of the object, names made readable (`smartLabelFor`).

use serde_json::Value;

use super::writer::{self, annotations, labels, s, W};

fn header(w: &mut W, obj: &Value) {
    w.w(0, &format!("Name:\t{}\n", s(&obj["metadata"]["name"])));
    w.w(
        0,
        &format!("Namespace:\t{}\n", s(&obj["metadata"]["namespace"])),
    );
    labels(w, "", "Labels", &obj["metadata"]["labels"]);
    annotations(w, "Annotations", &obj["metadata"]["annotations"]);
}

/// The generic describer: every field of the object, labels made readable.
pub fn describe_generic(obj: &Value, events: Option<&[Value]>, now: i64) -> String {
    let mut w = W::default();
    header(&mut w, obj);
    let skip = [
        ".metadata.managedFields",
        ".metadata.name",
        ".metadata.namespace",
        ".metadata.labels",
        ".metadata.annotations",
    ];
    unstructured(&mut w, 0, obj, "", &skip);
    writer::events(&mut w, events, now);
    w.finish()
}

fn unstructured(w: &mut W, level: usize, content: &Value, prefix: &str, skip: &[&str]) {
    let Some(m) = content.as_object() else { return };
    let mut keys: Vec<&String> = m.keys().collect();
    kterm_shell::sort::sort(&mut keys);
    for k in keys {
        let path = format!("{prefix}.{k}");
        if skip.contains(&path.as_str()) {
            continue;
        }
        match &m[k.as_str()] {
            Value::Object(_) => {
                w.w(level, &format!("{}:\n", smart_label(k)));
                unstructured(w, level + 1, &m[k.as_str()], &path, skip);
            }
            Value::Array(items) => {
                w.w(level, &format!("{}:\n", smart_label(k)));
                for child in items {
                    if child.is_object() {
                        unstructured(w, level + 1, child, &path, skip);
                    } else {
                        w.w(level + 1, &format!("{}\n", go_value(child)));
                    }
                }
            }
            v => w.w(level, &format!("{}:\t{}\n", smart_label(k), go_value(v))),
        }
    }
}

/// A JSON scalar as Go's `%v` prints it (`<nil>` for null, floats from
/// JSON numbers without a fraction as integers).
fn go_value(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Number(x) if x.is_f64() => {
            let f = x.as_f64().unwrap_or(0.0);
            if f.fract() == 0.0 && f.abs() < 1e21 {
                format!("{f:.0}")
            } else {
                f.to_string()
            }
        }
        other => s(other),
    }
}

/// `creationTimestamp` → `Creation Timestamp`, `apiVersion` → `API Version`.
pub fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    // camelcase.Split: runs of lower case, upper case, digits, others;
    // an upper-case run followed by lower case gives its last letter away.
    let mut parts: Vec<String> = Vec::new();
    let class = |c: char| {
        if c.is_lowercase() {
            1
        } else if c.is_uppercase() {
            2
        } else if c.is_numeric() {
            3
        } else {
            4
        }
    };
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut last = 0;
    for c in field.chars() {
        let k = class(c);
        match runs.last_mut() {
            Some(r) if k == last => r.push(c),
            _ => runs.push(vec![c]),
        }
        last = k;
    }
    for i in 0..runs.len().saturating_sub(1) {
        if runs[i][0].is_uppercase() && runs[i + 1][0].is_lowercase() {
            if let Some(c) = runs[i].pop() {
                runs[i + 1].insert(0, c);
            }
        }
    }
    for r in runs.into_iter().filter(|r| !r.is_empty()) {
        parts.push(r.into_iter().collect());
    }
    let mut merged: Vec<String> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let p = &parts[i];
        if i + 1 < parts.len() {
            let next = &parts[i + 1];
            let all_upper = p.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
            if p.chars().count() >= 2
                && all_upper
                && next.chars().next().is_some_and(char::is_uppercase)
            {
                merged.push(format!("{p}{next}"));
                i += 2;
                continue;
            }
        }
        merged.push(p.clone());
        i += 1;
    }
    merged
        .into_iter()
        .filter(|p| p != "_")
        .map(|p| {
            if ["API", "URL", "UID", "GUID"].contains(&p.to_uppercase().as_str()) {
                p.to_uppercase()
            } else if p.to_lowercase() == p {
                let mut c = p.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
