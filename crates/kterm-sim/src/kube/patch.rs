//! The bodies a PATCH may carry, applied to a copy of the stored object:
//! JSON merge patch (RFC 7386), JSON patch (RFC 6902, through the
//! `json-patch` crate), and strategic merge patch for the common fields
//! (lists merged by key, `$patch` directives, `$setElementOrder`,
//! `$retainKeys`, `$deleteFromPrimitiveList`). Server-side apply is in
//! [`super::apply`]. Nothing here touches the store: a bad patch is an
//! error and the stored object stays as it was.

use serde_json::{json, Map, Value};

/// The PATCH content types kube-apiserver accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchType {
    Merge,
    Strategic,
    Json,
    Apply,
}

impl PatchType {
    pub fn from_content_type(ct: &str) -> Option<PatchType> {
        match ct.split(';').next().unwrap_or("").trim() {
            "application/merge-patch+json" => Some(PatchType::Merge),
            "application/strategic-merge-patch+json" => Some(PatchType::Strategic),
            "application/json-patch+json" => Some(PatchType::Json),
            "application/apply-patch+yaml" | "application/apply-patch+cbor" => {
                Some(PatchType::Apply)
            }
            _ => None,
        }
    }
}

/// Why a patch was refused: 400 BadRequest, 422 Invalid, or 413
/// RequestEntityTooLarge (the message after kube-apiserver's
/// `Request entity too large: `).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatchError {
    BadRequest(String),
    Invalid(String),
    TooLarge(String),
}

/// kube-apiserver's `maxJSONPatchOperations`.
pub const MAX_JSON_PATCH_OPERATIONS: usize = 10_000;

/// How much `copy` operations may add to an object, in all: kube-apiserver
/// sets json-patch's `AccumulatedCopySizeLimit` to its request body limit.
pub const MAX_COPY_BYTES: usize = 3 * 1024 * 1024;

/// Bytes of `v` written as compact JSON, counted without writing them.
pub fn json_len(v: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    let _ = serde_json::to_writer(&mut c, v);
    c.0
}

/// A JSON patch applied one operation at a time, refused before anything
/// is applied when it has too many operations, and stopped when its
/// copies would add more than [`MAX_COPY_BYTES`] (an 854-byte patch of
/// 16 copies once made an 8.6 MB object).
fn json_patch_bounded(current: &Value, body: &[u8]) -> Result<Value, PatchError> {
    let patch: json_patch::Patch =
        serde_json::from_slice(body).map_err(|e| PatchError::BadRequest(format!("json: {e}")))?;
    if patch.0.len() > MAX_JSON_PATCH_OPERATIONS {
        return Err(PatchError::TooLarge(format!(
            "The allowed maximum operations in a JSON patch is {MAX_JSON_PATCH_OPERATIONS}, got {}",
            patch.0.len()
        )));
    }
    let mut next = current.clone();
    let mut copied = 0usize;
    for (i, op) in patch.0.iter().enumerate() {
        if let json_patch::PatchOperation::Copy(c) = op {
            copied += next.pointer(c.from.as_str()).map_or(0, json_len);
            if copied > MAX_COPY_BYTES {
                return Err(PatchError::Invalid(format!(
                    "Unable to complete the copy, the accumulated size increase of copy is {copied}, exceeding the limit {MAX_COPY_BYTES}"
                )));
            }
        }
        json_patch::patch(&mut next, std::slice::from_ref(op)).map_err(|mut e| {
            e.operation = i;
            PatchError::Invalid(go_patch_error(&patch, &e))
        })?;
    }
    Ok(next)
}

/// Applies a merge, strategic or JSON patch body to `current`.
pub fn apply(kind: PatchType, current: &Value, body: &[u8]) -> Result<Value, PatchError> {
    match kind {
        PatchType::Json => json_patch_bounded(current, body),
        PatchType::Merge | PatchType::Strategic => {
            let patch: Value = serde_json::from_slice(body).map_err(|e| {
                PatchError::BadRequest(format!(
                    "error decoding patch: invalid character in the patch body: {e}"
                ))
            })?;
            if !patch.is_object() {
                return Err(PatchError::BadRequest(
                    "json: cannot unmarshal array into Go value of type map[string]interface {}"
                        .into(),
                ));
            }
            let mut next = current.clone();
            if kind == PatchType::Merge {
                merge_patch(&mut next, &patch);
            } else {
                strategic(&mut next, &patch, &mut Vec::new()).map_err(PatchError::BadRequest)?;
            }
            Ok(next)
        }
        PatchType::Apply => Err(PatchError::BadRequest(
            "server-side apply is handled by the apply module".into(),
        )),
    }
}

