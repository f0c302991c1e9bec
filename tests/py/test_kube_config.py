"""`kubectl config` fixture check: the steps recorded in
crates/kterm-kube/tests/fixtures/kubectl_config.json (which kterm's
`kubectl config` must reproduce byte for byte, see
crates/kterm-kube/tests/config.rs) are replayed with the real kubectl, so
the fixture stays what kubectl really prints and writes.

Needs no server: `kubectl config` only reads and writes kubeconfig files.
The recording ran in /k (files /k/a and /k/b); the replay runs in a
temporary directory whose name is mapped back to /k.
"""

import json
import os
import pathlib
import subprocess

import pytest
from conftest import sandbox_kubeconfig

ROOT = pathlib.Path(__file__).resolve().parents[2]
KUBECTL = ROOT / ".venv" / "bin" / "kubectl"
FIXTURE = ROOT / "crates" / "kterm-kube" / "tests" / "fixtures" / "kubectl_config.json"


def test_fixture_is_what_kubectl_prints(tmp_path):
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    fx = json.loads(FIXTURE.read_text())
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text(fx["a"])
    b.write_text(fx["b"])
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path / "home"), "KUBECONFIG": f"{a}:{b}"}
    # The recording ran in /k; here that is tmp_path.
    fix = lambda s: s.replace(str(tmp_path), "/k")
    # KTERM_RECORD_CONFIG=1 writes the fixture anew from kubectl's answers
    # (after editing the steps in it) instead of checking it.
    record = os.environ.get("KTERM_RECORD_CONFIG") == "1"
    cases = []
    for line, out, err, code in fx["cases"]:
        args = [w.replace("/k/", f"{tmp_path}/") for w in line.split()]
        r = subprocess.run([str(KUBECTL), *args], capture_output=True, text=True, env=env, timeout=60)
        got = (fix(r.stdout), fix(r.stderr), r.returncode)
        cases.append([line, *got])
        if not record:
            assert got == (out, err, code), line
    files = {"/k/a": a.read_text(), "/k/b": b.read_text()}
    if record:
        fx["cases"], fx["files"] = cases, files
        FIXTURE.write_text(json.dumps(fx, indent=1) + "\n")
        return
    assert files == fx["files"]

# The cluster verbs: real kubectl against the sandbox must print exactly
# the text crates/kterm-kube/tests/cluster_verbs.rs expects of kterm.

VERBS = "create,delete,deletecollection,get,list,patch,update,watch"


@pytest.fixture(scope="module")
def kubeconfig(base_url, tls_url, tmp_path_factory):
    cfg = sandbox_kubeconfig(base_url, tls_url)
    path = tmp_path_factory.mktemp("kubecfg") / "config"
    path.write_bytes(cfg)
    return path


def real(kubeconfig, *args):
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(kubeconfig.parent), "KUBECONFIG": str(kubeconfig)}
    r = subprocess.run([str(KUBECTL), *args], capture_output=True, text=True, env=env, timeout=60)
    return r.stdout, r.stderr, r.returncode


def test_cluster_verbs_print_what_kterm_prints(kubeconfig):
    assert real(kubeconfig, "api-resources", "--namespaced=false", "-o", "wide") == (
        f"NAME                        SHORTNAMES   APIVERSION                     NAMESPACED   KIND                       VERBS                                                        CATEGORIES\n"
        f"namespaces                  ns           v1                             false        Namespace                  {VERBS}   \n"
        f"nodes                       no           v1                             false        Node                       {VERBS}   \n"
        f"customresourcedefinitions   crd,crds     apiextensions.k8s.io/v1        false        CustomResourceDefinition   {VERBS}   api-extensions\n"
        f"selfsubjectaccessreviews                 authorization.k8s.io/v1        false        SelfSubjectAccessReview    create                                                       \n"
        f"selfsubjectrulesreviews                  authorization.k8s.io/v1        false        SelfSubjectRulesReview     create                                                       \n"
        f"subjectaccessreviews                     authorization.k8s.io/v1        false        SubjectAccessReview        create                                                       \n"
        f"nodes                                    metrics.k8s.io/v1beta1         false        NodeMetrics                get,list                                                     \n"
        f"clusterrolebindings                      rbac.authorization.k8s.io/v1   false        ClusterRoleBinding         {VERBS}   \n"
        f"clusterroles                             rbac.authorization.k8s.io/v1   false        ClusterRole                {VERBS}   \n"
        f"priorityclasses             pc           scheduling.k8s.io/v1           false        PriorityClass              {VERBS}   \n",
        "",
        0,
    )
    assert real(kubeconfig, "api-resources", "--verbs=list,watch", "--api-group=batch", "--no-headers") == (
        "cronjobs   cj    batch/v1   true   CronJob\njobs             batch/v1   true   Job\n",
        "",
        0,
    )
    assert real(kubeconfig, "api-resources", "-o", "name", "--api-group=apps") == (
        "daemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n",
        "",
        0,
    )
    assert real(kubeconfig, "-n", "kube-system", "api-versions") == (
        "apiextensions.k8s.io/v1\napps/v1\nauthorization.k8s.io/v1\nbatch/v1\nmetrics.k8s.io/v1beta1\nnetworking.k8s.io/v1\npolicy/v1\nrbac.authorization.k8s.io/v1\nscheduling.k8s.io/v1\nstable.example.com/v1\nv1\n",
        "",
        0,
    )
    server = next(l.split("server: ", 1)[1] for l in kubeconfig.read_text().splitlines() if "server: " in l)
    assert real(kubeconfig, "cluster-info") == (
        f"Kubernetes control plane is running at {server}\n\n"
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
        "",
        0,
    )
    assert real(kubeconfig, "completion", "foo") == (
        "",
        'error: Unsupported shell type "foo".\nSee \'kubectl completion -h\' for help and examples\n',
        1,
    )
