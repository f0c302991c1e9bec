//! `docker logout [SERVER]`: the stored credentials for the registry go,
//! under each spelling Docker once saved them with.

use kterm_shell::Ctx;

use super::{config, INDEX_SERVER};

const USE_LINE: &str = "docker logout [SERVER]";

const HELP: &str = "
Usage:  docker logout [SERVER]

Log out from a registry.
If no server is specified, the default is defined by the daemon.
";

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> i32 {
    let f = match super::parse(args, &[]) {
        Ok(f) => f,
        Err(e) => return super::flag_error(ctx, &e, USE_LINE, "docker logout"),
    };
    if f.help {
        ctx.stdout.write_str(HELP);
        return 0;
    }
    if f.positional.len() > 1 {
        return super::too_many_args(ctx, USE_LINE, "docker logout");
    }
    let (keys, shown) = match f.positional.first() {
        None => (vec![INDEX_SERVER.to_string()], INDEX_SERVER.to_string()),
        Some(s) => {
            let host = config::hostname(s);
            (
                vec![
                    s.clone(),
                    host.clone(),
                    format!("http://{host}"),
                    format!("https://{host}"),
                ],
                host,
            )
        }
    };
    let (mut file, warning) = config::load(ctx.sh);
    if let Some(w) = warning {
        ctx.stderr.line(&format!("WARNING: {w}"));
    }
    ctx.stdout
        .line(&format!("Removing login credentials for {shown}"));
    config::erase(&mut file, &keys);
    let now = ctx.host.now_ms();
    if let Err(e) = config::save(ctx.sh, file, now) {
        ctx.stderr.line("WARNING: could not erase credentials:");
        ctx.stderr.line(&format!("{shown}: {e}"));
    }
    0
}
