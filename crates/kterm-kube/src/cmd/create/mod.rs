//! `kubectl create -f FILE` and the generators, one file each, listed in
//! `GENERATORS`: `configmap`, `deployment`, `namespace`, `secret generic|
//! docker-registry|tls`, `serviceaccount`, `service clusterip|nodeport|
//! loadbalancer|externalname`, `job` (also `--from=cronjob/NAME`),
//! `cronjob`, `quota`, `role`, `rolebinding`, `clusterrole`,
//! `clusterrolebinding`, `ingress`, `poddisruptionbudget`,
//! `priorityclass` and `token`. Each takes its own flags besides the ones
//! every generator has (`COMMON`), checks them as kubectl does and words
//! a failed create as kubectl does.

mod clusterrole;
mod clusterrolebinding;
mod configmap;
mod cronjob;
mod deployment;
mod ingress;
mod job;
mod namespace;
mod pdb;
mod priorityclass;
mod quota;
mod role;
mod rolebinding;
mod secret;
mod secret_docker;
mod secret_tls;
mod service;
mod serviceaccount;
mod sources;
mod token;

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Flag;
use crate::kubeconfig::Target;
use crate::manifest;
use crate::mutate::{self, DryRun};
use crate::{cmd::apply::with_last_applied, flags};

/// The flags of `create -f`, and every generator's own (for Tab and
/// `--help`; each generator accepts only `COMMON` and its own).
pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::SAVE_CONFIG,
    flags::VALIDATE,
    flags::FIELD_MANAGER,
    TEMPLATE,
    SHOW_MANAGED_FIELDS,
    ALLOW_MISSING_TEMPLATE_KEYS,
    flags::IMAGE,
    deployment::REPLICAS,
    flags::PORT,
    sources::FROM_LITERAL,
    sources::FROM_FILE,
    sources::FROM_ENV_FILE,
    sources::APPEND_HASH,
    secret::TYPE,
    secret_docker::DOCKER_SERVER,
    secret_docker::DOCKER_USERNAME,
    secret_docker::DOCKER_PASSWORD,
    secret_docker::DOCKER_EMAIL,
    secret_tls::CERT,
    secret_tls::KEY,
    service::TCP,
    service::CLUSTERIP,
    service::NODE_PORT,
    service::EXTERNAL_NAME,
    job::FROM,
    cronjob::SCHEDULE,
    cronjob::RESTART,
    quota::HARD,
    quota::SCOPES,
    role::VERB,
    role::RESOURCE,
    role::RESOURCE_NAME,
    clusterrole::NON_RESOURCE_URL,
    clusterrole::AGGREGATION_RULE,
    rolebinding::ROLE,
    rolebinding::CLUSTERROLE,
    rolebinding::USER,
    rolebinding::GROUP,
    rolebinding::SERVICEACCOUNT,
    ingress::CLASS,
    ingress::RULE,
    ingress::DEFAULT_BACKEND,
    ingress::ANNOTATION,
    pdb::SELECTOR,
    pdb::MIN_AVAILABLE,
    pdb::MAX_UNAVAILABLE,
    priorityclass::VALUE,
    priorityclass::GLOBAL_DEFAULT,
    priorityclass::DESCRIPTION,
    priorityclass::PREEMPTION_POLICY,
    token::AUDIENCE,
    token::DURATION,
    token::BOUND_OBJECT_KIND,
    token::BOUND_OBJECT_NAME,
    token::BOUND_OBJECT_UID,
];

/// `--template`, for `-o jsonpath`.
const TEMPLATE: Flag = Flag::value("template", None, "Template for -o jsonpath");
/// Accepted as kubectl's printers accept them.
const SHOW_MANAGED_FIELDS: Flag = Flag::switch(
    "show-managed-fields",
    None,
    "Keep managedFields in json and yaml output",
);
const ALLOW_MISSING_TEMPLATE_KEYS: Flag = Flag::switch(
    "allow-missing-template-keys",
    None,
    "Print nothing for a key the template names and the object lacks",
);

