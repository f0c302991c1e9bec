//! `kubectl create namespace NAME`.

use serde_json::json;

use super::{Generator, Made};

pub(super) const GENERATOR: Generator = Generator::new("namespace", "", |_, i| {
    Ok(Made::Object(
        json!({"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": i.name}, "spec": {}, "status": {}}),
    ))
})
.aliases(&["ns"])
.about(
    "Create a namespace with the specified name",
    "namespace NAME [--dry-run=server|client|none]",
);
