//! `kubectl create serviceaccount NAME`.

use serde_json::json;

use super::Generator;

pub(super) const GENERATOR: Generator = Generator {
    name: "serviceaccount",
    aliases: &["sa"],
    build: |_, _, rest| {
        super::with_name(rest, "serviceaccount", |n| {
            Ok(json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": n}}))
        })
    },
};