/// The flags every generator takes besides its own.
const COMMON: &[Flag] = &[
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::SAVE_CONFIG,
    flags::VALIDATE,
    flags::FIELD_MANAGER,
    TEMPLATE,
    SHOW_MANAGED_FIELDS,
    ALLOW_MISSING_TEMPLATE_KEYS,
];

/// kubectl's notice for `--dry-run` without a value.
fn deprecated_dry_run(ctx: &mut Ctx<'_>, f: &flags::Parsed) {
    if f.value("dry-run") == Some("unchanged") {
        let line = crate::trace::warning(
            ctx.host.now_ms(),
            "helpers.go:714",
            "--dry-run is deprecated and can be replaced with --dry-run=client.",
        );
        ctx.stderr.line(&line);
    }
}

/// `-o`, with `--template` joined to a bare `-o jsonpath`.
fn output_of(f: &flags::Parsed) -> String {
    let out = f.value("output").unwrap_or("");
    match f.value("template") {
        Some(t) if matches!(out, "jsonpath" | "jsonpath-as-json") => format!("{out}={t}"),
        _ => out.to_string(),
    }
}

/// What a generator has to go on: its parsed flags, the NAME, the
/// command after `--`, and the server's resources (for `role`).
pub(crate) struct Input<'a> {
    pub f: &'a flags::Parsed,
    pub name: &'a str,
    pub command: &'a [String],
    pub all: &'a [ApiResource],
}

/// What a generator makes.
pub(crate) enum Made {
    /// The object to create.
    Object(Value),
    /// `create job NAME --from=cronjob/CRONJOB`: a job from the cron
    /// job's template, once it has been read.
    JobFrom(String),
    /// `create token SA`: a TokenRequest for the service account.
    Token(Value),
}

/// Builds what a generator makes (and checks its flags as kubectl does).
type Build = fn(&mut Ctx<'_>, &Input<'_>) -> Result<Made, KubeError>;

/// One generator (`create deployment …`), or a group of them (`create
/// service clusterip|nodeport|…`). Adding one: a file with its
/// `GENERATOR`, and a line here (and its flags in `FLAGS`).
pub(crate) struct Generator {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// Its own flags, besides `common`.
    pub flags: &'static [Flag],
    pub common: &'static [Flag],
    /// How kubectl words a create the server refused (`failed to create
    /// configmap: `); empty when it prints the server's error as it is.
    pub failed: &'static str,
    /// Flags cobra insists on before anything else.
    pub required: &'static [&'static str],
    pub build: Build,
    /// Whether `--save-config` keeps the configuration (kubectl's service
    /// generators read the flag but never act on it).
    pub saves_config: bool,
    /// The generators of a group, and what the group prints without one.
    pub subs: &'static [Generator],
    pub help: &'static str,
    /// kubectl's one line about it, and its usage after `kubectl create`.
    pub summary: &'static str,
    pub usage: &'static str,
}

impl Generator {
    /// A generator with the common flags, none of its own.
    pub(crate) const fn new(name: &'static str, failed: &'static str, build: Build) -> Generator {
        Generator {
            name,
            aliases: &[],
            flags: &[],
            common: COMMON,
            failed,
            required: &[],
            saves_config: true,
            build,
            subs: &[],
            help: "",
            summary: "",
            usage: "",
        }
    }

    pub(crate) const fn aliases(self, aliases: &'static [&'static str]) -> Generator {
        Generator { aliases, ..self }
    }

    pub(crate) const fn required(self, required: &'static [&'static str]) -> Generator {
        Generator { required, ..self }
    }

    /// `--save-config` accepted and left unused, as kubectl's service
    /// generators do.
    pub(crate) const fn forgets_config(self) -> Generator {
        Generator {
            saves_config: false,
            ..self
        }
    }

    pub(crate) const fn flags(self, flags: &'static [Flag]) -> Generator {
        Generator { flags, ..self }
    }

    pub(crate) const fn about(self, summary: &'static str, usage: &'static str) -> Generator {
        Generator {
            summary,
            usage,
            ..self
        }
    }

    fn is(&self, word: &str) -> bool {
        self.name == word || self.aliases.contains(&word)
    }
}

