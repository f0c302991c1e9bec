//! `/openapi/v3`, as kube-apiserver serves it: an index of group versions,
//! each with a `serverRelativeURL` carrying the hash of its document, and
//! per group version an OpenAPI 3 document whose `components.schemas`
//! hold its kinds (tagged `x-kubernetes-group-version-kind`) and every
//! schema they refer to. Enough for `kubectl explain`.
//!
//! `/openapi/v2`: the same schemas and operations in one Swagger 2.0
//! document (`definitions`, `#/definitions/…` references), in JSON. A
//! client that accepts only the protobuf encoding (client-go's
//! `OpenAPISchema`) is answered 406, as kube-openapi answers a type it
//! does not serve: the sandbox does not encode gnostic protobuf.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha512};

use super::authz::caller;
use super::openapi_types::{full_name, Type, TYPES};
use super::resources::RESOURCES;
use super::status;
use crate::ibm::bearer;
use crate::Sandbox;

pub(super) fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/k8s/{cluster}/openapi/v2", get(swagger))
        .route("/k8s/{cluster}/openapi/v3", get(index))
        .route("/k8s/{cluster}/openapi/v3/{*gv}", get(document))
}

/// The path of a group version's document (`api/v1`, `apis/apps/v1`).
fn gv_path(group: &str, version: &str) -> String {
    if group.is_empty() {
        format!("api/{version}")
    } else {
        format!("apis/{group}/{version}")
    }
}

fn type_named(id: &str) -> Option<&'static Type> {
    TYPES.iter().find(|t| t.id == id)
}

/// The two dialects: OpenAPI 3 (`/openapi/v3`) or Swagger 2.0 (`/openapi/v2`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    V2,
    V3,
}

/// A field's schema from its short type (see openapi_types).
fn property(ty: &str, doc: &str, d: Dialect) -> Value {
    let reference = |short: &str| {
        let id = full_name(short).unwrap_or(short);
        match d {
            Dialect::V3 => {
                json!({"allOf": [{"$ref": format!("#/components/schemas/{id}")}], "default": {}})
            }
            Dialect::V2 => json!({"$ref": format!("#/definitions/{id}")}),
        }
    };
    let mut p = match ty {
        "string" | "integer" | "boolean" => json!({"type": ty}),
        "map" => {
            json!({"type": "object", "additionalProperties": {"type": "string", "default": ""}})
        }
        "object" => json!({"type": "object"}),
        "[]string" => json!({"type": "array", "items": {"type": "string", "default": ""}}),
        "[]object" => json!({"type": "array", "items": {"type": "object"}}),
        t => match t.strip_prefix("[]") {
            Some(inner) => json!({"type": "array", "items": reference(inner)}),
            None => reference(t),
        },
    };
    if ty == "integer" {
        p["format"] = json!("int32");
    }
    p["description"] = json!(doc);
    p
}

fn schema(t: &Type, d: Dialect) -> Value {
    let short = t.id.rsplit('.').next().unwrap_or("");
    let mut s = match short {
        "Time" => json!({"type": "string", "format": "date-time"}),
        // Swagger 2.0 has no untyped schema: a string of that format.
        "IntOrString" if d == Dialect::V2 => {
            json!({"type": "string", "format": "int-or-string"})
        }
        "IntOrString" => {
            // No type: a number or a string (kubectl shows <IntOrString>).
            json!({"format": "int-or-string", "x-kubernetes-int-or-string": true})
        }
        _ => {
            let props: Map<String, Value> = t
                .fields
                .iter()
                .map(|(name, ty, doc)| (name.to_string(), property(ty, doc, d)))
                .collect();
            json!({"type": "object", "properties": props})
        }
    };
    s["description"] = json!(t.doc);
    if !t.required.is_empty() {
        s["required"] = json!(t.required);
    }
    if let Some((g, v, k)) = t.gvk {
        s["x-kubernetes-group-version-kind"] = json!([{"group": g, "kind": k, "version": v}]);
    }
    s
}

/// Every schema `id` needs, itself included.
fn closure(id: &'static str, out: &mut BTreeMap<&'static str, Value>, d: Dialect) {
    let Some(t) = type_named(id) else { return };
    if out.contains_key(t.id) {
        return;
    }
    out.insert(t.id, schema(t, d));
    for (_, ty, _) in t.fields {
        let short = ty.trim_start_matches("[]");
        if let Some(dep) = full_name(short) {
            closure(dep, out, d);
        }
    }
}

/// A query parameter of an operation.
fn param(name: &str, d: Dialect) -> Value {
    match d {
        Dialect::V3 => {
            json!({"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": true}})
        }
        Dialect::V2 => json!({"name": name, "in": "query", "type": "string", "uniqueItems": true}),
    }
}

type Schemas = BTreeMap<&'static str, Value>;

