//! The Kubernetes API of each sandbox cluster, under `/k8s/<cluster-id>`:
//! discovery, `/version`, and create/get/list/update/patch/delete of the
//! kinds in [`resources::RESOURCES`] with selectors and server-side
//! printing (Tables), watch (watch.rs), `limit`/`continue` (paging.rs)
//! and controllers (controllers.rs, pods.rs, workloads.rs).

mod aggregated;
mod apply;
mod authz;
mod controllers;
mod defaults;
mod events;
mod exec;
mod feed;
mod fieldval;
mod index;
mod logs;
mod logtext;
mod metrics;
mod openapi;
mod openapi_types;
mod paging;
mod patch;
mod pods;
mod progress;
mod proto;
mod resources;
mod seed;
mod select;
mod services;
mod shell;
mod status;
pub mod table;
mod table_kinds;
mod terminate;
mod token;
mod validate;
mod watch;
mod workloads;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::ibm::bearer;
use crate::{fixtures, Config, Principal, Sandbox};
use resources::Resource;
use status::status;

/// Objects of one cluster, keyed by (resource, namespace, name).
#[derive(Default)]
pub struct ClusterStore {
    pub objects: BTreeMap<(String, String, String), Value>,
    pub resource_version: u64,
    /// Changes for watches; writes go through `put`/`delete` (feed.rs).
    pub feed: feed::Feed,
    pub ctl: controllers::Ctl,
    /// What the controllers look up instead of scanning (index.rs).
    pub index: index::Index,
}

impl ClusterStore {
    fn bump(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }
}

pub struct KubeState {
    clusters: Mutex<HashMap<String, ClusterStore>>,
    /// Signs service-account tokens; random per start (token.rs).
    sa_key: token::Key,
}

/// Largest request body accepted (kube-apiserver's is 3 MiB).
const MAX_BODY: usize = 3 * 1024 * 1024;

