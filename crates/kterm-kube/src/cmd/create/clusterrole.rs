//! `kubectl create clusterrole NAME --verb=verb --resource=resource.group
//! [--resource-name=name] [--non-resource-url=/path]
//! [--aggregation-rule=label=value]`.

use serde_json::{json, Map};

use super::role::{self, Rules};
use super::{Generator, Made};
use crate::error::KubeError;
use crate::flags::Flag;

pub(super) const NON_RESOURCE_URL: Flag = Flag::value(
    "non-resource-url",
    None,
    "A partial url that user should have access to.",
);
pub(super) const AGGREGATION_RULE: Flag = Flag::value(
    "aggregation-rule",
    None,
    "An aggregation label selector for combining ClusterRoles.",
);

const NON_RESOURCE_VERBS: &[&str] = &[
    "*", "get", "post", "put", "delete", "patch", "head", "options",
];

pub(super) const GENERATOR: Generator = Generator::new("clusterrole", "", |ctx, i| {
    let mut urls: Vec<String> = Vec::new();
    for u in i.f.list("non-resource-url") {
        if !urls.contains(&u) {
            urls.push(u);
        }
    }
    let mut aggregation = Map::new();
    for pair in i.f.list("aggregation-rule") {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(KubeError::Client(format!(
                "invalid argument \"{pair}\" for \"--aggregation-rule\" flag: malformed pair, expect string=string\nSee 'kubectl create clusterrole --help' for usage."
            )));
        };
        aggregation.insert(k.to_string(), json!(v));
    }
    let rule = Rules::of(i);
    let head = |body: (&str, serde_json::Value)| {
        let mut o = json!({"kind": "ClusterRole", "apiVersion": "rbac.authorization.k8s.io/v1", "metadata": {"name": i.name}});
        o[body.0] = body.1;
        o
    };
    if !aggregation.is_empty() {
        if !urls.is_empty()
            || !rule.verbs.is_empty()
            || !rule.resources.is_empty()
            || !rule.names.is_empty()
        {
            return Err(KubeError::Client("aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames".into()));
        }
        let mut o = head((
            "rules",
            serde_json::Value::Null,
        ));
        o["aggregationRule"] = json!({"clusterRoleSelectors": [{"matchLabels": super::sorted(aggregation)}]});
        return Ok(Made::Object(o));
    }
    if rule.verbs.is_empty() {
        return Err(KubeError::Client(
            "at least one verb must be specified".into(),
        ));
    }
    if rule.resources.is_empty() && urls.is_empty() {
        return Err(KubeError::Client(
            "one of resource or nonResourceURL must be specified".into(),
        ));
    }
    if !rule.resources.is_empty() {
        rule.warn(ctx);
        rule.check(i.all)?;
    }
    if !urls.is_empty() {
        for v in &rule.verbs {
            if !NON_RESOURCE_VERBS.contains(&v.as_str()) {
                return Err(KubeError::Client(format!(
                    "invalid verb: '{v}' for nonResourceURL"
                )));
            }
        }
        for u in urls.iter().filter(|u| *u != "*") {
            if !u.starts_with('/') {
                return Err(KubeError::Client(
                    "nonResourceURL should start with /".into(),
                ));
            }
            if u[..u.len() - 1].contains('*') {
                return Err(KubeError::Client(
                    "nonResourceURL only supports wildcard matches when '*' is at the end".into(),
                ));
            }
        }
    }
    Ok(Made::Object(head(("rules", rule.rules(i.all, &urls)))))
})
.flags(&[
    role::VERB,
    NON_RESOURCE_URL,
    role::RESOURCE,
    role::RESOURCE_NAME,
    AGGREGATION_RULE,
])
.about(
    "Create a cluster role",
    "clusterrole NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none]",
);
