//! Pods and pod templates, laid out as kubectl's describePod,
//! describeContainers and DescribePodTemplate lay them out.

use serde_json::Value;

use super::writer::{self, annotations, labels, n, s, tolerations, W};

pub fn describe_pod(pod: &Value, events: Option<&[Value]>, now: i64) -> String {
    let mut w = W::default();
    let (meta, spec, status) = (&pod["metadata"], &pod["spec"], &pod["status"]);
    w.w(0, &format!("Name:\t{}\n", s(&meta["name"])));
    w.w(0, &format!("Namespace:\t{}\n", s(&meta["namespace"])));
    if spec["priority"].is_number() {
        w.w(0, &format!("Priority:\t{}\n", n(&spec["priority"])));
    }
    if !s(&spec["priorityClassName"]).is_empty() {
        w.w(
            0,
            &format!("Priority Class Name:\t{}\n", s(&spec["priorityClassName"])),
        );
    }
    if !s(&spec["runtimeClassName"]).is_empty() {
        w.w(
            0,
            &format!("Runtime Class Name:\t{}\n", s(&spec["runtimeClassName"])),
        );
    }
    if !s(&spec["serviceAccountName"]).is_empty() {
        w.w(
            0,
            &format!("Service Account:\t{}\n", s(&spec["serviceAccountName"])),
        );
    }
    match s(&spec["nodeName"]) {
        node if node.is_empty() => w.w(0, "Node:\t<none>\n"),
        node => w.w(0, &format!("Node:\t{node}/{}\n", s(&status["hostIP"]))),
    }
    if status["startTime"].is_string() {
        w.w(
            0,
            &format!("Start Time:\t{}\n", writer::rfc1123z(&status["startTime"])),
        );
    }
    labels(&mut w, "", "Labels", &meta["labels"]);
    annotations(&mut w, "Annotations", &meta["annotations"]);
    let phase = s(&status["phase"]);
    if meta["deletionTimestamp"].is_string() && phase != "Failed" && phase != "Succeeded" {
        w.w(
            0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                writer::since(&meta["deletionTimestamp"], now)
            ),
        );
        w.w(
            0,
            &format!(
                "Termination Grace Period:\t{}s\n",
                n(&meta["deletionGracePeriodSeconds"])
            ),
        );
    } else {
        w.w(0, &format!("Status:\t{phase}\n"));
    }
    for (key, label) in [("reason", "Reason"), ("message", "Message")] {
        if !s(&status[key]).is_empty() {
            w.w(0, &format!("{label}:\t{}\n", s(&status[key])));
        }
    }
    let seccomp = &spec["securityContext"]["seccompProfile"];
    if seccomp.is_object() {
        w.w(0, &format!("SeccompProfile:\t{}\n", s(&seccomp["type"])));
        if seccomp["type"] == "Localhost" {
            w.w(
                0,
                &format!("LocalhostProfile:\t{}\n", s(&seccomp["localhostProfile"])),
            );
        }
    }
    w.w(0, &format!("IP:\t{}\n", s(&status["podIP"])));
    match status["podIPs"].as_array().filter(|a| !a.is_empty()) {
        None => w.w(0, "IPs:\t<none>\n"),
        Some(ips) => {
            w.w(0, "IPs:\n");
            for ip in ips {
                w.w(1, &format!("IP:\t{}\n", s(&ip["ip"])));
            }
        }
    }
    if let Some(c) = writer::controller(pod) {
        w.w(0, &format!("Controlled By:\t{c}\n"));
    }
    if !s(&status["nominatedNodeName"]).is_empty() {
        w.w(
            0,
            &format!("NominatedNodeName:\t{}\n", s(&status["nominatedNodeName"])),
        );
    }
    if spec["resources"].is_object() {
        w.w(0, "Resources:\n");
        resources(&mut w, &spec["resources"], 1);
    }
    if spec["initContainers"]
        .as_array()
        .is_some_and(|a| !a.is_empty())
    {
        containers(
            &mut w,
            "Init Containers",
            &spec["initContainers"],
            Some(&status["initContainerStatuses"]),
            "",
        );
    }
    containers(
        &mut w,
        "Containers",
        &spec["containers"],
        Some(&status["containerStatuses"]),
        "",
    );
    if let Some(gates) = spec["readinessGates"].as_array().filter(|a| !a.is_empty()) {
        w.w(0, "Readiness Gates:\n  Type\tStatus\n");
        for g in gates {
            let ty = s(&g["conditionType"]);
            let st = condition(status, &ty).unwrap_or_else(|| "<none>".into());
            w.w(1, &format!("{ty} \t{st} \n"));
        }
    }
    if let Some(conds) = status["conditions"].as_array().filter(|a| !a.is_empty()) {
        w.w(0, "Conditions:\n  Type\tStatus\n");
        for c in conds {
            w.w(1, &format!("{} \t{} \n", s(&c["type"]), s(&c["status"])));
        }
    }
    volumes(&mut w, &spec["volumes"], "");
    w.w(0, &format!("QoS Class:\t{}\n", qos(pod)));
    labels(&mut w, "", "Node-Selectors", &spec["nodeSelector"]);
    tolerations(&mut w, "", "Tolerations", &spec["tolerations"]);
    spread(&mut w, &spec["topologySpreadConstraints"], "");
    writer::events(&mut w, events, now);
    w.finish()
}

