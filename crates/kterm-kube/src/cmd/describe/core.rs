//! Core kinds: services, config maps, secrets (values hidden), namespaces,
//! service accounts, nodes and persistent volume claims, and the generic
//! describer for every other kind, as kubectl's describers lay them out.

use serde_json::Value;

use super::writer::{self, annotations, labels, n, s, W};

fn header(w: &mut W, obj: &Value) {
    w.w(0, &format!("Name:\t{}\n", s(&obj["metadata"]["name"])));
    w.w(
        0,
        &format!("Namespace:\t{}\n", s(&obj["metadata"]["namespace"])),
    );
    labels(w, "", "Labels", &obj["metadata"]["labels"]);
    annotations(w, "Annotations", &obj["metadata"]["annotations"]);
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(s).collect())
        .unwrap_or_default()
}

/// `slices` are the service's EndpointSlices (empty when the list failed).
pub fn describe_service(
    svc: &Value,
    slices: &[Value],
    events: Option<&[Value]>,
    now: i64,
) -> String {
    let mut w = W::default();
    let (spec, st) = (&svc["spec"], &svc["status"]);
    header(&mut w, svc);
    w.w(
        0,
        &format!("Selector:\t{}\n", writer::format_labels(&spec["selector"])),
    );
    w.w(0, &format!("Type:\t{}\n", s(&spec["type"])));
    if spec["ipFamilyPolicy"].is_string() {
        w.w(
            0,
            &format!("IP Family Policy:\t{}\n", s(&spec["ipFamilyPolicy"])),
        );
    }
    w.w(
        0,
        &format!(
            "IP Families:\t{}\n",
            writer::or_none(strings(&spec["ipFamilies"]).join(","))
        ),
    );
    w.w(0, &format!("IP:\t{}\n", s(&spec["clusterIP"])));
    w.w(
        0,
        &format!(
            "IPs:\t{}\n",
            writer::or_none(strings(&spec["clusterIPs"]).join(","))
        ),
    );
    let ext = strings(&spec["externalIPs"]);
    if !ext.is_empty() {
        w.w(0, &format!("External IPs:\t{}\n", ext.join(",")));
    }
    if !s(&spec["loadBalancerIP"]).is_empty() {
        w.w(
            0,
            &format!("Desired LoadBalancer IP:\t{}\n", s(&spec["loadBalancerIP"])),
        );
    }
    if !s(&spec["externalName"]).is_empty() {
        w.w(
            0,
            &format!("External Name:\t{}\n", s(&spec["externalName"])),
        );
    }
    if let Some(ing) = st["loadBalancer"]["ingress"]
        .as_array()
        .filter(|a| !a.is_empty())
    {
        let list: Vec<String> = ing
            .iter()
            .map(|i| {
                if !s(&i["ip"]).is_empty() {
                    match i["ipMode"].as_str() {
                        Some(m) => format!("{} ({m})", s(&i["ip"])),
                        None => s(&i["ip"]),
                    }
                } else {
                    s(&i["hostname"])
                }
            })
            .collect();
        w.w(0, &format!("LoadBalancer Ingress:\t{}\n", list.join(", ")));
    }
    for p in spec["ports"].as_array().into_iter().flatten() {
        let raw_name = s(&p["name"]);
        let name = if raw_name.is_empty() {
            "<unset>".to_string()
        } else {
            raw_name.clone()
        };
        let proto = s(&p["protocol"]);
        w.w(0, &format!("Port:\t{name}\t{}/{proto}\n", n(&p["port"])));
        w.w(
            0,
            &format!("TargetPort:\t{}/{proto}\n", s(&p["targetPort"])),
        );
        if p["appProtocol"].is_string() {
            w.w(0, &format!("AppProtocol:\t{}\n", s(&p["appProtocol"])));
        }
        if n(&p["nodePort"]) != 0 {
            w.w(
                0,
                &format!("NodePort:\t{name}\t{}/{proto}\n", n(&p["nodePort"])),
            );
        }
        w.w(
            0,
            &format!("Endpoints:\t{}\n", endpoints(slices, &raw_name)),
        );
    }
    w.w(
        0,
        &format!("Session Affinity:\t{}\n", s(&spec["sessionAffinity"])),
    );
    if !s(&spec["externalTrafficPolicy"]).is_empty() {
        w.w(
            0,
            &format!(
                "External Traffic Policy:\t{}\n",
                s(&spec["externalTrafficPolicy"])
            ),
        );
    }
    if spec["internalTrafficPolicy"].is_string() {
        w.w(
            0,
            &format!(
                "Internal Traffic Policy:\t{}\n",
                s(&spec["internalTrafficPolicy"])
            ),
        );
    }
    if n(&spec["healthCheckNodePort"]) != 0 {
        w.w(
            0,
            &format!(
                "HealthCheck NodePort:\t{}\n",
                n(&spec["healthCheckNodePort"])
            ),
        );
    }
    let ranges = strings(&spec["loadBalancerSourceRanges"]);
    if !ranges.is_empty() {
        w.w(
            0,
            &format!("LoadBalancer Source Ranges:\t{}\n", ranges.join(",")),
        );
    }
    if spec["trafficDistribution"].is_string() {
        w.w(
            0,
            &format!(
                "Traffic Distribution:\t{}\n",
                s(&spec["trafficDistribution"])
            ),
        );
    }
    writer::events(&mut w, events, now);
    w.finish()
}

