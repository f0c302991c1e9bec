"""Real kubectl discovers the sandbox's API through aggregated discovery.

kubectl asks `/api` and `/apis` for an `apidiscovery.k8s.io/v2`
`APIGroupDiscoveryList` first; a server that answers with one spares it the
legacy per-group-version requests (`/api/v1`, `/apis/apps/v1`, ...). `-v=6`
logs every response's URL and status, which is what these tests read.
The legacy path is checked through a proxy that drops the aggregated Accept,
so kubectl falls back exactly as it would against an older server.
"""

import http.server
import re
import threading
import urllib.error
import urllib.request

import pytest

from test_kubectl import kubectl, kubeconfig  # noqa: F401  (the fixture)

# One `-v=6` response line: `"Response" verb="GET" url="..." status="200 OK"`.
RESPONSE = re.compile(r'"Response" verb="(\w+)" url="([^"]+)" status="([^"]*)"')
# A legacy discovery request: a group version and nothing after it.
LEGACY = re.compile(r"/api/k8s/[^/]+(/api/v1|/apis/[^/]+/[^/?]+)(\?|$)")


def responses(stderr):
    return [m.groups() for m in RESPONSE.finditer(stderr)]


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url).split("?")[0]


def run(kubeconfig, tmp_path, *args):  # noqa: F811
    """kubectl with a fresh discovery cache, so discovery really happens."""
    return kubectl(kubeconfig, "--cache-dir", str(tmp_path / "cache"), "-v=6", *args)


@pytest.mark.parametrize("args", [("api-resources",), ("get", "pods")])
def test_aggregated_discovery_without_fallback(kubeconfig, tmp_path, args):  # noqa: F811
    r = run(kubeconfig, tmp_path, *args)
    seen = responses(r.stderr)
    by_path = {path_of(url).split("/api/k8s/", 1)[-1].split("/", 1)[-1]: status for _, url, status in seen}
    assert by_path.get("api") == "200 OK", r.stderr
    assert by_path.get("apis") == "200 OK", r.stderr
    legacy = [url for _, url, _ in seen if LEGACY.search(url)]
    assert legacy == [], r.stderr


class _Proxy(http.server.BaseHTTPRequestHandler):
    """Forwards GETs to the sandbox, asking `/api` and `/apis` for plain JSON."""

    upstream = ""
    token = ""

    def do_GET(self):  # noqa: N802 (the stdlib's name)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "accept-encoding")}
        # kubectl keeps its oidc token for TLS servers: the proxy adds it.
        headers["Authorization"] = f"Bearer {self.token}"
        if re.fullmatch(r"/api/k8s/[^/]+/apis?(\?.*)?", self.path):
            headers = {k: v for k, v in headers.items() if k.lower() != "accept"}
            headers["Accept"] = "application/json"
        req = urllib.request.Request(self.upstream + self.path, headers=headers)
        try:
            with urllib.request.urlopen(req) as resp:
                status, body, rh = resp.status, resp.read(), resp.headers
        except urllib.error.HTTPError as e:
            status, body, rh = e.code, e.read(), e.headers
        self.send_response(status)
        self.send_header("Content-Type", rh.get("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_):
        pass


@pytest.fixture
def legacy_kubeconfig(kubeconfig, base_url, tmp_path):  # noqa: F811
    """The kubeconfig, pointed at a plain-HTTP proxy that hides aggregation."""
    text = kubeconfig.read_text()
    token = re.search(r"id-token: (\S+)", text).group(1)
    handler = type("Proxy", (_Proxy,), {"upstream": base_url, "token": token})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxied = re.sub(r"server: https://[^/\s]+", f"server: http://127.0.0.1:{server.server_port}", text)
    proxied = re.sub(r"\n\s*certificate-authority-data: \S+", "", proxied)
    path = tmp_path / "legacy-config"
    path.write_text(proxied)
    yield path
    server.shutdown()


def test_api_resources_same_as_legacy(kubeconfig, legacy_kubeconfig, tmp_path):  # noqa: F811
    for extra in [(), ("-o", "wide")]:
        agg = kubectl(kubeconfig, "--cache-dir", str(tmp_path / "a"), "api-resources", *extra)
        old = run(legacy_kubeconfig, tmp_path / "l", "api-resources", *extra)
        # The fallback really happened: group versions were fetched one by one.
        assert any(LEGACY.search(url) for _, url, _ in responses(old.stderr)), old.stderr
        assert agg.stdout == old.stdout
        assert "deployments" in agg.stdout and "selfsubjectaccessreviews" in agg.stdout
