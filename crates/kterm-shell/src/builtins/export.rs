use crate::{CmdError, Ctx};

builtin!(Export, "export", "set export attribute for shell variables", "Usage: export [-p] [NAME[=VALUE] ...]\nMark each NAME for export to the environment of commands; with VALUE, assign it first.\n  -p  list all exported variables\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let names: Vec<String> = ctx.args.iter().filter(|a| *a != "-p").cloned().collect();
    if names.is_empty() {
        let lines: Vec<String> = ctx
            .sh
            .env
            .exported()
            .map(|(k, v)| {
                format!(
                    "declare -x {k}=\"{}\"",
                    crate::sanitize::field(v).replace('"', "\\\"")
                )
            })
            .collect();
        for l in lines {
            ctx.stdout.line(&l);
        }
        return Ok(0);
    }
    let mut status = 0;
    for a in names {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (a.clone(), None),
        };
        if !valid_name(&name) {
            ctx.stderr
                .line(&format!("kterm: export: `{a}': not a valid identifier"));
            status = 1;
            continue;
        }
        ctx.sh.env.export(&name, value);
    }
    Ok(status)
}

pub(super) fn valid_name(name: &str) -> bool {
    let mut c = name.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}
