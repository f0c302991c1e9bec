//! `kubectl get TYPE[,TYPE…] [NAME…] | TYPE/NAME… | all`: flags parsed
//! and validated here, then the human tables (human.rs, server-side
//! printing), the generic printers (generic.rs: json, yaml, name,
//! jsonpath, custom-columns), `--raw`, or a watch (watch.rs).

mod generic;
mod human;
mod watch;

use kterm_shell::Ctx;

use crate::cli::Invocation;
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Flag;
use crate::flags::{self, Parsed};
use crate::go::url::query_escape;
use crate::kubeconfig::Target;
use crate::{api, print::columns, print::jsonpath};

pub(crate) const FLAGS: &[Flag] = &[
    flags::OUTPUT,
    flags::ALL_NAMESPACES,
    flags::SELECTOR,
    flags::FIELD_SELECTOR,
    flags::NO_HEADERS,
    Flag::switch("show-labels", None, "Add a LABELS column"),
    Flag::switch("show-kind", None, "Name each object with its kind"),
    Flag::value(
        "label-columns",
        Some('L'),
        "Add a column with the value of each of these labels",
    ),
    flags::SORT_BY,
    Flag::value(
        "template",
        None,
        "Template for -o jsonpath or custom-columns",
    ),
    Flag::value("raw", None, "Print the answer of this API path as it is"),
    flags::WATCH,
    Flag::switch(
        "watch-only",
        None,
        "Watch for changes without listing first",
    ),
    Flag::switch(
        "output-watch-events",
        None,
        "Print watch events as objects with their type",
    ),
    flags::CHUNK_SIZE,
    flags::IGNORE_NOT_FOUND,
];

/// kubectl's list of formats, for its "unable to match a printer" error.
const FORMATS: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,wide,yaml";

/// The printer `-o` selects.
pub(crate) enum Output {
    Human {
        wide: bool,
    },
    Name,
    Json,
    Yaml,
    JsonPath {
        path: jsonpath::JsonPath,
        raw: String,
        as_json: bool,
    },
    Columns(Vec<columns::Column>),
}

/// A template file from the session's file system, or Go's error text.
fn read_template(ctx: &Ctx<'_>, path: &str) -> Result<String, String> {
    ctx.sh
        .fs
        .read(&ctx.sh.abs_path(path))
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .map_err(|_| format!("open {path}: no such file or directory"))
}

fn output(ctx: &Ctx<'_>, f: &Parsed) -> Result<Output, KubeError> {
    let o = f.value("output").unwrap_or("");
    let (format, arg) = match o.split_once('=') {
        Some((fmt, arg)) => (fmt, Some(arg)),
        None => (o, None),
    };
    let template = arg.or(f.value("template")).unwrap_or("");
    let err = |m: String| KubeError::Client(m);
    Ok(match format {
        // kubectl takes `--template` alone as a go-template.
        "" if f.value("template").is_some() => {
            return Err(err(
                "-o go-template is not available in kterm's kubectl; use -o jsonpath, custom-columns, json or yaml".into(),
            ))
        }
        "" => Output::Human { wide: false },
        "wide" => Output::Human { wide: true },
        "name" => Output::Name,
        "json" => Output::Json,
        "yaml" => Output::Yaml,
        "jsonpath" | "jsonpath-as-json" | "jsonpath-file" => {
            if template.is_empty() {
                return Err(err("template format specified but no template given".into()));
            }
            let text;
            let template = if format == "jsonpath-file" {
                text = read_template(ctx, template)
                    .map_err(|e| err(format!("error reading --template {template}, {e}\n")))?;
                text.as_str()
            } else {
                template
            };
            let path = jsonpath::JsonPath::parse(template)
                .map_err(|e| err(format!("error parsing jsonpath {template}, {e}")))?;
            Output::JsonPath {
                path,
                raw: template.to_string(),
                as_json: format == "jsonpath-as-json",
            }
        }
        "custom-columns" => Output::Columns(columns::parse(template).map_err(err)?),
        "custom-columns-file" => {
            let text = read_template(ctx, template)
                .map_err(|e| err(format!("error reading template {template}, {e}\n")))?;
            Output::Columns(columns::parse_template(&text).map_err(err)?)
        }
        "go-template" | "go-template-file" | "template" | "templatefile" | "kyaml" => {
            return Err(err(format!(
                "-o {format} is not available in kterm's kubectl; use -o jsonpath, custom-columns, json or yaml"
            )))
        }
        _ => {
            return Err(err(format!(
                "unable to match a printer suitable for the output format \"{o}\", allowed formats are: {FORMATS}"
            )))
        }
    })
}

