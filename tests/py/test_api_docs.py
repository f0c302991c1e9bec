"""The API steps of IBM's "Setting up the API" docs (2017-2019), typed as the
docs give them to the real curl, against the sandbox.

Real curl cannot resolve the docs' hosts here, so each step goes to the
sandbox's own URL for it: what the terminal's endpoint map does
(`https://iam.bluemix.net/identity/token` is `<origin>/api/iam/identity/token`,
a cluster's `https://c7.us-south.containers.cloud.ibm.com:27078` is
`<origin>/api/k8s-endpoint/c7.us-south.containers.cloud.ibm.com:27078`; the map
itself is unit-tested in kterm-http).
"""

import base64
import json
import os
import pathlib
import subprocess

import pytest
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator

CURL = "/usr/bin/curl"
KUBECTL = pathlib.Path(__file__).resolve().parents[2] / ".venv" / "bin" / "kubectl"
ACCOUNT_ID = "b3c8a1d2e4f5061728394a5b6c7d8e9f"
TEAM_ACCOUNT_ID = "4f6e2d1c0b9a48372615a4b3c2d1e0f9"
CF_ORG_GUID = "8c9e2a61-4b7d-4f0e-9d35-2f1a6c0b7e41"
APIKEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey"
PASSCODE_GRANT = "urn:ibm:params:oauth:grant-type:passcode"
DELEGATED_GRANT = "urn:ibm:params:oauth:grant-type:delegated-refresh-token"
UAA = "&response_type=cloud_iam+uaa&uaa_client_id=cf&uaa_client_secret="
FORM = ["-H", "Content-Type: application/x-www-form-urlencoded", "-H", "Accept: application/json"]
BX = ["-H", "Authorization: Basic Yng6Yng="]
KUBE = ["-H", "Authorization: Basic a3ViZTprdWJl"]


