//! IBM Cloud Kubernetes Service (`/global/v1`, `/global/v2`): clusters,
//! workers, versions, zones, and the cluster's kubeconfig, which points at
//! this sandbox's Kubernetes API and carries the `oidc` auth-provider with
//! tokens issued for the caller, as the real service does.
//!
//! The 2017-2019 API docs' calls are answered too: `/v1/clusters[/<c>]`
//! without `/global`, where `X-Region` picks the region, and the old
//! regional hosts (`<region>.containers.bluemix.net`), served under
//! `/containers-regional/<region>`. In the v1 record a cluster's
//! `publicServiceEndpointURL` is its IBM-style endpoint
//! (`https://c7.us-south.containers.cloud.ibm.com:27078`, which the terminal
//! routes to `/k8s-endpoint/<host:port>`), and `masterURL`/`serverURL` the
//! sandbox's own address of the same API server. The v2 record keeps the
//! sandbox's address in both: a gateway in front of the sandbox looks the
//! endpoint up there (`getCluster`) and must be able to reach it.

use std::io::Write;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::containers_regions::in_region;
use super::{bearer, iam, origin};
use crate::fixtures::{self, ClusterFixture};
use crate::{Principal, Sandbox};

pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/containers/global/v1/clusters", get(v1_clusters))
        .route("/containers/global/v1/clusters/{c}", get(v1_cluster))
        .route("/containers/v1/clusters", get(v1_clusters))
        .route("/containers/v1/clusters/{c}", get(v1_cluster_in_region))
        .route(
            "/containers-regional/{region}/v1/clusters",
            get(regional_clusters),
        )
        .route(
            "/containers-regional/{region}/v1/clusters/{c}",
            get(regional_cluster),
        )
        .route(
            "/containers/global/v1/clusters/{c}/workers",
            get(v1_workers),
        )
        .route("/containers/global/v1/clusters/{c}/config", get(v1_config))
        .route(
            "/containers/global/v1/clusters/{c}/config/admin",
            get(v1_config_admin),
        )
        .route("/containers/global/v1/versions", get(versions))
        .route("/containers/global/v1/kube-versions", get(kube_versions))
        .route("/containers/global/v1/zones", get(zones))
        .route("/containers/global/v1/locations", get(zones))
        .route("/containers/global/v2/getClusters", get(v2_clusters))
        .route("/containers/global/v2/classic/getClusters", get(v2_classic))
        .route("/containers/global/v2/vpc/getClusters", get(v2_vpc))
        .route("/containers/global/v2/getCluster", get(v2_cluster))
        .route("/containers/global/v2/getWorkers", get(v2_workers))
        .route("/containers/global/v2/vpc/getWorkers", get(v2_workers))
        .route("/containers/global/v2/classic/getWorkers", get(v2_workers))
        .route(
            "/containers/global/v2/applyRBACAndGetKubeconfig",
            post(apply_rbac),
        )
}

/// The service's error body (`incidentID`, `code`, `description`, `type`).
fn fail(status: StatusCode, code: &str, description: &str, kind: &str) -> Response {
    let body = json!({
        "incidentID": "sandbox-incident",
        "code": code,
        "description": description,
        "type": kind,
    });
    (status, Json(body)).into_response()
}

/// The caller's token: `Authorization: Bearer <token>`, or the bare token
/// the 2019 docs' table shows (`Authorization: <access_token>`).
fn token(headers: &HeaderMap) -> &str {
    match bearer(headers) {
        "" => headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|t| !t.contains(' '))
            .unwrap_or(""),
        t => t,
    }
}

pub(super) fn caller(sb: &Sandbox, headers: &HeaderMap) -> Result<Principal, Box<Response>> {
    sb.authenticate(token(headers)).map_err(|_| {
        Box::new(fail(
            StatusCode::UNAUTHORIZED,
            "E0006",
            "The authorization token is not valid or has expired. Log in again.",
            "Authentication",
        ))
    })
}

