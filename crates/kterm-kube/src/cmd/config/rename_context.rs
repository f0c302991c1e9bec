//! `kubectl config rename-context OLD NEW`

use crate::cli::Invocation;
use kterm_shell::Ctx;
use serde_json::json;

use super::doc;
use crate::error::KubeError;

pub fn run(ctx: &mut Ctx<'_>, inv: &mut Invocation, args: &[String]) -> Result<i32, KubeError> {
    let (f, loaded) = super::open(inv, "rename-context", args, &[])?;
    let [old, new_name] = f.args.as_slice() else {
        return Err(KubeError::Client(format!(
            "Unexpected args: {}",
            super::go_list(&f.args)
        )));
    };
    if new_name.is_empty() {
        return Err(KubeError::Client(
            "You must specify a new non-empty context name".into(),
        ));
    }
    let file = loaded.file_name().to_string();
    let Some(body) = doc::body(&loaded.config, "contexts", old).cloned() else {
        return Err(KubeError::Client(format!(
            "cannot rename the context {}, it's not in {file}",
            json!(old)
        )));
    };
    if doc::body(&loaded.config, "contexts", new_name).is_some() {
        return Err(KubeError::Client(format!(
            "cannot rename the context {}, the context {} already exists in {file}",
            json!(old),
            json!(new_name)
        )));
    }
    let mut new = loaded.config.clone();
    doc::remove(&mut new, "contexts", old);
    doc::set_body(&mut new, "contexts", new_name, body);
    if loaded.config["current-context"] == old.as_str() {
        new["current-context"] = json!(new_name);
    }
    super::save(ctx, &loaded, &new)?;
    ctx.stdout.line(&format!(
        "Context {} renamed to {}.",
        json!(old),
        json!(new_name)
    ));
    Ok(0)
}