fn condition(status: &Value, ty: &str) -> Option<String> {
    status["conditions"]
        .as_array()?
        .iter()
        .find(|c| c["type"] == ty)
        .map(|c| s(&c["status"]))
}

/// The pod's QoS class as the kubelet derives it from requests and limits.
fn qos(pod: &Value) -> String {
    if let Some(q) = pod["status"]["qosClass"].as_str() {
        return q.to_string();
    }
    let all: Vec<&Value> = ["initContainers", "containers"]
        .iter()
        .flat_map(|k| pod["spec"][k].as_array().into_iter().flatten())
        .collect();
    let any = all.iter().any(|c| {
        ["requests", "limits"]
            .iter()
            .any(|k| c["resources"][k].as_object().is_some_and(|m| !m.is_empty()))
    });
    if !any {
        return "BestEffort".into();
    }
    let guaranteed = all.iter().all(|c| {
        ["cpu", "memory"].iter().all(|r| {
            let lim = &c["resources"]["limits"][r];
            let req = &c["resources"]["requests"][r];
            lim.is_string() && (req.is_null() || req == lim)
        })
    });
    if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
    .into()
}

fn spread(w: &mut W, list: &Value, space: &str) {
    let Some(items) = list.as_array().filter(|a| !a.is_empty()) else {
        return;
    };
    let mut items = items.clone();
    kterm_shell::sort::sort_by_key(&mut items, |t| s(&t["topologyKey"]));
    w.w(0, &format!("{space}Topology Spread Constraints:\t"));
    for (i, t) in items.iter().enumerate() {
        if i != 0 {
            w.w(0, &format!("{space}\t"));
        }
        let mut line = format!(
            "{}:{} when max skew {} is exceeded",
            s(&t["topologyKey"]),
            s(&t["whenUnsatisfiable"]),
            n(&t["maxSkew"])
        );
        if t["labelSelector"].is_object() {
            line.push_str(&format!(
                " for selector {}",
                writer::format_selector(&t["labelSelector"])
            ));
        }
        w.w(0, &format!("{line}\n"));
    }
}

pub fn resources(w: &mut W, r: &Value, level: usize) {
    for (key, title) in [("limits", "Limits"), ("requests", "Requests")] {
        let Some(m) = r[key].as_object().filter(|m| !m.is_empty()) else {
            continue;
        };
        w.w(level, &format!("{title}:\n"));
        let mut names: Vec<&String> = m.keys().collect();
        kterm_shell::sort::sort(&mut names);
        for name in names {
            w.w(level + 1, &format!("{name}:\t{}\n", s(&m[name.as_str()])));
        }
    }
}

