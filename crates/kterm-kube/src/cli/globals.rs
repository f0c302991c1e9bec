//! kubectl's global flags, read once per command line into `Globals`:
//! where they may stand (before the verb, or among its own flags, never
//! after `--`) and which of the verb's flags take a value, so that a
//! value is never mistaken for a flag or the verb.

use crate::flags::{Flag, GLOBAL};
use crate::kubeconfig::Overrides;

#[derive(Debug, Default, Clone)]
pub struct Globals {
    pub namespace: Option<String>,
    pub context: Option<String>,
    pub kubeconfig: Option<String>,
    pub cluster: Option<String>,
    pub user: Option<String>,
    pub server: Option<String>,
    pub token: Option<String>,
    pub request_timeout: Option<String>,
    pub v: Option<String>,
}

impl Globals {
    fn set(&mut self, name: &str, value: String) {
        let slot = match name {
            "namespace" => &mut self.namespace,
            "context" => &mut self.context,
            "kubeconfig" => &mut self.kubeconfig,
            "cluster" => &mut self.cluster,
            "user" => &mut self.user,
            "server" => &mut self.server,
            "token" => &mut self.token,
            "request-timeout" => &mut self.request_timeout,
            "v" => &mut self.v,
            _ => return,
        };
        *slot = Some(value);
    }

    /// What the flags override in the kubeconfig.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            context: self.context.clone(),
            cluster: self.cluster.clone(),
            user: self.user.clone(),
            namespace: self.namespace.clone(),
            server: self.server.clone(),
            token: self.token.clone(),
        }
    }

    /// The global flags among `words` (the words after the verb, or a
    /// whole line), knowing the verb's `flags`; unknown flags are passed
    /// over (the verb's own parse reports them).
    pub fn scan(words: &[String], flags: &[Flag]) -> Globals {
        let mut g = Globals::default();
        let spec =
            |pred: &dyn Fn(&Flag) -> bool| GLOBAL.iter().chain(flags).find(|f| pred(f)).copied();
        let mut i = 0;
        while i < words.len() {
            let w = &words[i];
            i += 1;
            if w == "--" {
                break;
            }
            if let Some(long) = w.strip_prefix("--") {
                let (name, inline) = match long.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (long, None),
                };
                let Some(f) = spec(&|f| f.long == name) else {
                    continue;
                };
                if !f.takes || (inline.is_none() && f.bare.is_some()) {
                    continue;
                }
                let value = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        words.get(i - 1).cloned().unwrap_or_default()
                    }
                };
                g.set(f.long, value);
            } else if let Some(shorts) = w.strip_prefix('-').filter(|s| !s.is_empty()) {
                let chars: Vec<char> = shorts.chars().collect();
                for (k, c) in chars.iter().enumerate() {
                    let Some(f) = spec(&|f| f.short == Some(*c)) else {
                        break;
                    };
                    if !f.takes {
                        continue;
                    }
                    let rest: String = chars[k + 1..].iter().collect();
                    let value = if rest.is_empty() {
                        i += 1;
                        words.get(i - 1).cloned().unwrap_or_default()
                    } else {
                        rest.trim_start_matches('=').to_string()
                    };
                    g.set(f.long, value);
                    break;
                }
            }
        }
        g
    }
}

/// Splits a line into its verb and the other words, global flags before
/// the verb included (`kubectl -n kube-system get pods`); `None` when
/// there is no verb.
pub fn split_verb(args: &[String]) -> Option<(String, Vec<String>)> {
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') && args[i] != "--" && args[i] != "-" {
        let a = &args[i];
        let takes = if let Some(long) = a.strip_prefix("--") {
            !long.contains('=') && GLOBAL.iter().any(|f| f.long == long && f.takes)
        } else {
            let c = a.chars().nth(1);
            a.chars().count() == 2 && GLOBAL.iter().any(|f| f.short == c && f.takes)
        };
        i += if takes { 2 } else { 1 };
    }
    let verb = args.get(i)?;
    if verb == "--" {
        return None;
    }
    let mut rest: Vec<String> = args[..i.min(args.len())].to_vec();
    rest.extend(args[i + 1..].iter().cloned());
    Some((verb.clone(), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn scan_table() {
        let verb = &[
            Flag::value("output", Some('o'), ""),
            Flag::switch("all-namespaces", Some('A'), ""),
        ];
        for (line, ns, ctx, v) in [
            ("pods -n kube-system", Some("kube-system"), None, None),
            (
                "pods -nkube-system --context=x",
                Some("kube-system"),
                Some("x"),
                None,
            ),
            ("pods -n=a -v9", Some("a"), None, Some("9")),
            ("pods -An x", Some("x"), None, None),
            ("pods -o -n", None, None, None),
            ("pods --bogus -n a", Some("a"), None, None),
            ("pods -- -n a", None, None, None),
            ("--v 6 --context c", None, Some("c"), Some("6")),
        ] {
            let g = Globals::scan(&w(line), verb);
            assert_eq!(
                (g.namespace.as_deref(), g.context.as_deref(), g.v.as_deref()),
                (ns, ctx, v),
                "{line}"
            );
        }
    }

    #[test]
    fn verb_after_global_flags() {
        for (line, want) in [
            ("get pods", Some(("get", "pods"))),
            (
                "-n kube-system get pods",
                Some(("get", "-n kube-system pods")),
            ),
            (
                "--context=x config view",
                Some(("config", "--context=x view")),
            ),
            ("-v 6", None),
            ("", None),
        ] {
            let got = split_verb(&w(line));
            let got = got.as_ref().map(|(v, r)| (v.as_str(), r.join(" ")));
            assert_eq!(got.as_ref().map(|(v, r)| (*v, r.as_str())), want, "{line}");
        }
    }
}
