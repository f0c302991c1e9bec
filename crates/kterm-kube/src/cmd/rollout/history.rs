//! `kubectl rollout history` of a deployment: its ReplicaSets by
//! revision, as a REVISION / CHANGE-CAUSE table, or one revision's pod
//! template in kubectl's describe layout (`--revision=N`). Also the
//! revision list `rollout undo` picks from.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::error::KubeError;
use crate::flags;
use crate::kubeconfig::Target;
use crate::mutate::{self, Obj};
use crate::print::table;

pub const REVISION: &str = "deployment.kubernetes.io/revision";
const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// A workload's revisions, oldest first: a deployment's ReplicaSets (by
/// their revision annotation), or the ControllerRevisions of a stateful
/// set or daemon set; each controlled by the workload's uid.
pub async fn revisions(
    ctx: &mut Ctx<'_>,
    t: &Target,
    o: &Obj,
    obj: &Value,
) -> Result<Vec<(i64, Value)>, KubeError> {
    let uid = obj["metadata"]["uid"].clone();
    let deployment = o.r.kind == "Deployment";
    let list = if deployment {
        let path = format!("/apis/apps/v1/namespaces/{}/replicasets", o.ns);
        mutate::call(ctx, t, "GET", &path, "", None, "replicasets").await?
    } else {
        let selector: Vec<String> = obj["spec"]["selector"]["matchLabels"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| format!("{k}={}", s(v))).collect())
            .unwrap_or_default();
        let q = mutate::query(&[("labelSelector", Some(&selector.join(",")))]);
        let path = format!("/apis/apps/v1/namespaces/{}/controllerrevisions{q}", o.ns);
        mutate::call(ctx, t, "GET", &path, "", None, "controllerrevisions")
            .await
            .map_err(|e| match e {
                KubeError::Cancelled => e,
                other => KubeError::Client(format!(
                    "unable to find history controlled by {} {}: {other}",
                    o.r.kind, o.name
                )),
            })?
    };
    let mut out: Vec<(i64, Value)> = list["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|item| {
            item["metadata"]["ownerReferences"]
                .as_array()
                .is_some_and(|refs| {
                    refs.iter()
                        .any(|r| r["uid"] == uid && r["controller"] == true)
                })
        })
        .filter_map(|item| {
            let rev = if deployment {
                item["metadata"]["annotations"][REVISION]
                    .as_str()?
                    .parse()
                    .ok()?
            } else {
                item["revision"].as_i64()?
            };
            Some((rev, item))
        })
        .collect();
    kterm_shell::sort::sort_by_key(&mut out, |(r, _)| *r);
    Ok(out)
}

/// The pod template a revision holds (a ControllerRevision keeps it in
/// its data, as the patch that restores it).
pub fn template_of(rev: &Value) -> &Value {
    if rev["kind"] == "ControllerRevision" || rev["data"].is_object() {
        &rev["data"]["spec"]["template"]
    } else {
        &rev["spec"]["template"]
    }
}

/// `configmaps "x"`, as kubectl names an object it cannot act on.
pub fn quoted(o: &Obj) -> String {
    let res = if o.r.group.is_empty() {
        o.r.name.clone()
    } else {
        format!("{}.{}", o.r.name, o.r.group)
    };
    format!("{res} \"{}\"", o.name)
}

pub async fn history(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Obj,
) -> Result<(), KubeError> {
    if !matches!(
        o.r.kind.as_str(),
        "Deployment" | "DaemonSet" | "StatefulSet"
    ) {
        return Err(KubeError::Client(format!(
            "error retrieving history for \"{0}\", no visitor method exists for {{{1} {0}}}",
            o.r.kind, o.r.group
        )));
    }
    let dep = mutate::call(ctx, t, "GET", &o.path(), "", None, &o.what()).await?;
    let revs = revisions(ctx, t, o, &dep).await?;
    let title = mutate::name_of(&o.r, &o.name);
    if let Some(want) = f.value("revision").filter(|v| *v != "0") {
        let n: i64 = want.parse().map_err(|_| {
            KubeError::Client(format!(
                "invalid argument \"{want}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{want}\": invalid syntax"
            ))
        })?;
        let Some((_, rs)) = revs.iter().find(|(r, _)| *r == n) else {
            return Err(KubeError::Client(
                "unable to find the specified revision".into(),
            ));
        };
        let text = format!(
            "{title} with revision #{n}\n{}\n",
            pod_template(template_of(rs))
        );
        ctx.stdout.write_str(&kterm_shell::sanitize::text(&text));
        return Ok(());
    }
    if revs.is_empty() {
        ctx.stdout
            .write_str(&format!("{title} \nNo rollout history found.\n"));
        return Ok(());
    }
    let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
    for (r, rs) in &revs {
        let cause = rs["metadata"]["annotations"][CHANGE_CAUSE]
            .as_str()
            .filter(|s| !s.is_empty())
            .unwrap_or("<none>");
        rows.push(vec![r.to_string(), table::cell(&json!(cause))]);
    }
    ctx.stdout
        .write_str(&format!("{title} \n{}\n", tabbed(&rows)));
    Ok(())
}

