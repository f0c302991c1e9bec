#![allow(clippy::disallowed_methods)] // a native test
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! `deploy/`: the Kubernetes manifests parse, have the kinds we mean, and
//! agree with each other, with the Dockerfile and with the server (the
//! probe path answers, the mounted configuration loads); the Dockerfile's
//! tool versions are the ones `cargo xtask` pins; the README's example
//! configuration is valid. No docker or cluster is needed.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use kterm_server::gateway::{Config, Gateway};
use serde_json::Value;
use tower::ServiceExt;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn text(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn manifest(name: &str) -> Value {
    let t = text(&format!("deploy/kubernetes/{name}"));
    // One object per file: kustomize and `kubectl apply -f` read them alike.
    assert!(!t.contains("\n---"), "{name}: one document per file");
    let v = kterm_shell::yaml::parse(&t).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(v.is_object(), "{name}: not a mapping");
    v
}

fn s<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer}"))
}

const KINDS: &[(&str, &str, &str)] = &[
    ("configmap.yaml", "v1", "ConfigMap"),
    ("deployment.yaml", "apps/v1", "Deployment"),
    ("service.yaml", "v1", "Service"),
    ("hpa.yaml", "autoscaling/v2", "HorizontalPodAutoscaler"),
    ("ingress.yaml", "networking.k8s.io/v1", "Ingress"),
    (
        "networkpolicy.yaml",
        "networking.k8s.io/v1",
        "NetworkPolicy",
    ),
];

#[test]
fn manifests_have_the_expected_kinds_and_kustomize_lists_them_all() {
    for (file, api, kind) in KINDS {
        let m = manifest(file);
        assert_eq!(
            (s(&m, "/apiVersion"), s(&m, "/kind")),
            (*api, *kind),
            "{file}"
        );
        assert_eq!(s(&m, "/metadata/labels/app.kubernetes.io~1name"), "kterm");
    }
    let k = manifest("kustomization.yaml");
    assert_eq!(s(&k, "/kind"), "Kustomization");
    let listed: Vec<&str> = k["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut files: Vec<String> = std::fs::read_dir(repo().join("deploy/kubernetes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".yaml") && n != "kustomization.yaml")
        .collect();
    files.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, files);
    let image = s(
        &manifest("deployment.yaml"),
        "/spec/template/spec/containers/0/image",
    )
    .split(':')
    .next()
    .unwrap()
    .to_string();
    assert_eq!(s(&k, "/images/0/name"), image);
}

#[test]
fn deployment_is_locked_down_and_probed() {
    let d = manifest("deployment.yaml");
    let pod = &d["spec"]["template"]["spec"];
    let c = &pod["containers"][0];
    assert_eq!(pod["automountServiceAccountToken"], false);
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    assert_eq!(
        s(pod, "/securityContext/seccompProfile/type"),
        "RuntimeDefault"
    );
    let sc = &c["securityContext"];
    assert_eq!(sc["readOnlyRootFilesystem"], true);
    assert_eq!(sc["allowPrivilegeEscalation"], false);
    assert_eq!(sc["capabilities"]["drop"], serde_json::json!(["ALL"]));
    for r in ["requests", "limits"] {
        for what in ["cpu", "memory"] {
            assert!(c["resources"][r][what].is_string(), "resources.{r}.{what}");
        }
    }
    // Probes reach /healthz on the named port.
    assert_eq!(s(c, "/ports/0/name"), "http");
    for probe in ["readinessProbe", "livenessProbe"] {
        assert_eq!(s(&c[probe], "/httpGet/path"), "/healthz", "{probe}");
        assert_eq!(s(&c[probe], "/httpGet/port"), "http", "{probe}");
    }
    // The selector picks the template's pods.
    let sel = d["spec"]["selector"]["matchLabels"].as_object().unwrap();
    let labels = &d["spec"]["template"]["metadata"]["labels"];
    for (k, v) in sel {
        assert_eq!(&labels[k], v, "selector {k}");
    }
}

