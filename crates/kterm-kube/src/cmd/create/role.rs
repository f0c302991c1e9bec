//! `kubectl create role NAME --verb=verb --resource=resource.group/sub
//! [--resource-name=name]`, and the rules `create clusterrole` shares.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::{Generator, Input, Made};
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Flag;

pub(super) const VERB: Flag = Flag::value(
    "verb",
    None,
    "Verb that applies to the resources contained in the rule",
);
pub(super) const RESOURCE: Flag =
    Flag::value("resource", None, "Resource that the rule applies to");
pub(super) const RESOURCE_NAME: Flag = Flag::value(
    "resource-name",
    None,
    "Resource in the white list that the rule applies to, repeat this flag for multiple items",
);

pub(super) const GENERATOR: Generator = Generator::new("role", "", |ctx, i| {
    let rule = Rules::of(i);
    if rule.verbs.is_empty() {
        return Err(KubeError::Client(
            "at least one verb must be specified".into(),
        ));
    }
    rule.warn(ctx);
    if rule.resources.is_empty() {
        return Err(KubeError::Client(
            "at least one resource must be specified".into(),
        ));
    }
    rule.check(i.all)?;
    Ok(Made::Object(json!({
        "kind": "Role", "apiVersion": "rbac.authorization.k8s.io/v1",
        "metadata": {"name": i.name},
        "rules": rule.rules(i.all, &[]),
    })))
})
.flags(&[VERB, RESOURCE, RESOURCE_NAME])
.about(
    "Create a role with single rule",
    "role NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none]",
);

const RESOURCE_VERBS: &[&str] = &[
    "*",
    "get",
    "delete",
    "list",
    "create",
    "update",
    "patch",
    "watch",
    "proxy",
    "deletecollection",
    "use",
    "bind",
    "escalate",
    "impersonate",
];

/// The verbs only some resources have: (verb, [(group, resource)]).
const SPECIAL_VERBS: &[(&str, &[(&str, &str)])] = &[
    (
        "use",
        &[
            ("policy", "podsecuritypolicies"),
            ("extensions", "podsecuritypolicies"),
        ],
    ),
    (
        "bind",
        &[
            ("rbac.authorization.k8s.io", "roles"),
            ("rbac.authorization.k8s.io", "clusterroles"),
        ],
    ),
    (
        "escalate",
        &[
            ("rbac.authorization.k8s.io", "roles"),
            ("rbac.authorization.k8s.io", "clusterroles"),
        ],
    ),
    (
        "impersonate",
        &[
            ("", "users"),
            ("", "serviceaccounts"),
            ("", "groups"),
            ("authentication.k8s.io", "userextras"),
        ],
    ),
];

/// One `--resource`: `resource.group/subresource`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Res {
    resource: String,
    group: String,
    sub: String,
}

/// The verbs, resources and resource names of a rule, as kubectl
/// completes them (duplicates dropped, `*` alone).
pub(super) struct Rules {
    pub verbs: Vec<String>,
    pub resources: Vec<Res>,
    pub names: Vec<String>,
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

impl Rules {
    pub(super) fn of(i: &Input<'_>) -> Rules {
        let mut verbs = Vec::new();
        for v in i.f.list("verb") {
            if v == "*" {
                verbs = vec![v];
                break;
            }
            verbs.push(v);
        }
        let mut resources = Vec::new();
        for r in i.f.list("resource") {
            let (main, sub) = match r.split_once('/') {
                Some((m, s)) => (m.to_string(), s.to_string()),
                None => (r.clone(), String::new()),
            };
            let (resource, group) = match main.split_once('.') {
                Some((r, g)) => (r.to_string(), g.to_string()),
                None => (main.clone(), String::new()),
            };
            let lone_star = resource == "*" && !main.contains('.') && !r.contains('/');
            let res = Res {
                resource,
                group,
                sub,
            };
            if lone_star {
                resources = vec![res];
                break;
            }
            resources.push(res);
        }
        Rules {
            verbs: dedup(verbs),
            resources,
            names: dedup(i.f.values("resource-name")),
        }
    }

    /// kubectl's warning for a verb no resource has.
    pub(super) fn warn(&self, ctx: &mut Ctx<'_>) {
        for v in &self.verbs {
            if !RESOURCE_VERBS.contains(&v.as_str()) {
                ctx.stderr
                    .line(&format!("Warning: '{v}' is not a standard resource verb"));
            }
        }
    }

    /// The (group, resource) a `--resource` names on this server.
    fn mapped(all: &[ApiResource], r: &Res) -> Result<(String, String), KubeError> {
        let typed = if r.group.is_empty() {
            r.resource.clone()
        } else {
            format!("{}.{}", r.resource, r.group)
        };
        match discovery::find(all, &typed) {
            Some(a) => Ok((a.group.clone(), a.name.clone())),
            None if r.group.is_empty() => Err(KubeError::Plain(format!(
                "the server doesn't have a resource type \"{}\"",
                r.resource
            ))),
            None => Err(KubeError::Plain(format!(
                "the server doesn't have a resource type \"{}\" in group \"{}\"",
                r.resource, r.group
            ))),
        }
    }

    /// kubectl's checks of the resources against the verbs.
    pub(super) fn check(&self, all: &[ApiResource]) -> Result<(), KubeError> {
        for r in &self.resources {
            if r.resource.is_empty() {
                return Err(KubeError::Client(
                    "resource must be specified if apiGroup/subresource specified".into(),
                ));
            }
            if r.resource == "*" {
                return Ok(());
            }
            let mapped = Self::mapped(all, r);
            let (group, resource) = mapped
                .clone()
                .unwrap_or_else(|_| (r.group.clone(), r.resource.clone()));
            let mut special = false;
            for v in &self.verbs {
                if let Some((_, allowed)) = SPECIAL_VERBS.iter().find(|(s, _)| s == v) {
                    if !allowed.iter().any(|(g, n)| *g == group && *n == resource) {
                        return Err(KubeError::Client(format!(
                            "can not perform '{v}' on '{resource}' in group '{group}'"
                        )));
                    }
                    special = true;
                }
            }
            if !special {
                mapped?;
            }
        }
        Ok(())
    }

    /// The rules: one per API group (sorted), then the non-resource URLs.
    pub(super) fn rules(&self, all: &[ApiResource], urls: &[String]) -> Value {
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for r in &self.resources {
            let (group, mut resource) =
                Self::mapped(all, r).unwrap_or_else(|_| (r.group.clone(), r.resource.clone()));
            if !r.sub.is_empty() {
                resource = format!("{resource}/{}", r.sub);
            }
            match groups.iter_mut().find(|(g, _)| *g == group) {
                Some((_, list)) => {
                    if !list.contains(&resource) {
                        list.push(resource);
                    }
                }
                None => groups.push((group, vec![resource])),
            }
        }
        kterm_shell::sort::sort_by(&mut groups, |a, b| a.0.cmp(&b.0));
        let mut rules = Vec::new();
        for (group, resources) in groups {
            let mut rule =
                json!({"verbs": self.verbs, "apiGroups": [group], "resources": resources});
            if !self.names.is_empty() {
                rule["resourceNames"] = json!(self.names);
            }
            rules.push(rule);
        }
        if !urls.is_empty() {
            rules.push(json!({"verbs": self.verbs, "nonResourceURLs": urls}));
        }
        json!(rules)
    }
}
