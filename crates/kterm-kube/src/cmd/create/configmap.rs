//! `kubectl create configmap NAME --from-literal=k=v --from-file=[key=]path`.

use serde_json::json;

use super::{sources, Generator, Made};

pub(super) const GENERATOR: Generator =
    Generator::new("configmap", "failed to create configmap: ", |ctx, i| {
        let data = sources::sources(ctx, i.f, false)?;
        let mut o = json!({"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": i.name}});
        if !data.is_empty() {
            o["data"] = json!(super::sorted(data));
        }
        Ok(Made::Object(o))
    })
    .aliases(&["cm"])
    .flags(&[sources::FROM_LITERAL, sources::FROM_FILE])
.about(
    "Create a config map from a local file, directory or literal value",
    "configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]",
);
