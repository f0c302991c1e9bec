//! The rules `kubectl auth can-i --list` prints, from a
//! SelfSubjectRulesReview's status: each rule broken down to one group
//! and resource (or one URL), rules that differ only in verbs merged,
//! sorted by the text of the Go `PolicyRule`, as rbac/v1's helpers do.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rule {
    pub verbs: Vec<String>,
    pub groups: Vec<String>,
    pub resources: Vec<String>,
    pub names: Vec<String>,
    pub urls: Vec<String>,
}

/// (group, resource, name) of a rule that names one of each.
type Simple = (String, String, Option<String>);

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Go's `%v` of a string slice: `[a b]`.
fn go_list(v: &[String]) -> String {
    format!("[{}]", v.join(" "))
}

impl Rule {
    /// The generated `PolicyRule.String()`, the sort key.
    fn key(&self) -> String {
        format!(
            "&PolicyRule{{Verbs:{},APIGroups:{},Resources:{},ResourceNames:{},NonResourceURLs:{},}}",
            go_list(&self.verbs),
            go_list(&self.groups),
            go_list(&self.resources),
            go_list(&self.names),
            go_list(&self.urls)
        )
    }

    /// One group, one resource, at most one name, no URLs.
    fn simple(&self) -> Option<Simple> {
        if self.names.len() > 1
            || !self.urls.is_empty()
            || self.groups.len() != 1
            || self.resources.len() != 1
        {
            return None;
        }
        Some((
            self.groups[0].clone(),
            self.resources[0].clone(),
            self.names.first().cloned(),
        ))
    }

    /// kubectl's table row: `RESOURCE.GROUP[/SUB]`, URLs, names, verbs.
    pub fn row(&self) -> Vec<String> {
        let combined = match self.resources.first() {
            None => String::new(),
            Some(r) => {
                let (res, sub) = match r.split_once('/') {
                    Some((a, b)) => (a, Some(b)),
                    None => (r.as_str(), None),
                };
                let mut c = res.to_string();
                if let Some(g) = self.groups.first().filter(|g| !g.is_empty()) {
                    c = format!("{c}.{g}");
                }
                if let Some(s) = sub {
                    c = format!("{c}/{s}");
                }
                c
            }
        };
        vec![
            combined,
            go_list(&self.urls),
            go_list(&self.names),
            go_list(&self.verbs),
        ]
    }
}

fn breakdown(r: &Rule) -> Vec<Rule> {
    let mut out = Vec::new();
    for g in &r.groups {
        for res in &r.resources {
            let one = |names: Vec<String>| Rule {
                verbs: r.verbs.clone(),
                groups: vec![g.clone()],
                resources: vec![res.clone()],
                names,
                urls: vec![],
            };
            if r.names.is_empty() {
                out.push(one(vec![]));
            } else {
                out.extend(r.names.iter().map(|n| one(vec![n.clone()])));
            }
        }
    }
    out.extend(r.urls.iter().map(|u| Rule {
        verbs: r.verbs.clone(),
        urls: vec![u.clone()],
        ..Rule::default()
    }));
    out
}

/// The rules of a review status, ready to print.
pub fn rules_of(status: &Value) -> Vec<Rule> {
    let mut all = Vec::new();
    for r in status["resourceRules"].as_array().into_iter().flatten() {
        all.extend(breakdown(&Rule {
            verbs: strings(&r["verbs"]),
            groups: strings(&r["apiGroups"]),
            resources: strings(&r["resources"]),
            names: strings(&r["resourceNames"]),
            urls: vec![],
        }));
    }
    for r in status["nonResourceRules"].as_array().into_iter().flatten() {
        all.extend(breakdown(&Rule {
            verbs: strings(&r["verbs"]),
            urls: strings(&r["nonResourceURLs"]),
            ..Rule::default()
        }));
    }
    // Merge rules on the same group/resource/name: their verbs add up.
    let mut out: Vec<Rule> = Vec::new();
    let mut simple: Vec<(Simple, Rule)> = Vec::new();
    for r in all {
        match r.simple() {
            Some(k) => match simple.iter_mut().find(|(s, _)| *s == k) {
                Some((_, existing)) => existing.verbs.extend(r.verbs),
                None => simple.push((k, r)),
            },
            None => out.push(r),
        }
    }
    out.extend(simple.into_iter().map(|(_, r)| r));
    kterm_shell::sort::sort_by_key(&mut out, Rule::key);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn broken_down_merged_and_sorted() {
        let status = json!({
            "resourceRules": [
                {"verbs": ["get", "list"], "apiGroups": ["", "apps"], "resources": ["pods"]},
                {"verbs": ["watch"], "apiGroups": [""], "resources": ["pods"]},
                {"verbs": ["get"], "apiGroups": [""], "resources": ["pods/log"], "resourceNames": ["a"]},
            ],
            "nonResourceRules": [{"verbs": ["get"], "nonResourceURLs": ["/api", "/api/*"]}],
        });
        let rows: Vec<Vec<String>> = rules_of(&status).iter().map(Rule::row).collect();
        // Go compares the rule texts: "Verbs:[get list watch]" < "[get list]" < "[get]".
        let want: Vec<Vec<&str>> = vec![
            vec!["pods", "[]", "[]", "[get list watch]"],
            vec!["pods.apps", "[]", "[]", "[get list]"],
            vec!["", "[/api/*]", "[]", "[get]"],
            vec!["", "[/api]", "[]", "[get]"],
            vec!["pods/log", "[]", "[a]", "[get]"],
        ];
        assert_eq!(rows, want);
    }
}