/// Schemas and operations by group-version path (`apis/apps/v1`).
fn by_group_version(d: Dialect) -> BTreeMap<String, (Schemas, Map<String, Value>)> {
    let mut by_gv: BTreeMap<String, Schemas> = BTreeMap::new();
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for t in TYPES {
        let Some((g, v, k)) = t.gvk else { continue };
        let gv = gv_path(g, v);
        closure(t.id, by_gv.entry(gv.clone()).or_default(), d);
        // The list operation tells clients which kind a resource holds
        // (kubectl explain finds the kind of `pods` this way).
        if let Some(r) = RESOURCES.iter().find(|r| r.kind == k && r.group == g) {
            let path = if r.namespaced {
                format!("/{gv}/namespaces/{{namespace}}/{}", r.name)
            } else {
                format!("/{gv}/{}", r.name)
            };
            let mut op = json!({"get": {
                "operationId": format!("list{k}"),
                "x-kubernetes-action": "list",
                "x-kubernetes-group-version-kind": {"group": g, "kind": k, "version": v},
            }});
            if d == Dialect::V2 {
                op["get"]["responses"] = json!({"200": {"description": "OK"}});
            }
            paths.entry(gv).or_default().insert(path, op);
        }
    }
    // Each kind's PATCH with its `fieldValidation` parameter: how a
    // real kubectl's default --validate=strict learns that the server
    // validates fields itself (otherwise apply, create -f and replace
    // stop with "failed to download openapi"). No requestBody: kubectl
    // then builds strategic merge patches from its compiled-in types.
    for r in RESOURCES {
        let gv = gv_path(r.group, r.version);
        let item = if r.namespaced {
            format!("/{gv}/namespaces/{{namespace}}/{}/{{name}}", r.name)
        } else {
            format!("/{gv}/{}/{{name}}", r.name)
        };
        let p = |name: &str| param(name, d);
        let mut op = json!({"patch": {
            "operationId": format!("patch{}", r.kind),
            "parameters": [p("dryRun"), p("fieldManager"), p("fieldValidation"), p("force")],
            "x-kubernetes-action": "patch",
            "x-kubernetes-group-version-kind": {"group": r.group, "kind": r.kind, "version": r.version},
        }});
        if d == Dialect::V2 {
            op["patch"]["responses"] = json!({"200": {"description": "OK"}});
        }
        by_gv.entry(gv.clone()).or_default();
        paths.entry(gv).or_default().insert(item, op);
    }
    by_gv
        .into_iter()
        .map(|(gv, schemas)| {
            let ops = paths.remove(&gv).unwrap_or_default();
            (gv, (schemas, ops))
        })
        .collect()
}

const INFO: (&str, &str) = ("Kubernetes", "v1.36.3+IKS");

/// The Swagger 2.0 document of `/openapi/v2`: every group version's.
fn swagger_document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut definitions = Schemas::new();
        let mut paths = Map::new();
        for (_, (schemas, ops)) in by_group_version(Dialect::V2) {
            definitions.extend(schemas);
            paths.extend(ops);
        }
        json!({
            "swagger": "2.0",
            "info": {"title": INFO.0, "version": INFO.1},
            "paths": paths,
            "definitions": definitions,
        })
        .to_string()
    })
}

/// The documents, by group-version path, with their hashes.
fn documents() -> &'static BTreeMap<String, (String, String)> {
    static DOCS: OnceLock<BTreeMap<String, (String, String)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        by_group_version(Dialect::V3)
            .into_iter()
            .map(|(gv, (schemas, ops))| {
                let doc = json!({
                    "openapi": "3.0.0",
                    "info": {"title": INFO.0, "version": INFO.1},
                    "paths": ops,
                    "components": {"schemas": schemas},
                })
                .to_string();
                let hash: String = Sha512::digest(doc.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02X}"))
                    .collect();
                (gv, (doc, hash))
            })
            .collect()
    })
}

/// Whether an Accept header admits JSON (or names nothing).
fn accepts_json(headers: &HeaderMap) -> bool {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    accept.split(',').any(|clause| {
        let ty = clause.split(';').next().unwrap_or("").trim();
        matches!(ty, "" | "*/*" | "application/*" | "application/json")
    })
}

async fn swagger(
    State(sb): State<Sandbox>,
    Path(cluster): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = caller(&sb, &cluster, bearer(&headers)) {
        return r;
    }
    if !accepts_json(&headers) {
        return axum::http::StatusCode::NOT_ACCEPTABLE.into_response();
    }
    let doc = swagger_document();
    let etag = format!(
        "\"{}\"",
        Sha512::digest(doc.as_bytes())
            .iter()
            .take(32)
            .map(|b| format!("{b:02X}"))
            .collect::<String>()
    );
    (
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::ETAG, etag),
        ],
        doc,
    )
        .into_response()
}

