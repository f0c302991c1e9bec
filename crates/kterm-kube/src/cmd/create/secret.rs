//! `kubectl create secret generic NAME --from-literal=k=v --from-file=…
//! [--type=T]`, and what `create secret` prints without a type.

use serde_json::json;

use super::sources::{self, For};
use super::{Generator, Made};
use crate::flags::Flag;

pub(super) const TYPE: Flag = Flag::value("type", None, "The type of secret to create");

pub(super) const GENERATOR: Generator =
    Generator::new("generic", "failed to create secret ", |ctx, i| {
        let data = sources::sources(ctx, i.f, i.name, For::Secret)?;
        let mut o = json!({"kind": "Secret", "apiVersion": "v1", "metadata": {"name": i.name}});
        if !data.is_empty() {
            o["data"] = json!(super::sorted(data));
        }
        if let Some(ty) = i.f.value("type").filter(|t| !t.is_empty()) {
            o["type"] = json!(ty);
        }
        if i.f.has("append-hash") {
            o["metadata"]["name"] = json!(format!("{}-{}", i.name, sources::hash_suffix(&o)));
        }
        Ok(Made::Object(o))
    })
    .flags(&[
        sources::FROM_FILE,
        sources::FROM_LITERAL,
        sources::FROM_ENV_FILE,
        TYPE,
        sources::APPEND_HASH,
    ])
.about(
    "Create a secret from a local file, directory, or literal value",
    "secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]",
);

/// `kubectl create secret` without a type (on stderr, exit 1).
pub(super) const HELP: &str = "Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use \"kubectl create secret <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";
