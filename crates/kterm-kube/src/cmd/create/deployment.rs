//! `kubectl create deployment NAME --image=… [--replicas=N] [--port=P]
//! [-- COMMAND ARGS…]`.

use serde_json::{json, Value};

use super::{Generator, Made};
use crate::error::KubeError;
use crate::flags::{self, Flag};

pub(super) const REPLICAS: Flag = Flag::value("replicas", Some('r'), "Number of replicas");

pub(super) const GENERATOR: Generator =
    Generator::new("deployment", "failed to create deployment: ", |_, i| {
        deployment(i.f, i.name, i.command).map(Made::Object)
    })
    .aliases(&["deploy"])
    .required(&["image"])
    .flags(&[flags::IMAGE, REPLICAS, flags::PORT])
    .about(
        "Create a deployment with the specified name",
        "deployment NAME --image=image -- [COMMAND] [args...]",
    );

/// The container name kubectl derives from an image reference.
fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let base = last.split(['@', ':']).next().unwrap_or(last);
    base.to_string()
}

fn deployment(f: &flags::Parsed, name: &str, command: &[String]) -> Result<Value, KubeError> {
    let images = f.list("image");
    if images.is_empty() {
        return Err(KubeError::Client(
            "required flag(s) \"image\" not set".into(),
        ));
    }
    if images.len() > 1 && !command.is_empty() {
        return Err(KubeError::Client(
            "cannot specify multiple --image options and command".into(),
        ));
    }
    let replicas: i64 = match f.value("replicas") {
        None => 1,
        Some(r) => r.parse().map_err(|_| {
            KubeError::Client(format!(
                "invalid argument \"{r}\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"{r}\": invalid syntax\nSee 'kubectl create deployment --help' for usage."
            ))
        })?,
    };
    let port = match f.value("port") {
        None => None,
        Some(p) => Some(p.parse::<i64>().map_err(|_| {
            KubeError::Client(format!(
                "invalid argument \"{p}\" for \"--port\" flag: strconv.ParseInt: parsing \"{p}\": invalid syntax\nSee 'kubectl create deployment --help' for usage."
            ))
        })?),
    };
    let containers: Vec<Value> = images
        .iter()
        .map(|img| {
            let mut c = json!({"name": container_name(img), "image": img});
            if !command.is_empty() {
                c["command"] = json!(command);
            }
            if let Some(p) = port {
                c["ports"] = json!([{"containerPort": p}]);
            }
            c["resources"] = json!({});
            c
        })
        .collect();
    Ok(json!({
        "kind": "Deployment", "apiVersion": "apps/v1",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": containers}},
            "strategy": {}},
        "status": {},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names() {
        for (img, want) in [
            ("nginx", "nginx"),
            ("nginx:1.25", "nginx"),
            ("us.icr.io/team/app:v2", "app"),
            ("busybox@sha256:abc", "busybox"),
            ("localhost:5000/x", "x"),
        ] {
            assert_eq!(container_name(img), want, "{img}");
        }
    }
}
