//! Just enough Kubernetes protobuf to accept what kubectl's typed clients
//! send (`kubectl create namespace|configmap|secret|deployment`, `auth
//! can-i`): the `k8s\0` envelope (runtime.Unknown), ObjectMeta, the
//! ConfigMap and Secret data maps, and a Deployment's spec down to its
//! containers (field numbers from k8s.io/api's generated.proto). Other
//! protobuf bodies are refused with 415.

use base64::Engine;
use serde_json::{json, Map, Value};

const MAGIC: &[u8] = b"k8s\0";

/// One decoded field: varints and length-delimited ones with their number;
/// fixed-width scalars (not needed here) only skipped.
enum Field<'a> {
    Scalar,
    Varint(u32, u64),
    Bytes(u32, &'a [u8]),
}

fn varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*pos)?;
        *pos += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn fields(b: &[u8]) -> Option<Vec<Field<'_>>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < b.len() {
        let key = varint(b, &mut pos)?;
        let number = u32::try_from(key >> 3).ok()?;
        match key & 7 {
            0 => {
                let v = varint(b, &mut pos)?;
                out.push(Field::Varint(number, v));
            }
            1 => {
                pos += 8;
                out.push(Field::Scalar);
            }
            5 => {
                pos += 4;
                out.push(Field::Scalar);
            }
            2 => {
                let len = usize::try_from(varint(b, &mut pos)?).ok()?;
                let end = pos.checked_add(len).filter(|e| *e <= b.len())?;
                out.push(Field::Bytes(number, &b[pos..end]));
                pos = end;
            }
            _ => return None,
        }
    }
    (pos == b.len()).then_some(out)
}

fn text(b: &[u8]) -> Option<String> {
    String::from_utf8(b.to_vec()).ok()
}

/// A `map<string, string|bytes>` entry (key = 1, value = 2).
fn entry(b: &[u8], bytes_value: bool) -> Option<(String, Value)> {
    let mut k = String::new();
    let mut v = Value::String(String::new());
    for f in fields(b)? {
        match f {
            Field::Bytes(1, x) => k = text(x)?,
            Field::Bytes(2, x) if bytes_value => {
                v = json!(base64::engine::general_purpose::STANDARD.encode(x))
            }
            Field::Bytes(2, x) => v = json!(text(x)?),
            _ => {}
        }
    }
    Some((k, v))
}

fn object_meta(b: &[u8]) -> Option<Value> {
    let mut m = Map::new();
    let mut labels = Map::new();
    let mut annotations = Map::new();
    for f in fields(b)? {
        match f {
            // proto2 writes empty strings; JSON leaves them out.
            Field::Bytes(n @ 1..=3, x) if !x.is_empty() => {
                let key = ["name", "generateName", "namespace"][n as usize - 1];
                m.insert(key.into(), json!(text(x)?));
            }
            Field::Bytes(11, x) => {
                let (k, v) = entry(x, false)?;
                labels.insert(k, v);
            }
            Field::Bytes(12, x) => {
                let (k, v) = entry(x, false)?;
                annotations.insert(k, v);
            }
            _ => {}
        }
    }
    if !labels.is_empty() {
        m.insert("labels".into(), Value::Object(labels));
    }
    if !annotations.is_empty() {
        m.insert("annotations".into(), Value::Object(annotations));
    }
    Some(Value::Object(m))
}

/// `SelfSubjectAccessReviewSpec` (`kubectl auth can-i`): resource
/// attributes (field 1) or non-resource ones (field 2), all strings.
fn review_spec(b: &[u8]) -> Option<Value> {
    const RESOURCE: &[&str] = &[
        "namespace",
        "verb",
        "group",
        "version",
        "resource",
        "subresource",
        "name",
    ];
    let mut spec = json!({});
    for f in fields(b)? {
        let (key, names): (&str, &[&str]) = match f {
            Field::Bytes(1, _) => ("resourceAttributes", RESOURCE),
            Field::Bytes(2, _) => ("nonResourceAttributes", &["path", "verb"]),
            _ => continue,
        };
        let Field::Bytes(_, x) = f else { continue };
        let mut attrs = Map::new();
        for g in fields(x)? {
            if let Field::Bytes(n, v) = g {
                if let Some(name) = (n as usize).checked_sub(1).and_then(|i| names.get(i)) {
                    attrs.insert(name.to_string(), json!(text(v)?));
                }
            }
        }
        spec[key] = Value::Object(attrs);
    }
    Some(spec)
}

/// Sets `obj[key]` to a non-empty string field (proto2 writes empty
/// strings; JSON leaves them out).
fn put_text(obj: &mut Value, key: &str, b: &[u8]) -> Option<()> {
    let t = text(b)?;
    if !t.is_empty() {
        obj[key] = json!(t);
    }
    Some(())
}

