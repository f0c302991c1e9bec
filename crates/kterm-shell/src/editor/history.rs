//! Command history. Secrets are masked before a line is stored, so API keys
//! and tokens typed on a command line never reach the history.

use std::collections::VecDeque;

pub const MAX: usize = 1000;

/// Flags whose value is a secret.
const SECRET_FLAGS: &[&str] = &[
    "--apikey",
    "-p",
    "--password",
    "--token",
    "--client-key-data",
    "--api-key",
];

fn secret_var(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    ["KEY", "TOKEN", "PASSWORD", "SECRET", "PASSCODE"]
        .iter()
        .any(|s| n.contains(s))
}

/// Masks secret values: `--apikey X`, `--token=X`, `-p X`, `API_KEY=X`.
/// `--apikey @file` names a file, which is not a secret.
/// `--auth-provider-arg` pairs whose value is a credential
/// (`kubectl config set-credentials NAME --auth-provider-arg=refresh-token=…`).
fn mask_provider_arg(pairs: &str) -> String {
    pairs
        .split(',')
        .map(|pair| match pair.split_once('=') {
            Some((k, v))
                if !v.is_empty()
                    && matches!(
                        k,
                        "id-token" | "refresh-token" | "client-secret" | "access-token"
                    ) =>
            {
                format!("{k}=****")
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub fn redact(line: &str) -> String {
    let mut out = Vec::new();
    let mut mask_next = false;
    let mut provider_next = false;
    for word in line.split(' ') {
        if provider_next && !word.is_empty() {
            provider_next = false;
            out.push(mask_provider_arg(word));
            continue;
        }
        if word == "--auth-provider-arg" {
            provider_next = true;
            out.push(word.to_string());
            continue;
        }
        if let Some(pairs) = word.strip_prefix("--auth-provider-arg=") {
            out.push(format!("--auth-provider-arg={}", mask_provider_arg(pairs)));
            continue;
        }
        if mask_next && !word.is_empty() {
            mask_next = false;
            out.push(if word.starts_with('@') {
                word.to_string()
            } else {
                "****".to_string()
            });
            continue;
        }
        if SECRET_FLAGS.contains(&word) {
            mask_next = true;
            out.push(word.to_string());
            continue;
        }
        if let Some((k, v)) = word.split_once('=') {
            let flag = SECRET_FLAGS.contains(&k);
            let var = !k.starts_with('-') && secret_var(k.trim_start_matches("export "));
            if (flag || var) && !v.is_empty() && !v.starts_with('@') && !v.starts_with('$') {
                out.push(format!("{k}=****"));
                continue;
            }
        }
        out.push(word.to_string());
    }
    out.join(" ")
}

#[derive(Clone, Debug, Default)]
pub struct History {
    entries: VecDeque<String>,
}

impl History {
    pub fn from_entries(entries: &[String]) -> Self {
        let mut h = Self::default();
        for e in entries {
            h.entries.push_back(e.clone());
        }
        h
    }

    /// Adds a line (redacted); blank lines and repeats of the last one are skipped.
    pub fn add(&mut self, line: &str) -> Option<String> {
        let line = redact(line.trim_end());
        if line.trim().is_empty() || self.entries.back() == Some(&line) {
            return None;
        }
        if self.entries.len() == MAX {
            self.entries.pop_front();
        }
        self.entries.push_back(line.clone());
        Some(line)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        self.entries.get(i).map(String::as_str)
    }

    pub fn entries(&self) -> Vec<String> {
        self.entries.iter().cloned().collect()
    }

    /// The newest entry before index `before` containing `query`.
    pub fn search_back(&self, query: &str, before: usize) -> Option<usize> {
        (0..before.min(self.entries.len()))
            .rev()
            .find(|i| self.entries[*i].contains(query))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_table() {
        let cases = [
            (
                "kubectl config set-credentials u --auth-provider-arg=refresh-token=RT,client-id=kube",
                "kubectl config set-credentials u --auth-provider-arg=refresh-token=****,client-id=kube",
            ),
            (
                "kubectl config set-credentials u --auth-provider-arg id-token=T --token=abc",
                "kubectl config set-credentials u --auth-provider-arg id-token=**** --token=****",
            ),
            (
                "ibmcloud login --apikey SECRET -r us-south",
                "ibmcloud login --apikey **** -r us-south",
            ),
            (
                "ibmcloud login --apikey @key.json",
                "ibmcloud login --apikey @key.json",
            ),
            (
                "ibmcloud login -u a@b.c -p hunter2",
                "ibmcloud login -u a@b.c -p ****",
            ),
            (
                "oc login -u apikey -p KEY --server=https://x:1",
                "oc login -u apikey -p **** --server=https://x:1",
            ),
            (
                "kubectl --token=abc get pods",
                "kubectl --token=**** get pods",
            ),
            (
                "export IBMCLOUD_API_KEY=abc",
                "export IBMCLOUD_API_KEY=****",
            ),
            ("MY_TOKEN=abc cmd", "MY_TOKEN=**** cmd"),
            ("export KUBECONFIG=/a/b", "export KUBECONFIG=/a/b"),
            ("echo $IBMCLOUD_API_KEY", "echo $IBMCLOUD_API_KEY"),
            ("ls -l", "ls -l"),
        ];
        for (line, want) in cases {
            assert_eq!(redact(line), want, "{line}");
        }
    }

    #[test]
    fn add_skips_blank_and_repeats() {
        let mut h = History::default();
        h.add("a");
        h.add("a");
        h.add("  ");
        h.add("b");
        assert_eq!(h.entries(), ["a", "b"]);
        assert_eq!(h.search_back("a", 2), Some(0));
        assert_eq!(h.search_back("z", 2), None);
    }
}