/// A group's build: never called (the group needs a subcommand).
fn group(_: &mut Ctx<'_>, _: &Input<'_>) -> Result<Made, KubeError> {
    Err(KubeError::Client("a subcommand is required".into()))
}

const GENERATORS: &[Generator] = &[
    clusterrole::GENERATOR,
    clusterrolebinding::GENERATOR,
    configmap::GENERATOR,
    cronjob::GENERATOR,
    deployment::GENERATOR,
    ingress::GENERATOR,
    job::GENERATOR,
    namespace::GENERATOR,
    pdb::GENERATOR,
    priorityclass::GENERATOR,
    quota::GENERATOR,
    role::GENERATOR,
    rolebinding::GENERATOR,
    Generator {
        subs: &[
            secret_docker::GENERATOR,
            secret::GENERATOR,
            secret_tls::GENERATOR,
        ],
        help: secret::HELP,
        summary: "Create a secret using a specified subcommand",
        ..Generator::new("secret", "", group)
    },
    Generator {
        aliases: &["svc"],
        subs: &[
            service::CLUSTERIP_GENERATOR,
            service::EXTERNALNAME_GENERATOR,
            service::LOADBALANCER_GENERATOR,
            service::NODEPORT_GENERATOR,
        ],
        help: service::HELP,
        summary: "Create a service using a specified subcommand",
        ..Generator::new("service", "", group)
    },
    serviceaccount::GENERATOR,
    token::GENERATOR,
];

/// The generators' names (what Tab offers after `create`).
pub(crate) const NAMES: [&str; GENERATORS.len()] = crate::cli::names_of!(GENERATORS);

/// The generators of a group (`service` → `clusterip`, …), for Tab.
pub(crate) fn subcommands(group: &str) -> Vec<&'static str> {
    GENERATORS
        .iter()
        .find(|g| g.is(group))
        .map(|g| g.subs.iter().map(|s| s.name).collect())
        .unwrap_or_default()
}

/// The generator the positional words name (`service clusterip`), with
/// its command path, and how many words named it.
fn lookup(words: &[String]) -> Result<(String, &'static Generator, usize), KubeError> {
    let Some(first) = words.first() else {
        return Err(KubeError::Client("must specify one of -f and -k".into()));
    };
    let Some(g) = GENERATORS.iter().find(|g| g.is(first)) else {
        return Err(KubeError::Client(format!(
            "Unexpected args: [{}]\nSee 'kubectl create -h' for help and examples",
            words.join(" ")
        )));
    };
    if g.subs.is_empty() {
        return Ok((g.name.to_string(), g, 1));
    }
    let Some(second) = words.get(1) else {
        return Err(KubeError::Plain(g.help.to_string()));
    };
    match g.subs.iter().find(|s| s.is(second)) {
        Some(s) => Ok((format!("{} {}", g.name, s.name), s, 2)),
        None => Err(KubeError::Client(format!(
            "unknown command \"{}\"\nSee 'kubectl create {} -h' for help and examples",
            words[1..].join(" "),
            g.name
        ))),
    }
}

/// The positional words of a command line whose flags may not parse: the
/// words not starting with `-` (enough to find the generator it names).
fn words_of(args: &[String]) -> Vec<String> {
    args.iter()
        .take_while(|a| *a != "--")
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect()
}