/// Go's tabwriter with padding 2 and no minimum width (kubectl's
/// `tabbedString`).
pub fn tabbed(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut width = vec![0usize; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate().take(r.len().saturating_sub(1)) {
            width[i] = width[i].max(c.chars().count() + 2);
        }
    }
    let mut out = String::new();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            out.push_str(c);
            if i + 1 < r.len() {
                out.push_str(&" ".repeat(width[i] - c.chars().count()));
            }
        }
        out.push('\n');
    }
    out
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// `Labels:\ta=b\n\tc=d\n` (sorted; `<none>` when empty), with `sep`
/// between key and value (`=` for labels, `: ` for annotations).
fn multiline(title: &str, m: &Value, sep: &str) -> String {
    let mut out = format!("{title}:\t");
    let Some(map) = m.as_object().filter(|m| !m.is_empty()) else {
        out.push_str("<none>\n");
        return out;
    };
    let mut keys: Vec<&String> = map.keys().collect();
    kterm_shell::sort::sort(&mut keys);
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        out.push_str(&format!("{k}{sep}{}\n", s(&map[*k])));
    }
    out
}

/// `80/TCP, 443/TCP (https)` or `0/TCP` for host ports.
fn ports(ps: &[Value], host: bool) -> String {
    ps.iter()
        .map(|p| {
            let proto = p["protocol"].as_str().unwrap_or("TCP");
            if host {
                format!("{}/{proto}", p["hostPort"].as_i64().unwrap_or(0))
            } else {
                let mut t = format!("{}/{proto}", p["containerPort"].as_i64().unwrap_or(0));
                if let Some(n) = p["name"].as_str().filter(|n| !n.is_empty()) {
                    t.push_str(&format!(" ({n})"));
                }
                t
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn containers(title: &str, cs: &[Value]) -> String {
    let mut out = format!("  {title}:\n");
    for c in cs {
        out.push_str(&format!(
            "   {}:\n    Image:\t{}\n",
            s(&c["name"]),
            s(&c["image"])
        ));
        let ps = c["ports"].as_array().cloned().unwrap_or_default();
        for (host, one, many) in [(false, "Port", "Ports"), (true, "Host Port", "Host Ports")] {
            let text = ports(&ps, host);
            let label = if text.contains(',') { many } else { one };
            let text = if text.is_empty() {
                "<none>".into()
            } else {
                text
            };
            out.push_str(&format!("    {label}:\t{text}\n"));
        }
        for (key, label) in [("command", "Command"), ("args", "Args")] {
            if let Some(items) = c[key].as_array().filter(|a| !a.is_empty()) {
                out.push_str(&format!("    {label}:\n"));
                for i in items {
                    out.push_str(&format!("      {}\n", s(i)));
                }
            }
        }
        for (key, label) in [("limits", "Limits"), ("requests", "Requests")] {
            if let Some(m) = c["resources"][key].as_object().filter(|m| !m.is_empty()) {
                out.push_str(&format!("    {label}:\n"));
                let mut keys: Vec<&String> = m.keys().collect();
                kterm_shell::sort::sort(&mut keys);
                for k in keys {
                    let v = match &m[k] {
                        Value::String(x) => x.clone(),
                        other => other.to_string(),
                    };
                    out.push_str(&format!("      {k}:\t{v}\n"));
                }
            }
        }
        match c["env"].as_array().filter(|a| !a.is_empty()) {
            None => out.push_str("    Environment:\t<none>\n"),
            Some(env) => {
                out.push_str("    Environment:\n");
                for e in env {
                    let v = if e["valueFrom"].is_object() {
                        "<set from a reference>".to_string()
                    } else {
                        s(&e["value"]).to_string()
                    };
                    out.push_str(&format!("      {}:\t{v}\n", s(&e["name"])));
                }
            }
        }
        match c["volumeMounts"].as_array().filter(|a| !a.is_empty()) {
            None => out.push_str("    Mounts:\t<none>\n"),
            Some(ms) => {
                out.push_str("    Mounts:\n");
                for m in ms {
                    let mode = if m["readOnly"] == true { "ro" } else { "rw" };
                    out.push_str(&format!(
                        "      {} from {} ({mode})\n",
                        s(&m["mountPath"]),
                        s(&m["name"])
                    ));
                }
            }
        }
    }
    out
}

/// A pod template as kubectl's `DescribePodTemplate` writes it (tabs
/// left as they are: history does not align them).
pub fn pod_template(tpl: &Value) -> String {
    let spec = &tpl["spec"];
    let mut out = String::from("Pod Template:\n");
    out.push_str(&multiline("  Labels", &tpl["metadata"]["labels"], "="));
    if tpl["metadata"]["annotations"]
        .as_object()
        .is_some_and(|m| !m.is_empty())
    {
        out.push_str(&multiline(
            "  Annotations",
            &tpl["metadata"]["annotations"],
            ": ",
        ));
    }
    if let Some(sa) = spec["serviceAccountName"]
        .as_str()
        .filter(|x| !x.is_empty())
    {
        out.push_str(&format!("  Service Account:\t{sa}\n"));
    }
    if let Some(ic) = spec["initContainers"].as_array().filter(|a| !a.is_empty()) {
        out.push_str(&containers("Init Containers", ic));
    }
    let cs = spec["containers"].as_array().cloned().unwrap_or_default();
    out.push_str(&containers("Containers", &cs));
    match spec["volumes"].as_array().filter(|a| !a.is_empty()) {
        None => out.push_str("  Volumes:\t<none>\n"),
        Some(vs) => {
            out.push_str("  Volumes:\n");
            for v in vs {
                out.push_str(&format!("   {}:\n", s(&v["name"])));
            }
        }
    }
    let sel = spec["nodeSelector"]
        .as_object()
        .filter(|m| !m.is_empty())
        .map(|m| {
            let mut kv: Vec<String> = m.iter().map(|(k, v)| format!("{k}={}", s(v))).collect();
            kterm_shell::sort::sort(&mut kv);
            kv.join(",")
        })
        .unwrap_or_else(|| "<none>".into());
    out.push_str(&format!("  Node-Selectors:\t{sel}\n"));
    match spec["tolerations"].as_array().filter(|a| !a.is_empty()) {
        None => out.push_str("  Tolerations:\t<none>\n"),
        Some(ts) => {
            for (i, t) in ts.iter().enumerate() {
                let head = if i == 0 { "  Tolerations:\t" } else { "\t" };
                let mut text = s(&t["key"]).to_string();
                if let Some(v) = t["value"].as_str().filter(|v| !v.is_empty()) {
                    text.push_str(&format!("={v}"));
                } else if t["operator"] == "Exists" && text.is_empty() {
                    text = "op=Exists".into();
                }
                if let Some(e) = t["effect"].as_str().filter(|e| !e.is_empty()) {
                    text.push_str(&format!(":{e}"));
                }
                out.push_str(&format!("{head}{text}\n"));
            }
        }
    }
    if let Some(p) = spec["priorityClassName"].as_str().filter(|x| !x.is_empty()) {
        out.push_str(&format!("  Priority Class Name:\t{p}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_text() {
        let tpl = json!({"metadata": {"labels": {"pod-template-hash": "5v4", "app": "shop"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.28", "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}});
        assert_eq!(
            pod_template(&tpl),
            "Pod Template:\n  Labels:\tapp=shop\n\tpod-template-hash=5v4\n  Containers:\n   nginx:\n    Image:\tnginx:1.28\n    Port:\t80/TCP\n    Host Port:\t0/TCP\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n"
        );
        let bare = json!({"spec": {"containers": [{"name": "c", "image": "i", "env": [{"name": "A", "value": "1"}]}]}});
        assert!(pod_template(&bare).contains(
            "  Labels:\t<none>\n  Containers:\n   c:\n    Image:\ti\n    Port:\t<none>\n    Host Port:\t<none>\n    Environment:\n      A:\t1\n"
        ));
        assert_eq!(
            tabbed(&[
                vec!["REVISION".into(), "CHANGE-CAUSE".into()],
                vec!["1".into(), "<none>".into()]
            ]),
            "REVISION  CHANGE-CAUSE\n1         <none>\n"
        );
    }
}
