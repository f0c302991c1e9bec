//! Helm 3 release records, as `helm install`/`helm upgrade` leave them in a
//! cluster: one Secret per revision, type `helm.sh/release.v1`, labelled
//! `owner=helm`, named `sh.helm.release.v1.<name>.v<revision>`, whose
//! `data.release` holds the release's JSON gzip-compressed and base64
//! encoded by Helm's storage driver (and base64 encoded once more, as all
//! Secret data is on the wire). The releases match the seeded workloads:
//! `web` (three revisions, the last deployed), `batch-worker` (an upgrade
//! that failed, which is why its pods crash-loop) and `metrics-server` in
//! kube-system.

use std::io::Write;

use base64::Engine;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::{json, Value};

use super::{Seeder, DAY, MIN};
use crate::time::rfc3339;

/// One revision of a release, before encoding.
struct Revision {
    name: &'static str,
    ns: &'static str,
    version: u32,
    status: &'static str,
    description: String,
    /// When this revision was deployed and when the release first was,
    /// both as ages.
    age_ms: i64,
    first_age_ms: i64,
    chart: Value,
    config: Value,
    manifest: String,
    hooks: Value,
    notes: String,
}

/// Helm's timestamps carry nanoseconds (Go's RFC3339Nano): `nanos` is
/// the fraction of the second `ms` falls in. The sandbox writes UTC.
fn helm_time(ms: i64, nanos: u32) -> String {
    let s = rfc3339(ms);
    let frac = format!("{:09}", nanos % 1_000_000_000);
    let frac = frac.trim_end_matches('0');
    match frac {
        "" => s,
        f => format!("{}.{f}Z", s.trim_end_matches('Z')),
    }
}

/// Helm's storage encoding: base64(gzip(json)), gzip at best compression.
fn encode(release: &Value) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    let json = serde_json::to_vec(release).unwrap_or_default();
    if gz.write_all(&json).is_err() {
        return String::new();
    }
    b64.encode(gz.finish().unwrap_or_default())
}

fn file(name: &str, text: &str) -> Value {
    let b64 = base64::engine::general_purpose::STANDARD;
    json!({"name": name, "data": b64.encode(text)})
}

fn chart(metadata: Value, values: Value, templates: &[(&str, &str)]) -> Value {
    json!({
        "metadata": metadata,
        "lock": null,
        "templates": templates.iter().map(|(n, t)| file(n, t)).collect::<Vec<_>>(),
        "values": values,
        "schema": null,
        "files": [],
    })
}

const WEB_DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    app: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n      containers:\n        - name: nginx\n          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n          ports:\n            - containerPort: 80\n";
const WEB_SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  type: {{ .Values.service.type }}\n  selector:\n    app: {{ .Release.Name }}\n  ports:\n    - port: {{ .Values.service.port }}\n      targetPort: 80\n";
const WEB_TEST: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"{{ .Release.Name }}-test-connection\"\n  annotations:\n    \"helm.sh/hook\": test\nspec:\n  containers:\n    - name: wget\n      image: busybox\n      command: ['wget']\n      args: ['{{ .Release.Name }}:{{ .Values.service.port }}']\n  restartPolicy: Never\n";
const WEB_NOTES: &str = "1. Get the application URL by running these commands:\n  export POD_NAME=$(kubectl get pods --namespace {{ .Release.Namespace }} -l \"app={{ .Release.Name }}\" -o jsonpath=\"{.items[0].metadata.name}\")\n  echo \"Visit http://127.0.0.1:8080 to use your application\"\n  kubectl --namespace {{ .Release.Namespace }} port-forward $POD_NAME 8080:80\n";

fn web_chart(version: &str) -> Value {
    chart(
        json!({
            "name": "nginx",
            "home": "https://nginx.org",
            "version": version,
            "description": "A Helm chart for NGINX, the web server of the demo app",
            "keywords": ["nginx", "http", "web"],
            "maintainers": [{"name": "Demo Team", "email": "demo@example.com"}],
            "apiVersion": "v2",
            "appVersion": "1.27",
            "type": "application",
        }),
        json!({
            "replicaCount": 1,
            "image": {"repository": "nginx", "tag": "1.27", "pullPolicy": "IfNotPresent"},
            "service": {"type": "ClusterIP", "port": 80},
            "resources": {},
        }),
        &[
            ("templates/NOTES.txt", WEB_NOTES),
            ("templates/deployment.yaml", WEB_DEPLOYMENT),
            ("templates/service.yaml", WEB_SERVICE),
            ("templates/tests/test-connection.yaml", WEB_TEST),
        ],
    )
}

fn web_manifest(replicas: u32) -> String {
    format!("---\n# Source: nginx/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 80\n---\n# Source: nginx/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: nginx\n          image: \"nginx:1.27\"\n          ports:\n            - containerPort: 80\n")
}