/// `kubectl create [GENERATOR] --help`: the generators, or one of them.
fn help(args: &[String]) -> String {
    let words = words_of(args);
    let mut out = String::new();
    match lookup(&words) {
        Ok((_, g, _)) => {
            out.push_str(&format!("{}.\n\nOptions:\n", g.summary));
            let spec: Vec<Flag> = g.common.iter().chain(g.flags).copied().collect();
            crate::cli::help::flag_lines(&mut out, &spec);
            out.push_str(&format!("Usage:\n  kubectl create {} [options]\n", g.usage));
        }
        // A group without its subcommand: the group's own text.
        Err(KubeError::Plain(text)) => return text,
        Err(_) => {
            out.push_str("Create a resource from a file or from stdin.\n\nAvailable Commands:\n");
            for g in GENERATORS {
                out.push_str(&format!("  {:<22}{}\n", g.name, g.summary));
            }
            out.push_str("\nOptions:\n");
            crate::cli::help::flag_lines(&mut out, &FLAGS[..10]);
            out.push_str("Usage:\n  kubectl create -f FILENAME [options]\n");
        }
    }
    out.push_str("\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n");
    out
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    if args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "-h" || a == "--help")
    {
        ctx.stdout.write_str(&help(args));
        return Ok(0);
    }
    let f = match flags::parse("create", args, FLAGS) {
        Ok(f) => f,
        Err(e) => {
            // A flag the generator lacks: its own words for it.
            if let Ok((path, g, _)) = lookup(&words_of(args)) {
                let spec: Vec<Flag> = g.common.iter().chain(g.flags).copied().collect();
                flags::parse(&format!("create {path}"), args, &spec)?;
            }
            return Err(e);
        }
    };
    let files = f.values("filename");
    if !files.is_empty() {
        let out = output_of(&f);
        mutate::check_output(&out)?;
        let dry = DryRun::from_flags(&f)?;
        deprecated_dry_run(ctx, &f);
        mutate::validation(&f)?;
        return from_files(ctx, inv, &f, &files, &out, dry).await;
    }
    let (path, g, skip) = lookup(&f.args)?;
    let spec: Vec<Flag> = g.common.iter().chain(g.flags).copied().collect();
    let mut f = flags::parse(&format!("create {path}"), args, &spec)?;
    f.args.drain(..skip);
    f.dash = f.dash.map(|d| d.saturating_sub(skip));
    generate(ctx, inv, &path, g, &f).await
}

/// `create GENERATOR NAME …`: kubectl's order of checks (the NAME, then
/// --dry-run and -o, then the generator's own), then the create.
async fn generate(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    path: &str,
    g: &Generator,
    f: &flags::Parsed,
) -> Result<i32, KubeError> {
    let missing: Vec<String> = g
        .required
        .iter()
        .filter(|r| !f.has(r))
        .map(|r| format!("\"{r}\""))
        .collect();
    if !missing.is_empty() {
        return Err(KubeError::Client(format!(
            "required flag(s) {} not set",
            missing.join(", ")
        )));
    }
    let named = f.dash.unwrap_or(f.args.len());
    if named != 1 {
        return Err(KubeError::Client(format!(
            "exactly one NAME is required, got {named}\nSee 'kubectl create {path} -h' for help and examples"
        )));
    }
    let out = output_of(f);
    let dry = DryRun::from_flags(f)?;
    deprecated_dry_run(ctx, f);
    if out.is_empty() && f.value("template").is_some() {
        return Err(KubeError::Client(
            "-o go-template is not available in kterm's kubectl; use -o jsonpath, json, yaml or name".into(),
        ));
    }
    mutate::check_output(&out)?;
    if g.common.iter().any(|c| c.long == "validate") {
        mutate::validation(f)?;
    }
    // `--user` of a binding is a subject, not the kubeconfig's user.
    if g.flags.iter().any(|fl| fl.long == "user") && inv.globals.user.is_some() {
        inv.globals.user = None;
    }
    let t = inv.target(ctx).await?;
    let all = discovery::resources(ctx, &t).await?;
    let input = Input {
        f,
        name: &f.args[0],
        command: &f.args[1..],
        all: &all,
    };
    let made = (g.build)(ctx, &input)?;
    let obj = match made {
        Made::Object(obj) => obj,
        Made::JobFrom(cronjob) => job::from_cronjob(ctx, &t, &all, f, &f.args[0], &cronjob).await?,
        Made::Token(request) => {
            return token::request(ctx, &t, &all, f, &f.args[0], &request).await;
        }
    };
    let r = manifest::mapping(&all, &obj).cloned().ok_or_else(|| {
        manifest::no_mapping(
            &manifest::Doc {
                source: String::new(),
                obj: obj.clone(),
            },
            &t.namespace,
        )
    })?;
    let mut obj = obj;
    // kubectl names the namespace in the object only when -n gave it.
    if r.namespaced {
        if let Some(ns) = f.value("namespace") {
            with_namespace(&mut obj, ns);
        }
    }
    let doc = manifest::Doc {
        source: String::new(),
        obj,
    };
    let sent = doc.obj.clone();
    let save = g.saves_config && f.has("save-config");
    create_one(ctx, &t, f, &r, doc, &out, dry, save)
        .await
        .map_err(|e| failed(e, g.failed, &sent))?;
    Ok(0)
}

