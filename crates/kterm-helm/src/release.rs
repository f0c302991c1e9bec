//! A Helm 3 release record: decoded from its Secret (Helm's storage
//! driver writes base64(gzip(JSON)) into `data.release`, which the API
//! base64-encodes once more) and read field by field as Helm's
//! `release.Release` holds it. Re-encoded for `-o json|yaml` in the
//! field order of Helm's Go structs, with `omitempty` honoured.

use std::io::Read;

use base64::Engine;
use serde_json::{json, Map, Value};

use crate::gotime::GoTime;

/// The labels Helm's storage sets itself (pkg/storage/driver/util.go).
const SYSTEM_LABELS: &[&str] = &[
    "name",
    "owner",
    "status",
    "version",
    "createdAt",
    "modifiedAt",
];

#[derive(Debug, Clone)]
pub struct Release {
    v: Value,
    /// The Secret's labels (only the user's ones for a single get, as
    /// Helm's driver filters them).
    pub labels: Map<String, Value>,
}

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b, 0x08];

/// Decodes the driver's encoding: base64, then gunzip when the bytes are
/// gzip, then JSON.
pub fn decode(stored: &str) -> Result<Value, String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let bytes = b64.decode(stored.trim()).map_err(|e| e.to_string())?;
    let json = if bytes.len() > 3 && bytes.starts_with(GZIP_MAGIC) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| e.to_string())?;
        out
    } else {
        bytes
    };
    serde_json::from_slice(&json).map_err(|e| e.to_string())
}

