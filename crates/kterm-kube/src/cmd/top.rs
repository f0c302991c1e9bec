//! `kubectl top pod|node [NAME]` from `metrics.k8s.io/v1beta1`, printed as
//! kubectl's metricsutil printer prints it (every cell, the last too, ends
//! in a tab, so the tabwriter pads it): CPU in millicores rounded up,
//! memory in MiB, nodes with their share of the allocatable amount.

use kterm_shell::Ctx;
use serde_json::Value;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags::Flag;
use crate::go::url::query_escape;
use crate::kubeconfig::Target;
use crate::{api, flags, print::table};

pub(crate) const FLAGS: &[Flag] = &[
    flags::ALL_NAMESPACES,
    flags::SELECTOR,
    Flag::switch("containers", None, "Show the containers of each pod"),
    flags::SORT_BY,
    flags::NO_HEADERS,
    Flag::switch("sum", None, "Print a line with the totals"),
    Flag::switch(
        "use-protocol-buffers",
        None,
        "Ask the server for protocol buffers (accepted, JSON is used)",
    ),
    Flag::switch(
        "show-capacity",
        None,
        "Show capacity instead of allocatable",
    ),
    flags::FIELD_SELECTOR,
];

const HELP: &str = "Display resource (CPU/memory) usage.

 The metrics come from the Metrics Server (metrics.k8s.io), which must be running in the cluster.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use \"kubectl top <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

/// A quantity in billionths of its unit (nanocores, nanobytes), from the
/// Kubernetes quantity syntax the metrics API uses. Exact, so sums round
/// once, as kubectl adds Quantities before it rounds.
pub fn nanos(q: &str) -> Option<u128> {
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(q.len());
    let (num, suffix) = q.split_at(split);
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    // Scale by 10^9 (nano) to keep decimal fractions exact.
    let mut scaled: u128 = int.parse::<u128>().ok()? * 1_000_000_000;
    for (i, d) in frac.chars().take(9).enumerate() {
        scaled += u128::from(d.to_digit(10)?) * 10u128.pow(8 - i as u32);
    }
    let (mul, div): (u128, u128) = match suffix {
        "n" => (1, 1_000_000_000),
        "u" => (1, 1_000_000),
        "m" => (1, 1_000),
        "" => (1, 1),
        "k" => (1_000, 1),
        "M" => (1_000_000, 1),
        "G" => (1_000_000_000, 1),
        "Ki" => (1 << 10, 1),
        "Mi" => (1 << 20, 1),
        "Gi" => (1 << 30, 1),
        "Ti" => (1 << 40, 1),
        _ => return None,
    };
    Some(scaled * mul / div)
}

fn usage_of(v: &Value, res: &str) -> u128 {
    v[res].as_str().and_then(nanos).unwrap_or(0)
}

/// Quantity.MilliValue: thousandths, rounded up.
fn milli(n: u128) -> u128 {
    n.div_ceil(1_000_000)
}

/// `NAME  CPU(cores)  MEMORY(bytes)` cells: `12m`, `48Mi` (Quantity.Value
/// rounds up to whole bytes, then whole MiB are counted).
fn cpu_cell(n: u128) -> String {
    format!("{}m", milli(n))
}

fn mem_cell(n: u128) -> String {
    format!("{}Mi", n.div_ceil(1_000_000_000) / (1024 * 1024))
}

