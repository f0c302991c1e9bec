//! `kubectl create secret docker-registry NAME --docker-server=SERVER
//! --docker-username=USER --docker-password=PASSWORD [--docker-email=EMAIL]`
//! or `--from-file=[.dockerconfigjson=]path`: the pull secret a cluster
//! uses for a registry (`us.icr.io` with `iamapikey` and an API key).

use base64::Engine;
use serde_json::{json, Map, Value};

use super::sources::{self, For};
use super::{Generator, Made};
use crate::error::KubeError;
use crate::flags::Flag;

pub(super) const DOCKER_SERVER: Flag =
    Flag::value("docker-server", None, "Server location for Docker registry");
pub(super) const DOCKER_USERNAME: Flag = Flag::value(
    "docker-username",
    None,
    "Username for Docker registry authentication",
);
pub(super) const DOCKER_PASSWORD: Flag = Flag::value(
    "docker-password",
    None,
    "Password for Docker registry authentication",
);
pub(super) const DOCKER_EMAIL: Flag =
    Flag::value("docker-email", None, "Email for Docker registry");

/// Where `--docker-server` points when not given.
const DOCKER_HUB: &str = "https://index.docker.io/v1/";

pub(super) const GENERATOR: Generator = Generator::new(
    "docker-registry",
    "failed to create secret ",
    |ctx, i| {
        let files = i.f.values("from-file");
        let user = i.f.value("docker-username").unwrap_or("");
        let password = i.f.value("docker-password").unwrap_or("");
        let server = i.f.value("docker-server").unwrap_or(DOCKER_HUB);
        if files.is_empty() && (user.is_empty() || password.is_empty() || server.is_empty()) {
            return Err(KubeError::Client("either --from-file or the combination of --docker-username, --docker-password and --docker-server is required".into()));
        }
        let data = if files.is_empty() {
            let b64 = |s: &[u8]| base64::engine::general_purpose::STANDARD.encode(s);
            let mut entry = Map::new();
            entry.insert("username".into(), json!(user));
            entry.insert("password".into(), json!(password));
            if let Some(email) = i.f.value("docker-email").filter(|e| !e.is_empty()) {
                entry.insert("email".into(), json!(email));
            }
            entry.insert(
                "auth".into(),
                json!(b64(format!("{user}:{password}").as_bytes())),
            );
            let config = json!({"auths": {server: Value::Object(entry)}});
            let text = go_json(&config);
            let mut d = Map::new();
            d.insert(".dockerconfigjson".into(), json!(b64(text.as_bytes())));
            d
        } else {
            super::sorted(sources::sources(ctx, i.f, i.name, For::Secret)?)
        };
        let mut o = json!({
            "kind": "Secret", "apiVersion": "v1",
            "metadata": {"name": i.name}, "data": data,
            "type": "kubernetes.io/dockerconfigjson",
        });
        if i.f.has("append-hash") {
            o["metadata"]["name"] = json!(format!("{}-{}", i.name, sources::hash_suffix(&o)));
        }
        Ok(Made::Object(o))
    },
)
.flags(&[
    DOCKER_USERNAME,
    DOCKER_PASSWORD,
    DOCKER_EMAIL,
    DOCKER_SERVER,
    sources::FROM_FILE,
])
.about(
    "Create a secret for use with a Docker registry",
    "secret docker-registry NAME --docker-username=user --docker-password=password --docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none]",
);

/// JSON as Go's encoding/json writes it (`<`, `>` and `&` escaped).
fn go_json(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
