"""`kubectl config` fixture check: the steps recorded in
crates/kterm-kube/tests/fixtures/kubectl_config.json (which kterm's
`kubectl config` must reproduce byte for byte, see
crates/kterm-kube/tests/config.rs) are replayed with the real kubectl, so
the fixture stays what kubectl really prints and writes.

Needs no server: `kubectl config` only reads and writes kubeconfig files.
The recording named the files /k/a and /k/b; they are replayed in a
temporary directory and its paths are mapped back to those names.
"""

import json
import os
import pathlib
import subprocess

import pytest

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
    fix = lambda s: s.replace(str(a), "/k/a").replace(str(b), "/k/b")
    for line, out, err, code in fx["cases"]:
        r = subprocess.run([str(KUBECTL), *line.split()], capture_output=True, text=True, env=env, timeout=60)
        assert (fix(r.stdout), fix(r.stderr), r.returncode) == (out, err, code), line
    assert a.read_text() == fx["files"]["/k/a"]
    assert b.read_text() == fx["files"]["/k/b"]