fn not_found(c: &str) -> Response {
    fail(
        StatusCode::NOT_FOUND,
        "G0004",
        &format!("The specified cluster could not be found. Target the region that the cluster is in and try again. Cluster ID: {c}"),
        "General",
    )
}

/// The clusters of the caller's account: every seeded cluster belongs to
/// the demo account.
fn clusters_of(who: &Principal) -> &'static [ClusterFixture] {
    if who.account_id == fixtures::ACCOUNT_ID {
        fixtures::CLUSTERS
    } else {
        &[]
    }
}

fn find(who: &Principal, c: &str) -> Option<&'static ClusterFixture> {
    clusters_of(who).iter().find(|f| f.id == c || f.name == c)
}

fn region_filter(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-region")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .filter(|r| !r.is_empty())
}

fn metro(zone: &str) -> &'static str {
    match zone {
        z if z.starts_with("dal") => "Dallas",
        z if z.starts_with("eu-de") || z.starts_with("fra") => "Frankfurt",
        z if z.starts_with("lon") || z.starts_with("eu-gb") => "London",
        _ => "Washington D.C.",
    }
}

fn group_id(name: &str) -> &'static str {
    fixtures::RESOURCE_GROUPS
        .iter()
        .find(|g| g.name == name)
        .map(|g| g.id)
        .unwrap_or("")
}

pub fn server_url(headers: &HeaderMap, c: &ClusterFixture) -> String {
    format!("{}/api/k8s/{}", origin(headers), c.id)
}

/// The cluster's public service endpoint as IBM Cloud writes it.
pub fn public_url(c: &ClusterFixture) -> String {
    format!("https://{}", c.public_endpoint)
}

const CREATED: &str = "2025-09-26T09:00:59+0000";

fn ingress(c: &ClusterFixture) -> (String, String) {
    let suffix = &c.id[..8];
    (
        format!(
            "{}-{suffix}-0000.{}.containers.appdomain.cloud",
            c.name, c.region
        ),
        format!("{}-{suffix}-0000", c.name),
    )
}

fn v1_view(headers: &HeaderMap, c: &ClusterFixture) -> Value {
    let url = server_url(headers, c);
    let (host, secret) = ingress(c);
    json!({
        "id": c.id,
        "name": c.name,
        "region": c.region,
        "dataCenter": c.datacenter,
        "location": metro(c.zones[0]),
        "serverURL": url,
        "masterURL": url,
        "state": "normal",
        "status": "All Workers Normal",
        "createdDate": CREATED,
        "modifiedDate": CREATED,
        "workerCount": c.workers,
        "isPaid": true,
        "masterKubeVersion": c.version,
        "targetVersion": c.version,
        "ingressHostname": host,
        "ingressSecretName": secret,
        "ownerEmail": fixtures::USER_EMAIL,
        "resourceGroup": group_id(c.resource_group),
        "resourceGroupName": c.resource_group,
        "type": "kubernetes",
        "provider": c.provider,
        "crn": format!("crn:v1:bluemix:public:containers-kubernetes:{}:a/{}:{}::", c.region, fixtures::ACCOUNT_ID, c.id),
        "podSubnet": "172.30.0.0/16",
        "serviceSubnet": "172.21.0.0/16",
        "workerZones": c.zones,
        "masterStatus": "Ready",
        "masterStatusModifiedDate": CREATED,
        "masterHealth": "normal",
        "masterState": "deployed",
        "multiAzCapable": c.zones.len() > 1 || c.provider == "classic",
        "publicServiceEndpointEnabled": true,
        "publicServiceEndpointURL": public_url(c),
        "privateServiceEndpointEnabled": false,
        "privateServiceEndpointURL": "",
        "features": {"keyProtectEnabled": false, "pullSecretApplied": true},
        "imageSecurityEnabled": false,
        "addons": [],
        "vpcs": if c.provider == "classic" { Value::Null } else { json!(["r014-7c6b2a1e-5d4f-4e3a-9b8c-demo0vpc0001"]) },
    })
}