/// A `map<string, string>` field's entries, gathered by the caller.
fn put_entry(map: &mut Map<String, Value>, b: &[u8]) -> Option<()> {
    let (k, v) = entry(b, false)?;
    map.insert(k, v);
    Some(())
}

/// `DeploymentSpec`: replicas 1, selector 2, template 3, strategy 4,
/// minReadySeconds 5, revisionHistoryLimit 6, paused 7,
/// progressDeadlineSeconds 9.
fn deployment_spec(b: &[u8]) -> Option<Value> {
    let mut spec = json!({});
    for f in fields(b)? {
        match f {
            Field::Varint(1, v) => spec["replicas"] = json!(v as i32),
            Field::Bytes(2, x) => spec["selector"] = label_selector(x)?,
            Field::Bytes(3, x) => spec["template"] = pod_template(x)?,
            Field::Bytes(4, x) => spec["strategy"] = strategy(x)?,
            Field::Varint(5, v) if v != 0 => spec["minReadySeconds"] = json!(v as i32),
            Field::Varint(6, v) => spec["revisionHistoryLimit"] = json!(v as i32),
            Field::Varint(7, v) if v != 0 => spec["paused"] = json!(true),
            Field::Varint(9, v) => spec["progressDeadlineSeconds"] = json!(v as i32),
            _ => {}
        }
    }
    Some(spec)
}

/// `LabelSelector`: matchLabels 1, matchExpressions 2 (key 1, operator 2,
/// values 3).
fn label_selector(b: &[u8]) -> Option<Value> {
    let mut labels = Map::new();
    let mut exprs = Vec::new();
    for f in fields(b)? {
        match f {
            Field::Bytes(1, x) => put_entry(&mut labels, x)?,
            Field::Bytes(2, x) => {
                let mut e = json!({});
                let mut values = Vec::new();
                for g in fields(x)? {
                    match g {
                        Field::Bytes(1, v) => e["key"] = json!(text(v)?),
                        Field::Bytes(2, v) => e["operator"] = json!(text(v)?),
                        Field::Bytes(3, v) => values.push(json!(text(v)?)),
                        _ => {}
                    }
                }
                if !values.is_empty() {
                    e["values"] = Value::Array(values);
                }
                exprs.push(e);
            }
            _ => {}
        }
    }
    let mut sel = json!({});
    if !labels.is_empty() {
        sel["matchLabels"] = Value::Object(labels);
    }
    if !exprs.is_empty() {
        sel["matchExpressions"] = Value::Array(exprs);
    }
    Some(sel)
}

/// `PodTemplateSpec`: metadata 1, spec 2 (`PodSpec`: containers 2,
/// restartPolicy 3, nodeSelector 7, serviceAccountName 8).
fn pod_template(b: &[u8]) -> Option<Value> {
    let mut t = json!({});
    for f in fields(b)? {
        match f {
            Field::Bytes(1, x) => t["metadata"] = object_meta(x)?,
            Field::Bytes(2, x) => {
                let mut spec = json!({});
                let mut containers = Vec::new();
                let mut selector = Map::new();
                for g in fields(x)? {
                    match g {
                        Field::Bytes(2, c) => containers.push(container(c)?),
                        Field::Bytes(3, v) => put_text(&mut spec, "restartPolicy", v)?,
                        Field::Bytes(7, v) => put_entry(&mut selector, v)?,
                        Field::Bytes(8, v) => put_text(&mut spec, "serviceAccountName", v)?,
                        _ => {}
                    }
                }
                spec["containers"] = Value::Array(containers);
                if !selector.is_empty() {
                    spec["nodeSelector"] = Value::Object(selector);
                }
                t["spec"] = spec;
            }
            _ => {}
        }
    }
    Some(t)
}

