//! kubectl's JSONPath templates (`-o jsonpath=…`, relaxed as kubectl
//! relaxes them) on a pod-like object: an output or client-go's error,
//! never a panic or a hang.
#![no_main]

use std::sync::OnceLock;

use kterm_kube::fuzzing::{relaxed, JsonPath};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fn object() -> &'static Value {
    static OBJ: OnceLock<Value> = OnceLock::new();
    OBJ.get_or_init(|| {
        json!({
            "kind": "List", "apiVersion": "v1",
            "items": [
                {"metadata": {"name": "web-1", "labels": {"app": "web", "a.b/c": "d"}},
                 "spec": {"containers": [{"name": "nginx", "image": "nginx:1", "ports": [{"containerPort": 80}]},
                                         {"name": "side", "image": "busybox"}]},
                 "status": {"phase": "Running", "restartCount": 3, "ready": true, "ratio": 0.5, "none": null}},
                {"metadata": {"name": "api-2", "labels": {"app": "api"}},
                 "spec": {"containers": [{"name": "api", "image": "api:2"}]},
                 "status": {"phase": "Pending", "restartCount": 0, "ready": false}}
            ]
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(expr) = std::str::from_utf8(data) else {
        return;
    };
    if expr.len() > 1024 {
        return;
    }
    let Ok(template) = relaxed(expr) else {
        return;
    };
    let Ok(path) = JsonPath::parse(&template) else {
        return;
    };
    let _ = path.print(object());
    let _ = path.print_json(object());
});
