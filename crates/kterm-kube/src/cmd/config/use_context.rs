//! `kubectl config use-context NAME` (alias `use`)

use crate::cli::Invocation;
use kterm_shell::Ctx;
use serde_json::json;

use super::doc;
use crate::error::KubeError;

pub fn run(ctx: &mut Ctx<'_>, inv: &mut Invocation, args: &[String]) -> Result<i32, KubeError> {
    let (f, loaded) = super::open(inv, "use-context", args, &[])?;
    let [name] = f.args.as_slice() else {
        return Err(KubeError::Client(format!(
            "Unexpected args: {}",
            super::go_list(&f.args)
        )));
    };
    if name.is_empty() {
        return Err(KubeError::Client(
            "empty context names are not allowed".into(),
        ));
    }
    if doc::body(&loaded.config, "contexts", name).is_none() {
        return Err(KubeError::Client(format!(
            "no context exists with the name: {}",
            json!(name)
        )));
    }
    let mut new = loaded.config.clone();
    new["current-context"] = json!(name);
    super::save(ctx, &loaded, &new)?;
    ctx.stdout
        .line(&format!("Switched to context {}.", json!(name)));
    Ok(0)
}
