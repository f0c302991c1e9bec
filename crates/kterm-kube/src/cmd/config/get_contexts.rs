//! `kubectl config get-contexts [NAME…] [-o name] [--no-headers]`

use crate::cli::Invocation;
use kterm_shell::Ctx;

use super::doc;
use crate::error::KubeError;
use crate::flags;
use crate::print::table;

pub fn run(ctx: &mut Ctx<'_>, inv: &mut Invocation, args: &[String]) -> Result<i32, KubeError> {
    let (f, loaded) = super::open(
        inv,
        "get-contexts",
        args,
        &[flags::OUTPUT, flags::NO_HEADERS],
    )?;
    let output = f.value("output").unwrap_or("");
    if !matches!(output, "" | "name") {
        return Err(KubeError::Client(format!(
            "--output {output} is not available in kubectl config get-contexts; resetting to default output format"
        )));
    }
    let cfg = &loaded.config;
    let current = cfg["current-context"].as_str().unwrap_or("");
    let all = doc::names(cfg, "contexts");
    let mut errors = Vec::new();
    let mut shown: Vec<String> = if f.args.is_empty() {
        all
    } else {
        let mut v = Vec::new();
        for n in &f.args {
            if all.contains(n) {
                v.push(n.clone());
            } else {
                errors.push(format!("context {n} not found"));
            }
        }
        v
    };
    kterm_shell::sort::sort(&mut shown);
    if output == "name" {
        for n in &shown {
            ctx.stdout.line(&kterm_shell::sanitize::field(n));
        }
    } else {
        let mut rows = Vec::new();
        if !f.has("no-headers") {
            rows.push(
                ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]
                    .map(String::from)
                    .to_vec(),
            );
        }
        for n in &shown {
            let c = doc::body(cfg, "contexts", n).cloned().unwrap_or_default();
            rows.push(vec![
                if n == current { "*" } else { " " }.to_string(),
                table::cell(&serde_json::json!(n)),
                table::cell(&c["cluster"]),
                table::cell(&c["user"]),
                table::cell(&c["namespace"]),
            ]);
        }
        ctx.stdout.write_str(&table::tabwrite(&rows));
    }
    match errors.len() {
        0 => Ok(0),
        1 => Err(KubeError::Client(errors.remove(0))),
        _ => Err(KubeError::Client(format!("[{}]", errors.join(", ")))),
    }
}
