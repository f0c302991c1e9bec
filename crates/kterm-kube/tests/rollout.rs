#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! kterm's kubectl verbs that follow workloads over time against the
//! sandbox over real HTTP, with exact output: rollout
//! status|history|restart|undo|pause|resume, set image, expose, wait,
//! replace, and oc new-project. The terminal's sleeps move the sandbox's
//! clock too, so `rollout status` and `wait` see the controllers progress
//! exactly as a person waiting would, without real time passing.

mod common;

use std::rc::Rc;
use std::sync::Arc;

use async_trait::async_trait;
use common::{login, sh, table, SimHost, Term, DEMO_APIKEY};
use kterm_http::native::NativeTransport;
use kterm_http::{Body, Client, Endpoints, HttpError, Request, Response, Transport, WebSocket};
use kterm_shell::Shell;
use kterm_sim::ManualClock;

/// The loopback transport, but while kubectl waits on a watch stream the
/// sandbox's clock jumps ahead (10 s every 300 ms of real time), as time
/// passes for a person watching. The sandbox's controllers run every
/// 200 ms; every step of a rollout waits on something two seconds away
/// (a pod starting), so each jump moves a rollout exactly one step and
/// the events kubectl sees come in the same order every run.
struct Clocked {
    inner: NativeTransport,
    clock: Arc<ManualClock>,
}

#[async_trait(?Send)]
impl Transport for Clocked {
    async fn send(&self, req: Request) -> Result<Response, HttpError> {
        let watch = req.url.contains("watch=true");
        let mut resp = self.inner.send(req).await?;
        if watch {
            let clock = self.clock.clone();
            let body =
                std::mem::replace(&mut resp.body, Body::from_stream(futures::stream::empty()));
            resp.body = Body::from_stream(futures::stream::unfold(body, move |mut body| {
                let clock = clock.clone();
                async move {
                    loop {
                        tokio::select! {
                            c = body.chunk() => return c.map(|c| (c, body)),
                            _ = tokio::time::sleep(std::time::Duration::from_millis(300)) => {
                                clock.advance_ms(10_000);
                            }
                        }
                    }
                }
            }));
        }
        Ok(resp)
    }

    async fn websocket(
        &self,
        url: &str,
        protocols: &[String],
    ) -> Result<Box<dyn WebSocket>, HttpError> {
        self.inner.websocket(url, protocols).await
    }
}

/// A logged-in terminal on a fresh sandbox whose sleeps, and waits on
/// watches, move the sandbox's clock.
async fn term() -> (Shell, SimHost) {
    let (mut shell, host, origin) = Term::new().await.into_sim();
    shell.state.ext.insert(Client::new(
        Rc::new(Clocked {
            inner: NativeTransport::new(),
            clock: host.clock.clone(),
        }),
        Endpoints::ibm_cloud(&origin),
    ));
    login(&mut shell, &host, DEMO_APIKEY).await;
    (shell, host)
}

const SHOP: &str = "cat > shop.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  labels: {app: shop}
spec:
  replicas: 2
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
EOF";

const UNDO_WARNING: &str = "Warning: resource deployments/shop was previously managed with 'kubectl apply'. Rolling back will not update the kubectl.kubernetes.io/last-applied-configuration annotation, which may cause unexpected behavior on future 'kubectl apply' operations. Consider using 'kubectl apply' with your previous configuration file instead.\n";