fn v2_view(headers: &HeaderMap, c: &ClusterFixture) -> Value {
    let url = server_url(headers, c);
    let (host, secret) = ingress(c);
    json!({
        "id": c.id,
        "name": c.name,
        "region": c.region,
        "resourceGroup": group_id(c.resource_group),
        "resourceGroupName": c.resource_group,
        "provider": c.provider,
        "type": "kubernetes",
        "state": "normal",
        "status": "All Workers Normal",
        "createdDate": CREATED,
        "masterKubeVersion": c.version,
        "targetVersion": c.version,
        "workerCount": c.workers,
        "location": metro(c.zones[0]),
        "workerZones": c.zones,
        "podSubnet": "172.30.0.0/16",
        "serviceSubnet": "172.21.0.0/16",
        "crn": format!("crn:v1:bluemix:public:containers-kubernetes:{}:a/{}:{}::", c.region, fixtures::ACCOUNT_ID, c.id),
        "masterURL": url,
        "ingress": {"hostname": host, "secretName": secret, "status": "healthy", "message": "All Ingress components are healthy."},
        "lifecycle": {"masterState": "deployed", "masterStatus": "Ready", "masterHealth": "normal", "masterStatusModifiedDate": CREATED, "modifiedDate": CREATED},
        "serviceEndpoints": {"publicServiceEndpointEnabled": true, "publicServiceEndpointURL": url, "privateServiceEndpointEnabled": false, "privateServiceEndpointURL": ""},
        "features": {"keyProtectEnabled": false, "pullSecretApplied": true},
    })
}

/// Worker IPs are fixed so the Kubernetes nodes can be named after them.
pub fn worker_ips(c: &ClusterFixture, i: u32) -> (String, String) {
    if c.provider == "classic" {
        (
            format!("10.176.48.{}", 60 + i),
            format!("169.47.64.{}", 80 + i),
        )
    } else {
        (
            format!("10.243.{}.{}", i % c.zones.len() as u32, 10 + i),
            String::new(),
        )
    }
}

fn worker_id(c: &ClusterFixture, i: u32) -> String {
    let short: String = c
        .name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(10)
        .collect();
    format!("kube-{}-{short}-default-{:08x}", c.id, 0x1bc + i)
}

fn v1_worker(c: &ClusterFixture, i: u32) -> Value {
    let (private, public) = worker_ips(c, i);
    json!({
        "id": worker_id(c, i),
        "publicIP": public,
        "privateIP": private,
        "machineType": if c.provider == "classic" { "b3c.4x16.encrypted" } else { "bx2.4x16" },
        "state": "normal",
        "status": "Ready",
        "location": c.zones[i as usize % c.zones.len()],
        "kubeVersion": c.version,
        "targetVersion": c.version,
        "poolName": "default",
        "poolid": format!("{}-{}", c.id, "default"),
        "isolation": "public",
    })
}

fn v2_worker(c: &ClusterFixture, i: u32) -> Value {
    let (private, _) = worker_ips(c, i);
    json!({
        "id": worker_id(c, i),
        "flavor": if c.provider == "classic" { "b3c.4x16.encrypted" } else { "bx2.4x16" },
        "location": c.zones[i as usize % c.zones.len()],
        "poolID": format!("{}-{}", c.id, "default"),
        "poolName": "default",
        "kubeVersion": {"actual": c.version, "desired": c.version, "target": c.version, "eos": ""},
        "lifecycle": {"actualState": "deployed", "desiredState": "deployed", "message": ""},
        "health": {"state": "normal", "message": "Ready"},
        "networkInterfaces": [{"cidr": "10.176.48.0/26", "ipAddress": private, "primary": true, "subnetID": "2234567"}],
    })
}

macro_rules! authed {
    ($sb:expr, $headers:expr) => {
        match caller(&$sb, &$headers) {
            Ok(p) => p,
            Err(r) => return *r,
        }
    };
}