/// `Container`: name 1, image 2, command 3, args 4, workingDir 5, ports 6
/// (name 1, hostPort 2, containerPort 3, protocol 4), env 7 (name 1,
/// value 2), imagePullPolicy 14.
fn container(b: &[u8]) -> Option<Value> {
    let mut c = json!({});
    let (mut command, mut args, mut ports, mut env) = (vec![], vec![], vec![], vec![]);
    for f in fields(b)? {
        match f {
            Field::Bytes(1, v) => put_text(&mut c, "name", v)?,
            Field::Bytes(2, v) => put_text(&mut c, "image", v)?,
            Field::Bytes(3, v) => command.push(json!(text(v)?)),
            Field::Bytes(4, v) => args.push(json!(text(v)?)),
            Field::Bytes(5, v) => put_text(&mut c, "workingDir", v)?,
            Field::Bytes(6, x) => {
                let mut p = json!({});
                for g in fields(x)? {
                    match g {
                        Field::Bytes(1, v) => put_text(&mut p, "name", v)?,
                        Field::Varint(2, v) if v != 0 => p["hostPort"] = json!(v as i32),
                        Field::Varint(3, v) => p["containerPort"] = json!(v as i32),
                        Field::Bytes(4, v) => put_text(&mut p, "protocol", v)?,
                        _ => {}
                    }
                }
                ports.push(p);
            }
            Field::Bytes(7, x) => {
                let mut e = json!({});
                for g in fields(x)? {
                    match g {
                        Field::Bytes(1, v) => e["name"] = json!(text(v)?),
                        Field::Bytes(2, v) => put_text(&mut e, "value", v)?,
                        _ => {}
                    }
                }
                env.push(e);
            }
            Field::Bytes(14, v) => put_text(&mut c, "imagePullPolicy", v)?,
            _ => {}
        }
    }
    for (key, list) in [
        ("command", command),
        ("args", args),
        ("ports", ports),
        ("env", env),
    ] {
        if !list.is_empty() {
            c[key] = Value::Array(list);
        }
    }
    Some(c)
}

/// An `IntOrString` (type 1: 0 int, 1 string; intVal 2; strVal 3).
fn int_or_string(b: &[u8]) -> Option<Value> {
    let (mut is_str, mut int, mut string) = (false, 0u64, String::new());
    for f in fields(b)? {
        match f {
            Field::Varint(1, t) => is_str = t == 1,
            Field::Varint(2, v) => int = v,
            Field::Bytes(3, v) => string = text(v)?,
            _ => {}
        }
    }
    Some(if is_str {
        json!(string)
    } else {
        json!(int as i32)
    })
}

/// `ServiceSpec` (`kubectl create service`): ports 1 (name 1, protocol 2,
/// port 3, targetPort 4, nodePort 5), selector 2, clusterIP 3, type 4.
fn service_spec(b: &[u8]) -> Option<Value> {
    let mut spec = json!({});
    let (mut ports, mut selector) = (Vec::new(), Map::new());
    for f in fields(b)? {
        match f {
            Field::Bytes(1, x) => {
                let mut p = json!({});
                for g in fields(x)? {
                    match g {
                        Field::Bytes(1, v) => put_text(&mut p, "name", v)?,
                        Field::Bytes(2, v) => put_text(&mut p, "protocol", v)?,
                        Field::Varint(3, v) => p["port"] = json!(v as i32),
                        Field::Bytes(4, y) => p["targetPort"] = int_or_string(y)?,
                        Field::Varint(5, v) if v != 0 => p["nodePort"] = json!(v as i32),
                        _ => {}
                    }
                }
                ports.push(p);
            }
            Field::Bytes(2, x) => put_entry(&mut selector, x)?,
            Field::Bytes(3, v) => put_text(&mut spec, "clusterIP", v)?,
            Field::Bytes(4, v) => put_text(&mut spec, "type", v)?,
            _ => {}
        }
    }
    if !ports.is_empty() {
        spec["ports"] = Value::Array(ports);
    }
    if !selector.is_empty() {
        spec["selector"] = Value::Object(selector);
    }
    Some(spec)
}

/// `DeploymentStrategy`: type 1, rollingUpdate 2 (maxUnavailable 1,
/// maxSurge 2, each an IntOrString: type 1, intVal 2, strVal 3).
fn strategy(b: &[u8]) -> Option<Value> {
    let mut s = json!({});
    for f in fields(b)? {
        match f {
            Field::Bytes(1, v) => put_text(&mut s, "type", v)?,
            Field::Bytes(2, x) => {
                let mut ru = json!({});
                for g in fields(x)? {
                    let (key, y) = match g {
                        Field::Bytes(1, y) => ("maxUnavailable", y),
                        Field::Bytes(2, y) => ("maxSurge", y),
                        _ => continue,
                    };
                    ru[key] = int_or_string(y)?;
                }
                s["rollingUpdate"] = ru;
            }
            _ => {}
        }
    }
    Some(s)
}

