//! Aggregated discovery (`apidiscovery.k8s.io/v2`): every group, version and
//! resource in one answer to `GET /api` or `GET /apis`, which kube-apiserver
//! gives a client asking for it in its Accept header (kubectl does, first,
//! and falls back to the legacy per-group-version lists otherwise).
//!
//! Built from the legacy `APIResourceList`s so both forms always agree.

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::{authz, metrics, resources};

/// The versions of the discovery group the sandbox speaks, newest first.
const VERSIONS: &[&str] = &["v2", "v2beta1"];

/// Which aggregated version the Accept header asks for, if the client
/// prefers one to the legacy JSON: the first acceptable media range wins,
/// in the order the client listed them (kubectl lists them by preference).
pub(super) fn negotiate(headers: &HeaderMap) -> Option<&'static str> {
    let accept = headers.get("accept").and_then(|v| v.to_str().ok())?;
    for range in accept.split(',') {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or("").to_ascii_lowercase();
        let mut params = Map::new();
        for p in parts {
            if let Some((k, v)) = p.split_once('=') {
                params.insert(k.trim().to_ascii_lowercase(), json!(v.trim()));
            }
        }
        let is_json = media == "application/json";
        if is_json && params.get("g").and_then(Value::as_str) == Some("apidiscovery.k8s.io") {
            let wants_list =
                params.get("as").and_then(Value::as_str) == Some("APIGroupDiscoveryList");
            let v = params.get("v").and_then(Value::as_str).unwrap_or("");
            if let Some(found) = VERSIONS.iter().find(|known| **known == v) {
                if wants_list {
                    return Some(found);
                }
            }
            // An aggregated form the sandbox does not serve: try the next.
            continue;
        }
        // Plain JSON (or anything): the legacy answer comes first.
        if is_json && !params.contains_key("as") || media == "*/*" || media == "application/*" {
            return None;
        }
    }
    None
}

/// The content type of an aggregated answer in `version`.
fn content_type(version: &str) -> String {
    format!("application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList")
}

/// The answer to `GET /api` (`core`) or `GET /apis` in `version`.
pub(super) fn respond(core: bool, version: &str) -> Response {
    let body = list(core, version).to_string();
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    if let Ok(ct) = HeaderValue::from_str(&content_type(version)) {
        h.insert(header::CONTENT_TYPE, ct);
    }
    // The same URL answers in two forms, so caches must key on Accept.
    h.insert(header::VARY, HeaderValue::from_static("Accept"));
    resp
}

/// The `APIGroupDiscoveryList`: the core group alone, or every named group
/// in the order of the legacy `APIGroupList`.
fn list(core: bool, version: &str) -> Value {
    let lists: Vec<Value> = if core {
        resources::resource_list("", "v1").into_iter().collect()
    } else {
        let mut l: Vec<Value> = resources::GROUPS
            .iter()
            .filter_map(|g| resources::resource_list(g, "v1"))
            .collect();
        l.push(authz::discovery());
        l.push(metrics::discovery());
        l
    };
    let items: Vec<Value> = lists.iter().map(group).collect();
    json!({
        "kind": "APIGroupDiscoveryList",
        "apiVersion": format!("apidiscovery.k8s.io/{version}"),
        "metadata": {},
        "items": items,
    })
}

/// One group (with its one version) from its legacy `APIResourceList`.
fn group(legacy: &Value) -> Value {
    let gv = legacy["groupVersion"].as_str().unwrap_or("v1");
    let (g, v) = gv.split_once('/').unwrap_or(("", gv));
    let entries = legacy["resources"].as_array().cloned().unwrap_or_default();
    let mut out: Vec<Value> = Vec::new();
    for e in &entries {
        let name = e["name"].as_str().unwrap_or("");
        let kind = response_kind(e, g, v);
        match name.split_once('/') {
            None => {
                let scope = if e["namespaced"].as_bool().unwrap_or(false) {
                    "Namespaced"
                } else {
                    "Cluster"
                };
                let mut r = json!({
                    "resource": name,
                    "responseKind": kind,
                    "scope": scope,
                    "singularResource": e["singularName"].as_str().unwrap_or(""),
                    "verbs": e["verbs"].clone(),
                });
                for key in ["shortNames", "categories"] {
                    if e.get(key).is_some() {
                        r[key] = e[key].clone();
                    }
                }
                out.push(r);
            }
            Some((parent, sub)) => {
                let s =
                    json!({"subresource": sub, "responseKind": kind, "verbs": e["verbs"].clone()});
                // Subresources follow their parent in the legacy list.
                if let Some(p) = out.iter_mut().rev().find(|r| r["resource"] == parent) {
                    match p["subresources"].as_array_mut() {
                        Some(subs) => subs.push(s),
                        None => p["subresources"] = json!([s]),
                    }
                }
            }
        }
    }
    // Go's ObjectMeta: an empty name (the core group) is left out.
    let mut meta = json!({"creationTimestamp": null});
    if !g.is_empty() {
        meta = json!({"name": g, "creationTimestamp": null});
    }
    json!({
        "metadata": meta,
        "versions": [{"version": v, "resources": out, "freshness": "Current"}],
    })
}

/// The kind an entry answers with: its own group/version when it names one
/// (`deployments/scale` is `autoscaling/v1` Scale), else its list's.
fn response_kind(e: &Value, g: &str, v: &str) -> Value {
    json!({
        "group": e["group"].as_str().unwrap_or(g),
        "version": e["version"].as_str().unwrap_or(v),
        "kind": e["kind"].as_str().unwrap_or(""),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn negotiation() {
        let v2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        let b1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
        let pb = "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        let cases: &[(&str, Option<&str>)] = &[
            ("", None),
            ("application/json", None),
            ("*/*", None),
            (v2, Some("v2")),
            (b1, Some("v2beta1")),
            (&format!("{v2},{b1},application/json"), Some("v2")),
            (&format!("{b1},{v2}"), Some("v2beta1")),
            (&format!("application/json,{v2}"), None),
            (&format!("{pb},{v2}"), Some("v2")),
            (
                "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList",
                None,
            ),
            (
                "application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList",
                Some("v2"),
            ),
        ];
        for (accept, want) in cases {
            let mut h = HeaderMap::new();
            if !accept.is_empty() {
                h.insert("accept", HeaderValue::from_str(accept).unwrap());
            }
            assert_eq!(negotiate(&h), *want, "{accept}");
        }
    }

    #[test]
    fn core_group_has_no_name_and_pods_carry_subresources() {
        let l = list(true, "v2");
        assert_eq!(l["items"].as_array().unwrap().len(), 1);
        assert_eq!(
            l["items"][0]["metadata"],
            json!({"creationTimestamp": null})
        );
        let res = &l["items"][0]["versions"][0]["resources"];
        let pods = res
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["resource"] == "pods")
            .unwrap();
        let subs: Vec<&str> = pods["subresources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["subresource"].as_str().unwrap())
            .collect();
        assert_eq!(subs, ["log", "exec", "status"]);
    }
}