def curl(*args):
    """Runs the real curl; (exit code, stdout, stderr)."""
    p = subprocess.run([CURL, "-sS", *args], capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def curl_json(*args, status=200):
    """Runs curl with `-w` appending the status; the JSON body."""
    code, out, err = curl("-w", "\n%{http_code}", *args)
    assert code == 0, err
    body, _, got = out.rpartition("\n")
    assert int(got) == status, body
    return json.loads(body) if body else None


def claims(jwt):
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def token(base_url, form, client=BX, path="/identity/token", status=200):
    """`curl -X POST https://iam.bluemix.net/identity/token …` as the docs write it."""
    return curl_json("-X", "POST", *FORM, *client, "-d", form, f"{base_url}/api/iam{path}", status=status)


def passcode(base_url):
    return curl_json("-H", "Accept: application/json", f"{base_url}/api/iam/identity/passcode")["passcode"]


def bearer(t):
    return ["-H", f"Authorization: bearer {t}"]


@pytest.mark.parametrize("path", ["/identity/token", "/oidc/token"])
@pytest.mark.parametrize(
    "grant",
    ["apikey", "password", "passcode", "refresh"],
)
def test_every_grant_with_uaa_tokens(base_url, grant, path):
    forms = {
        "apikey": lambda: f"grant_type={APIKEY_GRANT}&apikey=demo-apikey",
        "password": lambda: "grant_type=password&username=demo@example.com&password=demo-password",
        "passcode": lambda: f"grant_type={PASSCODE_GRANT}&passcode={passcode(base_url)}",
        "refresh": lambda: "grant_type=refresh_token&refresh_token="
        + token(base_url, f"grant_type={APIKEY_GRANT}&apikey=demo-apikey")["refresh_token"],
    }
    t = token(base_url, forms[grant]() + UAA, path=path)
    assert {"access_token", "refresh_token", "uaa_token", "uaa_refresh_token", "token_type", "expires_in", "expiration"} <= set(t)
    assert t["token_type"] == "Bearer"
    assert t["expires_in"] == 3600
    assert t["refresh_token"] != "not_supported"
    assert claims(t["access_token"])["account"]["bss"] == ACCOUNT_ID
    assert claims(t["uaa_token"])["user_name"] == "demo@example.com"


def test_basic_client_auth_with_u_and_without_client(base_url):
    form = f"grant_type={APIKEY_GRANT}&apikey=demo-apikey"
    with_u = token(base_url, form, client=["-u", "bx:bx"])
    assert with_u["refresh_token"] != "not_supported"
    # Without client credentials IAM gives no usable refresh token.
    plain = token(base_url, form, client=[])
    assert plain["refresh_token"] == "not_supported"
    assert "uaa_token" not in plain


@pytest.mark.parametrize(
    "form,client,status,code",
    [
        (f"grant_type={APIKEY_GRANT}&apikey=wrong", BX, 400, "BXNIM0415E"),
        (f"grant_type={APIKEY_GRANT}&apikey=", BX, 400, "BXNIM0109E"),
        ("grant_type=password&username=demo@example.com&password=nope", BX, 400, "BXNIM0602E"),
        ("grant_type=refresh_token&refresh_token=bogus", BX, 400, "BXNIM0407E"),
        (f"grant_type={APIKEY_GRANT}&apikey=demo-apikey", ["-u", "bx:nope"], 401, "BXNIM0435E"),
        (f"grant_type={APIKEY_GRANT}&apikey=demo-apikey&bss_account=0000", BX, 400, "BXNIM0520E"),
    ],
)
def test_iam_errors(base_url, form, client, status, code):
    e = token(base_url, form, client=client, status=status)
    assert e["errorCode"] == code
    assert e["errorMessage"]
    assert e["context"]["requestType"] == "incoming.Identity_Token"
    # `--fail` turns the error status into curl's exit 22.
    rc, out, err = curl("--fail", "-X", "POST", *FORM, *client, "-d", form, f"{base_url}/api/iam/identity/token")
    assert rc == 22 and out == ""
    assert f"The requested URL returned error: {status}" in err


def test_sdk_iam_authenticator_with_the_cli_client(base_url):
    auth = IAMAuthenticator("demo-apikey", url=f"{base_url}/api/iam", client_id="bx", client_secret="bx")
    t = auth.token_manager.request_token()
    assert t["refresh_token"] != "not_supported"
    assert claims(t["access_token"])["iam_id"] == "IBMid-6900001ABC"
    # The SDK's token works for the account lookup the docs make next.
    accounts = curl_json(*bearer(t["access_token"]), f"{base_url}/api/accounts/v1/accounts")
    assert accounts["resources"][0]["metadata"]["guid"] == ACCOUNT_ID


def test_the_whole_chain(base_url):
    # 1. IAM token for the API key, with the UAA token (2018 doc).
    first = token(base_url, f"grant_type={APIKEY_GRANT}&apikey=demo-apikey" + UAA)
    # 2. The account ID: GET https://accountmanagement.ng.bluemix.net/v1/accounts
    accounts = curl_json(
        "-X", "GET", *bearer(first["access_token"]), "-H", "Content-Type: application/json", "-H", "Accept: application/json",
        f"{base_url}/api/accounts/v1/accounts",
    )
    guids = [r["metadata"]["guid"] for r in accounts["resources"]]
    assert guids == [ACCOUNT_ID, TEAM_ACCOUNT_ID]
    names = [r["entity"]["name"] for r in accounts["resources"]]
    assert names == ["Demo Account", "Team Account"]
    # 3. A token for that account (bss_account).
    scoped = token(base_url, f"grant_type={APIKEY_GRANT}&apikey=demo-apikey&bss_account={guids[0]}" + UAA)
    assert claims(scoped["access_token"])["account"]["bss"] == guids[0]
    access, refresh = scoped["access_token"], scoped["refresh_token"]
    iam = [*bearer(access), "-H", f"X-Auth-Refresh-Token: {refresh}"]
    # 4. Regions: GET https://containers.cloud.ibm.com/v1/regions
    regions = curl_json(*iam, f"{base_url}/api/containers/v1/regions")["regions"]
    assert {"name", "alias", "cfURL", "freeEnabled"} <= set(regions[0])
    region = next(r["name"] for r in regions if r["alias"] == "us-south")
    # 5. Clusters in the region: GET https://containers.cloud.ibm.com/v1/clusters
    clusters = curl_json(*iam, "-H", f"X-Region: {region}", f"{base_url}/api/containers/v1/clusters")
    assert [c["name"] for c in clusters] == ["mycluster"]
    assert {"id", "name", "region", "location", "dataCenter"} <= set(clusters[0])
    # 6. One cluster (the 2019 table sends the bare token).
    cluster = curl_json(
        "-H", f"Authorization: {access}", "-H", f"X-Auth-Refresh-Token: {refresh}", "-H", f"X-Region: {region}",
        f"{base_url}/api/containers/v1/clusters/{clusters[0]['id']}",
    )
    assert {"location", "dataCenter", "multiAzCapable", "workerZones", "id", "name", "region"} <= set(cluster)
    url = cluster["publicServiceEndpointURL"]
    assert url == "https://c7.us-south.containers.cloud.ibm.com:27078"
    # 7. The delegated refresh token for the kube client.
    d = token(
        base_url,
        f"delegated_refresh_token_expiry=600&receiver_client_ids=kube&response_type=delegated_refresh_token&refresh_token={refresh}&grant_type=refresh_token",
    )
    assert list(d) == ["delegated_refresh_token"]
    # 8. The id token for Kubernetes (client kube:kube).
    k = token(base_url, f"refresh_token={d['delegated_refresh_token']}&grant_type={DELEGATED_GRANT}", client=KUBE)
    assert k["scope"] == "ibm openid containers-kubernetes"
    assert {"access_token", "id_token", "refresh_token", "token_type", "expires_in", "expiration"} <= set(k)
    assert claims(k["id_token"])["aud"] == "kube"
    # 9. The Kubernetes API at the public service endpoint, with the id token
    #    (`-k` as the doc says; the sandbox's plain-HTTP URL ignores it).
    endpoint = url.removeprefix("https://")
    cluster_api = f"{base_url}/api/k8s-endpoint/{endpoint}"
    ns = curl_json("-k", *bearer(k["id_token"]), f"{cluster_api}/api/v1/namespaces")
    assert ns["kind"] == "NamespaceList"
    assert {"default", "kube-system"} <= {n["metadata"]["name"] for n in ns["items"]}
    version = curl_json("-k", *bearer(k["id_token"]), f"{cluster_api}/version")
    assert version["major"] == "1" and version["gitVersion"].endswith("+IKS")
    # The same API at masterURL, the sandbox's own address of it.
    same = curl_json(*bearer(k["id_token"]), f"{cluster['masterURL']}/api/v1/namespaces")
    assert [n["metadata"]["name"] for n in same["items"]] == [n["metadata"]["name"] for n in ns["items"]]
    # Without a token the API server refuses, as kube-apiserver does.
    refused = curl_json(f"{cluster_api}/api/v1/namespaces", status=401)
    assert refused["reason"] == "Unauthorized"
    # 10. Refresh: new access and refresh tokens from the refresh token.
    again = token(base_url, f"grant_type=refresh_token&refresh_token={refresh}" + UAA)
    assert again["refresh_token"] != refresh and "uaa_token" in again


def test_cluster_endpoint_over_tls_without_verification(base_url, tls_url):
    t = token(base_url, f"grant_type={APIKEY_GRANT}&apikey=demo-apikey")
    version = curl_json(
        "-k", *bearer(t["access_token"]),
        f"{tls_url}/api/k8s-endpoint/c7.us-south.containers.cloud.ibm.com:27078/version",
    )
    assert version["major"] == "1"


def test_real_kubectl_with_the_id_token_at_the_endpoint(base_url, tls_url, tmp_path):
    """The docs' last step with kubectl instead of curl: `--server` the
    public service endpoint (the sandbox's HTTPS address of it), `--token`
    the id token, certificate verification off as the doc says."""
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    first = token(base_url, f"grant_type={APIKEY_GRANT}&apikey=demo-apikey")
    d = token(
        base_url,
        f"grant_type=refresh_token&refresh_token={first['refresh_token']}&response_type=delegated_refresh_token&receiver_client_ids=kube",
    )
    k = token(base_url, f"refresh_token={d['delegated_refresh_token']}&grant_type={DELEGATED_GRANT}", client=KUBE)
    server = f"{tls_url}/api/k8s-endpoint/c7.us-south.containers.cloud.ibm.com:27078"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "KUBECONFIG": str(tmp_path / "none")}
    r = subprocess.run(
        [str(KUBECTL), f"--server={server}", "--insecure-skip-tls-verify", f"--token={k['id_token']}", "get", "namespaces", "-o", "name"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "namespace/kube-system" in r.stdout.split()
    bad = subprocess.run(
        [str(KUBECTL), f"--server={server}", "--insecure-skip-tls-verify", "--token=forged.token.x", "get", "namespaces"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert bad.returncode == 1
    assert "You must be logged in to the server (Unauthorized)" in bad.stderr


def test_old_regional_hosts_and_regions(base_url):
    t = token(base_url, f"grant_type={APIKEY_GRANT}&apikey=demo-apikey")
    h = [*bearer(t["access_token"]), "-H", f"X-Auth-Refresh-Token: {t['refresh_token']}"]
    # https://<region>.containers.bluemix.net/v1/clusters (2017-18 docs)
    for region, names in [("us-south", ["mycluster"]), ("eu-central", ["dev-vpc"]), ("uk-south", [])]:
        got = curl_json(*h, f"{base_url}/api/containers-regional/{region}/v1/clusters")
        assert [c["name"] for c in got] == names, region
    # https://containers.bluemix.net/v1/clusters with X-Region
    got = curl_json(*h, "-H", "X-Region: eu-central", f"{base_url}/api/containers/v1/clusters")
    assert [c["name"] for c in got] == ["dev-vpc"]
    # A cluster looked for in another region is not found there.
    e = curl_json(*h, "-H", "X-Region: us-south", f"{base_url}/api/containers/v1/clusters/dev-vpc", status=404)
    assert e["code"] == "G0004"


def test_cloud_foundry_orgs_and_spaces(base_url):
    t = token(base_url, "grant_type=password&username=demo@example.com&password=demo-password" + UAA, path="/oidc/token")
    uaa = bearer(t["uaa_token"])
    # GET https://api.ng.bluemix.net/v2/organizations
    orgs = curl_json(*uaa, f"{base_url}/api/cf/ng/v2/organizations")
    assert orgs["total_results"] == 1 and orgs["next_url"] is None
    org = orgs["resources"][0]
    assert org["metadata"]["guid"] == CF_ORG_GUID
    assert org["entity"]["name"] == "demo@example.com"
    spaces = curl_json(*uaa, f"{base_url}/api/cf/ng{org['entity']['spaces_url']}")
    assert [s["entity"]["name"] for s in spaces["resources"]] == ["dev"]
    assert spaces["resources"][0]["entity"]["organization_guid"] == CF_ORG_GUID
    # Another region has no org of this user.
    assert curl_json(*uaa, f"{base_url}/api/cf/eu-gb/v2/organizations")["resources"] == []
    # The IAM access token is not a UAA token.
    e = curl_json(*bearer(t["access_token"]), f"{base_url}/api/cf/ng/v2/organizations", status=401)
    assert e["error_code"] == "CF-InvalidAuthToken"