/// Decodes a protobuf-encoded Namespace, ConfigMap or Secret into its JSON
/// form; `None` for anything else.
pub fn decode(body: &[u8]) -> Option<Value> {
    let unknown = fields(body.strip_prefix(MAGIC)?)?;
    let (mut api_version, mut kind, mut raw) = (String::new(), String::new(), &[][..]);
    for f in unknown {
        match f {
            Field::Bytes(1, tm) => {
                for g in fields(tm)? {
                    match g {
                        Field::Bytes(1, x) => api_version = text(x)?,
                        Field::Bytes(2, x) => kind = text(x)?,
                        _ => {}
                    }
                }
            }
            Field::Bytes(2, x) => raw = x,
            _ => {}
        }
    }
    let mut obj = json!({"apiVersion": api_version, "kind": kind});
    let mut data = Map::new();
    for f in fields(raw)? {
        match (kind.as_str(), f) {
            (_, Field::Bytes(1, x)) => obj["metadata"] = object_meta(x)?,
            ("ConfigMap", Field::Bytes(2, x)) => {
                let (k, v) = entry(x, false)?;
                data.insert(k, v);
            }
            ("Secret", Field::Bytes(2, x)) => {
                let (k, v) = entry(x, true)?;
                data.insert(k, v);
            }
            ("Secret", Field::Bytes(3, x)) => obj["type"] = json!(text(x)?),
            ("SelfSubjectAccessReview", Field::Bytes(2, x)) => obj["spec"] = review_spec(x)?,
            ("Deployment", Field::Bytes(2, x)) => obj["spec"] = deployment_spec(x)?,
            ("Service", Field::Bytes(2, x)) => obj["spec"] = service_spec(x)?,
            _ => {}
        }
    }
    match kind.as_str() {
        "Namespace" | "ServiceAccount" | "SelfSubjectAccessReview" | "Deployment" | "Service" => {}
        "ConfigMap" | "Secret" => {
            if !data.is_empty() {
                obj["data"] = Value::Object(data);
            }
        }
        _ => return None,
    }
    Some(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(n: u32, bytes: &[u8]) -> Vec<u8> {
        let mut v = vec![((n << 3) | 2) as u8, bytes.len() as u8];
        v.extend_from_slice(bytes);
        v
    }

    #[test]
    fn namespace_and_configmap() {
        let meta = [
            field(1, b"team-a"),
            field(11, &[field(1, b"env"), field(2, b"dev")].concat()),
        ]
        .concat();
        let type_meta = [field(1, b"v1"), field(2, b"Namespace")].concat();
        let body = [
            MAGIC.to_vec(),
            field(1, &type_meta),
            field(2, &field(1, &meta)),
        ]
        .concat();
        assert_eq!(
            decode(&body),
            Some(
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a", "labels": {"env": "dev"}}})
            )
        );

        let cm_raw = [
            field(1, &field(1, b"cfg")),
            field(2, &[field(1, b"k"), field(2, b"v")].concat()),
        ]
        .concat();
        let type_meta = [field(1, b"v1"), field(2, b"ConfigMap")].concat();
        let body = [MAGIC.to_vec(), field(1, &type_meta), field(2, &cm_raw)].concat();
        assert_eq!(
            decode(&body),
            Some(
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}, "data": {"k": "v"}})
            )
        );
        assert_eq!(decode(b"not protobuf"), None);
        assert_eq!(decode(b"k8s\0\xff"), None);
    }

    fn varint_field(n: u32, v: u8) -> Vec<u8> {
        vec![(n << 3) as u8, v] // wire type 0: varint
    }

    /// What `kubectl create deployment shop --image=nginx:1.27 --replicas=2
    /// --port=80` sends, with the empty strings and zeros proto2 writes.
    #[test]
    fn deployment() {
        let labels = field(11, &[field(1, b"app"), field(2, b"shop")].concat());
        let port = [
            field(1, b""),
            varint_field(2, 0),
            varint_field(3, 80),
            field(4, b""),
        ]
        .concat();
        let container = [
            field(1, b"nginx"),
            field(2, b"nginx:1.27"),
            field(5, b""),
            field(6, &port),
            field(14, b""),
        ]
        .concat();
        let template = [
            field(1, &[field(1, b""), field(2, b""), labels.clone()].concat()),
            field(2, &[field(2, &container), field(3, b"")].concat()),
        ]
        .concat();
        let spec = [
            varint_field(1, 2),
            field(
                2,
                &field(1, &[field(1, b"app"), field(2, b"shop")].concat()),
            ),
            field(3, &template),
            field(4, &field(1, b"")),
            varint_field(5, 0),
            varint_field(7, 0),
        ]
        .concat();
        let raw = [
            field(1, &[field(1, b"shop"), labels].concat()),
            field(2, &spec),
        ]
        .concat();
        let type_meta = [field(1, b"apps/v1"), field(2, b"Deployment")].concat();
        let body = [MAGIC.to_vec(), field(1, &type_meta), field(2, &raw)].concat();
        assert_eq!(
            decode(&body),
            Some(json!({
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "shop", "labels": {"app": "shop"}},
                "spec": {
                    "replicas": 2,
                    "selector": {"matchLabels": {"app": "shop"}},
                    "template": {
                        "metadata": {"labels": {"app": "shop"}},
                        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}]}
                    },
                    "strategy": {}
                }
            }))
        );
    }
}
