//! `kubectl config unset PROPERTY` and `kubectl config set PROPERTY VALUE`,
//! with PROPERTY a dotted path: `current-context`,
//! `contexts.NAME.namespace`, `users.NAME.auth-provider.config.id-token`.
//! Names may contain dots; the longest existing name wins, as in
//! kubectl's navigation-step parser.

use crate::cli::Invocation;
use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::doc;
use crate::error::KubeError;

/// Section, entry name (if any) and the field path inside the entry.
fn steps(cfg: &Value, prop: &str) -> Result<(String, Option<String>, Vec<String>), KubeError> {
    let (head, rest) = prop.split_once('.').unwrap_or((prop, ""));
    match head {
        "current-context" if rest.is_empty() => Ok((head.into(), None, Vec::new())),
        "clusters" | "contexts" | "users" => {
            if rest.is_empty() {
                return Ok((head.into(), None, Vec::new()));
            }
            let names = doc::names(cfg, head);
            let name = names
                .iter()
                .filter(|n| rest == n.as_str() || rest.starts_with(&format!("{n}.")))
                .max_by_key(|n| n.len())
                .cloned()
                .unwrap_or_else(|| rest.split('.').next().unwrap_or("").to_string());
            let fields = rest
                .get(name.len()..)
                .unwrap_or("")
                .trim_start_matches('.')
                .split('.')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            Ok((head.into(), Some(name), fields))
        }
        _ => Err(KubeError::Client(format!(
            "unable to parse {prop} after [] at api.Config"
        ))),
    }
}

pub fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
    set: bool,
) -> Result<i32, KubeError> {
    let sub = if set { "set" } else { "unset" };
    let (f, loaded) = super::open(inv, sub, args, &[])?;
    let want = if set { 2 } else { 1 };
    if f.args.len() != want {
        return Err(KubeError::Client(format!(
            "Unexpected args: {}",
            super::go_list(&f.args)
        )));
    }
    let prop = f.args[0].clone();
    let value = f.args.get(1).cloned();
    if prop.is_empty() {
        return Err(KubeError::Client("you must specify a property".into()));
    }
    if value.as_deref() == Some("") {
        return Err(KubeError::Client(
            "you cannot use set to unset a property".into(),
        ));
    }
    let mut new = loaded.config.clone();
    let (section, name, fields) = steps(&new, &prop)?;
    match (section.as_str(), name) {
        ("current-context", _) => new["current-context"] = json!(value.unwrap_or_default()),
        (_, None) => {
            if set {
                return Err(KubeError::Client(format!(
                    "can't set a map to a value: {prop}"
                )));
            }
            new[section.as_str()] = json!([]);
        }
        (_, Some(name)) => {
            let exists = doc::body(&new, &section, &name).is_some();
            if !exists && !set {
                if fields.is_empty() {
                    // Unsetting a missing entry changes nothing.
                    ctx.stdout.line(&format!("Property {} unset.", json!(prop)));
                    return Ok(0);
                }
                return Err(KubeError::Client(format!(
                    "current map key `{name}` is invalid"
                )));
            }
            if fields.is_empty() {
                if set {
                    return Err(KubeError::Client(format!(
                        "can't set a map to a value: {prop}"
                    )));
                }
                doc::remove(&mut new, &section, &name);
            } else {
                let mut body = doc::body(&new, &section, &name)
                    .cloned()
                    .unwrap_or_else(|| json!({}));
                let mut node = &mut body;
                for fld in &fields[..fields.len() - 1] {
                    if !node[fld.as_str()].is_object() {
                        node[fld.as_str()] = json!({});
                    }
                    node = &mut node[fld.as_str()];
                }
                let last = fields[fields.len() - 1].as_str();
                match &value {
                    Some(v) => {
                        node[last] = match v.as_str() {
                            "true" if last.starts_with("insecure") => json!(true),
                            "false" if last.starts_with("insecure") => json!(false),
                            _ => json!(v),
                        }
                    }
                    None => {
                        if let Some(o) = node.as_object_mut() {
                            o.remove(last);
                        }
                    }
                }
                doc::set_body(&mut new, &section, &name, body);
            }
        }
    }
    super::save(ctx, &loaded, &new)?;
    let verb = if set { "set" } else { "unset" };
    ctx.stdout
        .line(&format!("Property {} {verb}.", json!(prop)));
    Ok(0)
}
