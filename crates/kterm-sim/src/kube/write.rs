//! PUT and PATCH of one object (all patch types and server-side apply),
//! the `scale` subresource, `?dryRun=All`, and who made each change
//! (`fieldManager`, else the User-Agent's product, as kube-apiserver
//! names managers). A refused write leaves the store as it was.

use std::collections::HashMap;

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::apply::{self, Writer};
use super::patch::{self, PatchError, PatchType};
use super::resources::Resource;
use super::status::{self, status};
use super::{fieldval, kind_group, ClusterStore};
use crate::Sandbox;

pub fn dry_run(q: &HashMap<String, String>) -> bool {
    q.get("dryRun").is_some_and(|v| v == "All")
}

/// `dryRun: ["All"]` in a DeleteOptions body, where client-go puts it for
/// deletes (kubectl delete --dry-run=server).
pub fn dry_run_body(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body).is_ok_and(|v| {
        v["dryRun"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x == "All"))
    })
}

/// The field manager of a write.
pub fn manager(q: &HashMap<String, String>, headers: &HeaderMap) -> String {
    if let Some(m) = q.get("fieldManager").filter(|m| !m.is_empty()) {
        return m.clone();
    }
    headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .map(|ua| {
            ua.split('/')
                .next()
                .unwrap_or(ua)
                .chars()
                .take(128)
                .collect()
        })
        .filter(|s: &String| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

fn writer<'a>(r: &Resource, m: &'a str, sub: &'a str, now: i64) -> (String, Writer<'a>) {
    let av = r.group_version();
    (
        av.clone(),
        Writer {
            manager: m,
            api_version: "",
            subresource: sub,
            time: crate::time::rfc3339(now),
        },
    )
}

fn bad_request(msg: &str) -> Response {
    status(StatusCode::BAD_REQUEST, "BadRequest", msg, None)
}

/// A validation failure, `Kind "name" is invalid: field: detail`, with
/// the field error as its cause, as kube-apiserver answers (kubectl prints
/// the causes, not the message).
pub(super) fn invalid(r: &Resource, name: &str, msg: &str) -> Response {
    let mut details = json!({"name": name, "group": r.group, "kind": r.kind});
    if let Some((field, detail)) = msg
        .split_once(" is invalid: ")
        .and_then(|(_, rest)| rest.split_once(": "))
    {
        let reason = if detail.starts_with("Required value") {
            "FieldValueRequired"
        } else if detail.starts_with("Unsupported value") {
            "FieldValueNotSupported"
        } else {
            "FieldValueInvalid"
        };
        details["causes"] = json!([{"reason": reason, "message": detail, "field": field}]);
    }
    status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Invalid",
        msg,
        Some(details),
    )
}

/// A JSON patch that does not apply: kube-apiserver's generic 422, whose
/// text kubectl does not show ("The request is invalid").
fn patch_failed() -> Response {
    status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Invalid",
        "the server rejected our request due to an error in our request",
        Some(json!({})),
    )
}

/// etcd's `--max-request-bytes` (1.5 MiB), which bounds what
/// kube-apiserver can store; measured here as the object's compact JSON.
pub const MAX_OBJECT_BYTES: usize = 1536 * 1024;

/// What kube-apiserver answers when etcd refuses an object that large: a
/// 500 whose reason is empty, so kubectl prints
/// `Error from server: etcdserver: request is too large`.
pub fn object_too_large() -> Response {
    let body = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": "etcdserver: request is too large",
        "code": 500,
    });
    (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
}

/// True when `obj` is more than etcd would store.
pub fn too_large(obj: &Value) -> bool {
    patch::json_len(obj) > MAX_OBJECT_BYTES
}

/// A request body over the limit, as kube-apiserver answers it.
pub fn entity_too_large(what: &str) -> Response {
    status(
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestEntityTooLarge",
        &format!("Request entity too large: {what}"),
        None,
    )
}

