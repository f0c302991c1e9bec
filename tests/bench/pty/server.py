"""The server-PTY terminal `cargo xtask bench` measures kterm against: the
page in this folder (xterm.js) talks over a WebSocket to terminado, which
runs bash in a pseudo-terminal on the server, with the real kubectl from
.venv on its PATH.

Before serving, it does what `ibmcloud ks cluster config` would have done
for this user: fetches the sandbox's kubeconfig for `mycluster` (over HTTPS,
KTERM_TLS_URL, as the real kubectl needs it) into a fresh HOME.

Environment: PTY_PORT (where to listen), KTERM_URL and KTERM_TLS_URL (the
sandbox, directly: the API is next to this server).
"""

import json
import os
import pathlib
import ssl
import sys
import tempfile
import urllib.request

import tornado.ioloop
import tornado.web
from terminado import TermSocket, UniqueTermManager

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
XTERM = ROOT / "web" / "node_modules" / "@xterm" / "xterm"


def post(url, data, headers, insecure=False):
    ctx = ssl._create_unverified_context() if insecure else None
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(req, context=ctx) as r:
        return r.read()


def kubeconfig(base_url, tls_url):
    """An IAM token for the sandbox's API key, then the cluster's kubeconfig
    (its CA, server and the oidc user), as `ibmcloud ks cluster config` gets
    them."""
    form = b"grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=demo-apikey"
    token = json.loads(post(f"{base_url}/api/iam/identity/token", form, {}))["access_token"]
    body = json.dumps({"cluster": "mycluster", "format": "yaml"}).encode()
    return post(
        f"{tls_url}/api/containers/global/v2/applyRBACAndGetKubeconfig",
        body,
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        insecure=True,
    )


def main():
    port = int(os.environ["PTY_PORT"])
    base = os.environ["KTERM_URL"].rstrip("/")
    tls = os.environ["KTERM_TLS_URL"].rstrip("/")
    home = pathlib.Path(tempfile.mkdtemp(prefix="kterm-bench-pty-"))
    (home / ".kube").mkdir()
    (home / ".kube" / "config").write_bytes(kubeconfig(base, tls))
    env = {
        "HOME": str(home),
        "PATH": f"{ROOT / '.venv' / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        # The prompt sets the window title to bash's command number and the
        # last exit status: the page knows a command has ended when the
        # number moves (readline redraws the prompt, title too, on a resize).
        "PS1": "\\[\\e]0;\\#:$?\\a\\]$ ",
    }
    manager = UniqueTermManager(
        shell_command=["bash", "--norc", "--noprofile", "-i"], extra_env=env
    )
    app = tornado.web.Application(
        [
            (r"/websocket", TermSocket, {"term_manager": manager}),
            (r"/(xterm\.mjs)", tornado.web.StaticFileHandler, {"path": XTERM / "lib"}),
            (r"/(xterm\.css)", tornado.web.StaticFileHandler, {"path": XTERM / "css"}),
            (r"/()", tornado.web.StaticFileHandler, {"path": HERE, "default_filename": "index.html"}),
        ],
        # As a deployed server would send them.
        compress_response=True,
    )
    app.listen(port, "127.0.0.1")
    print(f"pty terminal on http://127.0.0.1:{port}", file=sys.stderr, flush=True)
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
