//! `docker login [-u USER] [-p PASSWORD | --password-stdin] [SERVER]`, in the
//! Docker CLI's order: flag checks, the password warning, stored
//! credentials when none are given, prompts on a terminal, the registry
//! handshake, then the credentials stored and `Login Succeeded`.

use kterm_shell::Ctx;

use super::{config, handshake, Spec, INDEX_SERVER};

const USE_LINE: &str = "docker login [OPTIONS] [SERVER]";

const HELP: &str = "
Usage:  docker login [OPTIONS] [SERVER]

Authenticate to a registry.
Defaults to Docker Hub if no server is specified.

Options:
  -p, --password string   Password or Personal Access Token (PAT), or \"-\" to read from stdin
      --password-stdin    Take the Password or Personal Access Token (PAT) from stdin
  -u, --username string   Username
";

const SPEC: &[Spec] = &[
    (Some('u'), "username", true),
    (Some('p'), "password", true),
    (None, "password-stdin", false),
];

const UNENCRYPTED: &str = "
WARNING! Your credentials are stored unencrypted in '/home/user/.docker/config.json'.
Configure a credential helper to remove this warning. See
https://docs.docker.com/go/credential-store/

";

/// An error as the Docker CLI's `main` prints it: the text, exit status 1.
fn fail(ctx: &mut Ctx<'_>, msg: &str) -> i32 {
    ctx.stderr.line(msg);
    1
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> i32 {
    let f = match super::parse(args, SPEC) {
        Ok(f) => f,
        Err(e) => return super::flag_error(ctx, &e, USE_LINE, "docker login"),
    };
    if f.help {
        ctx.stdout.write_str(HELP);
        return 0;
    }
    if f.positional.len() > 1 {
        return super::too_many_args(ctx, USE_LINE, "docker login");
    }
    let user_flag = f.value("username").map(str::to_string);
    let password_flag = f.value("password").map(str::to_string);
    let mut stdin = f.bools.contains(&"password-stdin");
    if stdin || password_flag.as_deref() == Some("-") {
        if password_flag.as_deref().is_some_and(|p| p != "-") {
            return fail(
                ctx,
                "conflicting options: cannot specify both --password and --password-stdin",
            );
        }
        if user_flag.is_none() {
            return fail(
                ctx,
                "the --password-stdin option requires --username to be set",
            );
        }
    }
    if user_flag.as_deref() == Some("") {
        return fail(ctx, "username is empty");
    }
    if password_flag.as_deref() == Some("") {
        return fail(ctx, "password is empty");
    }
    let user = user_flag.unwrap_or_default();
    let mut password = password_flag.unwrap_or_default();
    if password == "-" {
        password.clear();
        stdin = true;
    }
    if !password.is_empty() {
        ctx.stderr
            .line("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    if stdin {
        if user.is_empty() {
            return fail(ctx, "username is empty");
        }
        let mut p = String::from_utf8_lossy(&ctx.stdin).into_owned();
        for eol in ["\r\n", "\n", "\r"] {
            if let Some(s) = p.strip_suffix(eol) {
                p = s.to_string();
                break;
            }
        }
        if p.trim().is_empty() {
            return fail(ctx, "password is empty");
        }
        password = p;
    }

    let server = match f.positional.first().map(String::as_str) {
        None | Some("docker.io") => INDEX_SERVER.to_string(),
        Some(s) => config::hostname(s),
    };
    let client = match crate::api::client(ctx) {
        Ok(c) => c,
        Err(e) => return fail(ctx, &e.to_string()),
    };
    let v2 = format!("https://{server}/v2/");
    if server == INDEX_SERVER || client.endpoints().map(&v2) == v2 {
        let shown = if server == INDEX_SERVER {
            "https://index.docker.io/v2/".to_string()
        } else {
            v2
        };
        return fail(
            ctx,
            &format!("Get {shown:?}: this terminal reaches only IBM Cloud Container Registry (icr.io, us.icr.io, de.icr.io, …, and the former registry.ng.bluemix.net, …)"),
        );
    }

    let (mut file, warning) = config::load(ctx.sh);
    if let Some(w) = warning {
        ctx.stderr.line(&format!("WARNING: {w}"));
    }
    // With no credentials given, the stored ones are tried first.
    if user.is_empty() && password.is_empty() {
        if let Some((u, p)) = config::credentials(&file, &server) {
            ctx.stderr.write_str(&format!(
                "Authenticating with existing credentials... [Username: {u}]\n"
            ));
            note(
                ctx,
                "To login with a different account, run 'docker logout' followed by 'docker login'",
            );
            ctx.stderr.write_str("\n\n");
            match handshake::login(ctx, &client, &server, &u, &p).await {
                Ok(()) => {
                    ctx.stdout.line("Login Succeeded");
                    return 0;
                }
                Err(e) if e.unauthorized => {
                    ctx.stderr.line("Stored credentials invalid or expired")
                }
                Err(e) => ctx
                    .stderr
                    .line(&format!("Login did not succeed, error: {}", e.message)),
            }
        }
    }
    let (user, password) = match prompt(ctx, user, password).await {
        Ok(c) => c,
        Err(status) => return status,
    };
    if let Err(e) = handshake::login(ctx, &client, &server, &user, &password).await {
        return fail(ctx, &e.message);
    }
    if config::store(&mut file, &server, &user, &password) {
        let now = ctx.host.now_ms();
        if let Err(e) = config::save(ctx.sh, file, now) {
            return fail(ctx, &format!("error saving credentials: {e}"));
        }
        ctx.stderr.write_str(UNENCRYPTED);
    }
    ctx.stdout.line("Login Succeeded");
    0
}

/// The user name and password, asked for on the terminal when not given.
async fn prompt(
    ctx: &mut Ctx<'_>,
    mut user: String,
    mut password: String,
) -> Result<(String, String), i32> {
    if (user.is_empty() || password.is_empty()) && !ctx.stdin_is_tty {
        return Err(fail(
            ctx,
            "error: cannot perform an interactive login from a non-TTY device",
        ));
    }
    if user.trim().is_empty() {
        user = match ctx.host.read_line("Username: ", false).await {
            Some(u) => u.trim().to_string(),
            None => return Err(130),
        };
        if user.is_empty() {
            return Err(fail(ctx, "error: username is required"));
        }
    }
    if password.trim().is_empty() {
        password = match ctx.host.read_line("Password: ", true).await {
            Some(p) => p,
            None => return Err(130),
        };
        if password.is_empty() {
            return Err(fail(ctx, "error: password is required"));
        }
    }
    Ok((user, password))
}

/// The Docker CLI's "Info →" note on stderr, styled on a terminal unless
/// `NO_COLOR` is set.
fn note(ctx: &mut Ctx<'_>, text: &str) {
    let no_color = ctx.sh.env.get("NO_COLOR").is_some_and(|v| !v.is_empty())
        && ctx.sh.env.is_exported("NO_COLOR");
    if ctx.stdout_is_tty && !no_color {
        kterm_shell::Out::write_str(
            &mut crate::colour::Styles(&mut *ctx.stderr),
            &format!("\n\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo → \x1b[0m\x1b[0m\x1b[3m{text}\x1b[0m\n"),
        );
    } else {
        ctx.stderr.write_str(&format!("\n Info -> {text}\n"));
    }
}