pub struct Write<'a> {
    pub sb: &'a Sandbox,
    pub r: &'a Resource,
    pub ns: Option<&'a str>,
    pub name: &'a str,
    pub q: &'a HashMap<String, String>,
    pub headers: &'a HeaderMap,
    pub now: i64,
}

/// PUT or PATCH of `/…/{resource}/{name}`.
pub fn update(w: &Write<'_>, store: &mut ClusterStore, method: &Method, body: &[u8]) -> Response {
    let r = w.r;
    let key = (
        r.qualified(),
        w.ns.unwrap_or("").to_string(),
        w.name.to_string(),
    );
    let mgr = manager(w.q, w.headers);
    let (av, mut wr) = writer(r, &mgr, "", w.now);
    wr.api_version = &av;
    let current = store.objects.get(&key).cloned();
    let ptype = if *method == Method::PATCH {
        let ct = w
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        match PatchType::from_content_type(ct) {
            Some(p) => Some(p),
            None => {
                return status(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json",
                    None,
                )
            }
        }
    } else {
        None
    };
    if ptype == Some(PatchType::Apply) {
        let Ok(config) = serde_json::from_slice::<Value>(body) else {
            return bad_request(
                "error decoding YAML: the sandbox accepts apply configurations written as JSON",
            );
        };
        if !config.is_object() {
            return bad_request("error decoding YAML: the configuration is not an object");
        }
        if let Some(n) = config["metadata"]["name"].as_str() {
            if n != w.name {
                return bad_request(&format!(
                    "the name of the object ({n}) does not match the name on the URL ({})",
                    w.name
                ));
            }
        }
        let force = w.q.get("force").is_some_and(|v| v == "true");
        let mut next = match apply::apply(current.as_ref(), &config, &wr, force) {
            Ok(n) => n,
            Err(c) => {
                return status(
                    StatusCode::CONFLICT,
                    "Conflict",
                    &c.message,
                    Some(json!({"causes": c.causes})),
                )
            }
        };
        if current.is_none() {
            if too_large(&next) {
                return object_too_large();
            }
            next["metadata"]["name"] = json!(w.name);
            return super::insert_new(w.sb, store, r, w.ns, next, w.now, dry_run(w.q));
        }
        return finish(w, store, key, current.unwrap_or_default(), next, &wr);
    }
    let Some(current) = current else {
        return status::not_found(&r.qualified(), w.name);
    };
    let directive = fieldval::directive(w.q);
    let (mut next, warnings) = match ptype {
        Some(p) => {
            let next = match patch::apply(p, &current, body) {
                Ok(n) => n,
                Err(PatchError::BadRequest(m)) => return bad_request(&m),
                Err(PatchError::Invalid(_)) => return patch_failed(),
                Err(PatchError::TooLarge(m)) => return entity_too_large(&m),
            };
            // What the error quotes: the patch as Go prints the map it
            // decoded (strategic merge), or the patched object's JSON.
            let shown = || {
                if p == PatchType::Strategic {
                    serde_json::from_slice::<Value>(body)
                        .map(|v| fieldval::go_value(&v))
                        .unwrap_or_default()
                } else {
                    next.to_string()
                }
            };
            match fieldval::judge(directive, fieldval::unknown_fields(r, &next), |e| {
                fieldval::patch_error(&shown(), e)
            }) {
                Ok(warnings) => (next, warnings),
                Err(resp) => return *resp,
            }
        }
        None => {
            let Ok(input) = serde_json::from_slice::<Value>(body) else {
                return bad_request("the body of the request was in an unknown format");
            };
            if !input.is_object() {
                return bad_request("the object provided is not an object");
            }
            // The body is decoded (and its fields judged) before the
            // name and resourceVersion are compared.
            let warnings =
                match fieldval::judge(directive, fieldval::unknown_fields(r, &input), |e| {
                    fieldval::decode_error(r, &input, e)
                }) {
                    Ok(warnings) => warnings,
                    Err(resp) => return *resp,
                };
            if let Some(n) = input["metadata"]["name"].as_str() {
                if n != w.name {
                    return bad_request(&format!(
                        "the name of the object ({n}) does not match the name on the URL ({})",
                        w.name
                    ));
                }
            }
            let sent_rv = input["metadata"]["resourceVersion"].as_str().unwrap_or("");
            if !sent_rv.is_empty()
                && sent_rv
                    != current["metadata"]["resourceVersion"]
                        .as_str()
                        .unwrap_or("")
            {
                return conflict(r, w.name);
            }
            (input, warnings)
        }
    };
    fieldval::drop_unknown(r, &mut next);
    let resp = finish(w, store, key, current, next, &wr);
    fieldval::with_warnings(resp, &warnings)
}