/// The message evanphx/json-patch (kube-apiserver's library) gives for a
/// failed operation.
fn go_patch_error(patch: &json_patch::Patch, e: &json_patch::PatchError) -> String {
    use json_patch::PatchErrorKind as K;
    let path = e.path.to_string();
    let last = path.rsplit('/').next().unwrap_or("");
    let op = patch
        .0
        .get(e.operation)
        .and_then(|o| serde_json::to_value(o).ok())
        .and_then(|v| v["op"].as_str().map(str::to_string))
        .unwrap_or_default();
    let detail = match (&e.kind, op.as_str()) {
        (K::TestFailed, _) => format!("testing value {path} failed: test failed"),
        (K::InvalidPointer, "remove") => {
            format!("Unable to remove nonexistent key: {last}: missing value")
        }
        (K::InvalidPointer, "replace") => {
            format!("replace operation does not apply: doc is missing key: {path}: missing value")
        }
        (K::InvalidPointer, "add") => {
            format!("add operation does not apply: doc is missing path: \"{path}\": missing value")
        }
        (kind, _) => kind.to_string(),
    };
    format!("error in {op} for path: '{path}': {detail}")
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = json!({});
            }
            for (k, v) in p {
                if v.is_null() {
                    target.as_object_mut().map(|o| o.remove(k));
                } else {
                    merge_patch(&mut target[k], v);
                }
            }
        }
        other => *target = other.clone(),
    }
}

/// The key that identifies list elements in a strategic merge, from the
/// Go types' `patchMergeKey` tags for the fields kubectl users touch.
/// `path` is the field names from the root down to the list's parent.
pub fn merge_key(path: &[String], field: &str) -> Option<&'static str> {
    let in_container = path.iter().any(|p| {
        matches!(
            p.as_str(),
            "containers" | "initContainers" | "ephemeralContainers"
        )
    });
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "volumeDevices" => Some("devicePath"),
        "ports" if in_container => Some("containerPort"),
        "ports" => Some("port"),
        "conditions" => Some("type"),
        "ownerReferences" => Some("uid"),
        "hostAliases" => Some("ip"),
        "topologySpreadConstraints" => Some("topologyKey"),
        _ => None,
    }
}

/// Lists of scalars merged as sets (`patchStrategy:"merge"`).
fn is_set_list(field: &str) -> bool {
    field == "finalizers"
}

fn directive(v: &Value) -> Option<&str> {
    v.get("$patch").and_then(Value::as_str)
}

/// Strategic merge of `patch` into `target`. Returns an error message for
/// directives it does not know, as the apiserver refuses them.
pub fn strategic(target: &mut Value, patch: &Value, path: &mut Vec<String>) -> Result<(), String> {
    let Some(p) = patch.as_object() else {
        *target = patch.clone();
        return Ok(());
    };
    match directive(patch) {
        Some("replace") => {
            let mut fresh = json!({});
            let mut rest = p.clone();
            rest.remove("$patch");
            strategic(&mut fresh, &Value::Object(rest), path)?;
            *target = fresh;
            return Ok(());
        }
        Some("delete") => {
            *target = Value::Null;
            return Ok(());
        }
        Some(other) => return Err(format!("Unknown patch type: {other}")),
        None => {}
    }
    if !target.is_object() {
        *target = json!({});
    }
    let retain: Option<Vec<String>> = p.get("$retainKeys").and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    });
    for (k, v) in p {
        if k.starts_with("$setElementOrder/") || k == "$retainKeys" {
            continue;
        }
        if let Some(field) = k.strip_prefix("$deleteFromPrimitiveList/") {
            if let (Some(list), Some(gone)) = (target[field].as_array_mut(), v.as_array()) {
                list.retain(|x| !gone.contains(x));
            }
            continue;
        }
        if k.starts_with('$') {
            return Err(format!("unknown directive {k}"));
        }
        let obj = target.as_object_mut().ok_or("target is not an object")?;
        match v {
            Value::Null => {
                obj.remove(k);
            }
            Value::Object(_) => {
                let slot = obj.entry(k.clone()).or_insert(Value::Null);
                path.push(k.clone());
                let r = strategic(slot, v, path);
                path.pop();
                r?;
                if slot.is_null() {
                    obj.remove(k);
                }
            }
            Value::Array(items) => {
                let slot = obj.entry(k.clone()).or_insert(Value::Null);
                merge_list(slot, items, path, k)?;
            }
            scalar => {
                obj.insert(k.clone(), scalar.clone());
            }
        }
    }
    if let (Some(keep), Some(obj)) = (retain, target.as_object_mut()) {
        obj.retain(|k, _| keep.contains(k));
    }
    Ok(())
}

