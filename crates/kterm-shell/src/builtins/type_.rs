use crate::{CmdError, Ctx};

builtin!(
    Type,
    "type",
    "describe how a name would be interpreted",
    "Usage: type [-t] NAME...\nTell whether each NAME is an alias, a keyword, a function or a builtin command.\n  -t  print only the kind: alias, keyword, function or builtin\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let mut status = 0;
    let mut terse = false;
    for name in ctx.args.clone() {
        if name == "-t" {
            terse = true;
            continue;
        }
        let (kind, text) = if let Some(v) = ctx.sh.aliases.get(&name) {
            ("alias", format!("{name} is aliased to `{v}'\n"))
        } else if crate::lang::parser::is_reserved(&name) {
            ("keyword", format!("{name} is a shell keyword\n"))
        } else if let Some(f) = ctx.sh.lang.functions.get(&name) {
            (
                "function",
                format!("{name} is a function\n{}", crate::lang::print::function(f)),
            )
        } else if ctx.registry.get(&name).is_some()
            || super::SPECIAL.iter().any(|(n, _)| *n == name)
        {
            ("builtin", format!("{name} is a shell builtin\n"))
        } else {
            if !terse {
                ctx.stderr.line(&format!("kterm: type: {name}: not found"));
            }
            status = 1;
            continue;
        };
        if terse {
            ctx.stdout.line(kind);
        } else {
            ctx.stdout.write_str(&text);
        }
    }
    Ok(status)
}
