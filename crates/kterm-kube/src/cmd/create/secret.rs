//! `kubectl create secret generic NAME --from-literal=k=v --from-file=…
//! [--type=T]` (the only secret type this terminal creates).

use serde_json::json;

use super::Generator;
use crate::error::KubeError;

pub(super) const GENERATOR: Generator = Generator {
    name: "secret",
    aliases: &[],
    build: |ctx, f, rest| {
        let Some(("generic", rest)) = rest.split_first().map(|(a, r)| (a.as_str(), r)) else {
            return Err(KubeError::Client(
                "the secret types this terminal creates are: generic".into(),
            ));
        };
        let data = super::sources::sources(ctx, f, true)?;
        let ty = f.value("type").unwrap_or("Opaque").to_string();
        super::with_name(rest, "secret", |n| {
            Ok(
                json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": n}, "data": data, "type": ty}),
            )
        })
    },
};
