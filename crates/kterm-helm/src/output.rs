//! `-o table|json|yaml` as Helm's `output` package writes them: JSON by
//! Go's `json.Encoder` (compact, a newline after), YAML by
//! sigs.k8s.io/yaml (kterm-kube's writer of the same library's output).

use serde_json::Value;

use crate::flags::Parsed;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Yaml,
}

impl Format {
    /// The `-o` the command line chose (already checked by the parser).
    pub fn of(p: &Parsed) -> Format {
        match p.get("output") {
            Some("json") => Format::Json,
            Some("yaml") => Format::Yaml,
            _ => Format::Table,
        }
    }
}

/// `output.EncodeJSON` of a value whose maps are already in Go's order.
pub fn json(v: &Value) -> String {
    format!("{}\n", kterm_kube::go::json::marshal_typed(v))
}

/// `output.EncodeYAML`.
pub fn yaml(v: &Value) -> String {
    kterm_kube::go::yaml::to_string(v)
}
