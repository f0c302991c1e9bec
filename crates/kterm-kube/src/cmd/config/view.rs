//! `kubectl config view [--minify] [--raw] [--flatten] [-o yaml|json|
//! jsonpath=…|jsonpath-as-json=…]`: the merged kubeconfig in client-go's
//! v1 shape, secrets redacted unless `--raw` or `--flatten` (client-go's
//! `RedactSecrets` and `ShortenConfig`). A JSONPath template sees the same
//! object (`--template` gives it to a bare `-o jsonpath`).

use crate::cli::Invocation;
use base64::Engine;
use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::doc::{self, Loaded};
use crate::error::KubeError;
use crate::flags::{self, Flag};
use crate::go;
use crate::mutate;

/// `--template`, for a bare `-o jsonpath`.
const TEMPLATE: Flag = Flag::value("template", None, "Template for -o jsonpath");

const FORMATS: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,yaml";

fn minify(cfg: &mut Value, context: &str) -> Result<(), KubeError> {
    if context.is_empty() {
        return Err(KubeError::Client(
            "current-context must exist in order to minify".into(),
        ));
    }
    let Some(c) = doc::body(cfg, "contexts", context).cloned() else {
        return Err(KubeError::Client(format!(
            "cannot locate context {context}"
        )));
    };
    let mut out = json!({"current-context": context, "preferences": cfg["preferences"].clone()});
    doc::set_body(&mut out, "contexts", context, c.clone());
    out["clusters"] = json!([]);
    out["users"] = json!([]);
    for (key, section, what) in [
        ("cluster", "clusters", "cluster"),
        ("user", "users", "user"),
    ] {
        let name = c[key].as_str().unwrap_or("");
        if name.is_empty() {
            continue;
        }
        let Some(b) = doc::body(cfg, section, name).cloned() else {
            return Err(KubeError::Client(format!("cannot locate {what} {name}")));
        };
        doc::set_body(&mut out, section, name, b);
    }
    *cfg = out;
    Ok(())
}

/// Secrets replaced as `kubectl config view` shows them.
fn redact(cfg: &mut Value) {
    for u in cfg["users"].as_array_mut().into_iter().flatten() {
        let user = &mut u["user"];
        for k in ["client-certificate-data", "client-key-data"] {
            if user[k].as_str().is_some_and(|s| !s.is_empty()) {
                user[k] = json!("DATA+OMITTED");
            }
        }
        for k in ["token", "password"] {
            if user[k].as_str().is_some_and(|s| !s.is_empty()) {
                user[k] = json!("REDACTED");
            }
        }
    }
    for c in cfg["clusters"].as_array_mut().into_iter().flatten() {
        let k = "certificate-authority-data";
        if c["cluster"][k].as_str().is_some_and(|s| !s.is_empty()) {
            c["cluster"][k] = json!("DATA+OMITTED");
        }
    }
}

/// Files named by path are read in (`--flatten`).
fn flatten(ctx: &Ctx<'_>, loaded: &Loaded, cfg: &mut Value) -> Result<(), KubeError> {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let fix =
        |section: &str, name: &str, body: &mut Value, path_key: &str| -> Result<(), KubeError> {
            let Some(path) = body[path_key]
                .as_str()
                .filter(|p| !p.is_empty())
                .map(str::to_string)
            else {
                return Ok(());
            };
            let data_key = format!("{path_key}-data");
            if body[&data_key].as_str().is_some_and(|d| !d.is_empty()) {
                return Err(KubeError::Client(
                    "cannot have values for both path and contents".into(),
                ));
            }
            let abs = loaded.resolve(section, name, &path);
            let bytes =
                ctx.sh.fs.read(&abs).map_err(|_| {
                    KubeError::Client(format!("open {abs}: no such file or directory"))
                })?;
            body[&data_key] = json!(b64(bytes));
            if let Some(o) = body.as_object_mut() {
                o.remove(path_key);
            }
            Ok(())
        };
    for u in cfg["users"].as_array_mut().into_iter().flatten() {
        let name = u["name"].as_str().unwrap_or("").to_string();
        fix("users", &name, &mut u["user"], "client-certificate")?;
        fix("users", &name, &mut u["user"], "client-key")?;
    }
    for c in cfg["clusters"].as_array_mut().into_iter().flatten() {
        let name = c["name"].as_str().unwrap_or("").to_string();
        fix(
            "clusters",
            &name,
            &mut c["cluster"],
            "certificate-authority",
        )?;
    }
    Ok(())
}

pub fn run(ctx: &mut Ctx<'_>, inv: &mut Invocation, args: &[String]) -> Result<i32, KubeError> {
    let (args, _merge) = super::take_bool(args, "merge")?;
    let (args, raw) = super::take_bool(&args, "raw")?;
    let (args, flat) = super::take_bool(&args, "flatten")?;
    let (args, mini) = super::take_bool(&args, "minify")?;
    let (f, loaded) = super::open(inv, "view", &args, &[flags::OUTPUT, TEMPLATE])?;
    if !f.args.is_empty() {
        return Err(KubeError::Client(format!(
            "unexpected arguments: {}\nSee 'kubectl config view -h' for help and examples",
            super::go_list(&f.args)
        )));
    }
    let output = match (f.value("output").unwrap_or("yaml"), f.value("template")) {
        (o @ ("jsonpath" | "jsonpath-as-json"), Some(t)) => format!("{o}={t}"),
        (o, _) => o.to_string(),
    };
    let output = output.as_str();
    let jsonpath = output
        .split('=')
        .next()
        .is_some_and(|o| matches!(o, "jsonpath" | "jsonpath-as-json"));
    if jsonpath {
        mutate::check_output(output)?;
    } else if f.value("output").is_none() && f.value("template").is_some() {
        return Err(KubeError::Client(
            "-o go-template is not available in kterm's kubectl; use -o jsonpath, json, yaml or name".into(),
        ));
    } else if !matches!(output, "yaml" | "json" | "name") {
        return Err(KubeError::Client(format!(
            "unable to match a printer suitable for the output format \"{output}\", allowed formats are: {FORMATS}"
        )));
    }
    let mut cfg = loaded.config.clone();
    if mini == Some(true) {
        let context = f
            .value("context")
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| cfg["current-context"].as_str().unwrap_or("").to_string());
        minify(&mut cfg, &context)?;
    }
    if flat == Some(true) {
        flatten(ctx, &loaded, &mut cfg)?;
    } else if raw != Some(true) {
        redact(&mut cfg);
    }
    let doc = doc::v1(&cfg);
    if jsonpath {
        // The template sees the object as JSON read back into Go maps;
        // `preferences` is a struct there, never left out.
        let mut doc = doc;
        if doc["preferences"].is_null() {
            doc["preferences"] = json!({});
        }
        return mutate::print_jsonpath(ctx, output, &doc).map(|()| 0);
    }
    let text = match output {
        "json" => format!("{}\n", go::json::indent_typed(&doc)),
        "name" => "config/<unknown>\n".to_string(),
        _ => go::yaml::to_string(&doc),
    };
    ctx.stdout.write_str(&kterm_shell::sanitize::text(&text));
    Ok(0)
}
