//! The v1 `Config` of a kubeconfig file, typed. Field order and
//! omissions follow client-go's `clientcmd/api/v1` structs, so that
//! serializing gives what kubectl writes and `config view` prints:
//! empty optional fields left out, entries sorted by name, `null` for an
//! empty section. Fields kubectl does not know are dropped, as kubectl
//! drops them.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// `null` reads as the type's default (YAML's `clusters:` with nothing after it).
fn nullable<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn is_false(b: &bool) -> bool {
    !b
}

/// Absent, `null`, or an empty map or list: what `omitempty` leaves out.
fn is_empty_value(v: &Option<Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) => m.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

/// A named entry of one of the three sections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Named<T> {
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(flatten)]
    pub body: T,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Cluster {
    #[serde(default, deserialize_with = "nullable")]
    pub server: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub tls_server_name: String,
    #[serde(
        default,
        skip_serializing_if = "is_false",
        deserialize_with = "nullable"
    )]
    pub insecure_skip_tls_verify: bool,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub certificate_authority: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub certificate_authority_data: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub proxy_url: String,
    #[serde(
        default,
        skip_serializing_if = "is_false",
        deserialize_with = "nullable"
    )]
    pub disable_compression: bool,
    #[serde(default, skip_serializing_if = "is_empty_value")]
    pub extensions: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Context {
    #[serde(default, deserialize_with = "nullable")]
    pub cluster: String,
    #[serde(default, deserialize_with = "nullable")]
    pub user: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub namespace: String,
    #[serde(default, skip_serializing_if = "is_empty_value")]
    pub extensions: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthProvider {
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default)]
    pub config: Option<BTreeMap<String, String>>,
}

impl AuthProvider {
    /// A value of the provider's config (`id-token`, `refresh-token`, …).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.config.as_ref()?.get(key).map(String::as_str)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecConfig {
    #[serde(default, deserialize_with = "nullable")]
    pub command: String,
    #[serde(default)]
    pub args: Option<Vec<String>>,
    #[serde(default)]
    pub env: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub api_version: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub install_hint: String,
    #[serde(default, deserialize_with = "nullable")]
    pub provide_cluster_info: bool,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub interactive_mode: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct AuthInfo {
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub client_certificate: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub client_certificate_data: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub client_key: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub client_key_data: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub token: String,
    #[serde(
        rename = "tokenFile",
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub token_file: String,
    #[serde(
        rename = "as",
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub impersonate: String,
    #[serde(
        rename = "as-uid",
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub impersonate_uid: String,
    #[serde(
        rename = "as-groups",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "nullable"
    )]
    pub impersonate_groups: Vec<String>,
    #[serde(
        rename = "as-user-extra",
        default,
        skip_serializing_if = "is_empty_value"
    )]
    pub impersonate_user_extra: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub username: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_provider: Option<AuthProvider>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exec: Option<ExecConfig>,
    #[serde(default, skip_serializing_if = "is_empty_value")]
    pub extensions: Option<Value>,
}

impl AuthInfo {
    /// The oidc auth-provider, if that is how this user authenticates.
    pub fn oidc(&self) -> Option<&AuthProvider> {
        self.auth_provider.as_ref().filter(|p| p.name == "oidc")
    }

    /// Whether the user presents a client certificate.
    pub fn has_client_cert(&self) -> bool {
        [
            &self.client_certificate,
            &self.client_certificate_data,
            &self.client_key,
            &self.client_key_data,
        ]
        .iter()
        .any(|s| !s.is_empty())
    }
}

/// A whole kubeconfig (one file, or the merge of several).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Kubeconfig {
    #[serde(default)]
    pub preferences: Option<Value>,
    #[serde(default, deserialize_with = "nullable")]
    pub clusters: Vec<Named<ClusterBody>>,
    #[serde(default, deserialize_with = "nullable")]
    pub users: Vec<Named<UserBody>>,
    #[serde(default, deserialize_with = "nullable")]
    pub contexts: Vec<Named<ContextBody>>,
    #[serde(default, deserialize_with = "nullable")]
    pub current_context: String,
    #[serde(default)]
    pub extensions: Option<Value>,
}

