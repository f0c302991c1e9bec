//! The command families the terminal offers beyond the builtins, each
//! named up front (`help`, completion of its names) and loaded on first use.

use futures::future::{ready, FutureExt, LocalBoxFuture};
use kterm_shell::command::Loaded;
use kterm_shell::Family;

pub fn all() -> Vec<Family> {
    vec![
        Family {
            name: "ibmcloud",
            commands: kterm_ibmcloud::COMMANDS,
            load: load_ibmcloud,
        },
        Family {
            name: "kube",
            commands: kterm_kube::COMMANDS,
            load: load_kube,
        },
        Family {
            name: "text",
            commands: kterm_text::COMMANDS,
            load: load_text,
        },
        Family {
            name: "helm",
            commands: kterm_helm::COMMANDS,
            load: load_helm,
        },
        Family {
            name: "net",
            commands: kterm_net::COMMANDS,
            load: load_net,
        },
    ]
}

fn load_ibmcloud() -> LocalBoxFuture<'static, Loaded> {
    ready(Ok(kterm_ibmcloud::commands())).boxed_local()
}

fn load_kube() -> LocalBoxFuture<'static, Loaded> {
    ready(Ok(kterm_kube::commands())).boxed_local()
}

fn load_text() -> LocalBoxFuture<'static, Loaded> {
    ready(Ok(kterm_text::commands())).boxed_local()
}

fn load_helm() -> LocalBoxFuture<'static, Loaded> {
    ready(Ok(kterm_helm::commands())).boxed_local()
}

fn load_net() -> LocalBoxFuture<'static, Loaded> {
    ready(Ok(kterm_net::commands())).boxed_local()
}