fn conflict(r: &Resource, name: &str) -> Response {
    let msg = format!("Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", r.qualified());
    status(
        StatusCode::CONFLICT,
        "Conflict",
        &msg,
        Some(json!({"name": name, "group": r.group, "kind": r.name})),
    )
}

/// Keeps the server's fields, validates, counts the generation, records
/// the manager, and stores unless this is a dry run.
fn finish(
    w: &Write<'_>,
    store: &mut ClusterStore,
    key: (String, String, String),
    current: Value,
    mut next: Value,
    wr: &Writer<'_>,
) -> Response {
    let r = w.r;
    if !next.is_object() || !next["metadata"].is_object() {
        return invalid(
            r,
            w.name,
            &format!(
                "{} \"{}\" is invalid: metadata: Required value",
                kind_group(r),
                w.name
            ),
        );
    }
    for f in [
        "uid",
        "creationTimestamp",
        "name",
        "namespace",
        "generation",
    ] {
        match current["metadata"].get(f) {
            Some(v) => next["metadata"][f] = v.clone(),
            None => {
                next["metadata"].as_object_mut().map(|m| m.remove(f));
            }
        }
    }
    next["apiVersion"] = json!(r.group_version());
    next["kind"] = json!(r.kind);
    // Field errors with their causes (what `kubectl edit` shows), then
    // the remaining checks.
    if let Some(resp) = super::validate::update(r, w.name, &next) {
        return resp;
    }
    if let Err(m) = patch::validate(&kind_group(r), w.name, &next) {
        return invalid(r, w.name, &m);
    }
    // Status is its own subresource: writes to the object keep it.
    if let Some(s) = current.get("status") {
        next["status"] = s.clone();
    }
    let mut cmp_next = next.clone();
    let mut cmp_cur = current.clone();
    for v in [&mut cmp_next, &mut cmp_cur] {
        if let Some(m) = v["metadata"].as_object_mut() {
            m.remove("resourceVersion");
            m.remove("managedFields");
        }
    }
    if too_large(&next) {
        return object_too_large();
    }
    if cmp_next == cmp_cur {
        // Nothing changed: kube-apiserver answers with the object as stored.
        let mut same = current.clone();
        if wr.subresource.is_empty()
            && next["metadata"]["managedFields"] != current["metadata"]["managedFields"]
        {
            same["metadata"]["managedFields"] = next["metadata"]["managedFields"].clone();
            if !dry_run(w.q) {
                same = store.put(&key.0, same);
            }
        }
        return Json(same).into_response();
    }
    if next["spec"] != current["spec"] {
        if let Some(g) = current["metadata"]["generation"].as_i64() {
            next["metadata"]["generation"] = json!(g + 1);
        }
    }
    if !matches!(w.headers.get("content-type").and_then(|v| v.to_str().ok()), Some(ct) if ct.starts_with("application/apply-patch"))
    {
        apply::record_update(Some(&current), &mut next, wr);
    }
    if dry_run(w.q) {
        return Json(next).into_response();
    }
    // Through the change feed, so watches and the controllers see it.
    let next = store.put(&key.0, next);
    Json(next).into_response()
}

