//! `kubectl create configmap NAME [--from-file=[key=]path]
//! [--from-literal=k=v] [--from-env-file=path] [--append-hash]`.

use serde_json::json;

use super::sources::{self, For};
use super::{Generator, Made};

pub(super) const GENERATOR: Generator = Generator::new(
    "configmap",
    "failed to create configmap: ",
    |ctx, i| {
        let data = sources::sources(ctx, i.f, i.name, For::ConfigMap)?;
        let mut o = json!({"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": i.name}});
        if !data.is_empty() {
            o["data"] = json!(super::sorted(data));
        }
        if i.f.has("append-hash") {
            o["metadata"]["name"] = json!(format!("{}-{}", i.name, sources::hash_suffix(&o)));
        }
        Ok(Made::Object(o))
    },
)
.aliases(&["cm"])
.flags(&[
    sources::FROM_FILE,
    sources::FROM_LITERAL,
    sources::FROM_ENV_FILE,
    sources::APPEND_HASH,
])
.about(
    "Create a config map from a local file, directory or literal value",
    "configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]",
);
