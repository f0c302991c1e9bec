//! `kubectl expose (deployment|replicaset|pod|service) NAME [--port=P]
//! [--target-port=T] [--type=T] [--name=N] [--protocol=TCP]`: creates a
//! Service selecting the object's pods; prints `service/NAME exposed`.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::mutate::{self, DryRun};

pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::PORT,
    Flag::value(
        "target-port",
        None,
        "The container port the service sends traffic to",
    ),
    flags::TYPE,
    Flag::value("name", None, "Name of the new object"),
    Flag::value(
        "protocol",
        None,
        "Network protocol of the service: TCP, UDP or SCTP",
    ),
    Flag::value(
        "selector",
        None,
        "Label selector to filter on (e.g. app=web,tier!=db)",
    ),
    flags::LABELS,
    Flag::value(
        "external-ip",
        None,
        "An external IP address for the service",
    ),
    flags::OUTPUT,
    flags::DRY_RUN,
];

/// A port: a number when it is one, else a named port.
fn port_value(s: &str) -> Value {
    s.parse::<i64>()
        .map(|n| json!(n))
        .unwrap_or_else(|_| json!(s))
}

fn parse_pairs(s: &str) -> serde_json::Map<String, Value> {
    s.split(',')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect()
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("expose", args, FLAGS)?;
    let out = f.value("output").unwrap_or("").to_string();
    mutate::check_output(&out)?;
    let dry = DryRun::from_flags(&f)?;
    let t = inv.target(ctx).await?;
    let objs = mutate::objects(ctx, &t, &f, &f.args).await?;
    let Some(o) = objs.into_iter().next() else {
        return Err(KubeError::Client("no objects passed to expose".into()));
    };
    if !matches!(
        o.r.kind.as_str(),
        "Deployment" | "ReplicaSet" | "Pod" | "Service" | "ReplicationController"
    ) {
        // kubectl names the kind with its group: `a StatefulSet.apps`.
        let kind = if o.r.group.is_empty() {
            o.r.kind.clone()
        } else {
            format!("{}.{}", o.r.kind, o.r.group)
        };
        return Err(KubeError::Client(format!("cannot expose a {kind}")));
    }
    let src = mutate::call(ctx, &t, "GET", &o.path(), "", None, &o.what()).await?;
    let selector = match f.value("selector") {
        Some(s) => Value::Object(parse_pairs(s)),
        None => match o.r.kind.as_str() {
            "Pod" => src["metadata"]["labels"].clone(),
            "Service" => src["spec"]["selector"].clone(),
            "ReplicationController" => src["spec"]["selector"].clone(),
            _ => {
                if src["spec"]["selector"]["matchExpressions"].is_array() {
                    return Err(KubeError::Client(format!("couldn't retrieve selectors via --selector flag or introspection: the {} has match expressions, which a Service cannot use", o.r.kind)));
                }
                src["spec"]["selector"]["matchLabels"].clone()
            }
        },
    };
    if selector.as_object().is_none_or(|m| m.is_empty()) {
        return Err(KubeError::Client("couldn't retrieve selectors via --selector flag or introspection: the object has no labels to select".into()));
    }
    let container_ports: Vec<Value> = {
        let spec = if o.r.kind == "Pod" {
            &src["spec"]
        } else {
            &src["spec"]["template"]["spec"]
        };
        spec["containers"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .flat_map(|c| c["ports"].as_array().cloned().unwrap_or_default())
            .collect()
    };
    let protocol = f.value("protocol").unwrap_or("TCP");
    let ports: Vec<Value> = match f.value("port") {
        Some(p) => {
            let n: i64 = p.parse().map_err(|_| KubeError::Client(format!("strconv.Atoi: parsing \"{p}\": invalid syntax")))?;
            let target = f.value("target-port").map(port_value).unwrap_or(json!(n));
            vec![json!({"port": n, "protocol": protocol, "targetPort": target})]
        }
        None if o.r.kind == "Service" => src["spec"]["ports"].as_array().cloned().unwrap_or_default(),
        None if !container_ports.is_empty() => {
            let many = container_ports.len() > 1;
            container_ports
                .iter()
                .enumerate()
                .map(|(i, cp)| {
                    let n = cp["containerPort"].clone();
                    let mut p = json!({"port": n, "protocol": cp["protocol"].as_str().unwrap_or(protocol), "targetPort": f.value("target-port").map(port_value).unwrap_or(n.clone())});
                    if many {
                        p["name"] = json!(format!("port-{}", i + 1));
                    }
                    p
                })
                .collect()
        }
        None => return Err(KubeError::Client("couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples".into())),
    };
    let name = f.value("name").unwrap_or(&o.name).to_string();
    let labels = match f.value("labels") {
        Some(l) => Value::Object(parse_pairs(l)),
        None => src["metadata"]["labels"].clone(),
    };
    let mut svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": {"ports": ports, "selector": selector}, "status": {"loadBalancer": {}}});
    if labels.is_object() {
        svc["metadata"]["labels"] = labels;
    }
    if let Some(ty) = f.value("type") {
        svc["spec"]["type"] = json!(ty);
    }
    if let Some(ip) = f.value("external-ip") {
        svc["spec"]["externalIPs"] = json!([ip]);
    }
    let all = crate::discovery::resources(ctx, &t).await?;
    let Some(services) = crate::discovery::find(&all, "services").cloned() else {
        return Err(KubeError::Client(
            "the server doesn't have a resource type \"services\"".into(),
        ));
    };
    let created = if dry == DryRun::Client {
        svc
    } else {
        let q = mutate::write_query("kubectl-expose", dry, Some("Strict"));
        mutate::call(
            ctx,
            &t,
            "POST",
            &format!("{}{q}", services.collection(Some(&o.ns))),
            "application/json",
            Some(&svc),
            "services",
        )
        .await?
    };
    mutate::print(ctx, &out, &services, &created, &name, "exposed", dry);
    Ok(0)
}