impl KubeState {
    pub fn seeded(_config: &Config, now_ms: i64) -> Self {
        let mut clusters = HashMap::new();
        for c in fixtures::CLUSTERS {
            let mut store = ClusterStore::default();
            for (res, mut obj) in seed::Seeder::new(c, now_ms).seed() {
                let rv = store.bump();
                obj["metadata"]["resourceVersion"] = json!(rv);
                let ns = obj["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
                let key = resources::RESOURCES
                    .iter()
                    .find(|r| r.name == res)
                    .map(Resource::qualified)
                    .unwrap_or_else(|| res.to_string());
                let key = (key, ns, name);
                store.index.update(&key, Some(&obj));
                store.objects.insert(key, obj);
            }
            store.feed.start_at(store.resource_version);
            clusters.insert(c.id.to_string(), store);
        }
        Self {
            clusters: Mutex::new(clusters),
            sa_key: token::Key::random(),
        }
    }

    /// Runs the controllers of every cluster (the server's timer).
    pub fn tick(&self, now_ms: i64) {
        for store in self.lock().values_mut() {
            controllers::run(store, now_ms);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, ClusterStore>> {
        self.clusters.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub fn router(sb: Sandbox) -> Router {
    Router::new()
        .route("/k8s/{cluster}/{*rest}", any(handle))
        // Streams, metrics and access reviews: each in its own file.
        .merge(logs::routes())
        .merge(exec::routes())
        .merge(metrics::routes())
        .merge(authz::routes())
        .merge(openapi::routes())
        // One body limit, kube-apiserver's, answered as it answers it.
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::map_response(body_limit_as_status))
        .with_state(sb)
}

/// axum's own 413 (plain text, from the body extractors) as the
/// `Status` kube-apiserver sends.
async fn body_limit_as_status(resp: Response) -> Response {
    let json = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if resp.status() == StatusCode::PAYLOAD_TOO_LARGE && !json {
        return write::entity_too_large(&format!("limit is {MAX_BODY}"));
    }
    resp
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    Version,
    ApiVersions,
    Groups,
    GroupVersion {
        group: &'a str,
        version: &'a str,
    },
    Collection {
        group: &'a str,
        ns: Option<&'a str>,
        resource: &'a str,
    },
    Item {
        group: &'a str,
        ns: Option<&'a str>,
        resource: &'a str,
        name: &'a str,
    },
    Unknown,
}

fn parse_path(rest: &str) -> Target<'_> {
    let parts: Vec<&str> = rest.trim_matches('/').split('/').collect();
    let (group, tail) = match parts.as_slice() {
        ["version"] => return Target::Version,
        ["api"] => return Target::ApiVersions,
        ["apis"] => return Target::Groups,
        ["api", "v1"] => {
            return Target::GroupVersion {
                group: "",
                version: "v1",
            }
        }
        ["apis", g, v] => {
            return Target::GroupVersion {
                group: g,
                version: v,
            }
        }
        ["api", "v1", tail @ ..] => ("", tail),
        ["apis", g, "v1", tail @ ..] => (*g, tail),
        _ => return Target::Unknown,
    };
    match tail {
        ["namespaces", ns, res] => Target::Collection {
            group,
            ns: Some(ns),
            resource: res,
        },
        ["namespaces", ns, res, name] => Target::Item {
            group,
            ns: Some(ns),
            resource: res,
            name,
        },
        [res] => Target::Collection {
            group,
            ns: None,
            resource: res,
        },
        [res, name] => Target::Item {
            group,
            ns: None,
            resource: res,
            name,
        },
        _ => Target::Unknown,
    }
}

fn query(raw: &Option<String>) -> HashMap<String, String> {
    raw.as_deref()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

fn is_dns_subdomain(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

fn forbidden(
    p: &Principal,
    verb: &str,
    r: &Resource,
    name: Option<&str>,
    ns: Option<&str>,
) -> Response {
    let what = match name {
        Some(n) => format!("{} \"{n}\"", r.qualified()),
        None => r.qualified(),
    };
    let scope = match ns {
        Some(ns) => format!("in the namespace \"{ns}\""),
        None => "at the cluster scope".to_string(),
    };
    let user = if p.iam_id.starts_with("IBMid") {
        format!("IAM#{}", p.email)
    } else {
        format!("IAM#{}", p.iam_id)
    };
    let msg = format!("{what} is forbidden: User \"{user}\" cannot {verb} resource \"{}\" in API group \"{}\" {scope}", r.name, r.group);
    let mut details = json!({"kind": r.name});
    if let Some(n) = name {
        details = json!({"name": n, "kind": r.name});
    }
    status(StatusCode::FORBIDDEN, "Forbidden", &msg, Some(details))
}

#[allow(clippy::too_many_arguments)]
async fn handle(
    State(sb): State<Sandbox>,
    Path((cluster, rest)): Path<(String, String)>,
    method: Method,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let principal = match sb.authenticate(bearer(&headers)) {
        Ok(p) => p,
        Err(_) => return status::unauthorized(),
    };
    let Some(fixture) = fixtures::CLUSTERS.iter().find(|c| c.id == cluster) else {
        return status::no_route();
    };
    if body.len() > MAX_BODY {
        return write::entity_too_large(&format!("limit is {MAX_BODY}"));
    }
    let now = sb.clock.now_ms();
    let q = query(&raw);
    // Controllers first, so every answer sees the cluster settled at `now`.
    if let Some(store) = sb.kube.lock().get_mut(&cluster) {
        controllers::run(store, now);
    }
    if let Some((ns, name)) = token::target(&rest) {
        if method != Method::POST {
            return status::no_route();
        }
        if !principal.can_write {
            if let Some(r) = resources::find("", "serviceaccounts") {
                return forbidden(&principal, "create", r, Some(name), Some(ns));
            }
        }
        let body = if is_protobuf(&headers) {
            match proto::decode(&body) {
                Some(v) => Bytes::from(v.to_string()),
                None => return unsupported_media(),
            }
        } else {
            body.clone()
        };
        let stores = sb.kube.lock();
        return match stores.get(&cluster) {
            Some(store) => token::issue(store, &sb.kube.sa_key, ns, name, &body, now),
            None => status::no_route(),
        };
    }
    if let Some((r, ns, name)) = workloads::scale_target(&rest) {
        return scale(
            &sb, &cluster, &principal, r, ns, name, &method, &q, &headers, &body, now,
        );
    }
    let target = parse_path(&rest);
    // Aggregated discovery when the client asks for it; legacy otherwise.
    if let (Target::ApiVersions | Target::Groups, Some(version)) =
        (&target, aggregated::negotiate(&headers))
    {
        if method == Method::GET {
            return aggregated::respond(target == Target::ApiVersions, version);
        }
    }
    match target {
        Target::Version => {
            let v = fixture.version.split('_').next().unwrap_or(fixture.version);
            let mut it = v.split('.');
            let (major, minor) = (it.next().unwrap_or("1"), it.next().unwrap_or("0"));
            Json(json!({
                "major": major, "minor": minor,
                "emulationMajor": major, "emulationMinor": minor,
                "minCompatibilityMajor": major, "minCompatibilityMinor": (minor.parse::<u32>().unwrap_or(1) - 1).to_string(),
                "gitVersion": format!("v{v}+IKS"),
                "gitCommit": "3c2f4b1a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a",
                "gitTreeState": "clean",
                "buildDate": "2025-09-10T08:21:43Z",
                "goVersion": "go1.24.6",
                "compiler": "gc",
                "platform": "linux/amd64",
            }))
            .into_response()
        }
        Target::ApiVersions => {
            let host = headers
                .get("host")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("127.0.0.1:8080");
            Json(resources::api_versions(host)).into_response()
        }
        Target::Groups => Json(resources::group_list()).into_response(),
        Target::GroupVersion { group, version } => match resources::resource_list(group, version) {
            Some(v) => Json(v).into_response(),
            None => status::no_route(),
        },
        Target::Collection {
            group,
            ns,
            resource,
        } => {
            let Some(r) = resources::find(group, resource) else {
                return status::no_route();
            };
            let ns = if r.namespaced { ns } else { None };
            match method {
                Method::GET if watch::is_watch(&q) => {
                    watch::watch(&sb, &cluster, r, ns, &q, &headers)
                }
                Method::GET => list(&sb, &cluster, r, ns, &q, &headers, now),
                Method::POST => {
                    if !principal.can_write {
                        return forbidden(&principal, "create", r, None, ns);
                    }
                    let json_body;
                    let body = if is_protobuf(&headers) {
                        match proto::decode(&body) {
                            Some(v) => {
                                json_body = Bytes::from(v.to_string());
                                &json_body
                            }
                            None => return unsupported_media(),
                        }
                    } else {
                        &body
                    };
                    create(&sb, &cluster, r, ns, body, now, &q, &headers)
                }
                _ => status(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "MethodNotAllowed",
                    "the server does not allow this method on the requested resource",
                    None,
                ),
            }
        }
        Target::Item {
            group,
            ns,
            resource,
            name,
        } => {
            // `/api/v1/namespaces/{name}` is the namespace object itself.
            let Some(r) = resources::find(group, resource) else {
                return status::no_route();
            };
            let ns = if r.namespaced { ns } else { None };
            let write_verb = match method {
                Method::PUT => Some("update"),
                Method::PATCH => Some("patch"),
                Method::DELETE => Some("delete"),
                _ => None,
            };
            if let Some(verb) = write_verb {
                if !principal.can_write {
                    return forbidden(&principal, verb, r, Some(name), ns);
                }
            }
            item(
                &sb, &cluster, r, ns, name, &method, &headers, &q, &body, now,
            )
        }
        Target::Unknown => status::no_route(),
    }
}

fn is_protobuf(headers: &HeaderMap) -> bool {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.contains("protobuf"))
}

/// A protobuf body of a kind the sandbox does not decode.
fn unsupported_media() -> Response {
    status(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/merge-patch+json",
        None,
    )
}

fn wants_table(headers: &HeaderMap) -> bool {
    headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.split(',').next().unwrap_or("").contains("as=Table"))
}

fn list(
    sb: &Sandbox,
    cluster: &str,
    r: &Resource,
    ns: Option<&str>,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
    now: i64,
) -> Response {
    let labels = match q
        .get("labelSelector")
        .map(|s| select::LabelSelector::parse(s))
        .transpose()
    {
        Ok(l) => l,
        Err(e) => return status(StatusCode::BAD_REQUEST, "BadRequest", &e, None),
    };
    let fields = q
        .get("fieldSelector")
        .map(|s| select::FieldSelector::parse(s));
    // The Table's `includeObject` (None, Metadata, Object), if a Table.
    let table = wants_table(headers).then(|| {
        q.get("includeObject")
            .map(String::as_str)
            .unwrap_or("Metadata")
    });
    // The lock is held only to copy the page out (as Table rows, which
    // is cheaper than copying whole objects): encoding happens after, so
    // concurrent requests and watches do not queue behind it (the load
    // bench, load.rs in xtask).
    let page = {
        let stores = sb.kube.lock();
        let Some(store) = stores.get(cluster) else {
            return status::no_route();
        };
        let key = r.qualified();
        // Keys sort by resource first: read only this resource's range.
        let items: Vec<&Value> = store
            .objects
            .range((key.clone(), String::new(), String::new())..)
            .take_while(|((res, _, _), _)| *res == key)
            .filter(|((_, ons, _), _)| ns.is_none_or(|n| n == ons))
            .map(|(_, o)| o)
            .filter(|o| {
                labels
                    .as_ref()
                    .is_none_or(|l| l.matches(&o["metadata"]["labels"]))
            })
            .filter(|o| fields.as_ref().is_none_or(|f| f.matches(o)))
            .collect();
        let copy = |o: &Value| match table {
            Some(include) => table::row(r, o, include, now),
            None => o.clone(),
        };
        match paging::page(
            items,
            copy,
            q,
            store.resource_version,
            store.feed.oldest(),
            labels.is_some() || fields.is_some(),
        ) {
            Ok(p) => p,
            Err(resp) => return *resp,
        }
    };
    let mut list_meta = json!({"resourceVersion": page.rv});
    paging::annotate(&mut list_meta, &page);
    if table.is_some() {
        return Json(table::table(list_meta, r, page.items)).into_response();
    }
    // Built by moving the page in: `json!` would copy every item again.
    Json(table::object([
        ("kind", json!(format!("{}List", r.kind))),
        ("apiVersion", json!(r.group_version())),
        ("metadata", list_meta),
        ("items", Value::Array(page.items)),
    ]))
    .into_response()
}

#[allow(clippy::too_many_arguments)]
fn create(
    sb: &Sandbox,
    cluster: &str,
    r: &Resource,
    ns: Option<&str>,
    body: &Bytes,
    now: i64,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Response {
    let Ok(mut obj) = serde_json::from_slice::<Value>(body) else {
        return status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "the object provided is unrecognized (must be of type JSON)",
            None,
        );
    };
    if !obj.is_object() {
        return status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "the object provided is not an object",
            None,
        );
    }
    // Field validation, as the decoder applies it.
    let warnings = match fieldval::judge(
        fieldval::directive(q),
        fieldval::unknown_fields(r, &obj),
        |errs| fieldval::decode_error(r, &obj, errs),
    ) {
        Ok(w) => w,
        Err(resp) => return *resp,
    };
    fieldval::drop_unknown(r, &mut obj);
    // An empty generateName is no field (so no manager owns it).
    if obj["metadata"]["generateName"] == "" {
        if let Some(m) = obj["metadata"].as_object_mut() {
            m.remove("generateName");
        }
    }
    // More than etcd stores is refused before the store is locked.
    if write::too_large(&obj) {
        return write::object_too_large();
    }
    let mut stores = sb.kube.lock();
    let Some(store) = stores.get_mut(cluster) else {
        return status::no_route();
    };
    let mgr = write::manager(q, headers);
    let av = r.group_version();
    let w = apply::Writer {
        manager: &mgr,
        api_version: &av,
        subresource: "",
        time: crate::time::rfc3339(now),
    };
    apply::record_update(None, &mut obj, &w);
    let resp = insert_new(sb, store, r, ns, obj, now, write::dry_run(q));
    fieldval::with_warnings(resp, &warnings)
}

/// Stores a new object after the checks every create makes (name,
/// namespace, uniqueness); a dry run only answers.
fn insert_new(
    sb: &Sandbox,
    store: &mut ClusterStore,
    r: &Resource,
    ns: Option<&str>,
    mut obj: Value,
    now: i64,
    dry_run: bool,
) -> Response {
    let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
    if !is_dns_subdomain(&name) {
        let msg = if name.is_empty() {
            format!("{}.{} \"\" is invalid: metadata.name: Required value: name or generateName is required", r.kind, r.group_version()).replace(".v1 ", " ")
        } else {
            format!("{} \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", kind_group(r))
        };
        let details = json!({"name": name, "group": r.group, "kind": r.kind, "causes": [{"reason": if name.is_empty() { "FieldValueRequired" } else { "FieldValueInvalid" }, "message": msg.split(": ").skip(1).collect::<Vec<_>>().join(": "), "field": "metadata.name"}]});
        return status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid",
            &msg,
            Some(details),
        );
    }
    let ns_s = ns.unwrap_or("").to_string();
    if let Some(n) = ns {
        if !store
            .objects
            .contains_key(&("namespaces".into(), String::new(), n.to_string()))
        {
            return status::not_found("namespaces", n);
        }
    }
    let key = (r.qualified(), ns_s.clone(), name.clone());
    if store.objects.contains_key(&key) {
        return status(
            StatusCode::CONFLICT,
            "AlreadyExists",
            &format!("{} \"{name}\" already exists", r.qualified()),
            Some(json!({"name": name, "group": r.group, "kind": r.name})),
        );
    }
    obj["apiVersion"] = json!(r.group_version());
    if let Err(m) = patch::validate(&kind_group(r), &name, &obj) {
        return write::invalid(r, &name, &m);
    }
    obj["kind"] = json!(r.kind);
    let meta = &mut obj["metadata"];
    if let Some(n) = ns {
        meta["namespace"] = json!(n);
    }
    meta["uid"] = json!(sb.ibm.ids.uuid());
    meta["creationTimestamp"] = json!(crate::time::rfc3339(now));
    if matches!(
        r.group,
        "apps" | "batch" | "apiextensions.k8s.io" | "stable.example.com"
    ) {
        meta["generation"] = json!(1);
    }
    if meta["generateName"] == "" {
        meta.as_object_mut().map(|m| m.remove("generateName"));
    }
    if r.name == "namespaces" {
        obj["status"] = json!({"phase": "Active"});
    }
    // The API server's defaulting: a Secret without a type is Opaque.
    if r.name == "secrets" && obj["type"].as_str().unwrap_or("").is_empty() {
        obj["type"] = json!("Opaque");
    }
    if r.name == "services" {
        let existing: Vec<&Value> = store
            .objects
            .iter()
            .filter(|(k, _)| k.0 == "services")
            .map(|(_, v)| v)
            .collect();
        services::default_service(&mut obj, &existing);
    }
    defaults::on_create(r, &mut obj);
    let obj = if dry_run { obj } else { store.put(&key.0, obj) };
    (StatusCode::CREATED, Json(obj)).into_response()
}

/// `Deployment.apps` in Invalid messages (`Pod` for the core group).
pub(super) fn kind_group(r: &Resource) -> String {
    if r.group.is_empty() {
        r.kind.to_string()
    } else {
        format!("{}.{}", r.kind, r.group)
    }
}

#[allow(clippy::too_many_arguments)]
fn item(
    sb: &Sandbox,
    cluster: &str,
    r: &Resource,
    ns: Option<&str>,
    name: &str,
    method: &Method,
    headers: &HeaderMap,
    q: &HashMap<String, String>,
    body: &Bytes,
    now: i64,
) -> Response {
    let mut stores = sb.kube.lock();
    let Some(store) = stores.get_mut(cluster) else {
        return status::no_route();
    };
    let key = (
        r.qualified(),
        ns.unwrap_or("").to_string(),
        name.to_string(),
    );
    match *method {
        Method::GET => match store.objects.get(&key) {
            Some(o) if wants_table(headers) => {
                let include = q
                    .get("includeObject")
                    .map(String::as_str)
                    .unwrap_or("Metadata");
                let meta = json!({"resourceVersion": o["metadata"]["resourceVersion"]});
                let row = table::row(r, o, include, now);
                Json(table::table(meta, r, vec![row])).into_response()
            }
            Some(o) => Json(o.clone()).into_response(),
            None => status::not_found(&r.qualified(), name),
        },
        Method::DELETE if write::dry_run(q) || write::dry_run_body(body) => {
            match store.objects.get(&key) {
                Some(o) => Json(o.clone()).into_response(),
                None => status::not_found(&r.qualified(), name),
            }
        }
        Method::DELETE => match if r.name == "namespaces" {
            store.delete_namespace(name)
        } else {
            events::delete(store, &key, now, terminate::requested(q, body))
        } {
            Some(o) => Json(o).into_response(),
            None => status::not_found(&r.qualified(), name),
        },
        Method::PUT | Method::PATCH => {
            let w = write::Write {
                sb,
                r,
                ns,
                name,
                q,
                headers,
                now,
            };
            write::update(&w, store, method, body)
        }
        _ => status(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
            None,
        ),
    }
}

/// `…/{resource}/{name}/scale`: the Scale subresource.
#[allow(clippy::too_many_arguments)]
fn scale(
    sb: &Sandbox,
    cluster: &str,
    principal: &Principal,
    r: &Resource,
    ns: &str,
    name: &str,
    method: &Method,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
    body: &Bytes,
    now: i64,
) -> Response {
    let ns = Some(ns);
    if *method != Method::GET && !principal.can_write {
        let verb = if *method == Method::PUT {
            "update"
        } else {
            "patch"
        };
        return forbidden(principal, verb, r, Some(name), ns);
    }
    let mut stores = sb.kube.lock();
    let Some(store) = stores.get_mut(cluster) else {
        return status::no_route();
    };
    let w = write::Write {
        sb,
        r,
        ns,
        name,
        q,
        headers,
        now,
    };
    write::scale(&w, store, method, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_table() {
        let cases = [
            ("version", Target::Version),
            ("api", Target::ApiVersions),
            ("apis", Target::Groups),
            (
                "api/v1",
                Target::GroupVersion {
                    group: "",
                    version: "v1",
                },
            ),
            (
                "apis/apps/v1",
                Target::GroupVersion {
                    group: "apps",
                    version: "v1",
                },
            ),
            (
                "api/v1/pods",
                Target::Collection {
                    group: "",
                    ns: None,
                    resource: "pods",
                },
            ),
            (
                "api/v1/namespaces",
                Target::Collection {
                    group: "",
                    ns: None,
                    resource: "namespaces",
                },
            ),
            (
                "api/v1/namespaces/default",
                Target::Item {
                    group: "",
                    ns: None,
                    resource: "namespaces",
                    name: "default",
                },
            ),
            (
                "api/v1/namespaces/default/pods",
                Target::Collection {
                    group: "",
                    ns: Some("default"),
                    resource: "pods",
                },
            ),
            (
                "apis/apps/v1/namespaces/x/deployments/web",
                Target::Item {
                    group: "apps",
                    ns: Some("x"),
                    resource: "deployments",
                    name: "web",
                },
            ),
            ("openapi/v2", Target::Unknown),
        ];
        for (p, want) in cases {
            assert_eq!(parse_path(p), want, "{p}");
        }
    }

    #[test]
    fn dns_names() {
        for (n, ok) in [
            ("web", true),
            ("a.b-c", true),
            ("Web", false),
            ("-a", false),
            ("a_b", false),
            ("", false),
        ] {
            assert_eq!(is_dns_subdomain(n), ok, "{n}");
        }
    }
}