impl Release {
    /// The release a Secret holds; `None` when its data is not a release.
    pub fn from_secret(secret: &Value, system_labels: bool) -> Option<Release> {
        let b64 = base64::engine::general_purpose::STANDARD;
        let data = secret["data"]["release"].as_str()?;
        let inner = b64.decode(data).ok()?;
        let v = decode(std::str::from_utf8(&inner).ok()?).ok()?;
        if !v.is_object() {
            return None;
        }
        let mut labels = secret["metadata"]["labels"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        if !system_labels {
            labels.retain(|k, _| !SYSTEM_LABELS.contains(&k.as_str()));
        }
        Some(Release { v, labels })
    }

    /// A release from its JSON and labels (tests build records this way).
    #[cfg(test)]
    pub fn from_value(v: Value) -> Release {
        Release {
            v,
            labels: Map::new(),
        }
    }

    fn str(&self, v: &Value) -> String {
        v.as_str().unwrap_or("").to_string()
    }

    pub fn name(&self) -> String {
        self.str(&self.v["name"])
    }

    pub fn namespace(&self) -> String {
        self.str(&self.v["namespace"])
    }

    pub fn version(&self) -> i64 {
        self.v["version"].as_i64().unwrap_or(0)
    }

    pub fn status(&self) -> String {
        self.str(&self.v["info"]["status"])
    }

    pub fn description(&self) -> String {
        self.str(&self.v["info"]["description"])
    }

    pub fn notes(&self) -> String {
        self.str(&self.v["info"]["notes"])
    }

    pub fn manifest(&self) -> String {
        self.str(&self.v["manifest"])
    }

    pub fn last_deployed(&self) -> Option<GoTime> {
        GoTime::parse(self.v["info"]["last_deployed"].as_str()?)
    }

    pub fn hooks(&self) -> Vec<Value> {
        self.v["hooks"].as_array().cloned().unwrap_or_default()
    }

    /// The user-supplied values (`null` when there were none).
    pub fn config(&self) -> Value {
        match &self.v["config"] {
            Value::Object(o) if !o.is_empty() => Value::Object(o.clone()),
            _ => Value::Null,
        }
    }

    /// The chart's default values.
    pub fn chart_values(&self) -> Value {
        self.v["chart"]["values"].clone()
    }

    fn metadata(&self) -> Option<&Map<String, Value>> {
        self.v["chart"]["metadata"].as_object()
    }

    /// A field of the chart's metadata as stored (`Null` when absent).
    pub fn chart_metadata(&self, key: &str) -> Value {
        self.metadata()
            .and_then(|m| m.get(key))
            .cloned()
            .unwrap_or(Value::Null)
    }

    pub fn chart_field(&self, key: &str) -> String {
        self.metadata()
            .and_then(|m| m.get(key))
            .map(|v| self.str(v))
            .unwrap_or_default()
    }

    /// `formatChartName`: `name-version`, or `MISSING` without a chart.
    pub fn chart_label(&self) -> String {
        match self.metadata() {
            None => "MISSING".into(),
            Some(_) => format!(
                "{}-{}",
                self.chart_field("name"),
                self.chart_field("version")
            ),
        }
    }

    /// `formatAppVersion`.
    pub fn app_version(&self) -> String {
        match self.metadata() {
            None => "MISSING".into(),
            Some(_) => self.chart_field("appVersion"),
        }
    }

    /// The release as `helm status -o json|yaml` encodes it (without its
    /// chart, which `status` drops before printing).
    pub fn status_json(&self) -> Value {
        let info = &self.v["info"];
        let mut i = Map::new();
        for k in ["first_deployed", "last_deployed", "deleted"] {
            i.insert(k.into(), json!(time_json(&info[k])));
        }
        for k in ["description", "status", "notes"] {
            put_str(&mut i, k, &info[k]);
        }
        let mut r = Map::new();
        put_str(&mut r, "name", &self.v["name"]);
        r.insert("info".into(), Value::Object(i));
        let config = self.config();
        if !config.is_null() {
            r.insert("config".into(), kterm_kube::go::json::sorted(&config));
        }
        put_str(&mut r, "manifest", &self.v["manifest"]);
        let hooks = self.hooks();
        if !hooks.is_empty() {
            r.insert(
                "hooks".into(),
                Value::Array(hooks.iter().map(hook_json).collect()),
            );
        }
        if self.version() != 0 {
            r.insert("version".into(), json!(self.version()));
        }
        put_str(&mut r, "namespace", &self.v["namespace"]);
        Value::Object(r)
    }
}

/// A time field as `helm.sh/helm/v3/pkg/time.Time` marshals it.
pub fn time_json(v: &Value) -> String {
    match v.as_str() {
        Some(s) => GoTime::parse(s).map(|t| t.rfc3339()).unwrap_or_default(),
        None => String::new(),
    }
}

/// Sets a string field that `omitempty` leaves out when empty.
fn put_str(m: &mut Map<String, Value>, key: &str, v: &Value) {
    if let Some(s) = v.as_str().filter(|s| !s.is_empty()) {
        m.insert(key.into(), json!(s));
    }
}

fn put_list(m: &mut Map<String, Value>, key: &str, v: &Value) {
    if let Some(a) = v.as_array().filter(|a| !a.is_empty()) {
        m.insert(key.into(), Value::Array(a.clone()));
    }
}

/// A hook in the field order of Helm's `release.Hook`.
fn hook_json(h: &Value) -> Value {
    let mut m = Map::new();
    for k in ["name", "kind", "path", "manifest"] {
        put_str(&mut m, k, &h[k]);
    }
    put_list(&mut m, "events", &h["events"]);
    let run = &h["last_run"];
    m.insert(
        "last_run".into(),
        json!({
            "started_at": time_json(&run["started_at"]),
            "completed_at": time_json(&run["completed_at"]),
            "phase": run["phase"].as_str().unwrap_or(""),
        }),
    );
    if let Some(w) = h["weight"].as_i64().filter(|w| *w != 0) {
        m.insert("weight".into(), json!(w));
    }
    put_list(&mut m, "delete_policies", &h["delete_policies"]);
    put_list(&mut m, "output_log_policies", &h["output_log_policies"]);
    Value::Object(m)
}

/// Helm's release-name rule (chartutil.ValidateReleaseName).
pub fn valid_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 53 {
        return false;
    }
    name.split('.').all(|label| {
        let b = label.as_bytes();
        let edge = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !b.is_empty()
            && edge(b[0])
            && edge(b[b.len() - 1])
            && b.iter().all(|&c| edge(c) || c == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_table() {
        for (name, ok) in [
            ("web", true),
            ("my-release.v2", true),
            ("a", true),
            ("", false),
            ("Web", false),
            ("-web", false),
            ("web-", false),
            ("a..b", false),
            ("under_score", false),
            (&"a".repeat(54), false),
        ] {
            assert_eq!(valid_name(name), ok, "{name}");
        }
    }

    #[test]
    fn decode_table() {
        let b64 = base64::engine::general_purpose::STANDARD;
        let plain = b64.encode(r#"{"name":"x"}"#);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, br#"{"name":"y"}"#).unwrap();
        let zipped = b64.encode(gz.finish().unwrap());
        assert_eq!(decode(&plain).unwrap()["name"], "x");
        assert_eq!(decode(&zipped).unwrap()["name"], "y");
        assert!(decode("!!").is_err());
        let secret = json!({"metadata": {"labels": {"owner": "helm", "team": "a"}}, "data": {"release": b64.encode(&zipped)}});
        let r = Release::from_secret(&secret, false).unwrap();
        assert_eq!((r.name(), r.labels.len()), ("y".to_string(), 1));
        assert_eq!(r.chart_label(), "MISSING");
    }
}
