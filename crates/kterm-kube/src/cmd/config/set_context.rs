//! `kubectl config set-context [NAME | --current] [--cluster=…] [--user=…] [--namespace=…]`

use crate::cli::Invocation;
use kterm_shell::Ctx;
use serde_json::json;

use super::doc;
use crate::error::KubeError;
use crate::flags;

pub fn run(ctx: &mut Ctx<'_>, inv: &mut Invocation, args: &[String]) -> Result<i32, KubeError> {
    let (f, loaded) = super::open(inv, "set-context", args, &[flags::CURRENT])?;
    if f.args.len() > 1 {
        return Err(KubeError::Client(format!(
            "Unexpected args: {}",
            super::go_list(&f.args)
        )));
    }
    let given = f.args.first().cloned().unwrap_or_default();
    let current = f.has("current");
    if given.is_empty() && !current {
        return Err(KubeError::Client(
            "you must specify a non-empty context name or --current".into(),
        ));
    }
    if !given.is_empty() && current {
        return Err(KubeError::Client(
            "you cannot specify both a context name and --current".into(),
        ));
    }
    let name = if current {
        let c = loaded.config["current-context"].as_str().unwrap_or("");
        if c.is_empty() {
            return Err(KubeError::Client("no current context is set".into()));
        }
        c.to_string()
    } else {
        given
    };
    let existing = doc::body(&loaded.config, "contexts", &name).cloned();
    let exists = existing.is_some();
    let mut body = existing.unwrap_or_else(|| json!({}));
    for (flag, key) in [
        ("cluster", "cluster"),
        ("user", "user"),
        ("namespace", "namespace"),
    ] {
        if let Some(v) = f.value(flag) {
            body[key] = json!(v);
        }
    }
    let mut new = loaded.config.clone();
    doc::set_body(&mut new, "contexts", &name, body);
    super::save(ctx, &loaded, &new)?;
    let verb = if exists { "modified" } else { "created" };
    ctx.stdout.line(&format!("Context {} {verb}.", json!(name)));
    Ok(0)
}