#[tokio::test(flavor = "current_thread")]
async fn rollout_set_image_undo_pause_restart() {
    let (mut shell, host) = term().await;
    assert_eq!(sh(&mut shell, &host, SHOP).await.2, 0);
    let w = |m: &str| format!("Waiting for deployment \"shop\" rollout to finish: {m}\n");
    let done = "deployment \"shop\" successfully rolled out\n";
    let first = format!("{}{done}", w("0 of 2 updated replicas are available..."));
    let undo_to_9 =
        format!("{UNDO_WARNING}error: unable to find specified revision 9 in history\n");
    let undo_paused = format!("{UNDO_WARNING}error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n");
    table(
        &mut shell,
        &host,
        &[
            ("kubectl apply -f shop.yaml", "deployment.apps/shop created\n", "", 0),
            ("kubectl rollout status deploy/shop", first.as_str(), "", 0),
            ("kubectl rollout status deployment shop", done, "", 0),
            ("kubectl rollout history deploy/shop", "deployment.apps/shop \nREVISION  CHANGE-CAUSE\n1         <none>\n\n", "", 0),
            ("kubectl set image deploy/shop nginx=nginx:1.28", "deployment.apps/shop image updated\n", "", 0),
            // Nothing to change: kubectl prints nothing.
            ("kubectl set image deploy/shop nginx=nginx:1.28", "", "", 0),
            ("kubectl set image deploy/shop nope=nginx:1.28", "", "error: unable to find container named \"nope\"\n", 1),
            ("kubectl set image deploy/shop", "", "error: at least one image update is required\n", 1),
            ("kubectl set image deploy/ghost", "", "Error from server (NotFound): deployments.apps \"ghost\" not found\n", 1),
            ("kubectl set image deploy/shop nginx", "", "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n", 1),
            ("kubectl set image deploy/shop '*=nginx:1.29' --dry-run=client", "deployment.apps/shop image updated (dry run)\n", "", 0),
            ("kubectl set image deploy/shop nginx=nginx:1.29 --dry-run=server -o name", "deployment.apps/shop\n", "", 0),
            ("kubectl rollout status deploy/shop --watch=false", &w("1 out of 2 new replicas have been updated..."), "", 0),
            // A line per event, as kubectl prints them: the deployment
            // changes several times in each step.
            ("kubectl rollout status deploy/shop", &format!("{}{}{done}", w("1 out of 2 new replicas have been updated...").repeat(3), w("1 old replicas are pending termination...").repeat(2)), "", 0),
            ("kubectl rollout history deploy/shop", "deployment.apps/shop \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n", "", 0),
            ("kubectl rollout history deploy/shop --revision=9", "", "error: unable to find the specified revision\n", 1),
            ("kubectl rollout undo deploy/shop --to-revision=9", "", undo_to_9.as_str(), 1),
            ("kubectl rollout undo deploy/shop --to-revision=2", "deployment.apps/shop skipped rollback (current template already matches revision 2)\n", UNDO_WARNING, 0),
            ("kubectl rollout undo deploy/shop --dry-run=client", "deployment.apps/shop Pod Template:\n  Labels:\tapp=shop\n\tpod-template-hash=vhgdd7fkzd\n  Containers:\n   nginx:\n    Image:\tnginx:1.27\n    Port:\t80/TCP\n    Host Port:\t0/TCP\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n (dry run)\n", UNDO_WARNING, 0),
            ("kubectl rollout undo deploy/shop --dry-run=server", "deployment.apps/shop rolled back (server dry run)\n", UNDO_WARNING, 0),
            ("kubectl rollout undo deploy/shop", "deployment.apps/shop rolled back\n", UNDO_WARNING, 0),
            ("kubectl get deploy shop -o json | grep '\"image\"'", "                        \"image\": \"nginx:1.27\",\n", "", 0),
            ("kubectl rollout pause deploy/shop", "deployment.apps/shop paused\n", "", 0),
            ("kubectl rollout pause deploy/shop", "", "error: deployments.apps \"shop\" is already paused\n", 1),
            ("kubectl rollout restart deploy/shop", "", "error: deployments.apps \"shop\" can't restart paused deployment (run rollout resume first)\n", 1),
            ("kubectl rollout undo deploy/shop", "", undo_paused.as_str(), 1),
            ("kubectl rollout resume deploy/shop", "deployment.apps/shop resumed\n", "", 0),
            ("kubectl rollout resume deploy/shop", "", "error: deployments.apps \"shop\" is not paused\n", 1),
            ("kubectl rollout restart deploy/shop", "deployment.apps/shop restarted\n", "", 0),
            ("kubectl get deploy shop -o json | grep '\"kubectl.kubernetes.io/restartedAt\"'", "                    \"kubectl.kubernetes.io/restartedAt\": \"2026-01-01T00:00:00Z\"\n", "", 0),
            ("kubectl rollout history deploy/shop", "deployment.apps/shop \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n4         <none>\n\n", "", 0),
            ("kubectl rollout status cm/kube-root-ca.crt", "", "error: no status viewer has been implemented for ConfigMap\n", 1),
            ("kubectl rollout history cm/kube-root-ca.crt", "", "error: error retrieving history for \"ConfigMap\", no visitor method exists for { ConfigMap}\n", 1),
            ("kubectl rollout restart cm/kube-root-ca.crt", "", "error: configmaps \"kube-root-ca.crt\" restarting is not supported\n", 1),
            ("kubectl rollout pause cm/kube-root-ca.crt", "", "error: configmaps \"kube-root-ca.crt\" pausing is not supported\n", 1),
            ("kubectl rollout undo cm/kube-root-ca.crt", "", "error: error retrieving rollbacker for \"ConfigMap\", no visitor method exists for { ConfigMap}\n", 1),
            ("kubectl rollout bogus deploy/shop", "", "error: unknown command \"bogus deploy/shop\"\nSee 'kubectl rollout -h' for help and examples\n", 1),
            ("kubectl rollout status", "", "error: required resource not specified\n", 1),
            ("kubectl rollout restart deploy -n kube-system -l nope=1", "", "No resources found in kube-system namespace.\n", 0),
            ("kubectl rollout status deploy/ghost", "", "Error from server (NotFound): deployments.apps \"ghost\" not found\n", 1),
        ],
    )
    .await;
    // One revision's pod template, in kubectl's describe layout.
    let (out, err, code) = sh(
        &mut shell,
        &host,
        "kubectl rollout history deploy/shop --revision=3",
    )
    .await;
    assert_eq!((err.as_str(), code), ("", 0));
    let hash = out
        .lines()
        .find_map(|l| l.strip_prefix("\tpod-template-hash="))
        .unwrap()
        .to_string();
    assert_eq!(
        out,
        format!("deployment.apps/shop with revision #3\nPod Template:\n  Labels:\tapp=shop\n\tpod-template-hash={hash}\n  Containers:\n   nginx:\n    Image:\tnginx:1.27\n    Port:\t80/TCP\n    Host Port:\t0/TCP\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn rollout_status_times_out() {
    let (mut shell, host) = term().await;
    assert_eq!(sh(&mut shell, &host, SHOP).await.2, 0);
    table(
        &mut shell,
        &host,
        &[
            ("kubectl apply -f shop.yaml", "deployment.apps/shop created\n", "", 0),
            (
                "kubectl rollout status deploy/shop --timeout=1s",
                "Waiting for deployment \"shop\" rollout to finish: 0 of 2 updated replicas are available...\n",
                "error: timed out waiting for the condition\n",
                1,
            ),
            // A rollout already done ends at its first state.
            (
                "kubectl rollout status deploy/web --timeout=1s",
                "deployment \"web\" successfully rolled out\n",
                "",
                0,
            ),
            ("kubectl rollout status deploy/web --timeout=soon", "", "error: invalid argument \"soon\" for \"--timeout\" flag: time: invalid duration \"soon\"\nSee 'kubectl rollout status --help' for usage.\n", 1),
            ("kubectl rollout status deploy/web --revision=-1", "", "error: revision must be a positive integer: -1\n", 1),
            ("kubectl rollout status deploy/web --revision=7", "", "error: desired revision (7) is different from the running revision (1)\n", 1),
        ],
    )
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_stalled_rollout_exceeds_its_deadline() {
    let (mut shell, host) = term().await;
    let stalled = "error: deployment \"batch-worker\" exceeded its progress deadline\n";
    // The seed's crash-looping batch-worker gave up long ago.
    let crashy = SHOP
        .replace("nginx:1.27", "icr.io/demo/worker:0.9.0")
        .replace(
            "  replicas: 2\n",
            "  replicas: 2\n  progressDeadlineSeconds: 10\n",
        );
    assert_eq!(sh(&mut shell, &host, &crashy).await.2, 0);
    let waiting = "Waiting for deployment \"shop\" rollout to finish: 0 of 2 updated replicas are available...\n";
    table(
        &mut shell,
        &host,
        &[
            ("kubectl rollout status deploy/batch-worker", "", stalled, 1),
            ("kubectl apply -f shop.yaml", "deployment.apps/shop created\n", "", 0),
            // Its pods never become ready: after ten seconds without
            // progress the deployment controller gives up, and so does kubectl.
            ("kubectl rollout status deploy/shop", waiting, "error: deployment \"shop\" exceeded its progress deadline\n", 1),
            ("kubectl get deploy shop -o json | grep 'timed out'", "                \"message\": \"ReplicaSet \\\"shop-j5hd7rq99c\\\" has timed out progressing.\",\n", "", 0),
        ],
    )
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn expose_wait_replace_new_project() {
    let (mut shell, host) = term().await;
    assert_eq!(sh(&mut shell, &host, SHOP).await.2, 0);
    let cm = "cat > cm.yaml <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rep\ndata:\n  a: \"1\"\nEOF";
    assert_eq!(sh(&mut shell, &host, cm).await.2, 0);
    table(
        &mut shell,
        &host,
        &[
            ("kubectl apply -f shop.yaml", "deployment.apps/shop created\n", "", 0),
            ("kubectl expose deploy/shop --port=80", "service/shop exposed\n", "", 0),
            ("kubectl expose deploy/shop --port=80", "", "Error from server (AlreadyExists): services \"shop\" already exists\n", 1),
            ("kubectl expose deployment shop --port=8080 --target-port=80 --name=shop2 --type=NodePort", "service/shop2 exposed\n", "", 0),
            ("kubectl get svc shop2 -o json | grep -i port | grep -v f: | grep -v k:", "        \"ports\": [\n                \"nodePort\": 30144,\n                \"port\": 8080,\n                \"targetPort\": 80\n        \"type\": \"NodePort\"\n", "", 0),
            // The deployment's labels, and its selector.
            ("kubectl get svc shop2 -o json | grep '\"app\": \"shop\"' | wc -l", "2\n", "", 0),
            // Ports come from the pod template when --port is left out.
            ("kubectl expose deploy shop --name=shop3 -o name", "service/shop3\n", "", 0),
            ("kubectl get svc shop3 -o json | grep '\"port\"'", "                \"port\": 80,\n", "", 0),
            ("kubectl expose cm/kube-root-ca.crt --port=80", "", "error: cannot expose a ConfigMap\n", 1),
            ("kubectl expose deploy web --port=abc", "", "error: strconv.Atoi: parsing \"abc\": invalid syntax\n", 1),
            ("kubectl expose deploy web --port=80 --name=w3 --type=Bogus", "", "The Service \"w3\" is invalid: spec.type: Unsupported value: \"Bogus\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"\n", 1),
            ("kubectl expose deploy web --port=80 --name=w4 --dry-run=server", "service/w4 exposed (server dry run)\n", "", 0),
            ("kubectl get svc w4", "", "Error from server (NotFound): services \"w4\" not found\n", 1),
            ("kubectl expose deploy/nope --port=80", "", "Error from server (NotFound): deployments.apps \"nope\" not found\n", 1),
            ("kubectl expose", "", "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n", 1),
            ("kubectl wait --for=condition=Available deploy/shop --timeout=5s", "deployment.apps/shop condition met\n", "", 0),
            ("kubectl wait --for=condition=Progressing=False deploy/shop --timeout=2s", "", "error: timed out waiting for the condition on deployments/shop\n", 1),
            ("kubectl wait --for=jsonpath='{.status.readyReplicas}'=2 deploy/shop --timeout=-1s", "deployment.apps/shop condition met\n", "", 0),
            ("kubectl wait --for=jsonpath='{.spec.replicas}'=3 deploy/shop --timeout=1s", "", "error: timed out waiting for the condition on deployments/shop\n", 1),
            ("kubectl wait --for=condition=Ready pod -l app=shop --timeout=10s | wc -l", "2\n", "", 0),
            ("kubectl wait --for=delete cm/nope --timeout=1s", "", "", 0),
            ("kubectl wait --for=create cm/kube-root-ca.crt", "configmap/kube-root-ca.crt condition met\n", "", 0),
            ("kubectl wait --for=create cm/later --timeout=1s", "", "error: timed out waiting for the condition\n", 1),
            ("kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l app=shop -o name | wc -l", "2\n", "", 0),
            ("kubectl wait --for=condition=Ready pod -l app=nope", "", "error: no matching resources found\n", 1),
            ("kubectl wait --for=condition=Ready pod/nope", "", "Error from server (NotFound): pods \"nope\" not found\n", 1),
            ("kubectl wait --for=bogus deploy/shop", "", "error: unrecognized condition: \"bogus\"\n", 1),
            ("kubectl wait deploy/shop", "", "error: unrecognized condition: []\n", 1),
            ("kubectl wait --for=condition=Ready", "", "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n", 1),
            ("kubectl wait --for=condition=Ready pod/x --timeout=soon", "", "error: invalid argument \"soon\" for \"--timeout\" flag: time: invalid duration \"soon\"\n", 1),
            ("kubectl replace -f cm.yaml", "", "Error from server (NotFound): error when replacing \"cm.yaml\": configmaps \"rep\" not found\n", 1),
            ("kubectl create -f cm.yaml", "configmap/rep created\n", "", 0),
            ("echo 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: rep}\ndata: {a: \"2\"}' > cm.yaml && kubectl replace -f cm.yaml", "configmap/rep replaced\n", "", 0),
            ("kubectl get cm rep -o json | grep '\"a\"'", "        \"a\": \"2\"\n", "", 0),
            ("kubectl replace -f cm.yaml --force", "configmap \"rep\" deleted from default namespace\nconfigmap/rep replaced\n", "", 0),
            ("kubectl replace", "", "error: must specify one of -f and -k\n", 1),
        ],
    )
    .await;
    // delete --wait in the background of a wait --for=delete: the object
    // is gone by the next look.
    let (out, err, code) = sh(
        &mut shell,
        &host,
        "kubectl delete cm rep && kubectl wait --for=delete cm/rep --timeout=1s",
    )
    .await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("configmap \"rep\" deleted from default namespace\n", "", 0)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn oc_new_project() {
    let (mut shell, host) = term().await;
    let (out, err, code) = sh(
        &mut shell,
        &host,
        "oc new-project team-b --display-name='Team B'",
    )
    .await;
    assert_eq!((err.as_str(), code), ("", 0));
    let server = out
        .strip_prefix("Now using project \"team-b\" on server \"")
        .and_then(|r| r.split_once("\".\n"))
        .unwrap()
        .0
        .to_string();
    assert!(server.starts_with("http"), "{server}");
    assert_eq!(
        out,
        format!("Now using project \"team-b\" on server \"{server}\".\n\nYou can add applications to this project with the 'new-app' command. For example, try:\n\n    oc new-app rails-postgresql-example\n\nto build a new example application in Ruby. Or use kubectl to deploy a simple Kubernetes application:\n\n    kubectl create deployment hello-node --image=registry.k8s.io/e2e-test-images/agnhost:2.43 -- /agnhost serve-hostname\n\n")
    );
    table(
        &mut shell,
        &host,
        &[
            ("kubectl get ns team-b -o json | grep '\"openshift.io/display-name\"'", "            \"openshift.io/display-name\": \"Team B\"\n", "", 0),
            // The context now points at the new project.
            ("kubectl create configmap here -o name && kubectl get cm here -n team-b -o name", "configmap/here\nconfigmap/here\n", "", 0),
            ("oc new-project team-b", "", "Error from server (AlreadyExists): project.project.openshift.io \"team-b\" already exists\n", 1),
            ("oc new-project", "", "error: must have exactly one argument\nSee 'oc new-project -h' for help and examples\n", 1),
        ],
    )
    .await;
}

const STS: &str = "cat > sts.yaml <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: pg, image: postgres:16}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: a, image: agent:1}]
EOF";

#[tokio::test(flavor = "current_thread")]
async fn statefulsets_and_daemonsets() {
    let (mut shell, host) = term().await;
    assert_eq!(sh(&mut shell, &host, STS).await.2, 0);
    let no_history = "error: unable to find history controlled by StatefulSet db: the server could not find the requested resource\n";
    let undo = format!(
        "{}{no_history}",
        UNDO_WARNING.replace("deployments/shop", "statefulsets/db")
    );
    let partitioned = "partitioned roll out complete: 2 new pods have been updated...\n";
    table(
        &mut shell,
        &host,
        &[
            ("kubectl apply -f sts.yaml", "statefulset.apps/db created\ndaemonset.apps/agent created\n", "", 0),
            ("kubectl rollout status sts/db", partitioned, "", 0),
            ("kubectl rollout status ds/agent", "daemon set \"agent\" successfully rolled out\n", "", 0),
            ("kubectl rollout history sts/db", "", no_history, 1),
            ("kubectl rollout undo sts/db", "", undo.as_str(), 1),
            ("kubectl rollout restart sts/db", "statefulset.apps/db restarted\n", "", 0),
            ("kubectl rollout restart ds/agent", "daemonset.apps/agent restarted\n", "", 0),
            ("kubectl rollout pause sts/db", "", "error: statefulsets.apps \"db\" pausing is not supported\n", 1),
            ("kubectl expose sts db --port=5432", "", "error: cannot expose a StatefulSet.apps\n", 1),
            ("kubectl set image sts/db pg=postgres:17", "statefulset.apps/db image updated\n", "", 0),
            ("kubectl rollout status sts/db", partitioned, "", 0),
            ("kubectl patch ds agent --type merge -p '{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}'", "daemonset.apps/agent patched\n", "", 0),
            ("kubectl rollout status ds/agent", "", "error: rollout status is only available for RollingUpdate strategy type\n", 1),
            ("kubectl delete -f sts.yaml", "statefulset.apps \"db\" deleted from default namespace\ndaemonset.apps \"agent\" deleted from default namespace\n", "", 0),
        ],
    )
    .await;
}
