//! `kubectl create deployment NAME --image=… [--replicas=N] [--port=P]`.

use serde_json::{json, Value};

use super::Generator;
use crate::error::KubeError;
use crate::flags;

pub(super) const GENERATOR: Generator = Generator {
    name: "deployment",
    aliases: &["deploy"],
    build: |_, f, rest| super::with_name(rest, "deployment", |n| deployment(f, n)),
};

/// The container name kubectl derives from an image reference.
fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let base = last.split(['@', ':']).next().unwrap_or(last);
    base.to_string()
}

fn deployment(f: &flags::Parsed, name: &str) -> Result<Value, KubeError> {
    let images = f.values("image");
    if images.is_empty() {
        return Err(KubeError::Client(
            "required flag(s) \"image\" not set".into(),
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
            let mut c = json!({"name": container_name(img), "image": img, "resources": {}});
            if let Some(p) = port {
                c["ports"] = json!([{"containerPort": p}]);
            }
            c
        })
        .collect();
    Ok(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}}, "strategy": {},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": containers}}},
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