fn merge_list(
    target: &mut Value,
    items: &[Value],
    path: &mut Vec<String>,
    field: &str,
) -> Result<(), String> {
    let replace_all = items.iter().any(|i| directive(i) == Some("replace"));
    let Some(key) = merge_key(path, field).filter(|_| !replace_all) else {
        if is_set_list(field) && !replace_all {
            let mut list = target.as_array().cloned().unwrap_or_default();
            for i in items {
                if !list.contains(i) {
                    list.push(i.clone());
                }
            }
            *target = Value::Array(list);
        } else {
            // Atomic lists, and `$patch: replace`: the patch's list wins,
            // with its own directives resolved against nothing.
            let mut out = Vec::new();
            for i in items.iter().filter(|i| directive(i).is_none()) {
                let mut fresh = if i.is_object() {
                    json!({})
                } else {
                    Value::Null
                };
                path.push(field.to_string());
                strategic(&mut fresh, i, path)?;
                path.pop();
                out.push(fresh);
            }
            *target = Value::Array(out);
        }
        return Ok(());
    };
    let mut list = target.as_array().cloned().unwrap_or_default();
    path.push(field.to_string());
    for item in items {
        let Some(id) = item.get(key) else {
            path.pop();
            return Err(format!(
                "map: {item} does not contain declared merge key: {key}"
            ));
        };
        let pos = list.iter().position(|e| e.get(key) == Some(id));
        match (directive(item), pos) {
            (Some("delete"), Some(i)) => {
                list.remove(i);
            }
            (Some("delete"), None) => {}
            (_, Some(i)) => strategic(&mut list[i], item, path)?,
            (_, None) => {
                let mut fresh = json!({});
                strategic(&mut fresh, item, path)?;
                list.push(fresh);
            }
        }
    }
    path.pop();
    *target = Value::Array(list);
    Ok(())
}