async fn index(
    State(sb): State<Sandbox>,
    Path(cluster): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = caller(&sb, &cluster, bearer(&headers)) {
        return r;
    }
    // Clients replace the whole path with serverRelativeURL, so it
    // carries the prefix this API is served under (`/api/k8s/<id>`).
    let base = uri.path().trim_end_matches('/');
    let paths: Map<String, Value> = documents()
        .iter()
        .map(|(gv, (_, hash))| {
            (
                gv.clone(),
                json!({"serverRelativeURL": format!("{base}/{gv}?hash={hash}")}),
            )
        })
        .collect();
    axum::Json(json!({ "paths": paths })).into_response()
}

async fn document(
    State(sb): State<Sandbox>,
    Path((cluster, gv)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = caller(&sb, &cluster, bearer(&headers)) {
        return r;
    }
    match documents().get(gv.trim_end_matches('/')) {
        Some((doc, _)) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                // Addressed by hash: never changes.
                (header::CACHE_CONTROL, "public, immutable"),
            ],
            doc.clone(),
        )
            .into_response(),
        None => status::no_route(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swagger_holds_the_same_schemas_as_v2_definitions() {
        let doc: Value = serde_json::from_str(swagger_document()).unwrap_or_default();
        assert_eq!(doc["swagger"], "2.0");
        let defs = &doc["definitions"];
        let d = &defs["io.k8s.api.apps.v1.Deployment"];
        assert_eq!(
            d["x-kubernetes-group-version-kind"],
            json!([{"group": "apps", "kind": "Deployment", "version": "v1"}])
        );
        assert_eq!(
            d["properties"]["spec"]["$ref"],
            "#/definitions/io.k8s.api.apps.v1.DeploymentSpec"
        );
        assert!(defs["io.k8s.api.core.v1.Service"].is_object());
        assert_eq!(
            defs["io.k8s.api.core.v1.ServicePort"]["properties"]["targetPort"]["$ref"],
            "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString"
        );
        let patch =
            &doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
        assert!(patch["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "fieldValidation" && p["type"] == "string"));
        // Every v3 schema is a definition, and every reference resolves.
        for (_, (v3, _)) in documents().iter() {
            let v3: Value = serde_json::from_str(v3).unwrap_or_default();
            for id in v3["components"]["schemas"].as_object().unwrap().keys() {
                assert!(defs[id].is_object(), "{id}");
            }
        }
        let text = swagger_document();
        for r in text.split("\"$ref\":\"#/definitions/").skip(1) {
            let id = r.split('"').next().unwrap_or("");
            assert!(defs[id].is_object(), "{id}");
        }
    }

    #[test]
    fn accept_negotiation() {
        let h = |a: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT, a.parse().unwrap());
            m
        };
        assert!(accepts_json(&HeaderMap::new()));
        assert!(accepts_json(&h("application/json")));
        assert!(accepts_json(&h("application/json, */*")));
        assert!(!accepts_json(&h(
            "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
        )));
    }

    #[test]
    fn documents_hold_their_kinds_and_what_they_refer_to() {
        let docs = documents();
        for gv in [
            "api/v1",
            "apis/apps/v1",
            "apis/batch/v1",
            "apis/networking.k8s.io/v1",
        ] {
            assert!(docs.contains_key(gv), "{gv}");
        }
        let apps: Value = serde_json::from_str(&docs["apis/apps/v1"].0).unwrap_or_default();
        let schemas = &apps["components"]["schemas"];
        for id in [
            "io.k8s.api.apps.v1.Deployment",
            "io.k8s.api.core.v1.PodTemplateSpec",
            "io.k8s.api.core.v1.Container",
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        ] {
            assert!(schemas[id].is_object(), "{id}");
        }
        assert!(schemas["io.k8s.api.core.v1.Service"].is_null());
        assert_eq!(
            apps["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments"]["get"]
                ["x-kubernetes-group-version-kind"]["kind"],
            "Deployment"
        );
        let patch =
            &apps["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
        assert_eq!(
            patch["x-kubernetes-group-version-kind"]["kind"],
            "Deployment"
        );
        assert!(patch["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "fieldValidation"));
        let d = &schemas["io.k8s.api.apps.v1.Deployment"];
        assert_eq!(
            d["x-kubernetes-group-version-kind"],
            json!([{"group": "apps", "kind": "Deployment", "version": "v1"}])
        );
        assert_eq!(
            d["properties"]["spec"]["allOf"][0]["$ref"],
            "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec"
        );
        // Every reference resolves.
        for (_, (doc, _)) in docs.iter() {
            for r in doc.split("\"$ref\":\"#/components/schemas/").skip(1) {
                let id = r.split('"').next().unwrap_or("");
                assert!(doc.contains(&format!("\"{id}\":{{")), "{id}");
            }
        }
    }
}