fn ports(list: &Value, field: &str) -> String {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let mut x = format!("{}/{}", n(&p[field]), s(&p["protocol"]));
            if !s(&p["name"]).is_empty() {
                x = format!("{x} ({})", s(&p["name"]));
            }
            x
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A container list; `statuses` is `None` in pod templates.
pub fn containers(w: &mut W, label: &str, list: &Value, statuses: Option<&Value>, space: &str) {
    let items = list.as_array().cloned().unwrap_or_default();
    let none = if items.is_empty() { " <none>" } else { "" };
    w.w(0, &format!("{space}{label}:{none}\n"));
    let indent = if space.is_empty() { "" } else { " " };
    for c in &items {
        let name = s(&c["name"]);
        let status = statuses
            .and_then(|st| st.as_array())
            .and_then(|a| a.iter().find(|x| x["name"] == name.as_str()));
        w.w(1, &format!("{indent}{name}:\n"));
        if let Some(st) = status {
            w.w(2, &format!("Container ID:\t{}\n", s(&st["containerID"])));
        }
        w.w(2, &format!("Image:\t{}\n", s(&c["image"])));
        if let Some(st) = status {
            w.w(2, &format!("Image ID:\t{}\n", s(&st["imageID"])));
        }
        let p = ports(&c["ports"], "containerPort");
        if p.contains(',') {
            w.w(2, &format!("Ports:\t{p}\n"));
        } else {
            w.w(2, &format!("Port:\t{}\n", writer::or_none(p)));
        }
        let hp = ports(&c["ports"], "hostPort");
        if hp.contains(',') {
            w.w(2, &format!("Host Ports:\t{hp}\n"));
        } else {
            w.w(2, &format!("Host Port:\t{}\n", writer::or_none(hp)));
        }
        let sp = &c["securityContext"]["seccompProfile"];
        if sp.is_object() {
            w.w(2, &format!("SeccompProfile:\t{}\n", s(&sp["type"])));
            if sp["type"] == "Localhost" {
                w.w(
                    3,
                    &format!("LocalhostProfile:\t{}\n", s(&sp["localhostProfile"])),
                );
            }
        }
        for (key, title) in [("command", "Command"), ("args", "Args")] {
            if let Some(a) = c[key].as_array().filter(|a| !a.is_empty()) {
                w.w(2, &format!("{title}:\n"));
                for x in a {
                    for line in s(x).split('\n') {
                        w.w(3, &format!("{line}\n"));
                    }
                }
            }
        }
        if let Some(st) = status {
            state(w, "State", &st["state"]);
            if st["lastState"]["terminated"].is_object() {
                state(w, "Last State", &st["lastState"]);
            }
            let ready = if st["ready"] == true { "True" } else { "False" };
            w.w(2, &format!("Ready:\t{ready}\n"));
            w.w(2, &format!("Restart Count:\t{}\n", n(&st["restartCount"])));
        }
        resources(w, &c["resources"], 2);
        for (key, title) in [
            ("livenessProbe", "Liveness"),
            ("readinessProbe", "Readiness"),
            ("startupProbe", "Startup"),
        ] {
            if c[key].is_object() {
                w.w(2, &format!("{title}:\t{}\n", probe(&c[key])));
            }
        }
        env_from(w, &c["envFrom"]);
        env(w, &c["env"]);
        mounts(w, c);
    }
}

fn state(w: &mut W, title: &str, st: &Value) {
    if st["running"].is_object() {
        w.w(2, &format!("{title}:\tRunning\n"));
        w.w(
            3,
            &format!(
                "Started:\t{}\n",
                writer::rfc1123z(&st["running"]["startedAt"])
            ),
        );
    } else if st["waiting"].is_object() {
        w.w(2, &format!("{title}:\tWaiting\n"));
        if !s(&st["waiting"]["reason"]).is_empty() {
            w.w(3, &format!("Reason:\t{}\n", s(&st["waiting"]["reason"])));
        }
    } else if st["terminated"].is_object() {
        let t = &st["terminated"];
        w.w(2, &format!("{title}:\tTerminated\n"));
        if !s(&t["reason"]).is_empty() {
            w.w(3, &format!("Reason:\t{}\n", s(&t["reason"])));
        }
        if !s(&t["message"]).is_empty() {
            w.w(3, &format!("Message:\t{}\n", s(&t["message"])));
        }
        w.w(3, &format!("Exit Code:\t{}\n", n(&t["exitCode"])));
        if n(&t["signal"]) > 0 {
            w.w(3, &format!("Signal:\t{}\n", n(&t["signal"])));
        }
        w.w(
            3,
            &format!("Started:\t{}\n", writer::rfc1123z(&t["startedAt"])),
        );
        w.w(
            3,
            &format!("Finished:\t{}\n", writer::rfc1123z(&t["finishedAt"])),
        );
    } else {
        w.w(2, &format!("{title}:\tWaiting\n"));
    }
}

fn probe(p: &Value) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s successThreshold={} failureThreshold={}",
        n(&p["initialDelaySeconds"]),
        n(&p["timeoutSeconds"]),
        n(&p["periodSeconds"]),
        n(&p["successThreshold"]),
        n(&p["failureThreshold"])
    );
    if p["exec"].is_object() {
        let cmd: Vec<String> = p["exec"]["command"]
            .as_array()
            .map(|a| a.iter().map(s).collect())
            .unwrap_or_default();
        format!("exec [{}] {attrs}", cmd.join(" "))
    } else if p["httpGet"].is_object() {
        let h = &p["httpGet"];
        let scheme = s(&h["scheme"]).to_lowercase();
        let port = s(&h["port"]);
        let host = if port.is_empty() {
            s(&h["host"])
        } else {
            format!("{}:{port}", s(&h["host"]))
        };
        let scheme = if scheme.is_empty() {
            String::new()
        } else {
            format!("{scheme}:")
        };
        format!("http-get {scheme}//{host}{} {attrs}", s(&h["path"]))
    } else if p["tcpSocket"].is_object() {
        format!(
            "tcp-socket {}:{} {attrs}",
            s(&p["tcpSocket"]["host"]),
            s(&p["tcpSocket"]["port"])
        )
    } else if p["grpc"].is_object() {
        format!(
            "grpc <pod>:{} {} {attrs}",
            n(&p["grpc"]["port"]),
            s(&p["grpc"]["service"])
        )
    } else {
        format!("unknown {attrs}")
    }
}