fn v1_list(sb: &Sandbox, headers: &HeaderMap, region: Option<&str>) -> Response {
    let who = authed!(sb, headers);
    let list: Vec<Value> = clusters_of(&who)
        .iter()
        .filter(|c| region.is_none_or(|r| in_region(r, c.region)))
        .map(|c| v1_view(headers, c))
        .collect();
    Json(list).into_response()
}

/// One cluster, looked for in `region` when one is given (a regional
/// endpoint does not see other regions' clusters).
fn v1_one(sb: &Sandbox, headers: &HeaderMap, c: &str, region: Option<&str>) -> Response {
    let who = authed!(sb, headers);
    match find(&who, c).filter(|f| region.is_none_or(|r| in_region(r, f.region))) {
        Some(f) => Json(v1_view(headers, f)).into_response(),
        None => not_found(c),
    }
}

async fn v1_clusters(State(sb): State<Sandbox>, headers: HeaderMap) -> Response {
    v1_list(&sb, &headers, region_filter(&headers).as_deref())
}

async fn v1_cluster(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(c): Path<String>,
) -> Response {
    v1_one(&sb, &headers, &c, None)
}

async fn v1_cluster_in_region(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(c): Path<String>,
) -> Response {
    v1_one(&sb, &headers, &c, region_filter(&headers).as_deref())
}

async fn regional_clusters(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(region): Path<String>,
) -> Response {
    v1_list(&sb, &headers, Some(&region))
}

async fn regional_cluster(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path((region, c)): Path<(String, String)>,
) -> Response {
    v1_one(&sb, &headers, &c, Some(&region))
}

async fn v1_workers(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(c): Path<String>,
) -> Response {
    let who = authed!(sb, headers);
    match find(&who, &c) {
        Some(f) => {
            Json((0..f.workers).map(|i| v1_worker(f, i)).collect::<Vec<_>>()).into_response()
        }
        None => not_found(&c),
    }
}

#[derive(Deserialize)]
struct ClusterQuery {
    cluster: Option<String>,
    provider: Option<String>,
}

fn v2_list(sb: &Sandbox, headers: &HeaderMap, provider: Option<&str>) -> Response {
    let who = match caller(sb, headers) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let list: Vec<Value> = clusters_of(&who)
        .iter()
        .filter(|c| {
            provider.is_none_or(|p| {
                p == c.provider || (p == "vpc-gen2" && c.provider.starts_with("vpc"))
            })
        })
        .map(|c| v2_view(headers, c))
        .collect();
    Json(list).into_response()
}

async fn v2_clusters(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Query(q): Query<ClusterQuery>,
) -> Response {
    v2_list(&sb, &headers, q.provider.as_deref())
}

async fn v2_classic(State(sb): State<Sandbox>, headers: HeaderMap) -> Response {
    v2_list(&sb, &headers, Some("classic"))
}

async fn v2_vpc(State(sb): State<Sandbox>, headers: HeaderMap) -> Response {
    v2_list(&sb, &headers, Some("vpc-gen2"))
}

async fn v2_cluster(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Query(q): Query<ClusterQuery>,
) -> Response {
    let who = authed!(sb, headers);
    let c = q.cluster.unwrap_or_default();
    match find(&who, &c) {
        Some(f) => Json(v2_view(&headers, f)).into_response(),
        None => not_found(&c),
    }
}

async fn v2_workers(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Query(q): Query<ClusterQuery>,
) -> Response {
    let who = authed!(sb, headers);
    let c = q.cluster.unwrap_or_default();
    match find(&who, &c) {
        Some(f) => {
            Json((0..f.workers).map(|i| v2_worker(f, i)).collect::<Vec<_>>()).into_response()
        }
        None => not_found(&c),
    }
}