/// A generator's object with kubectl's last-applied annotation: the
/// typed object as Go encodes it (fields in struct order), the
/// annotation placed where ObjectMeta has its annotations.
fn typed_last_applied(obj: &Value) -> Value {
    let text = format!("{}\n", crate::go::json::marshal_typed(obj));
    let mut out = obj.clone();
    let Some(meta) = out["metadata"].as_object_mut() else {
        return out;
    };
    let mut annotations = meta
        .get("annotations")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    annotations.insert(crate::mutate::LAST_APPLIED.into(), json!(text));
    let annotations = sorted(annotations);
    if let Some(slot) = meta.get_mut("annotations") {
        *slot = Value::Object(annotations);
        return out;
    }
    let old = std::mem::take(meta);
    let mut placed = false;
    for (k, v) in old {
        if !placed
            && matches!(
                k.as_str(),
                "ownerReferences" | "finalizers" | "managedFields"
            )
        {
            meta.insert("annotations".into(), Value::Object(annotations.clone()));
            placed = true;
        }
        meta.insert(k, v);
    }
    if !placed {
        meta.insert("annotations".into(), Value::Object(annotations));
    }
    out
}

/// A map's entries in key order, as Go encodes a map.
pub(crate) fn sorted(map: serde_json::Map<String, Value>) -> serde_json::Map<String, Value> {
    let mut entries: Vec<(String, Value)> = map.into_iter().collect();
    kterm_shell::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
    entries.into_iter().collect()
}

/// Puts `namespace` after `name` in the object's metadata, where Go's
/// ObjectMeta has it (for `-o json`).
fn with_namespace(obj: &mut Value, ns: &str) {
    let Some(meta) = obj["metadata"].as_object_mut() else {
        return;
    };
    let old = std::mem::take(meta);
    for (k, v) in old {
        let is_name = k == "name";
        meta.insert(k, v);
        if is_name {
            meta.insert("namespace".into(), json!(ns));
        }
    }
}

/// A refused create as the generator words it (`failed to create
/// configmap: configmaps "x" already exists`): the server's own message,
/// which for an invalid object names the kind with its group and lists
/// the causes in brackets (`Deployment.apps "x" is invalid: [a, b]`).
fn failed(e: KubeError, prefix: &str, obj: &Value) -> KubeError {
    if prefix.is_empty() {
        return e;
    }
    match e {
        KubeError::Status {
            reason, message, ..
        } => {
            let message = if reason == "Invalid" {
                go_invalid(&message, obj)
            } else {
                message
            };
            KubeError::Client(format!("{prefix}{message}"))
        }
        other => other,
    }
}

/// The apiserver's message for an invalid object, from kubectl's
/// rendering of it (`The Kind "name" is invalid: …`).
fn go_invalid(rendered: &str, obj: &Value) -> String {
    let body = rendered.strip_prefix("The ").unwrap_or(rendered);
    let kind = obj["kind"].as_str().unwrap_or("");
    let group = obj["apiVersion"]
        .as_str()
        .and_then(|av| av.split_once('/'))
        .map(|(g, _)| g)
        .unwrap_or("");
    let body = match body.strip_prefix(kind) {
        Some(rest) if !group.is_empty() => format!("{kind}.{group}{rest}"),
        _ => body.to_string(),
    };
    // A cause whose message repeats its field (`metadata.name:
    // metadata.name: …`) is one field in the server's own message.
    let once = |cause: &str| match cause.split_once(": ") {
        Some((field, rest)) if rest.starts_with(&format!("{field}: ")) => rest.to_string(),
        _ => cause.to_string(),
    };
    match body.split_once(": \n* ") {
        Some((head, causes)) => {
            let causes: Vec<String> = causes.split("\n* ").map(once).collect();
            format!("{head}: [{}]", causes.join(", "))
        }
        None => match body.split_once(" is invalid: ") {
            Some((head, cause)) => format!("{head} is invalid: {}", once(cause)),
            None => body,
        },
    }
}

