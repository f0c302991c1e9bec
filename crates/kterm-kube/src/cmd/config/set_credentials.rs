//! `kubectl config set-credentials NAME [--token=…] [--username=… --password=…]
//! [--client-certificate=FILE] [--client-key=FILE] [--auth-provider=NAME]
//! [--auth-provider-arg=k=v] [--exec-command=…] [--exec-api-version=…]
//! [--exec-arg=…]`. Exec plugins and client certificates can be written,
//! as kubectl writes them, but kterm cannot use them (see kubeconfig.rs).

use crate::cli::Invocation;
use base64::Engine;
use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::doc;
use crate::error::KubeError;
use crate::flags::Flag;

pub fn run(ctx: &mut Ctx<'_>, inv: &mut Invocation, args: &[String]) -> Result<i32, KubeError> {
    let (args, embed) = super::take_bool(args, "embed-certs")?;
    let embed = embed.unwrap_or(false);
    let (f, loaded) = super::open(
        inv,
        "set-credentials",
        &args,
        &[
            Flag::value("username", None, "User name"),
            Flag::value("password", None, "Password"),
            Flag::value(
                "client-certificate",
                None,
                "Path to the client certificate file",
            ),
            Flag::value("client-key", None, "Path to the client key file"),
            Flag::value(
                "auth-provider",
                None,
                "Name of the auth provider (e.g. oidc)",
            ),
            Flag::value(
                "auth-provider-arg",
                None,
                "A key=value for the auth provider (repeatable)",
            ),
            Flag::value(
                "exec-command",
                None,
                "Command of the exec credential plugin",
            ),
            Flag::value(
                "exec-api-version",
                None,
                "API version of the exec credential plugin",
            ),
            Flag::value(
                "exec-arg",
                None,
                "Argument of the exec credential plugin (repeatable)",
            ),
        ],
    )?;
    let [name] = f.args.as_slice() else {
        return Err(KubeError::Client(format!(
            "unexpected args: {}",
            super::go_list(&f.args)
        )));
    };
    if name.is_empty() {
        return Err(KubeError::Client(
            "you must specify a non-empty user name".into(),
        ));
    }
    let token = f.value("token");
    let (user, pass) = (f.value("username"), f.value("password"));
    let mut methods = Vec::new();
    if token.is_some_and(|t| !t.is_empty()) {
        methods.push("--token");
    }
    if user.is_some_and(|u| !u.is_empty()) || pass.is_some_and(|p| !p.is_empty()) {
        methods.push("--username/--password");
    }
    if methods.len() > 1 {
        return Err(KubeError::Client(format!(
            "you cannot specify more than one authentication method at the same time: {}",
            methods.join(", ")
        )));
    }
    let mut u = doc::body(&loaded.config, "users", name)
        .cloned()
        .unwrap_or_else(|| json!({}));
    if embed {
        let cert = f.value("client-certificate").unwrap_or("");
        let key = f.value("client-key").unwrap_or("");
        if cert.is_empty() && key.is_empty() {
            return Err(KubeError::Client(
                "you must specify a --client-certificate or --client-key to embed".into(),
            ));
        }
        for (flag, p) in [("client-certificate", cert), ("client-key", key)] {
            if !p.is_empty() && !ctx.sh.fs.exists(&ctx.sh.abs_path(p)) {
                return Err(KubeError::Client(format!(
                    "could not stat {flag} file {p}: stat {p}: no such file or directory"
                )));
            }
        }
    }
    for (flag, key) in [
        ("client-certificate", "client-certificate"),
        ("client-key", "client-key"),
    ] {
        if let (true, Some(p)) = (embed, f.value(flag)) {
            let data = ctx
                .sh
                .fs
                .read(&ctx.sh.abs_path(p))
                .map(|b| base64::engine::general_purpose::STANDARD.encode(b))
                .unwrap_or_default();
            u[format!("{key}-data")] = json!(data);
            if let Some(o) = u.as_object_mut() {
                o.remove(key);
            }
            continue;
        }
        if let Some(p) = f.value(flag) {
            let abs = if p.is_empty() {
                String::new()
            } else {
                ctx.sh.abs_path(p)
            };
            if !abs.is_empty() {
                if let Some(o) = u.as_object_mut() {
                    o.remove(&format!("{key}-data"));
                }
            }
            u[key] = json!(abs);
        }
    }
    let mut set_token = false;
    let mut set_basic = false;
    if let Some(t) = token {
        u["token"] = json!(t);
        set_token = !t.is_empty();
    }
    if let Some(x) = user {
        u["username"] = json!(x);
        set_basic |= !x.is_empty();
    }
    if let Some(x) = pass {
        u["password"] = json!(x);
        set_basic |= !x.is_empty();
    }
    if let Some(p) = f.value("auth-provider") {
        if u["auth-provider"]["name"] != p {
            u["auth-provider"] = json!({"name": p});
        }
    }
    if u["auth-provider"].is_object() {
        if !u["auth-provider"]["config"].is_object() {
            u["auth-provider"]["config"] = json!({});
        }
        for arg in f
            .values("auth-provider-arg")
            .iter()
            .flat_map(|a| a.split(','))
        {
            match arg.split_once('=') {
                Some((k, v)) => u["auth-provider"]["config"][k] = json!(v),
                None => {
                    if let Some(m) = u["auth-provider"]["config"].as_object_mut() {
                        m.remove(arg.trim_end_matches('-'));
                    }
                }
            }
        }
    }
    if let Some(c) = f.value("exec-command") {
        if u["exec"].is_object() {
            u["exec"]["command"] = json!(c);
            u["exec"]["args"] = Value::Null;
        } else {
            u["exec"] = json!({"command": c});
        }
    }
    if u["exec"].is_object() {
        if let Some(v) = f.value("exec-api-version") {
            u["exec"]["apiVersion"] = json!(v);
        }
        let exec_args: Vec<String> = f
            .values("exec-arg")
            .iter()
            .flat_map(|a| a.split(',').map(str::to_string).collect::<Vec<_>>())
            .collect();
        if !exec_args.is_empty() {
            u["exec"]["args"] = json!(exec_args);
        }
    }
    if set_token || set_basic {
        if let Some(o) = u.as_object_mut() {
            if !set_token {
                o.remove("token");
            }
            if !set_basic {
                o.remove("username");
                o.remove("password");
            }
        }
    }
    let mut new = loaded.config.clone();
    doc::set_body(&mut new, "users", name, u);
    super::save(ctx, &loaded, &new)?;
    ctx.stdout.line(&format!("User {} set.", json!(name)));
    Ok(0)
}
