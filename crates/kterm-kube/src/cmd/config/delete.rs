//! `kubectl config delete-context | delete-cluster | delete-user NAME`

use crate::cli::Invocation;
use kterm_shell::Ctx;

use super::doc;
use crate::error::KubeError;

pub fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
    what: &str,
    section: &str,
) -> Result<i32, KubeError> {
    let sub = format!("delete-{what}");
    let (f, loaded) = super::open(inv, &sub, args, &[])?;
    let [name] = f.args.as_slice() else {
        return Err(KubeError::Client(if what == "user" {
            "user to delete is required\nSee 'kubectl config delete-user -h' for help and examples"
                .into()
        } else {
            format!("{sub} takes exactly one argument: NAME")
        }));
    };
    let file = loaded.file_name().to_string();
    let mut new = loaded.config.clone();
    if !doc::remove(&mut new, section, name) {
        return Err(KubeError::Client(format!(
            "cannot delete {what} {name}, not in {file}"
        )));
    }
    if what == "context" && loaded.config["current-context"] == name.as_str() {
        ctx.stderr.write_str("warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n");
    }
    super::save(ctx, &loaded, &new)?;
    ctx.stdout.line(&kterm_shell::sanitize::text(&format!(
        "deleted {what} {name} from {file}"
    )));
    Ok(0)
}
