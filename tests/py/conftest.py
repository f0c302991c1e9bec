"""Shared fixtures for tests of the sandbox with real clients.

`cargo xtask test` starts kterm-server and passes its address in KTERM_URL.
"""

import json
import os
import ssl
import urllib.request

import pytest


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
