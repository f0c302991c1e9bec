//! The context a kubectl command runs in: kubeconfig plus the global flags.

use kterm_shell::Ctx;

use crate::error::KubeError;
use crate::flags::{self, Parsed};
use crate::kubeconfig::{self, Overrides, Target};

pub struct Session {
    pub target: Target,
}

impl Session {
    pub fn open(ctx: &Ctx<'_>, f: &Parsed) -> Result<Session, KubeError> {
        let config = kubeconfig::load(ctx.sh, f.value("kubeconfig"))?;
        let o = Overrides {
            context: f.value("context").map(str::to_string),
            cluster: f.value("cluster").map(str::to_string),
            user: f.value("user").map(str::to_string),
            namespace: f.value("namespace").map(str::to_string),
            server: f.value("server").map(str::to_string),
            token: f.value("token").map(str::to_string),
        };
        let target = kubeconfig::resolve(&config, &o)?;
        Ok(Session { target })
    }
}

/// The global flags among a command line's words (other flags and
/// arguments left out), parsed: for steps that run before the verb
/// parses its own flags (token renewal, completion).
pub fn globals(words: &[String]) -> Parsed {
    let mut kept = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "--" {
            break;
        }
        let name = w.trim_start_matches('-').split('=').next().unwrap_or("");
        let spec = flags::GLOBAL.iter().find(|(l, s, _)| {
            (w.starts_with("--") && *l == name)
                || (!w.starts_with("--")
                    && w.starts_with('-')
                    && w.len() == 2
                    && *s == name.chars().next())
        });
        if let Some((_, _, takes)) = spec {
            kept.push(w.clone());
            if *takes && !w.contains('=') {
                if let Some(v) = words.get(i + 1) {
                    kept.push(v.clone());
                    i += 1;
                }
            }
        }
        i += 1;
    }
    flags::parse("kubectl", &kept, &[]).unwrap_or_default()
}
