//! kubectl's flag parsing (pflag style): `--flag value`, `--flag=value`,
//! `-n value`, `-nvalue`, booleans, and its exact unknown-flag errors.

use std::collections::HashMap;

use crate::error::KubeError;

/// (long name, short letter, takes a value)
pub type Spec = (&'static str, Option<char>, bool);

/// Flags every kubectl command accepts.
pub const GLOBAL: &[Spec] = &[
    ("namespace", Some('n'), true),
    ("context", None, true),
    ("kubeconfig", None, true),
    ("cluster", None, true),
    ("user", None, true),
    ("server", Some('s'), true),
    ("token", None, true),
    ("request-timeout", None, true),
    ("v", Some('v'), true),
    ("insecure-skip-tls-verify", None, false),
];

#[derive(Debug, Default)]
pub struct Parsed {
    values: HashMap<&'static str, String>,
    /// Every value in order, for flags that may repeat (`-f a -f b`).
    all: Vec<(&'static str, String)>,
    bools: Vec<&'static str>,
    pub args: Vec<String>,
}

impl Parsed {
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Every value given for a repeatable flag, in order.
    pub fn values(&self, name: &str) -> Vec<String> {
        self.all
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.bools.contains(&name) || self.values.contains_key(name)
    }
}

pub fn parse(cmd: &str, input: &[String], spec: &[Spec]) -> Result<Parsed, KubeError> {
    let all = || spec.iter().chain(GLOBAL.iter());
    let usage =
        |msg: String| KubeError::Client(format!("{msg}\nSee 'kubectl {cmd} --help' for usage."));
    let mut p = Parsed::default();
    let mut it = input.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            p.args.extend(it.by_ref().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some((key, _, takes)) = all().find(|(l, _, _)| *l == name) else {
                return Err(usage(format!("unknown flag: --{name}")));
            };
            if *takes {
                let v = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| usage(format!("flag needs an argument: --{name}")))?,
                };
                p.all.push((key, v.clone()));
                p.values.insert(key, v);
            } else if inline.as_deref() != Some("false") {
                p.bools.push(key);
            }
        } else if let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            let chars: Vec<char> = shorts.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let Some((key, _, takes)) = all().find(|(_, s, _)| *s == Some(*c)) else {
                    return Err(usage(format!("unknown shorthand flag: '{c}' in {a}")));
                };
                if *takes {
                    let rest: String = chars[i + 1..].iter().collect();
                    let v = if rest.is_empty() {
                        it.next().cloned().ok_or_else(|| {
                            usage(format!("flag needs an argument: '{c}' in -{c}"))
                        })?
                    } else {
                        rest.trim_start_matches('=').to_string()
                    };
                    p.all.push((key, v.clone()));
                    p.values.insert(key, v);
                    break;
                }
                // `-w=false`: a boolean shorthand with its value.
                let rest: String = chars[i + 1..].iter().collect();
                if let Some(v) = rest.strip_prefix('=') {
                    if v != "false" {
                        p.bools.push(key);
                    }
                    break;
                }
                p.bools.push(key);
            }
        } else {
            p.args.push(a.clone());
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn table() {
        let spec: &[Spec] = &[
            ("output", Some('o'), true),
            ("all-namespaces", Some('A'), false),
        ];
        let p = parse(
            "get",
            &s(&["pods", "-nkube-system", "-owide", "-A", "--context=x"]),
            spec,
        )
        .unwrap();
        assert_eq!(
            (
                p.value("namespace"),
                p.value("output"),
                p.has("all-namespaces"),
                p.value("context")
            ),
            (Some("kube-system"), Some("wide"), true, Some("x"))
        );
        assert_eq!(p.args, ["pods"]);
        assert_eq!(
            parse("get", &s(&["--foo"]), spec).unwrap_err(),
            KubeError::Client("unknown flag: --foo\nSee 'kubectl get --help' for usage.".into())
        );
        assert_eq!(
            parse("get", &s(&["-z"]), spec).unwrap_err(),
            KubeError::Client(
                "unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.".into()
            )
        );
    }
}