/// A selector as kubectl parses `--selector` into a LabelSelector:
/// `a=b`/`a==b` labels, `a in (x,y)`, `a notin (x)`, `a`, `!a`
/// expressions (sorted by key, their values sorted); `!=` is refused.
pub(crate) fn label_selector(s: &str) -> Result<Value, KubeError> {
    // The terms: commas outside parentheses separate them.
    let mut terms = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                terms.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    terms.push(&s[start..]);
    let mut labels = serde_json::Map::new();
    let mut exprs: Vec<(String, Value)> = Vec::new();
    let set = |key: &str, op: &str, list: &str| {
        let mut values: Vec<String> = list
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        kterm_shell::sort::sort_by(&mut values, |a, b| a.cmp(b));
        values.dedup();
        (
            key.to_string(),
            json!({"key": key, "operator": op, "values": values}),
        )
    };
    for part in terms.iter().map(|t| t.trim()).filter(|p| !p.is_empty()) {
        if part.contains("!=") {
            return Err(KubeError::Client(
                "\"!=\" is not a valid label selector operator".into(),
            ));
        }
        if let Some((k, list)) = part.split_once(" notin ") {
            exprs.push(set(k.trim(), "NotIn", list));
        } else if let Some((k, list)) = part.split_once(" in ") {
            exprs.push(set(k.trim(), "In", list));
        } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
            labels.insert(k.trim().to_string(), json!(v.trim()));
        } else if let Some(k) = part.strip_prefix('!') {
            exprs.push((
                k.trim().to_string(),
                json!({"key": k.trim(), "operator": "DoesNotExist"}),
            ));
        } else {
            exprs.push((part.to_string(), json!({"key": part, "operator": "Exists"})));
        }
    }
    kterm_shell::sort::sort_by(&mut exprs, |a, b| a.0.cmp(&b.0));
    let mut sel = serde_json::Map::new();
    if !labels.is_empty() {
        sel.insert("matchLabels".into(), Value::Object(sorted(labels)));
    }
    if !exprs.is_empty() {
        let list: Vec<Value> = exprs.into_iter().map(|(_, e)| e).collect();
        sel.insert("matchExpressions".into(), Value::Array(list));
    }
    Ok(Value::Object(sel))
}

async fn from_files(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    f: &flags::Parsed,
    files: &[String],
    out: &str,
    dry: DryRun,
) -> Result<i32, KubeError> {
    let t = inv.target(ctx).await?;
    let docs = manifest::load(ctx, files, f.has("recursive"))?;
    if docs.is_empty() {
        return Err(KubeError::Client("no objects passed to create".into()));
    }
    let all = discovery::resources(ctx, &t).await?;
    let mut errors = Vec::new();
    for doc in docs {
        let Some(r) = manifest::mapping(&all, &doc.obj).cloned() else {
            let ns = doc.obj["metadata"]["namespace"].as_str().unwrap_or("");
            errors.push(manifest::no_mapping(&doc, ns));
            continue;
        };
        match create_one(ctx, &t, f, &r, doc, out, dry, f.has("save-config")).await {
            Ok(()) => {}
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(e),
        }
    }
    mutate::finish(ctx, errors)
}