#[test]
fn service_hpa_and_ingress_point_at_the_deployment() {
    let d = manifest("deployment.yaml");
    let name = s(&d, "/metadata/name");
    let labels = &d["spec"]["template"]["metadata"]["labels"];
    let svc = manifest("service.yaml");
    for (k, v) in svc["spec"]["selector"].as_object().unwrap() {
        assert_eq!(&labels[k], v, "service selector {k}");
    }
    assert_eq!(
        s(&svc, "/spec/ports/0/targetPort"),
        s(&d, "/spec/template/spec/containers/0/ports/0/name")
    );
    let hpa = manifest("hpa.yaml");
    assert_eq!(s(&hpa, "/spec/scaleTargetRef/kind"), "Deployment");
    assert_eq!(s(&hpa, "/spec/scaleTargetRef/name"), name);
    let min = hpa["spec"]["minReplicas"].as_i64().unwrap();
    assert!(min >= 2 && min <= hpa["spec"]["maxReplicas"].as_i64().unwrap());
    let ing = manifest("ingress.yaml");
    let backend = &ing["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"];
    assert_eq!(s(backend, "/name"), s(&svc, "/metadata/name"));
    assert_eq!(s(backend, "/port/name"), s(&svc, "/spec/ports/0/name"));
    let np = manifest("networkpolicy.yaml");
    assert_eq!(
        np["spec"]["podSelector"]["matchLabels"],
        d["spec"]["selector"]["matchLabels"]
    );
    assert_eq!(
        np["spec"]["ingress"][0]["ports"][0]["port"],
        d["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"]
    );
}

/// The file the Deployment's arguments name, as the ConfigMap mounts it.
fn mounted_config() -> String {
    let d = manifest("deployment.yaml");
    let pod = &d["spec"]["template"]["spec"];
    let c = &pod["containers"][0];
    let args: Vec<&str> = c["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let i = args.iter().position(|a| *a == "--upstream-config").unwrap();
    let path = args[i + 1];
    let mount = &c["volumeMounts"][0];
    let (dir, file) = path.rsplit_once('/').unwrap();
    assert_eq!(s(mount, "/mountPath"), dir);
    let volume = pod["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == mount["name"])
        .unwrap();
    let cm = manifest("configmap.yaml");
    assert_eq!(s(volume, "/configMap/name"), s(&cm, "/metadata/name"));
    cm["data"][file].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_mounted_configuration_loads_and_the_probe_path_answers() {
    let config = Config::from_json(&mounted_config()).unwrap();
    let gw = Gateway::new(config).unwrap();
    let app = kterm_server::app_with_gateway("/nonexistent", &gw);
    let path = s(
        &manifest("deployment.yaml"),
        "/spec/template/spec/containers/0/readinessProbe/httpGet/path",
    )
    .to_string();
    let r = app
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

fn pinned(setup: &str, name: &str) -> String {
    let line = setup
        .lines()
        .find(|l| l.contains(&format!("const {name}: &str")))
        .unwrap();
    line.split('"').nth(1).unwrap().to_string()
}

#[test]
fn dockerfile_agrees_with_xtask_and_the_deployment() {
    let df = text("deploy/Dockerfile");
    let setup = text("crates/xtask/src/setup.rs");
    let want = format!(
        "wasm-bindgen-cli@{}",
        pinned(&setup, "WASM_BINDGEN_VERSION")
    );
    assert!(df.contains(&want), "the Dockerfile should install {want}");
    let d = manifest("deployment.yaml");
    let port = d["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"]
        .as_i64()
        .unwrap();
    assert!(df.contains(&format!("\nEXPOSE {port}\n")));
    assert!(df.contains(&format!("\"--port\", \"{port}\"")));
    let uid = d["spec"]["template"]["spec"]["securityContext"]["runAsUser"]
        .as_i64()
        .unwrap();
    assert!(df.contains(&format!("\nUSER {uid}:")));
    assert!(df.contains("COPY --from=build /out/dist /app/dist"));
    assert!(df.contains("\"--dist\", \"/app/dist\""));
}

#[test]
fn readme_example_configuration_is_valid() {
    let readme = text("deploy/README.md");
    let json = readme
        .split("```json\n")
        .nth(1)
        .and_then(|r| r.split("```").next())
        .unwrap();
    let c = Config::from_json(json).unwrap();
    c.validate().unwrap();
    assert_eq!(c.allowed_origins, ["https://console.example.com"]);
    for (file, _, _) in KINDS {
        assert!(readme.contains(&format!("`{file}`")), "README: {file}");
    }
}
