//! `ibmcloud ks cluster get --cluster NAME` (and the old `cluster-get NAME`)

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::output::{self, Format};
use crate::{api, flags, table};

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse_sets(
        args,
        &[
            &[
                (&["-c", "--cluster"], true),
                (&["--show-resources"], false),
                (&["-q"], false),
            ],
            &output::FLAGS,
        ],
    )?;
    let format = output::format(&f)?;
    let cluster = super::cluster_arg(&f)?;
    let mut s = api::fresh_session(ctx).await?;
    let url = format!(
        "{}/global/v2/getCluster?cluster={cluster}&v1-compatible",
        s.containers_endpoint
    );
    if !f.has("-q") && format == Format::Table {
        ctx.stdout.line(&format!("Retrieving cluster {cluster}..."));
    }
    let c = api::get_json(ctx, &mut s, &url, &[]).await?;
    if format == Format::Json {
        output::print_json(ctx, &c);
        return Ok(0);
    }
    let now = ctx.host.now_ms();
    let str_of =
        |v: &serde_json::Value| kterm_shell::sanitize::field(v.as_str().unwrap_or("-")).to_string();
    let created = c["createdDate"]
        .as_str()
        .and_then(kterm_shell::time::parse_timestamp)
        .map(|t| {
            format!(
                "{} ({})",
                c["createdDate"].as_str().unwrap_or(""),
                table::ago(now - t)
            )
        })
        .unwrap_or_default();
    let zones = c["workerZones"]
        .as_array()
        .map(|z| {
            z.iter()
                .filter_map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let rows = [
        ("Name:", str_of(&c["name"])),
        ("ID:", str_of(&c["id"])),
        ("State:", str_of(&c["state"])),
        ("Status:", str_of(&c["status"])),
        ("Created:", created),
        ("Resource Group ID:", str_of(&c["resourceGroup"])),
        ("Resource Group Name:", str_of(&c["resourceGroupName"])),
        ("Pod Subnet:", str_of(&c["podSubnet"])),
        ("Service Subnet:", str_of(&c["serviceSubnet"])),
        (
            "Workers:",
            c["workerCount"].as_i64().unwrap_or(0).to_string(),
        ),
        ("Worker Zones:", zones),
        ("Ingress Subdomain:", str_of(&c["ingress"]["hostname"])),
        ("Ingress Secret:", str_of(&c["ingress"]["secretName"])),
        ("Ingress Status:", str_of(&c["ingress"]["status"])),
        ("Ingress Message:", str_of(&c["ingress"]["message"])),
        (
            "Public Service Endpoint URL:",
            str_of(&c["serviceEndpoints"]["publicServiceEndpointURL"]),
        ),
        (
            "Private Service Endpoint URL:",
            if c["serviceEndpoints"]["privateServiceEndpointURL"]
                .as_str()
                .unwrap_or("")
                .is_empty()
            {
                "-".into()
            } else {
                str_of(&c["serviceEndpoints"]["privateServiceEndpointURL"])
            },
        ),
        ("Pull Secrets:", "enabled in the default namespace".into()),
        ("VPCs:", "-".into()),
    ];
    crate::colour::ok(ctx);
    let mut out = String::from("\n");
    for (k, v) in rows {
        out.push_str(format!("{k:<32}{v}").trim_end());
        out.push('\n');
    }
    out.push('\n');
    let master = [
        (
            "Status:",
            format!(
                "{} ({})",
                str_of(&c["lifecycle"]["masterStatus"]),
                c["lifecycle"]["masterStatusModifiedDate"]
                    .as_str()
                    .and_then(kterm_shell::time::parse_timestamp)
                    .map(|t| table::ago(now - t))
                    .unwrap_or_default()
            ),
        ),
        ("State:", str_of(&c["lifecycle"]["masterState"])),
        ("Health:", str_of(&c["lifecycle"]["masterHealth"])),
        ("Version:", str_of(&c["masterKubeVersion"])),
        ("Location:", str_of(&c["location"])),
        ("URL:", str_of(&c["masterURL"])),
    ];
    out.push_str("Master\n");
    for (k, v) in master {
        out.push_str(format!("{k:<12}{v}").trim_end());
        out.push('\n');
    }
    ctx.stdout.write_str(&out);
    Ok(0)
}
