"""Shared fixtures for tests of the sandbox with real clients.

`cargo xtask test` starts kterm-server and passes its address in KTERM_URL.
"""

import json
import os
import pathlib
import ssl
import subprocess
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
# kterm's side of the differential tests: one command line through kterm's
# shell natively, with the same command code as in the browser.
RUNNER = ROOT / "target" / "debug" / "kterm-run"


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ.get("KTERM_URL")
    if not url:
        pytest.skip("KTERM_URL is not set: run through `cargo xtask test`")
    return url.rstrip("/")


@pytest.fixture(scope="session")
def tls_url() -> str:
    url = os.environ.get("KTERM_TLS_URL")
    if not url:
        pytest.skip("KTERM_TLS_URL is not set: run through `cargo xtask test`")
    return url.rstrip("/")


def post(url, data, headers, insecure=False):
    ctx = ssl._create_unverified_context() if insecure else None
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(req, context=ctx) as r:
        return r.read()


def sandbox_kubeconfig(base_url, tls_url, apikey="demo-apikey") -> bytes:
    """What `ibmcloud ks cluster config` gets: an IAM token for `apikey`, then
    the Kubernetes Service's kubeconfig (cluster CA, oidc user) over HTTPS.
    The CA is in the kubeconfig this call returns, so this one call cannot
    verify it."""
    form = ("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=" + apikey).encode()
    token = json.loads(post(f"{base_url}/api/iam/identity/token", form, {}))["access_token"]
    body = json.dumps({"cluster": "mycluster", "format": "yaml"}).encode()
    return post(
        f"{tls_url.rstrip('/')}/api/containers/global/v2/applyRBACAndGetKubeconfig",
        body,
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        insecure=True,
    )


def differential(base_url, tls_url, home, real_cmd, program, path=""):
    """The real tool and kterm's `program`, each with its own copy of the
    sandbox's kubeconfig, in `home`. Returns the real tool's command, kterm's,
    the environment and the two kubeconfig files."""
    # Up to date with the sources (a no-op after `cargo test --workspace`).
    subprocess.run(["cargo", "build", "-q", "-p", "kterm-run"], cwd=ROOT, check=True)
    cfg = sandbox_kubeconfig(base_url, tls_url)
    real = home / "real-config"
    ours = home / "kterm-config"
    real.write_bytes(cfg)
    ours.write_bytes(cfg)
    env = {"PATH": path + os.environ.get("PATH", ""), "HOME": str(home)}
    real_cmd = [*real_cmd, "--kubeconfig", str(real)]
    ours_cmd = [str(RUNNER), "--origin", base_url, "--map", tls_url.rstrip("/"), "--kubeconfig", str(ours), "--", program]
    return real_cmd, ours_cmd, env, real, ours


def run_tool(cmd, args, env):
    """stdout, stderr and the exit status of one run."""
    r = subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, timeout=60)
    return r.stdout, r.stderr, r.returncode