const WEB_RENDERED_NOTES: &str = "1. Get the application URL by running these commands:\n  export POD_NAME=$(kubectl get pods --namespace default -l \"app=web\" -o jsonpath=\"{.items[0].metadata.name}\")\n  echo \"Visit http://127.0.0.1:8080 to use your application\"\n  kubectl --namespace default port-forward $POD_NAME 8080:80\n";

/// The `helm test` hook, with its last run when `helm test` ran (`ran`
/// as ages of start and end).
fn web_test_hook(ran: Option<(i64, i64)>, now: i64) -> Value {
    let last_run = match ran {
        Some((start, end)) => json!({
            "started_at": helm_time(now - start, 61_118_340),
            "completed_at": helm_time(now - end, 427_906_512),
            "phase": "Succeeded",
        }),
        None => json!({"started_at": "", "completed_at": "", "phase": ""}),
    };
    json!([{
        "name": "web-test-connection",
        "kind": "Pod",
        "path": "nginx/templates/tests/test-connection.yaml",
        "manifest": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"web-test-connection\"\n  annotations:\n    \"helm.sh/hook\": test\nspec:\n  containers:\n    - name: wget\n      image: busybox\n      command: ['wget']\n      args: ['web:80']\n  restartPolicy: Never",
        "events": ["test"],
        "last_run": last_run,
    }])
}

fn worker_chart(version: &str) -> Value {
    chart(
        json!({
            "name": "worker",
            "version": version,
            "description": "The demo app's batch worker",
            "apiVersion": "v2",
            "appVersion": version,
            "type": "application",
        }),
        json!({
            "image": {"repository": "icr.io/demo/worker", "tag": version},
            "queue": {"name": "jobs", "concurrency": 2},
        }),
        &[("templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n      containers:\n        - name: worker\n          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n          env:\n            - name: QUEUE\n              value: {{ .Values.queue.name | quote }}\n")],
    )
}

fn worker_manifest(version: &str) -> String {
    format!("---\n# Source: worker/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: batch-worker\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: batch-worker\n  template:\n    metadata:\n      labels:\n        app: batch-worker\n    spec:\n      containers:\n        - name: worker\n          image: \"icr.io/demo/worker:{version}\"\n          env:\n            - name: QUEUE\n              value: \"jobs\"\n")
}

const METRICS_NOTES: &str = "***********************************************************************\n* Metrics Server                                                      *\n***********************************************************************\n  Chart version: 3.12.2\n  App version:   0.7.2\n  Image tag:     icr.io/ext/metrics-server:v0.7.2\n***********************************************************************\n";

fn metrics_chart() -> Value {
    chart(
        json!({
            "name": "metrics-server",
            "home": "https://github.com/kubernetes-sigs/metrics-server",
            "sources": ["https://github.com/kubernetes-sigs/metrics-server"],
            "version": "3.12.2",
            "description": "Metrics Server is a scalable, efficient source of container resource metrics for Kubernetes built-in autoscaling pipelines.",
            "keywords": ["kubernetes", "metrics-server", "metrics"],
            "icon": "https://avatars.githubusercontent.com/u/36015203?s=400&v=4",
            "apiVersion": "v2",
            "appVersion": "0.7.2",
            "annotations": {"artifacthub.io/license": "Apache-2.0"},
            "type": "application",
        }),
        json!({
            "image": {"repository": "registry.k8s.io/metrics-server/metrics-server", "tag": "", "pullPolicy": "IfNotPresent"},
            "replicas": 1,
            "args": [],
            "containerPort": 10250,
            "service": {"type": "ClusterIP", "port": 443},
            "metrics": {"enabled": false},
        }),
        &[(
            "templates/NOTES.txt",
            "{{- include \"metrics-server.notes\" . -}}\n",
        )],
    )
}

const METRICS_MANIFEST: &str = "---\n# Source: metrics-server/templates/serviceaccount.yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: metrics-server\n  namespace: kube-system\n---\n# Source: metrics-server/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: metrics-server\n  namespace: kube-system\nspec:\n  type: ClusterIP\n  ports:\n    - name: https\n      port: 443\n      protocol: TCP\n      targetPort: https\n  selector:\n    app: metrics-server\n---\n# Source: metrics-server/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: metrics-server\n  namespace: kube-system\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: metrics-server\n  template:\n    metadata:\n      labels:\n        app: metrics-server\n    spec:\n      serviceAccountName: metrics-server\n      containers:\n        - name: metrics-server\n          image: icr.io/ext/metrics-server:v0.7.2\n          args:\n            - --secure-port=10250\n            - --kubelet-preferred-address-types=InternalIP\n            - --kubelet-insecure-tls\n          ports:\n          - name: https\n            containerPort: 10250\n            protocol: TCP\n";

