//! The objects each cluster starts with: system namespaces, one node per
//! worker, a few deployments with their replica sets and pods (one of them
//! crash-looping), services, config maps, secrets and events.

use serde_json::{json, Value};

use crate::fixtures::ClusterFixture;
use crate::ibm::containers::worker_ips;
use crate::time::rfc3339;

// Helm's release records (Secrets), in a file of their own next to this one.
#[path = "helm_releases.rs"]
mod helm_releases;

const DAY: i64 = 86_400_000;
const MIN: i64 = 60_000;

pub struct Seeder<'a> {
    pub cluster: &'a ClusterFixture,
    pub now: i64,
    pub out: Vec<(&'static str, Value)>,
    counter: u64,
}

struct App {
    ns: &'static str,
    name: &'static str,
    image: &'static str,
    replicas: u32,
    port: Option<u32>,
    age_ms: i64,
    crash: bool,
}

/// The image of the seeded app whose pods crash-loop; pods made from it
/// later crash-loop too (pods.rs).
pub const CRASH_IMAGE: &str = "icr.io/demo/worker:0.9.0";

const APPS: &[App] = &[
    App {
        ns: "default",
        name: "web",
        image: "nginx:1.27",
        replicas: 3,
        port: Some(80),
        age_ms: 5 * DAY,
        crash: false,
    },
    App {
        ns: "default",
        name: "api",
        image: "icr.io/demo/api:2.4.1",
        replicas: 2,
        port: Some(8080),
        age_ms: 2 * DAY,
        crash: false,
    },
    App {
        ns: "default",
        name: "batch-worker",
        image: CRASH_IMAGE,
        replicas: 1,
        port: None,
        age_ms: 3 * 60 * MIN,
        crash: true,
    },
    App {
        ns: "kube-system",
        name: "coredns",
        image: "icr.io/ext/coredns:1.12.1",
        replicas: 2,
        port: Some(53),
        age_ms: 60 * DAY,
        crash: false,
    },
    App {
        ns: "kube-system",
        name: "metrics-server",
        image: "icr.io/ext/metrics-server:v0.7.2",
        replicas: 1,
        port: Some(10250),
        age_ms: 60 * DAY,
        crash: false,
    },
    App {
        ns: "ibm-system",
        name: "ibm-cloud-provider-ip",
        image: "icr.io/ibm/keepalived-watcher:1640",
        replicas: 1,
        port: None,
        age_ms: 60 * DAY,
        crash: false,
    },
];

impl<'a> Seeder<'a> {
    pub fn new(cluster: &'a ClusterFixture, now: i64) -> Self {
        Self {
            cluster,
            now,
            out: Vec::new(),
            counter: 0,
        }
    }