/// `GET`, `PUT` and `PATCH` of `…/deployments/{name}/scale` (and
/// replicasets, statefulsets): an `autoscaling/v1` Scale.
pub fn scale(w: &Write<'_>, store: &mut ClusterStore, method: &Method, body: &[u8]) -> Response {
    let r = w.r;
    if !matches!(r.name, "deployments" | "replicasets" | "statefulsets") {
        return status::no_route();
    }
    let key = (
        r.qualified(),
        w.ns.unwrap_or("").to_string(),
        w.name.to_string(),
    );
    let Some(current) = store.objects.get(&key).cloned() else {
        return status::not_found(&r.qualified(), w.name);
    };
    let as_scale = |o: &Value| {
        let sel: Vec<String> = o["spec"]["selector"]["matchLabels"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default();
        let meta = &o["metadata"];
        json!({"kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": {"name": meta["name"], "namespace": meta["namespace"], "uid": meta["uid"], "resourceVersion": meta["resourceVersion"], "creationTimestamp": meta["creationTimestamp"]},
            "spec": {"replicas": o["spec"]["replicas"].as_i64().unwrap_or(1)},
            "status": {"replicas": o["status"]["replicas"].as_i64().unwrap_or(0), "selector": sel.join(",")}})
    };
    let scale_now = as_scale(&current);
    let next_scale = match *method {
        Method::GET => return Json(scale_now).into_response(),
        Method::PATCH => {
            let ct = w
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let Some(p) = PatchType::from_content_type(ct).filter(|p| *p != PatchType::Apply)
            else {
                return status(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json", None);
            };
            match patch::apply(p, &scale_now, body) {
                Ok(n) => n,
                Err(PatchError::BadRequest(m)) => return bad_request(&m),
                Err(PatchError::Invalid(_)) => return patch_failed(),
                Err(PatchError::TooLarge(m)) => return entity_too_large(&m),
            }
        }
        Method::PUT => match serde_json::from_slice::<Value>(body) {
            Ok(v) => {
                let rv = v["metadata"]["resourceVersion"].as_str().unwrap_or("");
                if !rv.is_empty()
                    && rv
                        != current["metadata"]["resourceVersion"]
                            .as_str()
                            .unwrap_or("")
                {
                    return conflict(r, w.name);
                }
                v
            }
            Err(_) => return bad_request("the body of the request was in an unknown format"),
        },
        _ => {
            return status(
                StatusCode::METHOD_NOT_ALLOWED,
                "MethodNotAllowed",
                "the server does not allow this method on the requested resource",
                None,
            )
        }
    };
    let Some(n) = next_scale["spec"]["replicas"].as_i64().filter(|n| *n >= 0) else {
        return invalid(r, w.name, &format!("Scale.autoscaling \"{}\" is invalid: spec.replicas: Invalid value: {}: must be greater than or equal to 0", w.name, next_scale["spec"]["replicas"]));
    };
    let mut next = current.clone();
    next["spec"]["replicas"] = json!(n);
    let mgr = manager(w.q, w.headers);
    let (av, mut wr) = writer(r, &mgr, "scale", w.now);
    wr.api_version = &av;
    let resp = finish(w, store, key.clone(), current, next, &wr);
    if !resp.status().is_success() {
        return resp;
    }
    let stored = store.objects.get(&key).cloned().unwrap_or_default();
    let mut out = as_scale(&stored);
    out["spec"]["replicas"] = json!(n);
    (StatusCode::OK, Json(out)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dry_run_in_delete_options() {
        for (body, want) in [
            (
                &br#"{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]}"#[..],
                true,
            ),
            (
                br#"{"kind":"DeleteOptions","propagationPolicy":"Background"}"#,
                false,
            ),
            (b"", false),
            (b"not json", false),
        ] {
            assert_eq!(
                dry_run_body(body),
                want,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
