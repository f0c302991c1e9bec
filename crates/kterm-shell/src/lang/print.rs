//! Printing functions back as source (`declare -f`, `type`).

use super::ast::Function;

/// The function's definition as bash lists it: `name () ` and the body on
/// the lines after it.
pub fn function(f: &Function) -> String {
    let src = f.source.trim();
    // The body starts at the compound command after the name and `()`.
    let body = src
        .strip_prefix("function")
        .map(str::trim_start)
        .unwrap_or(src);
    let body = body
        .strip_prefix(f.name.as_str())
        .unwrap_or(body)
        .trim_start();
    let body = body.strip_prefix("()").unwrap_or(body).trim_start();
    format!("{} () \n{}\n", f.name, body)
}
