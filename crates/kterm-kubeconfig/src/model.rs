//! The v1 `Config` of a kubeconfig file, typed. Field order and
//! omissions follow client-go's `clientcmd/api/v1` structs, so that
//! serializing gives what kubectl writes and `config view` prints:
//! empty optional fields left out, entries sorted by name, `null` for an
//! empty section. Fields kubectl does not know are dropped, as kubectl
//! drops them.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Reading a parsed document leniently, as the files are hand-edited: a
/// field of the wrong type reads as empty (kubectl would refuse the file;
/// kterm reads what it can).
fn text(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

fn flag(v: &Value) -> bool {
    v.as_bool().unwrap_or(false)
}

fn texts(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn any(v: &Value) -> Option<Value> {
    (!v.is_null()).then(|| v.clone())
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

/// A named entry of one of the three sections: `{name: …, cluster: {…}}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Named<T> {
    pub name: String,
    pub body: T,
}

/// What an entry's body is keyed by in its section, and how it is read.
pub trait Entry: Sized {
    const KEY: &'static str;
    fn read(v: &Value) -> Self;
}

impl<T: Entry + Serialize> Serialize for Named<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry(T::KEY, &self.body)?;
        m.end()
    }
}

fn entries<T: Entry>(v: &Value) -> Vec<Named<T>> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|e| Named {
            name: text(&e["name"]),
            body: T::read(&e[T::KEY]),
        })
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Cluster {
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
    #[serde(skip_serializing_if = "is_empty_value")]
    pub extensions: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Context {
    pub cluster: String,
    pub user: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub namespace: String,
    #[serde(skip_serializing_if = "is_empty_value")]
    pub extensions: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AuthProvider {
    pub name: String,
    pub config: Option<BTreeMap<String, String>>,
}

impl AuthProvider {
    /// A value of the provider's config (`id-token`, `refresh-token`, …).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.config.as_ref()?.get(key).map(String::as_str)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecConfig {
    pub command: String,
    pub args: Option<Vec<String>>,
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
    pub provide_cluster_info: bool,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "nullable"
    )]
    pub interactive_mode: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_provider: Option<AuthProvider>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exec: Option<ExecConfig>,
    #[serde(skip_serializing_if = "is_empty_value")]
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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Kubeconfig {
    pub preferences: Option<Value>,
    pub clusters: Vec<Named<Cluster>>,
    pub users: Vec<Named<AuthInfo>>,
    pub contexts: Vec<Named<Context>>,
    pub current_context: String,
    pub extensions: Option<Value>,
}

impl Entry for Cluster {
    const KEY: &'static str = "cluster";
    fn read(v: &Value) -> Cluster {
        Cluster {
            server: text(&v["server"]),
            tls_server_name: text(&v["tls-server-name"]),
            insecure_skip_tls_verify: flag(&v["insecure-skip-tls-verify"]),
            certificate_authority: text(&v["certificate-authority"]),
            certificate_authority_data: text(&v["certificate-authority-data"]),
            proxy_url: text(&v["proxy-url"]),
            disable_compression: flag(&v["disable-compression"]),
            extensions: any(&v["extensions"]),
        }
    }
}

impl Entry for Context {
    const KEY: &'static str = "context";
    fn read(v: &Value) -> Context {
        Context {
            cluster: text(&v["cluster"]),
            user: text(&v["user"]),
            namespace: text(&v["namespace"]),
            extensions: any(&v["extensions"]),
        }
    }
}

impl Entry for AuthInfo {
    const KEY: &'static str = "user";
    fn read(v: &Value) -> AuthInfo {
        let provider = &v["auth-provider"];
        let exec = &v["exec"];
        AuthInfo {
            client_certificate: text(&v["client-certificate"]),
            client_certificate_data: text(&v["client-certificate-data"]),
            client_key: text(&v["client-key"]),
            client_key_data: text(&v["client-key-data"]),
            token: text(&v["token"]),
            token_file: text(&v["tokenFile"]),
            impersonate: text(&v["as"]),
            impersonate_uid: text(&v["as-uid"]),
            impersonate_groups: texts(&v["as-groups"]),
            impersonate_user_extra: any(&v["as-user-extra"]),
            username: text(&v["username"]),
            password: text(&v["password"]),
            auth_provider: provider.is_object().then(|| AuthProvider {
                name: text(&provider["name"]),
                config: provider["config"].as_object().map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_str().map_or_else(|| v.to_string(), str::to_string),
                            )
                        })
                        .collect()
                }),
            }),
            exec: exec.is_object().then(|| ExecConfig {
                command: text(&exec["command"]),
                args: exec["args"].is_array().then(|| texts(&exec["args"])),
                env: any(&exec["env"]),
                api_version: text(&exec["apiVersion"]),
                install_hint: text(&exec["installHint"]),
                provide_cluster_info: flag(&exec["provideClusterInfo"]),
                interactive_mode: text(&exec["interactiveMode"]),
            }),
            extensions: any(&v["extensions"]),
        }
    }
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
fn section<T: Entry + Serialize>(list: &[Named<T>]) -> Value {
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
    pub fn from_value(v: &Value) -> Kubeconfig {
        Kubeconfig {
            preferences: any(&v["preferences"]),
            clusters: entries(&v["clusters"]),
            users: entries(&v["users"]),
            contexts: entries(&v["contexts"]),
            current_context: text(&v["current-context"]),
            extensions: any(&v["extensions"]),
        }
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
            .map(|e| &e.body)
    }

    pub fn context(&self, name: &str) -> Option<&Context> {
        self.contexts
            .iter()
            .find(|e| e.name == name)
            .map(|e| &e.body)
    }

    pub fn user(&self, name: &str) -> Option<&AuthInfo> {
        self.users.iter().find(|e| e.name == name).map(|e| &e.body)
    }

    pub fn set_cluster(&mut self, name: &str, cluster: Cluster) {
        upsert(&mut self.clusters, name, cluster);
    }

    pub fn set_context(&mut self, name: &str, context: Context) {
        upsert(&mut self.contexts, name, context);
    }

    pub fn set_user(&mut self, name: &str, user: AuthInfo) {
        upsert(&mut self.users, name, user);
    }

    /// Adds every entry of `other`, replacing those of the same name, and
    /// takes its current context if it has one (what `ibmcloud ks cluster
    /// config` does with the cluster's kubeconfig).
    pub fn absorb(&mut self, other: &Kubeconfig) {
        for e in &other.clusters {
            self.set_cluster(&e.name, e.body.clone());
        }
        for e in &other.users {
            self.set_user(&e.name, e.body.clone());
        }
        for e in &other.contexts {
            self.set_context(&e.name, e.body.clone());
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
        let k = Kubeconfig::from_value(&doc);
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
        let k = Kubeconfig::from_value(&nulls);
        assert_eq!(k.user("x"), Some(&AuthInfo::default()));
        assert_eq!(
            Kubeconfig::from_value(&json!({"clusters": "no"})),
            Kubeconfig::default()
        );
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