fn env_from(w: &mut W, list: &Value) {
    let Some(items) = list.as_array().filter(|a| !a.is_empty()) else {
        return;
    };
    w.w(2, "Environment Variables from:\n");
    for e in items {
        let (from, r) = if e["configMapRef"].is_object() {
            ("ConfigMap", &e["configMapRef"])
        } else {
            ("Secret", &e["secretRef"])
        };
        let optional = r["optional"] == true;
        let prefix = s(&e["prefix"]);
        if prefix.is_empty() {
            w.w(
                3,
                &format!("{}\t{from}\tOptional: {optional}\n", s(&r["name"])),
            );
        } else {
            w.w(
                3,
                &format!(
                    "{}\t{from} with prefix '{prefix}'\tOptional: {optional}\n",
                    s(&r["name"])
                ),
            );
        }
    }
}

fn env(w: &mut W, list: &Value) {
    let items = list.as_array().cloned().unwrap_or_default();
    w.w(
        2,
        if items.is_empty() {
            "Environment:\t<none>\n"
        } else {
            "Environment:\n"
        },
    );
    for e in &items {
        let name = s(&e["name"]);
        let vf = &e["valueFrom"];
        if !vf.is_object() {
            for (i, line) in s(&e["value"]).split('\n').enumerate() {
                if i == 0 {
                    w.w(3, &format!("{name}:\t{line}\n"));
                } else {
                    w.w(3, &format!("\t{line}\n"));
                }
            }
        } else if vf["fieldRef"].is_object() {
            // The value is resolved from the pod only for a few fields;
            // kubectl prints it empty when it cannot.
            w.w(
                3,
                &format!(
                    "{name}:\t ({}:{})\n",
                    s(&vf["fieldRef"]["apiVersion"]),
                    s(&vf["fieldRef"]["fieldPath"])
                ),
            );
        } else if vf["resourceFieldRef"].is_object() {
            w.w(
                3,
                &format!("{name}:\t ({})\n", s(&vf["resourceFieldRef"]["resource"])),
            );
        } else if vf["secretKeyRef"].is_object() {
            let r = &vf["secretKeyRef"];
            w.w(
                3,
                &format!(
                    "{name}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                    s(&r["key"]),
                    s(&r["name"]),
                    r["optional"] == true
                ),
            );
        } else if vf["configMapKeyRef"].is_object() {
            let r = &vf["configMapKeyRef"];
            w.w(
                3,
                &format!(
                    "{name}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                    s(&r["key"]),
                    s(&r["name"]),
                    r["optional"] == true
                ),
            );
        }
    }
}

fn mounts(w: &mut W, c: &Value) {
    let mut items = c["volumeMounts"].as_array().cloned().unwrap_or_default();
    let none = if items.is_empty() { "\t<none>" } else { "" };
    w.w(2, &format!("Mounts:{none}\n"));
    kterm_shell::sort::sort_by_key(&mut items, |m| s(&m["mountPath"]));
    for m in &items {
        let mut flags = vec![if m["readOnly"] == true { "ro" } else { "rw" }.to_string()];
        if !s(&m["subPath"]).is_empty() {
            flags.push(format!("path={:?}", s(&m["subPath"])));
        }
        w.w(
            3,
            &format!(
                "{} from {} ({})\n",
                s(&m["mountPath"]),
                s(&m["name"]),
                flags.join(",")
            ),
        );
    }
    if let Some(devs) = c["volumeDevices"].as_array().filter(|a| !a.is_empty()) {
        w.w(2, &format!("Devices:{none}\n"));
        let mut devs = devs.clone();
        kterm_shell::sort::sort_by_key(&mut devs, |d| s(&d["devicePath"]));
        for d in &devs {
            w.w(
                3,
                &format!("{} from {}\n", s(&d["devicePath"]), s(&d["name"])),
            );
        }
    }
}