async fn versions(State(sb): State<Sandbox>, headers: HeaderMap) -> Response {
    authed!(sb, headers);
    Json(json!({
        "kubernetes": [
            {"major": 1, "minor": 34, "patch": 9, "default": false, "end_of_service": "2027-02-28"},
            {"major": 1, "minor": 35, "patch": 7, "default": false, "end_of_service": "2027-06-30"},
            {"major": 1, "minor": 36, "patch": 3, "default": true, "end_of_service": "2027-10-31"},
        ],
        "openshift": [
            {"major": 4, "minor": 17, "patch": 40, "default": false, "end_of_service": "2026-06-30"},
            {"major": 4, "minor": 18, "patch": 22, "default": true, "end_of_service": "2026-12-31"},
        ],
    }))
    .into_response()
}

async fn kube_versions(State(sb): State<Sandbox>, headers: HeaderMap) -> Response {
    authed!(sb, headers);
    Json(json!([
        {"major": 1, "minor": 34, "patch": 9, "default": false},
        {"major": 1, "minor": 35, "patch": 7, "default": false},
        {"major": 1, "minor": 36, "patch": 3, "default": true},
    ]))
    .into_response()
}

async fn zones(State(sb): State<Sandbox>, headers: HeaderMap) -> Response {
    authed!(sb, headers);
    let zones = [
        ("dal10", "dal"),
        ("dal12", "dal"),
        ("dal13", "dal"),
        ("wdc04", "wdc"),
        ("wdc06", "wdc"),
        ("wdc07", "wdc"),
        ("fra02", "fra"),
        ("fra04", "fra"),
        ("fra05", "fra"),
        ("lon04", "lon"),
        ("lon05", "lon"),
        ("lon06", "lon"),
        ("eu-de-1", "fra"),
        ("eu-de-2", "fra"),
        ("eu-de-3", "fra"),
        ("us-south-1", "dal"),
        ("us-south-2", "dal"),
        ("us-south-3", "dal"),
    ];
    Json(
        zones
            .iter()
            .map(|(id, metro)| json!({"id": id, "metro": metro}))
            .collect::<Vec<_>>(),
    )
    .into_response()
}

/// A self-signed-looking CA for the kubeconfig (the sandbox serves plain
/// HTTP, so nothing verifies against it).
fn ca_pem(sb: &Sandbox, c: &ClusterFixture) -> String {
    if let Some(pem) = &sb.config.tls_ca_pem {
        return pem.clone();
    }
    use base64::Engine;
    let der = format!("kterm sandbox cluster CA for {} ({})", c.name, c.id);
    let b64 = base64::engine::general_purpose::STANDARD.encode(der.repeat(6));
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|l| std::str::from_utf8(l).unwrap_or(""))
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

/// The kubeconfig for `c`, as the caller. `ca_file`: reference the CA by
/// file name (zip layout) instead of embedding it.
fn kubeconfig(
    sb: &Sandbox,
    headers: &HeaderMap,
    who: &Principal,
    c: &ClusterFixture,
    ca_file: Option<&str>,
) -> String {
    let (id_token, refresh) = iam::kube_tokens(sb, &who.iam_id, &who.account_id);
    let name = format!("{}/{}", c.name, c.id);
    let user = format!(
        "{}/{}/iam.cloud.ibm.com-identity",
        who.email, who.account_id
    );
    let issuer = format!("{}/api/iam/identity", origin(headers));
    let ca = match ca_file {
        Some(f) => format!("certificate-authority: {f}"),
        None => {
            use base64::Engine;
            format!(
                "certificate-authority-data: {}",
                base64::engine::general_purpose::STANDARD.encode(ca_pem(sb, c))
            )
        }
    };
    format!(
        "apiVersion: v1\nclusters:\n- name: {name}\n  cluster:\n    {ca}\n    server: {server}\ncontexts:\n- name: {name}\n  context:\n    cluster: {name}\n    user: {user}\n    namespace: default\ncurrent-context: {name}\nkind: Config\npreferences: {{}}\nusers:\n- name: {user}\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        client-id: kube\n        client-secret: kube\n        id-token: {id_token}\n        idp-issuer-url: {issuer}\n        refresh-token: {refresh}\n",
        server = server_url(headers, c),
    )
}