fn revisions(now: i64) -> Vec<Revision> {
    let web =
        |version: u32, status: &'static str, age: i64, chart: &str, replicas: u32, tested: bool| {
            let mut config = json!({"replicaCount": replicas});
            if version == 3 {
                config["service"] = json!({"type": "ClusterIP"});
            }
            Revision {
                name: "web",
                ns: "default",
                version,
                status,
                description: if version == 1 {
                    "Install complete"
                } else {
                    "Upgrade complete"
                }
                .into(),
                age_ms: age,
                first_age_ms: 5 * DAY,
                chart: web_chart(chart),
                config,
                manifest: web_manifest(replicas),
                hooks: web_test_hook(tested.then_some((age - 4 * MIN, age - 5 * MIN)), now),
                notes: WEB_RENDERED_NOTES.into(),
            }
        };
    vec![
        web(1, "superseded", 5 * DAY, "1.0.0", 2, false),
        web(2, "superseded", 3 * DAY, "1.1.0", 3, false),
        web(3, "deployed", 2 * DAY, "1.1.0", 3, true),
        Revision {
            name: "batch-worker",
            ns: "default",
            version: 1,
            status: "deployed",
            description: "Install complete".into(),
            age_ms: 2 * DAY,
            first_age_ms: 2 * DAY,
            chart: worker_chart("0.8.2"),
            config: json!({"queue": {"concurrency": 4}}),
            manifest: worker_manifest("0.8.2"),
            hooks: json!([]),
            notes: String::new(),
        },
        Revision {
            name: "batch-worker",
            ns: "default",
            version: 2,
            status: "failed",
            description: "Upgrade \"batch-worker\" failed: context deadline exceeded".into(),
            age_ms: 3 * 60 * MIN,
            first_age_ms: 2 * DAY,
            chart: worker_chart("0.9.0"),
            config: json!({"queue": {"concurrency": 4}}),
            manifest: worker_manifest("0.9.0"),
            hooks: json!([]),
            notes: String::new(),
        },
        Revision {
            name: "metrics-server",
            ns: "kube-system",
            version: 1,
            status: "deployed",
            description: "Install complete".into(),
            age_ms: 60 * DAY - 30 * MIN,
            first_age_ms: 60 * DAY - 30 * MIN,
            chart: metrics_chart(),
            config: json!({"args": ["--kubelet-insecure-tls"]}),
            manifest: METRICS_MANIFEST.into(),
            hooks: json!([]),
            notes: METRICS_NOTES.into(),
        },
    ]
}

/// The release's JSON in the field order of Helm's `release.Release`,
/// empty fields left out as Go's `omitempty` leaves them out.
fn release_json(r: &Revision, now: i64) -> Value {
    let mut info = serde_json::Map::new();
    info.insert(
        "first_deployed".into(),
        json!(helm_time(now - r.first_age_ms + 2_000, 457_245_187)),
    );
    info.insert(
        "last_deployed".into(),
        json!(helm_time(now - r.age_ms + 2_000, 457_245_187)),
    );
    info.insert("deleted".into(), json!(""));
    info.insert("description".into(), json!(r.description));
    info.insert("status".into(), json!(r.status));
    if !r.notes.is_empty() {
        info.insert("notes".into(), json!(r.notes));
    }
    let mut rel = serde_json::Map::new();
    rel.insert("name".into(), json!(r.name));
    rel.insert("info".into(), Value::Object(info));
    rel.insert("chart".into(), r.chart.clone());
    if r.config.as_object().is_some_and(|o| !o.is_empty()) {
        rel.insert("config".into(), r.config.clone());
    }
    rel.insert("manifest".into(), json!(r.manifest));
    if r.hooks.as_array().is_some_and(|h| !h.is_empty()) {
        rel.insert("hooks".into(), r.hooks.clone());
    }
    rel.insert("version".into(), json!(r.version));
    rel.insert("namespace".into(), json!(r.ns));
    Value::Object(rel)
}

impl Seeder<'_> {
    /// The release records, as Secrets, in Helm's storage format.
    pub(super) fn helm_releases(&mut self) {
        let b64 = base64::engine::general_purpose::STANDARD;
        let now = self.now;
        for r in revisions(now) {
            let stored = encode(&release_json(&r, now));
            let labels = json!({
                "modifiedAt": ((now - r.age_ms) / 1000 + 2).to_string(),
                "name": r.name,
                "owner": "helm",
                "status": r.status,
                "version": r.version.to_string(),
            });
            let meta = self.meta(
                Some(r.ns),
                &format!("sh.helm.release.v1.{}.v{}", r.name, r.version),
                r.age_ms,
                labels,
            );
            self.out.push((
                "secrets",
                json!({
                    "apiVersion": "v1",
                    "kind": "Secret",
                    "metadata": meta,
                    "type": "helm.sh/release.v1",
                    "data": {"release": b64.encode(stored)},
                }),
            ));
        }
    }
}
