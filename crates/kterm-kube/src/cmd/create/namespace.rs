//! `kubectl create namespace NAME`.

use serde_json::json;

use super::Generator;

pub(super) const GENERATOR: Generator = Generator {
    name: "namespace",
    aliases: &["ns"],
    build: |_, _, rest| {
        super::with_name(rest, "namespace", |n| {
            Ok(
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}, "spec": {}, "status": {}}),
            )
        })
    },
};