/// Checks that a patched object is still one the API would store; the
/// messages are kube-apiserver's validation wording.
pub fn validate(kind_group: &str, name: &str, obj: &Value) -> Result<(), String> {
    let invalid = |field: &str, detail: String| {
        Err(format!(
            "{kind_group} \"{name}\" is invalid: {field}: {detail}"
        ))
    };
    if !obj["metadata"].is_object() {
        return invalid("metadata", "Required value".into());
    }
    for m in ["labels", "annotations"] {
        match &obj["metadata"][m] {
            Value::Null => {}
            Value::Object(map) => {
                if let Some((k, v)) = map.iter().find(|(_, v)| !v.is_string()) {
                    return invalid(
                        &format!("metadata.{m}.{k}"),
                        format!("Invalid value: {v}: must be a string"),
                    );
                }
            }
            _ => {
                return invalid(
                    &format!("metadata.{m}"),
                    "Invalid value: must be a map".into(),
                )
            }
        }
    }
    if kind_group == "Service" {
        if let Some(t) = obj["spec"]["type"].as_str() {
            if !matches!(
                t,
                "ClusterIP" | "ExternalName" | "LoadBalancer" | "NodePort"
            ) {
                return invalid(
                    "spec.type",
                    format!("Unsupported value: \"{t}\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""),
                );
            }
        }
    }
    if let Some(r) = obj["spec"].get("replicas") {
        match r.as_i64() {
            Some(n) if n >= 0 => {}
            Some(n) => {
                return invalid(
                    "spec.replicas",
                    format!("Invalid value: {n}: must be greater than or equal to 0"),
                )
            }
            None if r.is_null() => {}
            None => {
                return invalid(
                    "spec.replicas",
                    format!("Invalid value: {r}: must be an integer"),
                )
            }
        }
    }
    let pod_spec = if obj["kind"] == "Pod" {
        Some(("spec", &obj["spec"]))
    } else {
        obj["spec"]["template"]
            .get("spec")
            .map(|s| ("spec.template.spec", s))
    };
    if let Some((at, spec)) = pod_spec {
        match spec["containers"].as_array() {
            Some(cs) if !cs.is_empty() => {
                for (i, c) in cs.iter().enumerate() {
                    if c["name"].as_str().is_none_or(str::is_empty) {
                        return invalid(
                            &format!("{at}.containers[{i}].name"),
                            "Required value".into(),
                        );
                    }
                    if c["image"].as_str().is_none_or(str::is_empty) {
                        return invalid(
                            &format!("{at}.containers[{i}].image"),
                            "Required value".into(),
                        );
                    }
                }
            }
            _ => return invalid(&format!("{at}.containers"), "Required value".into()),
        }
    }
    Ok(())
}

/// The fields of `obj` without `$…` directives (for objects created by a
/// patch or an apply).
pub fn strip_directives(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, v)| (k.clone(), strip_directives(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_directives).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smp(current: Value, patch: Value) -> Result<Value, String> {
        let mut t = current;
        strategic(&mut t, &patch, &mut Vec::new())?;
        Ok(t)
    }

    fn deploy(containers: Value) -> Value {
        json!({"spec": {"replicas": 3, "template": {"spec": {"containers": containers}}}})
    }

    #[test]
    fn strategic_table() {
        let two = json!([{"name": "a", "image": "a:1", "env": [{"name": "X", "value": "1"}]}, {"name": "b", "image": "b:1"}]);
        let cases: Vec<(&str, Value, Value, Value)> = vec![
            (
                "containers merge by name",
                deploy(two.clone()),
                json!({"spec": {"template": {"spec": {"containers": [{"name": "b", "image": "b:2"}]}}}}),
                deploy(
                    json!([{"name": "a", "image": "a:1", "env": [{"name": "X", "value": "1"}]}, {"name": "b", "image": "b:2"}]),
                ),
            ),
            (
                "new element appended, env merged by name",
                deploy(two.clone()),
                json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "env": [{"name": "Y", "value": "2"}]}, {"name": "c", "image": "c:1"}]}}}}),
                deploy(
                    json!([{"name": "a", "image": "a:1", "env": [{"name": "X", "value": "1"}, {"name": "Y", "value": "2"}]}, {"name": "b", "image": "b:1"}, {"name": "c", "image": "c:1"}]),
                ),
            ),
            (
                "$patch: delete removes by key",
                deploy(two.clone()),
                json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "$patch": "delete"}]}}}}),
                deploy(json!([{"name": "b", "image": "b:1"}])),
            ),
            (
                "$patch: replace on a list",
                deploy(two.clone()),
                json!({"spec": {"template": {"spec": {"containers": [{"name": "z", "image": "z:1"}, {"$patch": "replace"}]}}}}),
                deploy(json!([{"name": "z", "image": "z:1"}])),
            ),
            (
                "null deletes, $setElementOrder tolerated",
                deploy(two.clone()),
                json!({"spec": {"replicas": null, "template": {"spec": {"$setElementOrder/containers": [{"name": "a"}, {"name": "b"}], "containers": [{"name": "a", "env": null}]}}}}),
                json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}]}}}}),
            ),
            (
                "atomic list replaced",
                json!({"spec": {"args": ["a", "b"]}}),
                json!({"spec": {"args": ["c"]}}),
                json!({"spec": {"args": ["c"]}}),
            ),
            (
                "container ports by containerPort, service ports by port",
                json!({"spec": {"ports": [{"port": 80, "name": "http"}], "containers": [{"name": "a", "ports": [{"containerPort": 80}]}]}}),
                json!({"spec": {"ports": [{"port": 443}], "containers": [{"name": "a", "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}}),
                json!({"spec": {"ports": [{"port": 80, "name": "http"}, {"port": 443}], "containers": [{"name": "a", "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}}),
            ),
            (
                "$patch: replace on a map, $retainKeys",
                json!({"metadata": {"labels": {"a": "1", "b": "2"}}, "spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}}),
                json!({"metadata": {"labels": {"$patch": "replace", "c": "3"}}, "spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}),
                json!({"metadata": {"labels": {"c": "3"}}, "spec": {"strategy": {"type": "Recreate"}}}),
            ),
            (
                "finalizers merged as a set, $deleteFromPrimitiveList",
                json!({"metadata": {"finalizers": ["a", "b"]}}),
                json!({"metadata": {"finalizers": ["c", "a"], "$deleteFromPrimitiveList/finalizers": ["b"]}}),
                json!({"metadata": {"finalizers": ["a", "c"]}}),
            ),
        ];
        for (name, cur, patch, want) in cases {
            assert_eq!(smp(cur, patch).unwrap(), want, "{name}");
        }
        assert!(smp(json!({}), json!({"spec": {"$patch": "bogus"}})).is_err());
        assert!(smp(
            deploy(two),
            json!({"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}})
        )
        .is_err());
    }

    #[test]
    fn json_and_merge_patches() {
        let cur = json!({"metadata": {"name": "x", "labels": {"a": "1"}}, "spec": {"replicas": 1}});
        let next = apply(
            PatchType::Json,
            &cur,
            br#"[{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/metadata/labels/b","value":"2"}]"#,
        )
        .unwrap();
        assert_eq!(next["spec"]["replicas"], 4);
        assert_eq!(next["metadata"]["labels"], json!({"a": "1", "b": "2"}));
        assert!(matches!(
            apply(
                PatchType::Json,
                &cur,
                br#"[{"op":"remove","path":"/spec/nope"}]"#
            ),
            Err(PatchError::Invalid(_))
        ));
        assert!(matches!(
            apply(PatchType::Json, &cur, b"{"),
            Err(PatchError::BadRequest(_))
        ));
        let next = apply(
            PatchType::Merge,
            &cur,
            br#"{"metadata":{"labels":{"a":null}}}"#,
        )
        .unwrap();
        assert_eq!(next["metadata"]["labels"], json!({}));
        assert!(matches!(
            apply(PatchType::Merge, &cur, b"[1]"),
            Err(PatchError::BadRequest(_))
        ));
        assert_eq!(
            PatchType::from_content_type("application/strategic-merge-patch+json; charset=utf-8"),
            Some(PatchType::Strategic)
        );
    }

    #[test]
    fn json_patch_limits() {
        // 16 copies doubling /data: refused once the copies add 3 MiB.
        let cur = json!({"metadata": {"name": "x"}, "data": {"k": "v".repeat(40_000)}});
        let ops: Vec<Value> = (0..16)
            .map(|i| json!({"op": "copy", "from": "/data", "path": format!("/data/k{i}")}))
            .collect();
        let body = serde_json::to_vec(&ops).unwrap();
        assert!(body.len() < 1000);
        let err = apply(PatchType::Json, &cur, &body).unwrap_err();
        let PatchError::Invalid(m) = err else {
            panic!("{err:?}")
        };
        assert!(
            m.starts_with("Unable to complete the copy, the accumulated size increase of copy is ")
                && m.ends_with(", exceeding the limit 3145728"),
            "{m}"
        );
        // A few copies stay well under it.
        let next = apply(
            PatchType::Json,
            &cur,
            &serde_json::to_vec(&ops[..3]).unwrap(),
        )
        .unwrap();
        assert_eq!(
            next["data"]["k2"]["k1"]["k0"]["k"].as_str().map(str::len),
            Some(40_000)
        );
        // More than 10,000 operations are refused before any is applied.
        let many: Vec<Value> = (0..10_001)
            .map(|_| json!({"op": "test", "path": "/metadata/name", "value": "x"}))
            .collect();
        assert_eq!(
            apply(PatchType::Json, &cur, &serde_json::to_vec(&many).unwrap()),
            Err(PatchError::TooLarge(
                "The allowed maximum operations in a JSON patch is 10000, got 10001".into()
            ))
        );
        assert!(apply(
            PatchType::Json,
            &cur,
            &serde_json::to_vec(&many[..10_000]).unwrap()
        )
        .is_ok());
        // A failing operation is reported by its own index.
        let err = apply(
            PatchType::Json,
            &cur,
            br#"[{"op":"test","path":"/metadata/name","value":"x"},{"op":"remove","path":"/nope"}]"#,
        );
        assert_eq!(
            err,
            Err(PatchError::Invalid(
                "error in remove for path: '/nope': Unable to remove nonexistent key: nope: missing value".into()
            ))
        );
    }

    #[test]
    fn validation() {
        let ok = json!({"kind": "Deployment", "metadata": {"name": "w"}, "spec": {"replicas": 1, "template": {"spec": {"containers": [{"name": "a", "image": "i"}]}}}});
        assert_eq!(validate("Deployment.apps", "w", &ok), Ok(()));
        let mut bad = ok.clone();
        bad["spec"]["replicas"] = json!(-1);
        assert_eq!(
            validate("Deployment.apps", "w", &bad),
            Err("Deployment.apps \"w\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0".into())
        );
        let mut bad = ok;
        bad["metadata"]["labels"] = json!({"a": 1});
        assert!(validate("Deployment.apps", "w", &bad).is_err());
        let svc = json!({"metadata": {"name": "s"}, "spec": {"type": "Bogus"}});
        assert_eq!(
            validate("Service", "s", &svc),
            Err("Service \"s\" is invalid: spec.type: Unsupported value: \"Bogus\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"".into())
        );
    }
}