/// Rows end with an empty cell so the last column is padded, as kubectl's
/// trailing tab makes the tabwriter do.
fn table(header: Option<Vec<&str>>, rows: Vec<Vec<String>>) -> String {
    let mut all: Vec<Vec<String>> = Vec::new();
    if let Some(h) = header {
        all.push(h.into_iter().map(str::to_string).collect());
    }
    all.extend(rows);
    for r in &mut all {
        r.push(String::new());
    }
    table::tabwrite(&all)
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let (what, rest) = match args.split_first() {
        // A group command alone prints its help to stderr and fails, as
        // cobra's DefaultSubCommandRun does.
        None => {
            ctx.stderr.write_str(HELP);
            return Ok(1);
        }
        Some((w, rest)) => (w.as_str(), rest),
    };
    let cmd = match what {
        "pod" | "pods" | "po" => "top pod",
        "node" | "nodes" | "no" => "top node",
        "-h" | "--help" => {
            ctx.stdout.write_str(HELP);
            return Ok(0);
        }
        _ => {
            return Err(KubeError::Client(format!(
                "unknown command \"{}\"\nSee 'kubectl top -h' for help and examples",
                args.join(" ")
            )))
        }
    };
    let f = flags::parse(cmd, rest, FLAGS)?;
    // Complete: the argument count (the message is the command's Use line).
    let name = match f.args.as_slice() {
        [] => None,
        [n] => Some(n.clone()),
        _ => {
            return Err(KubeError::Client(format!(
                "{} [NAME | -l label]\nSee 'kubectl {cmd} -h' for help and examples",
                &cmd[4..]
            )))
        }
    };
    // Validate.
    let sort = f.value("sort-by").unwrap_or("");
    if !matches!(sort, "" | "cpu" | "memory") {
        return Err(KubeError::Client(
            "--sort-by accepts only cpu or memory".into(),
        ));
    }
    if name.is_some() && f.value("selector").is_some() {
        return Err(KubeError::Client(if cmd == "top pod" {
            "only one of NAME or selector can be provided".into()
        } else {
            "only one of NAME or --selector can be provided".into()
        }));
    }
    let s = inv.target(ctx).await?;
    let t = s.clone();
    // The session's discovery answers (kubectl asks its cached discovery).
    let available = crate::discovery::resources(ctx, &t)
        .await?
        .iter()
        .any(|r| r.group == "metrics.k8s.io");
    if !available {
        return Err(KubeError::Client("Metrics API not available".into()));
    }
    if cmd == "top pod" {
        pods(ctx, &t, &f, name.as_deref(), sort).await
    } else {
        nodes(ctx, &t, &f, name.as_deref(), sort).await
    }
}

fn query(f: &flags::Parsed) -> String {
    f.value("selector")
        .map(|l| format!("?labelSelector={}", query_escape(l)))
        .unwrap_or_default()
}

