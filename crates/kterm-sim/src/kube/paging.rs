//! `limit` and `continue` on lists. The continue token has the shape
//! kube-apiserver's has (base64 of `{"v":"meta.k8s.io/v1","rv":N,
//! "start":"<key>\u0000"}`), and clients treat it as opaque. The sandbox
//! keeps no snapshots: later pages show the current objects after the
//! key, and a token older than the change history is refused with 410
//! Expired, as the apiserver refuses one older than its compaction.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use serde_json::{json, Value};

use super::status::status;

pub struct Page {
    pub items: Vec<Value>,
    /// resourceVersion of the list: the first page's, on every page.
    pub rv: String,
    pub continue_token: Option<String>,
    pub remaining: Option<usize>,
}

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn key_of(o: &Value) -> (String, String) {
    let m = &o["metadata"];
    (
        m["namespace"].as_str().unwrap_or("").to_string(),
        m["name"].as_str().unwrap_or("").to_string(),
    )
}

fn encode(rv: u64, last: &(String, String)) -> String {
    let start = if last.0.is_empty() {
        format!("{}\u{0}", last.1)
    } else {
        format!("{}/{}\u{0}", last.0, last.1)
    };
    B64.encode(json!({"v": "meta.k8s.io/v1", "rv": rv, "start": start}).to_string())
}

/// (resourceVersion, namespace, name) of the last item a token covered.
fn decode(token: &str) -> Result<(u64, String, String), String> {
    let raw = B64
        .decode(token)
        .map_err(|e| format!("continue key is not valid: {e}"))?;
    let v: Value =
        serde_json::from_slice(&raw).map_err(|e| format!("continue key is not valid: {e}"))?;
    if v["v"] != "meta.k8s.io/v1" {
        return Err("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)".into());
    }
    let rv = v["rv"]
        .as_u64()
        .ok_or("continue key is not valid: incorrect encoded start resourceVersion")?;
    let start = v["start"]
        .as_str()
        .and_then(|s| s.strip_suffix('\u{0}'))
        .ok_or("continue key is not valid: invalid start key")?;
    let (ns, name) = start.split_once('/').unwrap_or(("", start));
    Ok((rv, ns.to_string(), name.to_string()))
}

/// Cuts one page out of `items` (sorted by namespace, then name) and
/// turns only that page's objects into what the response carries
/// (`copy`: the object, or its Table row): a list of thousands must not
/// clone every object. `current` is the store's resourceVersion,
/// `oldest` the oldest one the change history still covers, `selected`
/// whether a selector filtered.
pub fn page(
    mut items: Vec<&Value>,
    copy: impl Fn(&Value) -> Value,
    q: &HashMap<String, String>,
    current: u64,
    oldest: u64,
    selected: bool,
) -> Result<Page, Box<Response>> {
    let limit = match q.get("limit").map(|l| l.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return Err(Box::new(status(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "limit: Invalid value: must be a non-negative integer",
                None,
            )))
        }
    };
    let mut rv = current;
    if let Some(token) = q.get("continue").filter(|t| !t.is_empty()) {
        let (trv, ns, name) = decode(token)
            .map_err(|m| Box::new(status(StatusCode::BAD_REQUEST, "BadRequest", &m, None)))?;
        if trv < oldest {
            return Err(Box::new(status(
                StatusCode::GONE,
                "Expired",
                "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
                None,
            )));
        }
        rv = trv;
        let after = (ns, name);
        items.retain(|o| key_of(o) > after);
    }
    let mut continue_token = None;
    let mut remaining = None;
    if limit > 0 && items.len() > limit {
        let rest = items.len() - limit;
        items.truncate(limit);
        if let Some(last) = items.last() {
            continue_token = Some(encode(rv, &key_of(last)));
        }
        // The apiserver counts what is left only when nothing filtered.
        if !selected {
            remaining = Some(rest);
        }
    }
    Ok(Page {
        items: items.into_iter().map(copy).collect(),
        rv: rv.to_string(),
        continue_token,
        remaining,
    })
}

/// Adds `continue` and `remainingItemCount` to a list's metadata.
pub fn annotate(meta: &mut Value, p: &Page) {
    if let Some(c) = &p.continue_token {
        meta["continue"] = json!(c);
    }
    if let Some(n) = p.remaining {
        meta["remainingItemCount"] = json!(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(names: &[(&str, &str)]) -> Vec<Value> {
        names
            .iter()
            .map(|(ns, n)| json!({"metadata": {"namespace": ns, "name": n}}))
            .collect()
    }

    fn q(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn names(p: &Page) -> Vec<String> {
        p.items.iter().map(|o| key_of(o).1).collect()
    }

    #[test]
    fn pages_follow_each_other() {
        let all = items(&[("a", "x"), ("a", "y"), ("b", "x"), ("b", "z"), ("c", "w")]);
        let p1 = page(
            all.iter().collect(),
            Value::clone,
            &q(&[("limit", "2")]),
            9,
            1,
            false,
        )
        .ok()
        .unwrap_or_else(|| panic!("page 1"));
        assert_eq!(names(&p1), ["x", "y"]);
        assert_eq!(p1.remaining, Some(3));
        let t = p1.continue_token.clone().unwrap_or_default();
        let p2 = page(
            all.iter().collect(),
            Value::clone,
            &q(&[("limit", "2"), ("continue", &t)]),
            12,
            1,
            false,
        )
        .ok()
        .unwrap_or_else(|| panic!("page 2"));
        assert_eq!(names(&p2), ["x", "z"]);
        assert_eq!(p2.rv, "9");
        let t = p2.continue_token.clone().unwrap_or_default();
        let p3 = page(
            all.iter().collect(),
            Value::clone,
            &q(&[("limit", "2"), ("continue", &t)]),
            12,
            1,
            true,
        )
        .ok()
        .unwrap_or_else(|| panic!("page 3"));
        assert_eq!(names(&p3), ["w"]);
        assert_eq!(p3.continue_token, None);
        assert_eq!(p3.remaining, None);
    }

    #[test]
    fn bad_and_stale_tokens() {
        let all = items(&[("a", "x"), ("a", "y")]);
        let stale = encode(3, &("a".into(), "x".into()));
        let cases = [
            ("!!", StatusCode::BAD_REQUEST),
            ("e30=", StatusCode::BAD_REQUEST),
            (stale.as_str(), StatusCode::GONE),
        ];
        for (token, code) in cases {
            let r = page(
                all.iter().collect(),
                Value::clone,
                &q(&[("continue", token)]),
                9,
                5,
                false,
            );
            assert_eq!(r.err().map(|r| r.status()), Some(code), "{token}");
        }
        assert!(page(
            all.iter().collect(),
            Value::clone,
            &q(&[("limit", "x")]),
            9,
            5,
            false
        )
        .is_err());
    }

    #[test]
    fn token_round_trips() {
        let t = encode(42, &(String::new(), "node-1".into()));
        assert_eq!(decode(&t), Ok((42, String::new(), "node-1".into())));
    }
}