pub fn volumes(w: &mut W, list: &Value, space: &str) {
    let Some(items) = list.as_array().filter(|a| !a.is_empty()) else {
        w.w(0, &format!("{space}Volumes:\t<none>\n"));
        return;
    };
    w.w(0, &format!("{space}Volumes:\n"));
    let indent = if space.is_empty() { "" } else { " " };
    for v in items {
        w.w(1, &format!("{indent}{}:\n", s(&v["name"])));
        let opt = |x: &Value| x["optional"] == true;
        if let Some(h) = v.get("hostPath") {
            let ty = writer::or_none(s(&h["type"]));
            w.w(2, &format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{ty}\n", s(&h["path"])));
        } else if let Some(e) = v.get("emptyDir") {
            let limit = s(&e["sizeLimit"]);
            let limit = if limit.is_empty() || limit == "0" {
                "<unset>".into()
            } else {
                limit
            };
            w.w(2, &format!("Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}\n", s(&e["medium"])));
        } else if let Some(x) = v.get("secret") {
            w.w(2, &format!("Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n", s(&x["secretName"]), opt(x)));
        } else if let Some(x) = v.get("configMap") {
            w.w(2, &format!("Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n", s(&x["name"]), opt(x)));
        } else if let Some(x) = v.get("persistentVolumeClaim") {
            w.w(2, &format!("Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n", s(&x["claimName"]), x["readOnly"] == true));
        } else if let Some(x) = v.get("projected") {
            w.w(
                2,
                "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
            );
            for src in x["sources"].as_array().into_iter().flatten() {
                if let Some(sec) = src.get("secret") {
                    w.w(
                        2,
                        &format!(
                            "SecretName:\t{}\n    Optional:\t{}\n",
                            s(&sec["name"]),
                            opt(sec)
                        ),
                    );
                } else if src.get("downwardAPI").is_some() {
                    w.w(2, "DownwardAPI:\ttrue\n");
                } else if let Some(cm) = src.get("configMap") {
                    w.w(
                        2,
                        &format!(
                            "ConfigMapName:\t{}\n    Optional:\t{}\n",
                            s(&cm["name"]),
                            opt(cm)
                        ),
                    );
                } else if let Some(t) = src.get("serviceAccountToken") {
                    w.w(
                        2,
                        &format!("TokenExpirationSeconds:\t{}\n", n(&t["expirationSeconds"])),
                    );
                }
            }
        } else if let Some(x) = v.get("nfs") {
            w.w(2, &format!("Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n", s(&x["server"]), s(&x["path"]), x["readOnly"] == true));
        } else if v.get("downwardAPI").is_some() {
            w.w(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
            for it in v["downwardAPI"]["items"].as_array().into_iter().flatten() {
                if it["fieldRef"].is_object() {
                    w.w(
                        3,
                        &format!(
                            "{} -> {}\n",
                            s(&it["fieldRef"]["fieldPath"]),
                            s(&it["path"])
                        ),
                    );
                }
                if it["resourceFieldRef"].is_object() {
                    w.w(
                        3,
                        &format!(
                            "{} -> {}\n",
                            s(&it["resourceFieldRef"]["resource"]),
                            s(&it["path"])
                        ),
                    );
                }
            }
        } else {
            w.w(1, "<unknown>\n");
        }
    }
}

/// DescribePodTemplate: the `Pod Template:` block of controllers.
pub fn pod_template(w: &mut W, t: &Value) {
    w.w(0, "Pod Template:\n");
    if !t.is_object() {
        w.w(1, "<unset>");
        return;
    }
    let spec = &t["spec"];
    labels(w, "", "  Labels", &t["metadata"]["labels"]);
    if t["metadata"]["annotations"]
        .as_object()
        .is_some_and(|m| !m.is_empty())
    {
        annotations(w, "  Annotations", &t["metadata"]["annotations"]);
    }
    if !s(&spec["serviceAccountName"]).is_empty() {
        w.w(
            1,
            &format!("Service Account:\t{}\n", s(&spec["serviceAccountName"])),
        );
    }
    if spec["initContainers"]
        .as_array()
        .is_some_and(|a| !a.is_empty())
    {
        containers(w, "Init Containers", &spec["initContainers"], None, "  ");
    }
    containers(w, "Containers", &spec["containers"], None, "  ");
    volumes(w, &spec["volumes"], "  ");
    spread(w, &spec["topologySpreadConstraints"], "  ");
    if !s(&spec["priorityClassName"]).is_empty() {
        w.w(
            1,
            &format!("Priority Class Name:\t{}\n", s(&spec["priorityClassName"])),
        );
    }
    labels(w, "", "  Node-Selectors", &spec["nodeSelector"]);
    tolerations(w, "", "  Tolerations", &spec["tolerations"]);
}
