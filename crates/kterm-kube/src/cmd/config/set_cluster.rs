//! `kubectl config set-cluster NAME [--server=…] [--certificate-authority=FILE]
//! [--insecure-skip-tls-verify] [--tls-server-name=…] [--embed-certs] [--proxy-url=…]`

use crate::cli::Invocation;
use base64::Engine;
use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::doc;
use crate::error::KubeError;
use crate::flags::Flag;

pub fn run(ctx: &mut Ctx<'_>, inv: &mut Invocation, args: &[String]) -> Result<i32, KubeError> {
    let (args, insecure) = super::take_bool(args, "insecure-skip-tls-verify")?;
    let (args, embed) = super::take_bool(&args, "embed-certs")?;
    let (f, loaded) = super::open(
        inv,
        "set-cluster",
        &args,
        &[
            Flag::value(
                "certificate-authority",
                None,
                "Path to the CA certificate file",
            ),
            Flag::value(
                "tls-server-name",
                None,
                "Server name to verify the server's certificate against",
            ),
            Flag::value("proxy-url", None, "Proxy for requests to the cluster"),
        ],
    )?;
    let [name] = f.args.as_slice() else {
        return Err(KubeError::Client(format!(
            "Unexpected args: {}",
            super::go_list(&f.args)
        )));
    };
    if name.is_empty() {
        return Err(KubeError::Client(
            "you must specify a non-empty cluster name".into(),
        ));
    }
    let ca = f.value("certificate-authority");
    if insecure == Some(true) && ca.is_some_and(|c| !c.is_empty()) {
        return Err(KubeError::Client(
            "you cannot specify a certificate authority and insecure mode at the same time".into(),
        ));
    }
    let embed = embed.unwrap_or(false);
    let mut ca_data = None;
    if embed {
        let Some(path) = ca.filter(|c| !c.is_empty()) else {
            return Err(KubeError::Client(
                "you must specify a --certificate-authority to embed".into(),
            ));
        };
        let abs = ctx.sh.abs_path(path);
        match ctx.sh.fs.read(&abs) {
            Ok(b) => ca_data = Some(base64::engine::general_purpose::STANDARD.encode(b)),
            Err(_) => {
                return Err(KubeError::Client(format!(
                    "could not stat certificate-authority file {path}: stat {path}: no such file or directory"
                )))
            }
        }
    }
    let mut c = doc::body(&loaded.config, "clusters", name)
        .cloned()
        .unwrap_or_else(|| json!({}));
    let obj = c
        .as_object_mut()
        .ok_or_else(|| KubeError::Client("bad cluster entry".into()))?;
    if let Some(s) = f.value("server") {
        obj.insert("server".into(), json!(s));
        obj.remove("tls-server-name");
    }
    if let Some(t) = f.value("tls-server-name") {
        obj.insert("tls-server-name".into(), json!(t));
    }
    // kubectl's flag defaults to false and is always applied.
    {
        let i = insecure.unwrap_or(false);
        obj.insert("insecure-skip-tls-verify".into(), json!(i));
        if i {
            obj.remove("certificate-authority");
            obj.remove("certificate-authority-data");
        }
    }
    if let Some(path) = ca {
        if let Some(data) = ca_data {
            obj.insert("certificate-authority-data".into(), json!(data));
            obj.remove("insecure-skip-tls-verify");
            obj.remove("certificate-authority");
        } else {
            let abs = if path.is_empty() {
                String::new()
            } else {
                ctx.sh.abs_path(path)
            };
            obj.insert("certificate-authority".into(), json!(abs));
            if !abs.is_empty() {
                obj.remove("insecure-skip-tls-verify");
                obj.remove("certificate-authority-data");
            }
        }
    }
    if let Some(p) = f.value("proxy-url") {
        obj.insert("proxy-url".into(), json!(p));
    }
    let mut new: Value = loaded.config.clone();
    doc::set_body(&mut new, "clusters", name, c);
    super::save(ctx, &loaded, &new)?;
    ctx.stdout.line(&format!("Cluster {} set.", json!(name)));
    Ok(0)
}