    /// Deterministic lowercase suffixes (`7d4b9c8f6d`, `x2k9q`).
    fn suffix(&mut self, n: usize) -> String {
        const A: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        self.counter += 1;
        let mut x = self.counter.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ self.cluster.id.len() as u64;
        (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                A[((x >> 33) % A.len() as u64) as usize] as char
            })
            .collect()
    }

    fn uid(&mut self) -> String {
        let h = format!(
            "{:016x}{:016x}",
            self.counter.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x5eed,
            self.cluster.id.len() as u64 * 77 + self.counter
        );
        self.counter += 1;
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }

    fn meta(&mut self, ns: Option<&str>, name: &str, age_ms: i64, labels: Value) -> Value {
        let mut m = json!({
            "name": name,
            "uid": self.uid(),
            "resourceVersion": "1",
            "creationTimestamp": rfc3339(self.now - age_ms),
        });
        if let Some(ns) = ns {
            m["namespace"] = json!(ns);
        }
        if labels.as_object().is_some_and(|o| !o.is_empty()) {
            m["labels"] = labels;
        }
        m
    }

    /// The CronTab CRD of the Kubernetes documentation, established,
    /// and one CronTab.
    fn crontabs(&mut self, cluster_age: i64) {
        let mut meta = self.meta(
            None,
            "crontabs.stable.example.com",
            cluster_age / 2,
            json!({}),
        );
        meta["generation"] = json!(1);
        let schema = json!({"openAPIV3Schema": {"type": "object", "properties": {
            "spec": {"type": "object", "properties": {
                "cronSpec": {"type": "string"},
                "image": {"type": "string"},
                "replicas": {"type": "integer"},
            }},
        }}});
        let names = json!({"plural": "crontabs", "singular": "crontab", "kind": "CronTab", "listKind": "CronTabList", "shortNames": ["ct"]});
        let created = meta["creationTimestamp"].clone();
        self.out.push(("customresourcedefinitions", json!({
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": meta,
            "spec": {
                "conversion": {"strategy": "None"},
                "group": "stable.example.com",
                "names": names,
                "scope": "Namespaced",
                "versions": [{"name": "v1", "served": true, "storage": true, "schema": schema}],
            },
            "status": {
                "acceptedNames": names,
                "conditions": [
                    {"type": "NamesAccepted", "status": "True", "lastTransitionTime": created, "reason": "NoConflicts", "message": "no conflicts found"},
                    {"type": "Established", "status": "True", "lastTransitionTime": created, "reason": "InitialNamesAccepted", "message": "the initial names have been accepted"},
                ],
                "storedVersions": ["v1"],
            },
        })));
        let mut ct = self.meta(Some("default"), "my-new-cron-object", 3 * DAY, json!({}));
        ct["generation"] = json!(1);
        self.out.push((
            "crontabs",
            json!({
                "apiVersion": "stable.example.com/v1",
                "kind": "CronTab",
                "metadata": ct,
                "spec": {"cronSpec": "* * * * */5", "image": "my-awesome-cron-image"},
            }),
        ));
    }

    pub fn seed(mut self) -> Vec<(&'static str, Value)> {
        let cluster_age = 60 * DAY;
        for ns in [
            "default",
            "kube-system",
            "kube-public",
            "kube-node-lease",
            "ibm-system",
        ] {
            let meta = self.meta(
                None,
                ns,
                cluster_age,
                json!({"kubernetes.io/metadata.name": ns}),
            );
            self.out.push(("namespaces", json!({"apiVersion": "v1", "kind": "Namespace", "metadata": meta, "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})));
            let sa = self.meta(Some(ns), "default", cluster_age, json!({}));
            self.out.push((
                "serviceaccounts",
                json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": sa}),
            ));
            let cm = self.meta(Some(ns), "kube-root-ca.crt", cluster_age, json!({}));
            self.out.push(("configmaps", json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": cm, "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\nkterm sandbox\n-----END CERTIFICATE-----\n"}})));
        }
        self.nodes(cluster_age);
        for app in APPS {
            self.app(app);
        }
        self.services();
        let cm = self.meta(
            Some("default"),
            "web-config",
            5 * DAY,
            json!({"app": "web"}),
        );
        self.out.push(("configmaps", json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": cm, "data": {"nginx.conf": "server { listen 80; }\n", "LOG_LEVEL": "info"}})));
        let s = self.meta(Some("default"), "web-tls", 5 * DAY, json!({}));
        self.out.push(("secrets", json!({"apiVersion": "v1", "kind": "Secret", "metadata": s, "type": "kubernetes.io/tls", "data": {"tls.crt": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t", "tls.key": "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t"}})));
        let s = self.meta(Some("default"), "all-icr-io", cluster_age, json!({}));
        self.out.push(("secrets", json!({"apiVersion": "v1", "kind": "Secret", "metadata": s, "type": "kubernetes.io/dockerconfigjson", "data": {".dockerconfigjson": "eyJhdXRocyI6e319"}})));
        self.helm_releases();
        // Last, so the names and ids seeded before stay as they were.
        self.crontabs(cluster_age);
        self.out
    }

    fn nodes(&mut self, age: i64) {
        let c = self.cluster;
        let kubelet = format!("v{}+IKS", c.version.split('_').next().unwrap_or(c.version));
        for i in 0..c.workers {
            let (private, public) = worker_ips(c, i);
            let zone = c.zones[i as usize % c.zones.len()];
            let labels = json!({
                "arch": "amd64",
                "beta.kubernetes.io/arch": "amd64",
                "beta.kubernetes.io/os": "linux",
                "ibm-cloud.kubernetes.io/worker-pool-name": "default",
                "ibm-cloud.kubernetes.io/zone": zone,
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": private,
                "kubernetes.io/os": "linux",
                "topology.kubernetes.io/region": c.region,
                "topology.kubernetes.io/zone": zone,
            });
            let meta = self.meta(None, &private, age, labels);
            let mut addresses = vec![
                json!({"type": "InternalIP", "address": private}),
                json!({"type": "Hostname", "address": private}),
            ];
            if !public.is_empty() {
                addresses.insert(1, json!({"type": "ExternalIP", "address": public}));
            }
            let ts = rfc3339(self.now - age);
            self.out.push((
                "nodes",
                json!({
                    "apiVersion": "v1",
                    "kind": "Node",
                    "metadata": meta,
                    "spec": {"podCIDR": format!("172.30.{}.0/24", i * 4), "providerID": format!("ibm://{}///{}/{}", crate::fixtures::ACCOUNT_ID, c.id, private)},
                    "status": {
                        "addresses": addresses,
                        "capacity": {"cpu": "4", "memory": "16389852Ki", "pods": "110", "ephemeral-storage": "102821812Ki"},
                        "allocatable": {"cpu": "3910m", "memory": "13594332Ki", "pods": "110", "ephemeral-storage": "94761990742"},
                        "conditions": [
                            {"type": "MemoryPressure", "status": "False", "lastHeartbeatTime": rfc3339(self.now - MIN), "lastTransitionTime": ts, "reason": "KubeletHasSufficientMemory", "message": "kubelet has sufficient memory available"},
                            {"type": "DiskPressure", "status": "False", "lastHeartbeatTime": rfc3339(self.now - MIN), "lastTransitionTime": ts, "reason": "KubeletHasNoDiskPressure", "message": "kubelet has no disk pressure"},
                            {"type": "PIDPressure", "status": "False", "lastHeartbeatTime": rfc3339(self.now - MIN), "lastTransitionTime": ts, "reason": "KubeletHasSufficientPID", "message": "kubelet has sufficient PID available"},
                            {"type": "Ready", "status": "True", "lastHeartbeatTime": rfc3339(self.now - MIN), "lastTransitionTime": ts, "reason": "KubeletReady", "message": "kubelet is posting ready status"},
                        ],
                        "nodeInfo": {
                            "architecture": "amd64",
                            "containerRuntimeVersion": "containerd://1.7.27",
                            "kernelVersion": "5.15.0-143-generic",
                            "kubeProxyVersion": kubelet,
                            "kubeletVersion": kubelet,
                            "operatingSystem": "linux",
                            "osImage": "Ubuntu 24.04.2 LTS",
                        },
                    },
                }),
            ));
        }
    }

    fn app(&mut self, app: &App) {
        let c = self.cluster;
        let hash = self.suffix(10);
        let labels = json!({"app": app.name});
        let mut container = json!({"name": app.name, "image": app.image, "imagePullPolicy": "IfNotPresent", "resources": {}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"});
        if let Some(p) = app.port {
            container["ports"] = json!([{"containerPort": p, "protocol": "TCP"}]);
        }
        let template = json!({"metadata": {"labels": labels}, "spec": {"containers": [container.clone()], "restartPolicy": "Always", "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler", "terminationGracePeriodSeconds": 30}});
        let ready = if app.crash { 0 } else { app.replicas };
        let mut dmeta = self.meta(Some(app.ns), app.name, app.age_ms, labels.clone());
        dmeta["generation"] = json!(1);
        dmeta["annotations"] = json!({"deployment.kubernetes.io/revision": "1"});
        let mut dstatus = json!({"observedGeneration": 1, "replicas": app.replicas, "updatedReplicas": app.replicas, "readyReplicas": ready, "availableReplicas": ready, "conditions": [
            {"type": "Available", "status": if app.crash { "False" } else { "True" }, "reason": if app.crash { "MinimumReplicasUnavailable" } else { "MinimumReplicasAvailable" }, "message": if app.crash { "Deployment does not have minimum availability." } else { "Deployment has minimum availability." }, "lastUpdateTime": rfc3339(self.now - app.age_ms + MIN), "lastTransitionTime": rfc3339(self.now - app.age_ms + MIN)},
            {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable", "message": format!("ReplicaSet \"{}-{hash}\" has successfully progressed.", app.name), "lastUpdateTime": rfc3339(self.now - app.age_ms + MIN), "lastTransitionTime": rfc3339(self.now - app.age_ms)},
        ]});
        if app.crash {
            // Never available: the deployment controller gave up after the
            // progress deadline (600 s).
            let t = rfc3339(self.now - app.age_ms + 10 * MIN + MIN);
            dstatus["conditions"][1] = json!({"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": format!("ReplicaSet \"{}-{hash}\" has timed out progressing.", app.name), "lastUpdateTime": t, "lastTransitionTime": t});
        }
        if app.crash {
            dstatus["unavailableReplicas"] = json!(app.replicas);
            dstatus.as_object_mut().map(|o| o.remove("readyReplicas"));
            dstatus
                .as_object_mut()
                .map(|o| o.remove("availableReplicas"));
        }
        let duid = dmeta["uid"].clone();
        self.out.push((
            "deployments",
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": dmeta, "spec": {
                "replicas": app.replicas, "selector": {"matchLabels": labels}, "template": template,
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
            }, "status": dstatus}),
        ));
        let rs_name = format!("{}-{hash}", app.name);
        let rs_labels = json!({"app": app.name, "pod-template-hash": hash});
        let mut rmeta = self.meta(Some(app.ns), &rs_name, app.age_ms, rs_labels.clone());
        rmeta["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": "Deployment", "name": app.name, "uid": duid, "controller": true, "blockOwnerDeletion": true}]);
        rmeta["annotations"] = json!({"deployment.kubernetes.io/desired-replicas": app.replicas.to_string(), "deployment.kubernetes.io/max-replicas": (app.replicas + 1).to_string(), "deployment.kubernetes.io/revision": "1"});
        rmeta["generation"] = json!(1);
        let ruid = rmeta["uid"].clone();
        let mut rtemplate = template.clone();
        rtemplate["metadata"]["labels"] = rs_labels.clone();
        let mut rstatus = json!({"replicas": app.replicas, "fullyLabeledReplicas": app.replicas, "readyReplicas": ready, "availableReplicas": ready, "observedGeneration": 1});
        if app.crash {
            rstatus.as_object_mut().map(|o| o.remove("readyReplicas"));
            rstatus
                .as_object_mut()
                .map(|o| o.remove("availableReplicas"));
        }
        self.out.push((
            "replicasets",
            json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": rmeta, "spec": {"replicas": app.replicas, "selector": {"matchLabels": rs_labels}, "template": rtemplate}, "status": rstatus}),
        ));
        for i in 0..app.replicas {
            let pod_name = format!("{rs_name}-{}", self.suffix(5));
            let (node, _) = worker_ips(c, (i + self.counter as u32) % c.workers);
            let ip = format!("172.30.{}.{}", (i + 1) * 4 % 250, 10 + (self.counter % 200));
            let mut pmeta = self.meta(Some(app.ns), &pod_name, app.age_ms - MIN, rs_labels.clone());
            pmeta["generateName"] = json!(format!("{rs_name}-"));
            pmeta["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs_name, "uid": ruid, "controller": true, "blockOwnerDeletion": true}]);
            let puid = pmeta["uid"].clone();
            let started = rfc3339(self.now - app.age_ms + 2 * MIN);
            let (cstate, last, restarts, ready_flag) = if app.crash {
                (
                    json!({"waiting": {"reason": "CrashLoopBackOff", "message": format!("back-off 5m0s restarting failed container={} pod={pod_name}", app.name)}}),
                    json!({"terminated": {"exitCode": 1, "reason": "Error", "startedAt": rfc3339(self.now - 4 * MIN), "finishedAt": rfc3339(self.now - 4 * MIN + 2_000), "containerID": format!("containerd://{}", self.uid().replace('-', ""))}}),
                    7,
                    false,
                )
            } else {
                (
                    json!({"running": {"startedAt": started}}),
                    json!({}),
                    0,
                    true,
                )
            };
            let cond = |t: &str, s: bool| json!({"type": t, "status": if s { "True" } else { "False" }, "lastProbeTime": null, "lastTransitionTime": started});
            self.out.push((
                "pods",
                json!({"apiVersion": "v1", "kind": "Pod", "metadata": pmeta,
                    "spec": {"containers": [container.clone()], "nodeName": node, "restartPolicy": "Always", "serviceAccountName": "default", "schedulerName": "default-scheduler", "terminationGracePeriodSeconds": 30,
                        "tolerations": [
                            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 600},
                            {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 600},
                        ]},
                    "status": {
                        "phase": "Running",
                        "conditions": [cond("PodReadyToStartContainers", true), cond("Initialized", true), cond("Ready", ready_flag), cond("ContainersReady", ready_flag), cond("PodScheduled", true)],
                        "hostIP": node, "hostIPs": [{"ip": node}], "podIP": ip, "podIPs": [{"ip": ip}],
                        "startTime": rfc3339(self.now - app.age_ms + MIN),
                        "qosClass": "BestEffort",
                        "containerStatuses": [{"name": app.name, "image": app.image, "imageID": format!("{}@sha256:{}", app.image.split(':').next().unwrap_or(app.image), "4f".repeat(32)), "containerID": format!("containerd://{}", "9a".repeat(32)), "ready": ready_flag, "started": ready_flag, "restartCount": restarts, "state": cstate, "lastState": last}],
                    }}),
            ));
            if i == 0 {
                self.events(app, &pod_name, &puid, app.crash);
            }
        }
    }

    fn events(&mut self, app: &App, pod: &str, uid: &Value, crash: bool) {
        let mut list = vec![
            (
                "Normal",
                "Scheduled",
                "default-scheduler",
                format!(
                    "Successfully assigned {}/{pod} to {}",
                    app.ns,
                    worker_ips(self.cluster, 0).0
                ),
            ),
            (
                "Normal",
                "Pulled",
                "kubelet",
                format!(
                    "Container image \"{}\" already present on machine",
                    app.image
                ),
            ),
            (
                "Normal",
                "Created",
                "kubelet",
                format!("Created container: {}", app.name),
            ),
            (
                "Normal",
                "Started",
                "kubelet",
                format!("Started container {}", app.name),
            ),
        ];
        if crash {
            list.push((
                "Warning",
                "BackOff",
                "kubelet",
                format!(
                    "Back-off restarting failed container {} in pod {pod}_{}",
                    app.name, app.ns
                ),
            ));
        }
        for (i, (kind, reason, source, message)) in list.into_iter().enumerate() {
            let name = format!(
                "{pod}.{:016x}",
                0x1870_0000_0000_0000u64 + self.counter * 16 + i as u64
            );
            let at = if crash {
                self.now - 30 * MIN + i as i64 * 1000
            } else {
                self.now - app.age_ms + MIN + i as i64 * 1000
            };
            let meta = self.meta(Some(app.ns), &name, self.now - at, json!({}));
            self.out.push((
                "events",
                json!({"apiVersion": "v1", "kind": "Event", "metadata": meta,
                    "involvedObject": {"kind": "Pod", "namespace": app.ns, "name": pod, "uid": uid, "apiVersion": "v1", "fieldPath": if reason == "Scheduled" { Value::Null } else { json!(format!("spec.containers{{{}}}", app.name)) }},
                    "reason": reason, "message": message, "source": {"component": source, "host": if source == "kubelet" { json!(worker_ips(self.cluster, 0).0) } else { Value::Null }},
                    "firstTimestamp": rfc3339(at), "lastTimestamp": rfc3339(if reason == "BackOff" { self.now - MIN } else { at }),
                    "count": if reason == "BackOff" { 31 } else { 1 }, "type": kind, "reportingComponent": source, "reportingInstance": ""}),
            ));
        }
    }

    fn services(&mut self) {
        let svcs = [
            (
                "default",
                "kubernetes",
                "172.21.0.1",
                json!([{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 2040}]),
                Value::Null,
                60 * DAY,
                json!({"component": "apiserver", "provider": "kubernetes"}),
            ),
            (
                "default",
                "web",
                "172.21.84.12",
                json!([{"port": 80, "protocol": "TCP", "targetPort": 80}]),
                json!({"app": "web"}),
                5 * DAY,
                json!({"app": "web"}),
            ),
            (
                "default",
                "api",
                "172.21.132.7",
                json!([{"name": "http", "port": 8080, "protocol": "TCP", "targetPort": 8080}]),
                json!({"app": "api"}),
                2 * DAY,
                json!({"app": "api"}),
            ),
            (
                "kube-system",
                "kube-dns",
                "172.21.0.10",
                json!([{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53}, {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53}, {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}]),
                json!({"k8s-app": "kube-dns"}),
                60 * DAY,
                json!({"k8s-app": "kube-dns"}),
            ),
        ];
        for (ns, name, ip, ports, selector, age, labels) in svcs {
            let meta = self.meta(Some(ns), name, age, labels);
            let mut spec = json!({"type": "ClusterIP", "clusterIP": ip, "clusterIPs": [ip], "ports": ports, "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster"});
            if !selector.is_null() {
                spec["selector"] = selector;
            }
            self.out.push(("services", json!({"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec, "status": {"loadBalancer": {}}})));
        }
    }
}