#[allow(clippy::too_many_arguments)]
async fn create_one(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    r: &ApiResource,
    doc: manifest::Doc,
    out: &str,
    dry: DryRun,
    save: bool,
) -> Result<(), KubeError> {
    let mut obj = doc.obj;
    let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
    let ns = if r.namespaced {
        let ns = mutate::namespace_of(&obj, f, t)?;
        if !doc.source.is_empty() {
            obj["metadata"]["namespace"] = json!(ns);
        }
        ns
    } else {
        String::new()
    };
    if save {
        obj = if doc.source.is_empty() {
            typed_last_applied(&obj)
        } else {
            with_last_applied(&obj)
        };
    }
    let from_generator = doc.source.is_empty();
    let created = if dry == DryRun::Client {
        obj
    } else {
        let manager = f.value("field-manager").unwrap_or("kubectl-create");
        let q = mutate::query(&[
            ("dryRun", (dry == DryRun::Server).then_some("All")),
            ("fieldManager", Some(manager)),
            ("fieldValidation", Some(mutate::validation(f)?)),
        ]);
        let prefix = if doc.source.is_empty() {
            String::new()
        } else {
            format!("error when creating \"{}\": ", doc.source)
        };
        mutate::call(
            ctx,
            t,
            "POST",
            &format!("{}{q}", r.collection(Some(&ns))),
            "application/json",
            Some(&obj),
            &r.name,
        )
        .await
        .map_err(|e| mutate::context(e, &prefix))?
    };
    if dry == DryRun::Client && from_generator && out == "json" {
        // A generator's object as kubectl's typed printer writes it:
        // fields in the Go struct's order.
        let text = format!("{}\n", crate::go::json::indent_typed(&created));
        ctx.stdout.write_str(&text);
        return Ok(());
    }
    if out.starts_with("jsonpath") {
        let mut shown = created;
        if let Some(m) = shown["metadata"].as_object_mut() {
            m.remove("managedFields");
        }
        return mutate::print_jsonpath(ctx, out, &shown);
    }
    mutate::print(ctx, out, r, &created, &name, "created", dry);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<&'static Generator> {
        GENERATORS
            .iter()
            .flat_map(|g| std::iter::once(g).chain(g.subs.iter()))
            .collect()
    }

    #[test]
    fn every_generator_is_described_and_its_flags_listed_once() {
        for g in all() {
            assert!(!g.summary.is_empty(), "{}", g.name);
            assert!(g.subs.is_empty() != g.usage.is_empty(), "{}", g.name);
            for f in g.common.iter().chain(g.flags) {
                assert!(
                    FLAGS.iter().any(|x| x.long == f.long),
                    "{} --{}",
                    g.name,
                    f.long
                );
            }
        }
        for (i, f) in FLAGS.iter().enumerate() {
            assert!(
                !FLAGS[i + 1..].iter().any(|x| x.long == f.long),
                "--{}",
                f.long
            );
        }
    }

    #[test]
    fn lookup_words() {
        let w = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        for (words, want) in [
            ("svc nodeport x", Ok(("service nodeport", 2))),
            ("deploy x", Ok(("deployment", 1))),
            ("secret tls t", Ok(("secret tls", 2))),
            ("pdb p", Ok(("poddisruptionbudget", 1))),
            ("bogus x", Err("Unexpected args: [bogus x]\nSee 'kubectl create -h' for help and examples")),
            ("service bogus x", Err("unknown command \"bogus x\"\nSee 'kubectl create service -h' for help and examples")),
        ] {
            let got = lookup(&w(words)).map(|(p, _, n)| (p, n)).map_err(|e| e.to_string());
            let want = want.map(|(p, n)| (p.to_string(), n)).map_err(str::to_string);
            assert_eq!(got, want, "{words}");
        }
        assert_eq!(
            label_selector("app=web,tier==be").unwrap(),
            json!({"matchLabels": {"app": "web", "tier": "be"}})
        );
        assert!(label_selector("a!=b").is_err());
        let dep = json!({"kind": "Deployment", "apiVersion": "apps/v1"});
        assert_eq!(
            go_invalid("The Deployment \"w\" is invalid: \n* a: x\n* b: y", &dep),
            "Deployment.apps \"w\" is invalid: [a: x, b: y]"
        );
        let svc = json!({"kind": "Service", "apiVersion": "v1"});
        assert_eq!(
            go_invalid(
                "The Service \"s\" is invalid: spec.ports[0].port: Invalid value: 0: x",
                &svc
            ),
            "Service \"s\" is invalid: spec.ports[0].port: Invalid value: 0: x"
        );
    }
}