async fn pods(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    name: Option<&str>,
    sort: &str,
) -> Result<i32, KubeError> {
    let all_ns = f.has("all-namespaces");
    let base = "/apis/metrics.k8s.io/v1beta1";
    let path = match (name, all_ns) {
        (Some(n), _) => format!("{base}/namespaces/{}/pods/{n}", t.namespace),
        (None, true) => format!("{base}/pods{}", query(f)),
        (None, false) => format!("{base}/namespaces/{}/pods{}", t.namespace, query(f)),
    };
    let what = name.map_or("pods.metrics.k8s.io".to_string(), |n| {
        format!("pods.metrics.k8s.io {n}")
    });
    let v = api::get_json(ctx, t, api::request(t, "GET", &path), "get", &what).await?;
    let mut items: Vec<Value> = if name.is_some() {
        vec![v]
    } else {
        v["items"].as_array().cloned().unwrap_or_default()
    };
    if items.is_empty() {
        if all_ns {
            ctx.stderr.line("No resources found");
        } else {
            ctx.stderr
                .line(&format!("No resources found in {} namespace.", t.namespace));
        }
        return Ok(0);
    }
    let total = |p: &Value, res: &str| -> u128 {
        p["containers"]
            .as_array()
            .map(|cs| cs.iter().map(|c| usage_of(&c["usage"], res)).sum())
            .unwrap_or(0)
    };
    let key = |p: &Value| {
        (
            if all_ns {
                p["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            } else {
                String::new()
            },
            p["metadata"]["name"].as_str().unwrap_or("").to_string(),
        )
    };
    match sort {
        "cpu" => kterm_shell::sort::sort_by_key(&mut items, |p| std::cmp::Reverse(total(p, "cpu"))),
        "memory" => {
            kterm_shell::sort::sort_by_key(&mut items, |p| std::cmp::Reverse(total(p, "memory")))
        }
        _ => kterm_shell::sort::sort_by_key(&mut items, key),
    }
    let containers = f.has("containers");
    let mut rows = Vec::new();
    let cell = |v: &Value| kterm_shell::sanitize::field(v.as_str().unwrap_or(""));
    for p in &items {
        let mut lead = Vec::new();
        if all_ns {
            lead.push(cell(&p["metadata"]["namespace"]));
        }
        if containers {
            let mut cs = p["containers"].as_array().cloned().unwrap_or_default();
            match sort {
                "cpu" => kterm_shell::sort::sort_by(&mut cs, |a, b| {
                    usage_of(&b["usage"], "cpu").cmp(&usage_of(&a["usage"], "cpu"))
                }),
                "memory" => kterm_shell::sort::sort_by(&mut cs, |a, b| {
                    usage_of(&b["usage"], "memory").cmp(&usage_of(&a["usage"], "memory"))
                }),
                _ => kterm_shell::sort::sort_by_key(&mut cs, |c| {
                    c["name"].as_str().unwrap_or("").to_string()
                }),
            }
            for c in cs {
                let mut r = lead.clone();
                r.push(cell(&p["metadata"]["name"]));
                r.push(cell(&c["name"]));
                r.push(cpu_cell(usage_of(&c["usage"], "cpu")));
                r.push(mem_cell(usage_of(&c["usage"], "memory")));
                rows.push(r);
            }
        } else {
            let mut r = lead;
            r.push(cell(&p["metadata"]["name"]));
            r.push(cpu_cell(total(p, "cpu")));
            r.push(mem_cell(total(p, "memory")));
            rows.push(r);
        }
    }
    let mut header = Vec::new();
    if all_ns {
        header.push("NAMESPACE");
    }
    if containers {
        header.push("POD");
    }
    header.extend(["NAME", "CPU(cores)", "MEMORY(bytes)"]);
    // kubectl counts the NAMESPACE and POD columns only while it prints
    // the header, so --no-headers shifts the sum to the left.
    let width = if f.has("no-headers") { 3 } else { header.len() };
    if f.has("sum") {
        let cpu: u128 = items.iter().map(|p| total(p, "cpu")).sum();
        let mem: u128 = items.iter().map(|p| total(p, "memory")).sum();
        let mut bar = vec![String::new(); width - 2];
        bar.extend(["________".to_string(), "________".to_string()]);
        rows.push(bar);
        let mut sum = vec![String::new(); width - 3];
        sum.extend([String::new(), cpu_cell(cpu), mem_cell(mem)]);
        rows.push(sum);
    }
    let header = (!f.has("no-headers")).then_some(header);
    ctx.stdout.write_str(&table(header, rows));
    Ok(0)
}

async fn nodes(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    name: Option<&str>,
    sort: &str,
) -> Result<i32, KubeError> {
    let base = "/apis/metrics.k8s.io/v1beta1/nodes";
    let (mpath, npath) = match name {
        Some(n) => (format!("{base}/{n}"), format!("/api/v1/nodes/{n}")),
        None => (
            format!("{base}{}", query(f)),
            format!("/api/v1/nodes{}", query(f)),
        ),
    };
    let what = name.map_or("nodes.metrics.k8s.io".to_string(), |n| {
        format!("nodes.metrics.k8s.io {n}")
    });
    let m = api::get_json(ctx, t, api::request(t, "GET", &mpath), "get", &what).await?;
    let mut metrics: Vec<Value> = if name.is_some() {
        vec![m]
    } else {
        m["items"].as_array().cloned().unwrap_or_default()
    };
    if metrics.is_empty() {
        return Err(KubeError::Client("metrics not available yet".into()));
    }
    let n = api::get_json(ctx, t, api::request(t, "GET", &npath), "get", "nodes").await?;
    let nodes: Vec<Value> = if name.is_some() {
        vec![n]
    } else {
        n["items"].as_array().cloned().unwrap_or_default()
    };
    let field = if f.has("show-capacity") {
        "capacity"
    } else {
        "allocatable"
    };
    let avail = |node: &str, res: &str| {
        nodes
            .iter()
            .find(|n| n["metadata"]["name"] == node)
            .map(|n| usage_of(&n["status"][field], res))
    };
    match sort {
        "cpu" => kterm_shell::sort::sort_by(&mut metrics, |a, b| {
            usage_of(&b["usage"], "cpu").cmp(&usage_of(&a["usage"], "cpu"))
        }),
        "memory" => kterm_shell::sort::sort_by(&mut metrics, |a, b| {
            usage_of(&b["usage"], "memory").cmp(&usage_of(&a["usage"], "memory"))
        }),
        _ => kterm_shell::sort::sort_by_key(&mut metrics, |m| {
            m["metadata"]["name"].as_str().unwrap_or("").to_string()
        }),
    }
    let pct = |used: u128, total: Option<u128>| -> Option<String> {
        let total = total?;
        let (used, total) = (milli(used), milli(total));
        let p = if total == 0 {
            0.0
        } else {
            used as f64 / total as f64 * 100.0
        };
        Some(format!("{}%", p as i64))
    };
    let mut rows = Vec::new();
    for m in &metrics {
        let node = m["metadata"]["name"].as_str().unwrap_or("");
        let (cpu, mem) = (
            usage_of(&m["usage"], "cpu"),
            usage_of(&m["usage"], "memory"),
        );
        let mut r = vec![kterm_shell::sanitize::field(node), cpu_cell(cpu)];
        r.extend(pct(cpu, avail(node, "cpu")));
        r.push(mem_cell(mem));
        r.extend(pct(mem, avail(node, "memory")));
        rows.push(r);
    }
    // Nodes without metrics are listed last, unknown (map order in Go;
    // here by name).
    let mut missing: Vec<&str> = nodes
        .iter()
        .filter_map(|n| n["metadata"]["name"].as_str())
        .filter(|n| !metrics.iter().any(|m| m["metadata"]["name"] == *n))
        .collect();
    kterm_shell::sort::sort(&mut missing);
    for n in missing {
        let u = "<unknown>".to_string();
        rows.push(vec![
            kterm_shell::sanitize::field(n),
            u.clone(),
            u.clone(),
            u.clone(),
            u,
        ]);
    }
    let header = (!f.has("no-headers"))
        .then(|| vec!["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]);
    ctx.stdout.write_str(&table(header, rows));
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        for (q, want) in [
            ("1234567n", Some(2)),
            ("1000000n", Some(1)),
            ("250m", Some(250)),
            ("3910m", Some(3910)),
            ("4", Some(4000)),
            ("0.5", Some(500)),
            ("5120Ki", Some(5_242_880_000)),
            ("13594332Ki", Some(13_920_595_968_000)),
            ("1Gi", Some(1_073_741_824_000)),
            ("x", None),
            ("1Q", None),
        ] {
            assert_eq!(nanos(q).map(milli), want, "{q}");
        }
        assert_eq!(mem_cell(nanos("51200Ki").unwrap()), "50Mi");
        assert_eq!(cpu_cell(nanos("7000001n").unwrap()), "8m");
        // Sums round once: 3 × 1.4m is 5m, not 6m.
        let three = 3 * nanos("1400000n").unwrap();
        assert_eq!(cpu_cell(three), "5m");
    }

    #[test]
    fn trailing_cells_are_padded() {
        let out = table(
            Some(vec!["NAME", "CPU(cores)"]),
            vec![vec!["a".into(), "1m".into()]],
        );
        assert_eq!(out, "NAME   CPU(cores)   \na      1m           \n");
    }
}
