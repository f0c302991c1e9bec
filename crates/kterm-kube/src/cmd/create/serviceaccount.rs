//! `kubectl create serviceaccount NAME`.

use serde_json::json;

use super::{Generator, Made};

pub(super) const GENERATOR: Generator = Generator::new(
    "serviceaccount",
    "failed to create serviceaccount: ",
    |_, i| {
        Ok(Made::Object(
            json!({"kind": "ServiceAccount", "apiVersion": "v1", "metadata": {"name": i.name}}),
        ))
    },
)
.aliases(&["sa"])
.about(
    "Create a service account with the specified name",
    "serviceaccount NAME [--dry-run=server|client|none]",
);
