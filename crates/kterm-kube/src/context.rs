//! The context a kubectl command runs in: kubeconfig plus the global flags.

use kterm_shell::Ctx;

use crate::error::KubeError;
use crate::flags::Parsed;
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