/// Ready endpoints of the port named `port`, at most three shown.
fn endpoints(slices: &[Value], port: &str) -> String {
    if slices.is_empty() {
        return "<none>".into();
    }
    let (mut list, mut count, mut more) = (Vec::new(), 0, false);
    for sl in slices {
        let eps = sl["endpoints"].as_array().cloned().unwrap_or_default();
        let ports = sl["ports"].as_array().cloned().unwrap_or_default();
        let targets: Vec<Option<i64>> = if ports.is_empty() {
            vec![None]
        } else {
            ports
                .iter()
                .filter(|p| s(&p["name"]) == port)
                .map(|p| Some(n(&p["port"])))
                .collect()
        };
        for t in targets {
            for e in &eps {
                if list.len() == 3 {
                    more = true;
                }
                if e["conditions"]["ready"] == false {
                    continue;
                }
                let addr = s(&e["addresses"][0]);
                if !more {
                    list.push(match t {
                        Some(p) if addr.contains(':') => format!("[{addr}]:{p}"),
                        Some(p) => format!("{addr}:{p}"),
                        None => addr,
                    });
                }
                count += 1;
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - 3)
    } else {
        ret
    }
}

pub fn describe_configmap(cm: &Value, events: Option<&[Value]>, now: i64) -> String {
    let mut w = W::default();
    header(&mut w, cm);
    w.w(0, "\nData\n====\n");
    for (k, v) in sorted(&cm["data"]) {
        w.w(0, &format!("{k}:\n----\n"));
        w.w(0, &format!("{}\n", s(v)));
        w.w(0, "\n");
    }
    w.w(0, "\nBinaryData\n====\n");
    for (k, v) in sorted(&cm["binaryData"]) {
        let len = decoded_len(&s(v));
        w.w(0, &format!("{k}: {len} bytes\n"));
    }
    w.w(0, "\n");
    writer::events(&mut w, events, now);
    w.finish()
}

fn sorted(map: &Value) -> Vec<(&String, &Value)> {
    let mut v: Vec<(&String, &Value)> = map
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    kterm_shell::sort::sort_by(&mut v, |a, b| a.0.cmp(b.0));
    v
}

fn decoded_len(b64: &str) -> usize {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map(|d| d.len())
        .unwrap_or(0)
}

/// Values stay hidden: only their sizes are shown (a service account
/// token excepted, as kubectl shows it).
pub fn describe_secret(sec: &Value) -> String {
    let mut w = W::default();
    header(&mut w, sec);
    let ty = s(&sec["type"]);
    w.w(0, &format!("\nType:\t{ty}\n"));
    w.w(0, "\nData\n====\n");
    for (k, v) in sorted(&sec["data"]) {
        if k == "token" && ty == "kubernetes.io/service-account-token" {
            use base64::Engine;
            let plain = base64::engine::general_purpose::STANDARD
                .decode(s(v))
                .unwrap_or_default();
            w.w(0, &format!("{k}:\t{}\n", String::from_utf8_lossy(&plain)));
        } else {
            w.w(0, &format!("{k}:\t{} bytes\n", decoded_len(&s(v))));
        }
    }
    w.finish()
}

/// `quotas` / `limits` are `None` when the server has no such resource.
pub fn describe_namespace(
    ns: &Value,
    quotas: Option<&[Value]>,
    limits: Option<&[Value]>,
) -> String {
    let mut w = W::default();
    let meta = &ns["metadata"];
    w.w(0, &format!("Name:\t{}\n", s(&meta["name"])));
    labels(&mut w, "", "Labels", &meta["labels"]);
    annotations(&mut w, "Annotations", &meta["annotations"]);
    w.w(0, &format!("Status:\t{}\n", s(&ns["status"]["phase"])));
    if let Some(cs) = ns["status"]["conditions"]
        .as_array()
        .filter(|a| !a.is_empty())
    {
        w.w(0, "Conditions:\n");
        w.w(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
        w.w(1, "----\t------\t------------------\t------\t-------\n");
        for c in cs {
            w.w(
                1,
                &format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    s(&c["type"]),
                    s(&c["status"]),
                    writer::rfc1123z(&c["lastTransitionTime"]),
                    s(&c["reason"]),
                    s(&c["message"])
                ),
            );
        }
    }
    if let Some(q) = quotas {
        w.w(0, "\n");
        if q.is_empty() {
            w.w(0, "No resource quota.\n");
        } else {
            let mut q = q.to_vec();
            kterm_shell::sort::sort_by_key(&mut q, |x| s(&x["metadata"]["name"]));
            w.w(0, "Resource Quotas\n");
            for x in &q {
                w.w(1, &format!("Name:\t{}\n", s(&x["metadata"]["name"])));
                w.w(1, "Resource\tUsed\tHard\n");
                w.w(1, "--------\t---\t---\n");
                for (r, hard) in sorted(&x["status"]["hard"]) {
                    let used = &x["status"]["used"][r.as_str()];
                    w.w(
                        1,
                        &format!("{r}\t{}\t{}\n", quantity_or_zero(used), s(hard)),
                    );
                }
            }
        }
    }
    if let Some(l) = limits {
        w.w(0, "\n");
        if l.is_empty() {
            w.w(0, "No LimitRange resource.\n");
        } else {
            w.w(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
            w.w(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
            for lr in l {
                for item in lr["spec"]["limits"].as_array().into_iter().flatten() {
                    let mut names: Vec<String> = Vec::new();
                    for k in [
                        "min",
                        "max",
                        "default",
                        "defaultRequest",
                        "maxLimitRequestRatio",
                    ] {
                        for (r, _) in sorted(&item[k]) {
                            if !names.contains(r) {
                                names.push(r.clone());
                            }
                        }
                    }
                    kterm_shell::sort::sort(&mut names);
                    for r in names {
                        let get = |k: &str| {
                            let v = &item[k][r.as_str()];
                            if v.is_null() {
                                "-".to_string()
                            } else {
                                s(v)
                            }
                        };
                        w.w(
                            0,
                            &format!(
                                " {}\t{r}\t{}\t{}\t{}\t{}\t{}\n",
                                s(&item["type"]),
                                get("min"),
                                get("max"),
                                get("defaultRequest"),
                                get("default"),
                                get("maxLimitRequestRatio")
                            ),
                        );
                    }
                }
            }
        }
    }
    w.finish()
}

fn quantity_or_zero(v: &Value) -> String {
    if v.is_null() {
        "0".into()
    } else {
        s(v)
    }
}

pub fn describe_serviceaccount(sa: &Value, events: Option<&[Value]>, now: i64) -> String {
    let mut w = W::default();
    header(&mut w, sa);
    let names: Vec<String> = sa["imagePullSecrets"]
        .as_array()
        .map(|a| a.iter().map(|x| s(&x["name"])).collect())
        .unwrap_or_default();
    if names.is_empty() {
        w.w(0, "Image pull secrets:\t<none>\n");
    } else {
        let mut prefix = "Image pull secrets:";
        for name in names {
            w.w(0, &format!("{prefix}\t{name}\n"));
            prefix = "                   ";
        }
    }
    writer::events(&mut w, events, now);
    w.finish()
}

pub fn describe_pvc(pvc: &Value, used_by: &[String], events: Option<&[Value]>, now: i64) -> String {
    let mut w = W::default();
    let (meta, spec, st) = (&pvc["metadata"], &pvc["spec"], &pvc["status"]);
    w.w(0, &format!("Name:\t{}\n", s(&meta["name"])));
    w.w(0, &format!("Namespace:\t{}\n", s(&meta["namespace"])));
    let class = match &spec["storageClassName"] {
        Value::String(c) => c.clone(),
        _ => s(&meta["annotations"]["volume.beta.kubernetes.io/storage-class"]),
    };
    w.w(0, &format!("StorageClass:\t{class}\n"));
    if meta["deletionTimestamp"].is_string() {
        w.w(
            0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                writer::since(&meta["deletionTimestamp"], now)
            ),
        );
    } else {
        w.w(0, &format!("Status:\t{}\n", s(&st["phase"])));
    }
    w.w(0, &format!("Volume:\t{}\n", s(&spec["volumeName"])));
    labels(&mut w, "", "Labels", &meta["labels"]);
    annotations(&mut w, "Annotations", &meta["annotations"]);
    w.w(
        0,
        &format!(
            "Finalizers:\t[{}]\n",
            strings(&meta["finalizers"]).join(" ")
        ),
    );
    let (cap, modes) = if s(&spec["volumeName"]).is_empty() {
        (String::new(), String::new())
    } else {
        let modes: Vec<&str> = [
            "ReadWriteOnce",
            "ReadOnlyMany",
            "ReadWriteMany",
            "ReadWriteOncePod",
        ]
        .iter()
        .zip(["RWO", "ROX", "RWX", "RWOP"])
        .filter(|(m, _)| strings(&st["accessModes"]).iter().any(|x| x == *m))
        .map(|(_, short)| short)
        .collect();
        (s(&st["capacity"]["storage"]), modes.join(","))
    };
    w.w(0, &format!("Capacity:\t{cap}\n"));
    w.w(0, &format!("Access Modes:\t{modes}\n"));
    if spec["volumeMode"].is_string() {
        w.w(0, &format!("VolumeMode:\t{}\n", s(&spec["volumeMode"])));
    }
    let ds = &spec["dataSource"];
    if ds.is_object() {
        w.w(0, "DataSource:\n");
        if ds["apiGroup"].is_string() {
            w.w(1, &format!("APIGroup:\t{}\n", s(&ds["apiGroup"])));
        }
        w.w(1, &format!("Kind:\t{}\n", s(&ds["kind"])));
        w.w(1, &format!("Name:\t{}\n", s(&ds["name"])));
    }
    w.w(0, "Used By:\t");
    if used_by.is_empty() {
        w.w(0, "<none>\n");
    } else {
        let mut names = used_by.to_vec();
        kterm_shell::sort::sort(&mut names);
        for (i, p) in names.iter().enumerate() {
            if i != 0 {
                w.w(0, "\t");
            }
            w.w(0, &format!("{p}\n"));
        }
    }
    if let Some(cs) = st["conditions"].as_array().filter(|a| !a.is_empty()) {
        w.w(0, "Conditions:\n");
        w.w(
            1,
            "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.w(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in cs {
            w.w(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    s(&c["type"]),
                    s(&c["status"]),
                    writer::rfc1123z(&c["lastProbeTime"]),
                    writer::rfc1123z(&c["lastTransitionTime"]),
                    s(&c["reason"]),
                    s(&c["message"])
                ),
            );
        }
    }
    writer::events(&mut w, events, now);
    w.finish()
}
