use crate::{CmdError, Ctx};

builtin!(
    Help,
    "help",
    "list the available commands",
    "Usage: help [COMMAND]\nList every command with a one-line summary, or show COMMAND's help.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if let Some(name) = ctx.args.first().cloned() {
        return match ctx.registry.resolve(&name).await {
            Some(Ok(c)) => {
                ctx.stdout.write_str(&c.help());
                Ok(0)
            }
            Some(Err(why)) => {
                ctx.stderr.line(&crate::command::load_error(&name, &why));
                Ok(crate::command::LOAD_FAILED_STATUS)
            }
            None => {
                ctx.stderr
                    .line(&format!("kterm: help: no help topics match `{name}'."));
                Ok(1)
            }
        };
    }
    let mut rows: Vec<(String, String)> = ctx
        .registry
        .commands()
        .iter()
        .map(|c| (c.name().to_string(), c.summary().to_string()))
        .collect();
    rows.extend(
        super::SPECIAL
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string())),
    );
    crate::sort::sort(&mut rows);
    let width = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    ctx.stdout
        .line("kterm: a terminal in your browser. These commands are available:");
    ctx.stdout.line("");
    for (n, s) in rows {
        ctx.stdout.line(&format!("  {n:<width$}  {s}"));
    }
    ctx.stdout.line("");
    ctx.stdout.line(
        "Run `COMMAND --help` for details. Files live in this tab and are gone when it closes.",
    );
    Ok(0)
}
