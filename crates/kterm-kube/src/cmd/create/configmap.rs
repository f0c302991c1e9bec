//! `kubectl create configmap NAME --from-literal=k=v --from-file=[key=]path`.

use serde_json::json;

use super::Generator;

pub(super) const GENERATOR: Generator = Generator {
    name: "configmap",
    aliases: &["cm"],
    build: |ctx, f, rest| {
        let data = super::sources::sources(ctx, f, false)?;
        super::with_name(rest, "configmap", |n| {
            Ok(
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": n}, "data": data}),
            )
        })
    },
};
