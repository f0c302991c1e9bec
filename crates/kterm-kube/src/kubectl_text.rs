//! Text as kubectl's printers write it, for `config view`, kubeconfig
//! files and `api-resources`: Go's indented JSON here, YAML from the one
//! YAML writer (`crate::goyaml`).

use serde::Serialize;
use serde_json::Value;

pub use crate::goyaml::to_string;

/// `json.MarshalIndent(v, "", "    ")` keeping the value's field order
/// (typed objects marshal in struct order), with Go's escapes of `<`,
/// `>` and `&`.
pub fn go_json(v: &Value) -> String {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut buf,
        serde_json::ser::PrettyFormatter::with_indent(b"    "),
    );
    if v.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8_lossy(&buf)
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
