use crate::{CmdError, Ctx};

builtin!(Alias, "alias", "define or display aliases", "Usage: alias [NAME[=VALUE] ...]\nWithout arguments, list aliases as `alias NAME='VALUE'`. With NAME=VALUE, define an alias.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if ctx.args.is_empty() {
        let lines: Vec<String> = ctx.sh.aliases.iter().map(|(k, v)| show(k, v)).collect();
        for l in lines {
            ctx.stdout.line(&l);
        }
        return Ok(0);
    }
    let mut status = 0;
    for a in ctx.args.clone() {
        match a.split_once('=') {
            Some((name, value)) if !name.is_empty() => {
                ctx.sh.aliases.insert(name.to_string(), value.to_string());
            }
            _ => match ctx.sh.aliases.get(&a) {
                Some(v) => {
                    let l = show(&a, v);
                    ctx.stdout.line(&l);
                }
                None => {
                    ctx.stderr.line(&format!("kterm: alias: {a}: not found"));
                    status = 1;
                }
            },
        }
    }
    Ok(status)
}

fn show(name: &str, value: &str) -> String {
    format!("alias {name}='{}'", value.replace('\'', "'\\''"))
}