fn zip(files: &[(String, String)]) -> Result<Vec<u8>, String> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        z.start_file(name.as_str(), opts)
            .map_err(|e| e.to_string())?;
        z.write_all(content.as_bytes()).map_err(|e| e.to_string())?;
    }
    z.finish().map_err(|e| e.to_string())?;
    Ok(buf.into_inner())
}

fn zip_response(bytes: Result<Vec<u8>, String>) -> Response {
    match bytes {
        Ok(b) => ([(header::CONTENT_TYPE, "application/zip")], b).into_response(),
        Err(e) => fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            "E0001",
            &format!("Could not build the configuration: {e}"),
            "General",
        ),
    }
}

/// The old zip layout: one `kubeConfig…` directory with the kubeconfig and CA.
fn v1_zip(
    sb: &Sandbox,
    headers: &HeaderMap,
    who: &Principal,
    c: &ClusterFixture,
    admin: bool,
) -> Response {
    let ca = format!("ca-{}-{}.pem", c.datacenter, c.name);
    let dir = format!("kubeConfig{}", &c.id[..6]);
    let mut files = vec![
        (
            format!("{dir}/kube-config-{}-{}.yml", c.datacenter, c.name),
            kubeconfig(sb, headers, who, c, Some(&ca)),
        ),
        (format!("{dir}/{ca}"), ca_pem(sb, c)),
    ];
    if admin {
        files.push((format!("{dir}/admin.pem"), ca_pem(sb, c)));
    }
    zip_response(zip(&files))
}

#[derive(Deserialize)]
struct ConfigQuery {
    #[serde(rename = "createNetworkConfig")]
    _network: Option<bool>,
}

async fn v1_config(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(c): Path<String>,
    Query(_q): Query<ConfigQuery>,
) -> Response {
    let who = authed!(sb, headers);
    match find(&who, &c) {
        Some(f) => v1_zip(&sb, &headers, &who, f, false),
        None => not_found(&c),
    }
}

async fn v1_config_admin(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(c): Path<String>,
) -> Response {
    let who = authed!(sb, headers);
    match find(&who, &c) {
        Some(f) => v1_zip(&sb, &headers, &who, f, true),
        None => not_found(&c),
    }
}

#[derive(Deserialize)]
struct RbacBody {
    cluster: String,
    format: Option<String>,
    #[serde(default)]
    admin: bool,
}

async fn apply_rbac(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let who = authed!(sb, headers);
    let Ok(req) = serde_json::from_slice::<RbacBody>(&body) else {
        return fail(
            StatusCode::BAD_REQUEST,
            "E0017",
            "The request body is not valid. Specify the cluster and format.",
            "General",
        );
    };
    let Some(c) = find(&who, &req.cluster) else {
        return not_found(&req.cluster);
    };
    match req.format.as_deref().unwrap_or("zip") {
        "yaml" => (
            [(header::CONTENT_TYPE, "application/yaml")],
            kubeconfig(&sb, &headers, &who, c, None),
        )
            .into_response(),
        "zip" => {
            let ca = format!("ca-{}-{}.pem", c.datacenter, c.name);
            let mut files = vec![
                (
                    format!("kube-config-{}-{}.yaml", c.datacenter, c.name),
                    kubeconfig(&sb, &headers, &who, c, Some(&ca)),
                ),
                (ca, ca_pem(&sb, c)),
            ];
            if req.admin {
                files.push(("admin.pem".into(), ca_pem(&sb, c)));
            }
            zip_response(zip(&files))
        }
        other => fail(
            StatusCode::BAD_REQUEST,
            "E0017",
            &format!("The format '{other}' is not supported. Use zip or yaml."),
            "General",
        ),
    }
}