/// What the user asked for: each type with the names given for it.
fn requests(args: &[String]) -> Result<Vec<(String, Vec<String>)>, KubeError> {
    let Some(first) = args.first() else {
        return Err(KubeError::Client(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.".into(),
        ));
    };
    if args.iter().any(|a| a.contains('/')) {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for a in args {
            let Some((ty, name)) = a.split_once('/') else {
                return Err(KubeError::Client("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into()));
            };
            match out.iter_mut().find(|(t, _)| t == ty) {
                Some((_, names)) => names.push(name.to_string()),
                None => out.push((ty.to_string(), vec![name.to_string()])),
            }
        }
        return Ok(out);
    }
    let names: Vec<String> = args[1..].to_vec();
    Ok(first
        .split(',')
        .map(|t| (t.to_string(), names.clone()))
        .collect())
}

/// Resolves the typed kinds; `all` (or any category) expands to the
/// resources discovery lists in it, in discovery order.
fn resolve(
    known: &[ApiResource],
    wanted: Vec<(String, Vec<String>)>,
) -> Result<Vec<(ApiResource, Vec<String>)>, KubeError> {
    let mut kinds = Vec::new();
    for (ty, names) in wanted {
        if let Some(r) = discovery::find(known, &ty) {
            kinds.push((r.clone(), names));
            continue;
        }
        let lower = ty.to_lowercase();
        let members: Vec<&ApiResource> = known
            .iter()
            .filter(|r| r.categories.contains(&lower))
            .collect();
        if members.is_empty() {
            return Err(KubeError::Client(format!(
                "the server doesn't have a resource type \"{ty}\""
            )));
        }
        kinds.extend(members.into_iter().map(|r| (r.clone(), names.clone())));
    }
    Ok(kinds)
}

/// The validated request, shared by the printers.
pub(crate) struct Get {
    pub t: Target,
    pub f: Parsed,
    pub out: Output,
    pub kinds: Vec<(ApiResource, Vec<String>)>,
    pub all_ns: bool,
}

impl Get {
    /// Query parameters of a list request (selectors), percent-encoded.
    pub fn selectors(&self) -> Vec<String> {
        let mut q = Vec::new();
        if let Some(l) = self.f.value("selector") {
            q.push(format!("labelSelector={}", query_escape(l)));
        }
        if let Some(fs) = self.f.value("field-selector") {
            q.push(format!("fieldSelector={}", query_escape(fs)));
        }
        q
    }

    /// Keeps the errors kubectl reports: all of them, or all but NotFound
    /// with `--ignore-not-found`.
    pub fn reported(&self, errs: Vec<KubeError>) -> Vec<KubeError> {
        let ignore = self.f.has("ignore-not-found");
        errs.into_iter()
            .filter(|e| {
                !(ignore && matches!(e, KubeError::Status { reason, .. } if reason == "NotFound"))
            })
            .collect()
    }

    pub fn namespace(&self) -> Option<&str> {
        (!self.all_ns).then_some(self.t.namespace.as_str())
    }
}

fn validate(f: &Parsed) -> Result<(), KubeError> {
    let err = |m: &str| Err(KubeError::Client(m.to_string()));
    let o = f.value("output").unwrap_or("");
    if let Some(raw) = f.value("raw") {
        if !f.args.is_empty() {
            return err("arguments may not be passed when --raw is specified");
        }
        if f.has("watch") || f.has("watch-only") || f.has("selector") {
            return err(
                "--raw may not be specified with other flags that filter the server request or alter the output",
            );
        }
        if !o.is_empty() {
            return err("--raw and --output are mutually exclusive");
        }
        if !raw.starts_with('/') && !raw.contains("://") {
            return Err(KubeError::Client(format!(
                "--raw must be a valid URL path: parse \"{raw}\": invalid URI for request"
            )));
        }
    }
    if f.has("show-labels") && !matches!(o, "" | "wide") {
        return Err(KubeError::Client(format!(
            "--show-labels option cannot be used with {o} printer"
        )));
    }
    if f.has("label-columns") && o.starts_with("custom-columns") {
        return Err(KubeError::Client(format!(
            "--label-columns option cannot be used with {o} printer"
        )));
    }
    if f.has("output-watch-events") && !(f.has("watch") || f.has("watch-only")) {
        return err("--output-watch-events option can only be used with --watch or --watch-only");
    }
    Ok(())
}

/// `--raw PATH`: the server's answer as is.
async fn raw(ctx: &mut Ctx<'_>, t: &Target, path: &str) -> Result<i32, KubeError> {
    let req = api::request(t, "GET", path);
    let (status, body) = api::send(ctx, t, req).await?;
    if !(200..300).contains(&status) {
        return Err(KubeError::from_response(status, &body, "get", path));
    }
    ctx.stdout.write(&body);
    Ok(0)
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("get", args, FLAGS)?;
    validate(&f)?;
    let s = inv.target(ctx).await?;
    if let Some(path) = f.value("raw") {
        return raw(ctx, &s, path).await;
    }
    let out = output(ctx, &f)?;
    let wanted = requests(&f.args)?;
    let known = discovery::resources(ctx, &s).await?;
    let kinds = resolve(&known, wanted)?;
    let g = Get {
        t: s,
        all_ns: f.has("all-namespaces"),
        f,
        out,
        kinds,
    };
    if g.f.has("watch") || g.f.has("watch-only") {
        return watch::run(ctx, &g).await;
    }
    match g.out {
        Output::Human { .. } => human::run(ctx, &g).await,
        _ => generic::run(ctx, &g).await,
    }
}