/// The body of a named cluster as the file nests it (`cluster: {…}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterBody {
    #[serde(default, deserialize_with = "nullable")]
    pub cluster: Cluster,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserBody {
    #[serde(default, deserialize_with = "nullable")]
    pub user: AuthInfo,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContextBody {
    #[serde(default, deserialize_with = "nullable")]
    pub context: Context,
}

/// Sets a named entry in a section, replacing one of the same name.
fn upsert<T>(list: &mut Vec<Named<T>>, name: &str, body: T) {
    match list.iter_mut().find(|e| e.name == name) {
        Some(e) => e.body = body,
        None => list.push(Named {
            name: name.to_string(),
            body,
        }),
    }
}

/// Entries sorted by name (Go's string order), the first of each name
/// kept, each as its v1 value.
fn section<T: Serialize>(list: &[Named<T>]) -> Value {
    let mut entries: Vec<&Named<T>> = Vec::new();
    for e in list {
        if !entries.iter().any(|x| x.name == e.name) {
            entries.push(e);
        }
    }
    kterm_shell::sort::sort_by(&mut entries, |a, b| a.name.cmp(&b.name));
    if entries.is_empty() {
        return Value::Null;
    }
    Value::Array(
        entries
            .into_iter()
            .filter_map(|e| serde_json::to_value(e).ok())
            .collect(),
    )
}

impl Kubeconfig {
    /// Reads a parsed document (a YAML file read as JSON); anything but
    /// a mapping reads as an empty config.
    pub fn from_value(v: &Value) -> Result<Kubeconfig, String> {
        if !v.is_object() {
            return Ok(Kubeconfig::default());
        }
        serde_json::from_value(v.clone()).map_err(|e| e.to_string())
    }

    /// The config as client-go's v1 `Config` marshals it.
    pub fn to_value(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("kind".into(), Value::from("Config"));
        m.insert("apiVersion".into(), Value::from("v1"));
        if !is_empty_value(&self.preferences) {
            m.insert(
                "preferences".into(),
                self.preferences.clone().unwrap_or_default(),
            );
        }
        m.insert("clusters".into(), section(&self.clusters));
        m.insert("users".into(), section(&self.users));
        m.insert("contexts".into(), section(&self.contexts));
        m.insert(
            "current-context".into(),
            Value::from(self.current_context.clone()),
        );
        if !is_empty_value(&self.extensions) {
            m.insert(
                "extensions".into(),
                self.extensions.clone().unwrap_or_default(),
            );
        }
        Value::Object(m)
    }

    pub fn cluster(&self, name: &str) -> Option<&Cluster> {
        self.clusters
            .iter()
            .find(|e| e.name == name)
            .map(|e| &e.body.cluster)
    }

    pub fn context(&self, name: &str) -> Option<&Context> {
        self.contexts
            .iter()
            .find(|e| e.name == name)
            .map(|e| &e.body.context)
    }

    pub fn user(&self, name: &str) -> Option<&AuthInfo> {
        self.users
            .iter()
            .find(|e| e.name == name)
            .map(|e| &e.body.user)
    }

    pub fn set_cluster(&mut self, name: &str, cluster: Cluster) {
        upsert(&mut self.clusters, name, ClusterBody { cluster });
    }

    pub fn set_context(&mut self, name: &str, context: Context) {
        upsert(&mut self.contexts, name, ContextBody { context });
    }

    pub fn set_user(&mut self, name: &str, user: AuthInfo) {
        upsert(&mut self.users, name, UserBody { user });
    }

    /// Adds every entry of `other`, replacing those of the same name, and
    /// takes its current context if it has one (what `ibmcloud ks cluster
    /// config` does with the cluster's kubeconfig).
    pub fn absorb(&mut self, other: &Kubeconfig) {
        for e in &other.clusters {
            self.set_cluster(&e.name, e.body.cluster.clone());
        }
        for e in &other.users {
            self.set_user(&e.name, e.body.user.clone());
        }
        for e in &other.contexts {
            self.set_context(&e.name, e.body.context.clone());
        }
        if !other.current_context.is_empty() {
            self.current_context = other.current_context.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests fail loudly by design
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_writes_the_v1_shape() {
        let doc = json!({
            "apiVersion": "v1", "kind": "Config", "current-context": "b",
            "clusters": [
                {"name": "z", "cluster": {"server": "https://z", "unknown": 1}},
                {"name": "a", "cluster": {"server": "https://a", "insecure-skip-tls-verify": true}},
            ],
            "users": [{"name": "u", "user": {"auth-provider": {"name": "oidc", "config": {"id-token": "t", "client-id": "c"}}}}],
            "contexts": [{"name": "b", "context": {"cluster": "a", "user": "u"}}],
        });
        let k = Kubeconfig::from_value(&doc).unwrap();
        assert_eq!(k.cluster("a").unwrap().server, "https://a");
        assert_eq!(
            k.user("u").unwrap().oidc().unwrap().get("id-token"),
            Some("t")
        );
        assert_eq!(
            k.to_value(),
            json!({
                "kind": "Config", "apiVersion": "v1",
                "clusters": [
                    {"name": "a", "cluster": {"server": "https://a", "insecure-skip-tls-verify": true}},
                    {"name": "z", "cluster": {"server": "https://z"}},
                ],
                "users": [{"name": "u", "user": {"auth-provider": {"name": "oidc", "config": {"client-id": "c", "id-token": "t"}}}}],
                "contexts": [{"name": "b", "context": {"cluster": "a", "user": "u"}}],
                "current-context": "b",
            })
        );
        assert_eq!(
            Kubeconfig::default().to_value(),
            json!({"kind": "Config", "apiVersion": "v1", "clusters": null, "users": null, "contexts": null, "current-context": ""})
        );
        let nulls = json!({"clusters": null, "users": [{"name": "x", "user": null}]});
        let k = Kubeconfig::from_value(&nulls).unwrap();
        assert_eq!(k.user("x"), Some(&AuthInfo::default()));
        assert!(Kubeconfig::from_value(&json!({"clusters": "no"})).is_err());
    }

    #[test]
    fn absorb_replaces_by_name() {
        let mut k = Kubeconfig::default();
        k.set_cluster(
            "a",
            Cluster {
                server: "old".into(),
                ..Default::default()
            },
        );
        k.current_context = "keep".into();
        let mut new = Kubeconfig::default();
        new.set_cluster(
            "a",
            Cluster {
                server: "new".into(),
                ..Default::default()
            },
        );
        new.set_context("c", Context::default());
        k.absorb(&new);
        assert_eq!(
            (k.clusters.len(), k.cluster("a").unwrap().server.as_str()),
            (1, "new")
        );
        assert_eq!(k.current_context, "keep");
    }
}
