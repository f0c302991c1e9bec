//! `-o custom-columns=HEADER:PATH,…` and `--sort-by=PATH` as kubectl does
//! them (pkg/cmd/get/customcolumn.go, sorter.go): both take relaxed
//! JSONPath (`.a.b`, `{.a.b}`), and both read only the first value a
//! path yields.

use serde_json::Value;

use crate::go;
use crate::print::jsonpath::{relaxed, JsonPath};
use crate::print::quantity::parse_milli;

pub struct Column {
    pub header: String,
    path: JsonPath,
}

/// Parses the spec; errors are kubectl's.
pub fn parse(spec: &str) -> Result<Vec<Column>, String> {
    if spec.is_empty() {
        return Err("custom-columns format specified but no custom columns given".into());
    }
    spec.split(',')
        .map(|part| {
            let Some((header, path)) = part.split_once(':') else {
                return Err(format!(
                    "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
                ));
            };
            Ok(Column {
                header: header.to_string(),
                path: JsonPath::parse(&relaxed(path)?)?,
            })
        })
        .collect()
}

/// `-o custom-columns-file=F`: a line of headers, a line of paths, both
/// split on whitespace.
pub fn parse_template(text: &str) -> Result<Vec<Column>, String> {
    let mut lines = text.lines();
    let form = "Expected format is one line of space separated headers, one line of space separated column specs.";
    let headers: Vec<&str> = lines
        .next()
        .ok_or(format!("invalid template, missing header line. {form}"))?
        .split_whitespace()
        .collect();
    let specs: Vec<&str> = lines
        .next()
        .ok_or(format!("invalid template, missing spec line. {form}"))?
        .split_whitespace()
        .collect();
    if headers.len() != specs.len() {
        return Err(format!(
            "number of headers ({}) and field specifications ({}) don't match",
            headers.len(),
            specs.len()
        ));
    }
    headers
        .iter()
        .zip(specs)
        .map(|(h, p)| {
            Ok(Column {
                header: h.to_string(),
                path: JsonPath::parse(&relaxed(p)?)?,
            })
        })
        .collect()
}

/// One object's cells: values joined by `,`, `<none>` when there are none.
pub fn row(cols: &[Column], obj: &Value) -> Result<Vec<String>, String> {
    cols.iter()
        .map(|c| {
            let found = c.path.find(obj)?;
            let mut cells = Vec::new();
            if found.first().is_none_or(Vec::is_empty) {
                cells.push("<none>".to_string());
            }
            for v in found.iter().flatten() {
                cells.push(kterm_shell::sanitize::field(&go::fmt::plain(v)));
            }
            Ok(cells.join(","))
        })
        .collect()
}

/// The sort key of each object: the first value the path yields.
pub fn sort_keys(field: &str, objs: &[&Value]) -> Result<(String, Vec<Option<Value>>), String> {
    // kubectl falls back to the raw text when it is not relaxed JSONPath.
    let field = relaxed(field).unwrap_or_else(|_| field.to_string());
    let path = JsonPath::parse(&field)?;
    let keys = objs
        .iter()
        .map(|o| {
            path.find(o)
                .map(|r| r.into_iter().next().and_then(|v| v.into_iter().next()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((field, keys))
}

/// The order kubectl prints objects in: Go's `sort.Sort` with kubectl's
/// `Less` (a missing value sorts first, and is "less" than another
/// missing one). Returns original indexes.
pub fn order(keys: &[Option<Value>]) -> Result<Vec<usize>, String> {
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    let mut err = None;
    let mut less = |i: usize, j: usize| -> bool {
        match (&keys[i], &keys[j]) {
            (None, _) => true,
            (_, None) => false,
            (Some(a), Some(b)) => is_less(a, b).unwrap_or_else(|e| {
                err.get_or_insert(e);
                false
            }),
        }
    };
    crate::go::sort::sort(&mut idx, &mut less);
    match err {
        Some(e) => Err(e),
        None => Ok(idx),
    }
}

/// kubectl's `isLess` for decoded JSON: numbers, strings (as quantities
/// when both parse as one), nulls first, lists element by element.
fn is_less(a: &Value, b: &Value) -> Result<bool, String> {
    match (a, b) {
        (Value::Null, Value::Null) => Ok(false),
        (Value::Null, _) => Ok(true),
        (_, Value::Null) => Ok(false),
        (Value::Number(x), Value::Number(y)) if x.is_i64() == y.is_i64() => {
            Ok(match (x.as_i64(), y.as_i64()) {
                (Some(x), Some(y)) => x < y,
                _ => x.as_f64() < y.as_f64(),
            })
        }
        (Value::String(x), Value::String(y)) => Ok(match (parse_milli(x), parse_milli(y)) {
            (Some(x), Some(y)) => x < y,
            _ => x < y,
        }),
        (Value::Array(x), Value::Array(y)) => {
            for (p, q) in x.iter().zip(y) {
                if !is_less(p, q)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        (Value::Object(_), _) => Err("unsortable type: map[string]interface {}".into()),
        (Value::Bool(_), _) => Err("unsortable type: bool".into()),
        _ => Err("unsortable interface: interface".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn specs_rows_and_errors() {
        let obj = json!({"metadata": {"name": "web", "labels": {"b": "2", "a": "1"}}, "spec": {"ports": [{"port": 80}, {"port": 443}]}});
        let cols =
            parse("NAME:.metadata.name,L:{.metadata.labels},P:spec.ports[*].port,X:.nope").unwrap();
        assert_eq!(
            cols.iter().map(|c| c.header.as_str()).collect::<Vec<_>>(),
            ["NAME", "L", "P", "X"]
        );
        assert_eq!(
            row(&cols, &obj).unwrap(),
            ["web", "map[a:1 b:2]", "80,443", "<none>"]
        );
        for (spec, err) in [
            ("", "custom-columns format specified but no custom columns given"),
            ("NAME", "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"),
            ("A:{.x", "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"),
            ("A:.a[x]", "invalid array index x"),
        ] {
            assert_eq!(parse(spec).err().as_deref(), Some(err), "{spec}");
        }
    }

    #[test]
    fn template_files() {
        let cols = parse_template("NAME   IP\n.metadata.name {.status.podIP}\n").unwrap();
        assert_eq!(cols[1].header, "IP");
        for (text, err) in [
            ("", "invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs."),
            ("A B\n", "invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs."),
            ("A B\n.a\n", "number of headers (2) and field specifications (1) don't match"),
        ] {
            assert_eq!(parse_template(text).err().as_deref(), Some(err));
        }
    }

    #[test]
    fn sorting_as_kubectl() {
        let k = |v: Vec<Option<Value>>| order(&v).unwrap();
        assert_eq!(
            k(vec![Some(json!("b")), Some(json!("a")), Some(json!("c"))]),
            [1, 0, 2]
        );
        assert_eq!(
            k(vec![Some(json!(10)), Some(json!(9)), Some(json!(9))]),
            [1, 2, 0]
        );
        // Quantities compare by value, other strings as text.
        assert_eq!(k(vec![Some(json!("1Gi")), Some(json!("500Mi"))]), [1, 0]);
        assert_eq!(
            k(vec![Some(json!("172.30.8.1")), Some(json!("172.30.12.1"))]),
            [1, 0]
        );
        // Missing values come first, in reverse order.
        assert_eq!(k(vec![None, Some(json!(1)), None, None]), [3, 2, 0, 1]);
        assert_eq!(
            order(&[Some(json!({})), Some(json!({}))]).err().as_deref(),
            Some("unsortable type: map[string]interface {}")
        );
    }
}
