#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! kterm's `kubectl logs`, `exec`, `top` and `auth can-i` against the
//! sandbox over real HTTP and WebSocket, with exact output. The sandbox
//! clock is manual, so generated logs and metrics are the same every run.

mod common;

use std::time::Duration;

use common::Term;
use kterm_shell::Cancel;

const WEB: &str = "web-ctlrfs7p7j-648d2";
const FOUND_WEB: &str = "Found 3 pods, using pod/web-ctlrfs7p7j-648d2\n";

/// nginx access lines of the first web pod, as the sandbox writes them.
fn web_line(ip: &str, time: &str, path: &str, code: &str, agent: &str) -> String {
    format!("{ip} - - [{time} +0000] \"GET {path} HTTP/1.1\" {code} \"-\" \"{agent}\" \"-\"\n")
}

const BROWSER: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36";

#[tokio::test(flavor = "current_thread")]
async fn logs() {
    let mut t = Term::logged_in().await;
    let tail3 = [
        web_line(
            "172.30.32.36",
            "31/Dec/2025:23:59:53",
            "/index.html",
            "200 615",
            "kube-probe/1.36",
        ),
        web_line(
            "172.30.12.18",
            "31/Dec/2025:23:59:56",
            "/healthz",
            "200 2",
            BROWSER,
        ),
        web_line(
            "172.30.44.64",
            "31/Dec/2025:23:59:59",
            "/static/app.js",
            "200 48213",
            "curl/8.5.0",
        ),
    ]
    .concat();
    let stamped = format!(
        "2025-12-31T23:59:56.843114801Z {}2025-12-31T23:59:59.944578566Z {}",
        web_line(
            "172.30.12.18",
            "31/Dec/2025:23:59:56",
            "/healthz",
            "200 2",
            BROWSER
        ),
        web_line(
            "172.30.44.64",
            "31/Dec/2025:23:59:59",
            "/static/app.js",
            "200 48213",
            "curl/8.5.0"
        ),
    );
    let worker = "{\"level\":\"info\",\"ts\":\"2025-12-31T23:56:00.000Z\",\"msg\":\"starting worker\",\"version\":\"0.9.0\",\"concurrency\":4}\n{\"level\":\"info\",\"ts\":\"2025-12-31T23:56:00.114Z\",\"msg\":\"connecting to queue\",\"addr\":\"redis.default.svc:6379\"}\n{\"level\":\"error\",\"ts\":\"2025-12-31T23:56:01.530Z\",\"msg\":\"dial tcp 172.21.40.17:6379: connect: connection refused\",\"attempt\":3}\n{\"level\":\"fatal\",\"ts\":\"2025-12-31T23:56:01.533Z\",\"msg\":\"cannot reach the queue, exiting\",\"exitCode\":1}\n";
    t.table(&[
        ("kubectl logs deploy/web --tail 3", &tail3, FOUND_WEB, 0),
        (&format!("kubectl logs pod/{WEB} --tail=2 --timestamps"), &stamped, "", 0),
        (
            "kubectl logs -l app=api --prefix --tail 1",
            "[pod/api-trrjvvm4fr-sbqnv/api] {\"level\":\"info\",\"ts\":\"2025-12-31T23:59:58.821Z\",\"msg\":\"request\",\"method\":\"POST\",\"path\":\"/v1/orders\",\"status\":201,\"duration_ms\":19,\"remote\":\"172.30.16.79\"}\n[pod/api-trrjvvm4fr-wtrfj/api] {\"level\":\"info\",\"ts\":\"2025-12-31T23:59:58.153Z\",\"msg\":\"request\",\"method\":\"GET\",\"path\":\"/healthz\",\"status\":200,\"duration_ms\":5,\"remote\":\"172.30.40.139\"}\n",
            "",
            0,
        ),
        ("kubectl logs deploy/batch-worker", worker, "", 0),
        (
            "kubectl logs deploy/batch-worker -p --tail 1",
            "{\"level\":\"fatal\",\"ts\":\"2025-12-31T23:51:01.533Z\",\"msg\":\"cannot reach the queue, exiting\",\"exitCode\":1}\n",
            "",
            0,
        ),
        (
            "kubectl logs deploy/web -p",
            "",
            "Found 3 pods, using pod/web-ctlrfs7p7j-648d2\nError from server (BadRequest): previous terminated container \"web\" in pod \"web-ctlrfs7p7j-648d2\" not found\n",
            1,
        ),
        ("kubectl logs deploy/api --since 10s | wc -l", "3\n", "Found 2 pods, using pod/api-trrjvvm4fr-sbqnv\n", 0),
        ("kubectl logs deploy/api --limit-bytes 20", "{\"level\":\"info\",\"ts\"", "Found 2 pods, using pod/api-trrjvvm4fr-sbqnv\n", 0),
        (
            "kubectl logs",
            "",
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
            1,
        ),
        (
            "kubectl logs nope",
            "",
            "error: error from server (NotFound): pods \"nope\" not found in namespace \"default\"\n",
            1,
        ),
        (
            "kubectl logs deploy/nope",
            "",
            "error: error from server (NotFound): deployments.apps \"nope\" not found in namespace \"default\"\n",
            1,
        ),
        (
            "kubectl logs node/10.176.48.60",
            "",
            "error: cannot get the logs from *v1.Node: selector for *v1.Node not implemented\n",
            1,
        ),
        (
            "kubectl logs deploy/web --since 5",
            "",
            "error: invalid argument \"5\" for \"--since\" flag: time: missing unit in duration \"5\"\nSee 'kubectl logs --help' for usage.\n",
            1,
        ),
        ("kubectl logs foo/bar", "", "error: the server doesn't have a resource type \"foo\"\n", 1),
        (
            &format!("kubectl logs {WEB} -c nope"),
            "",
            "error: container nope is not valid for pod web-ctlrfs7p7j-648d2 out of: web\n",
            1,
        ),
        ("kubectl logs -l app=nope", "", "No resources found in default namespace.\n", 0),
    ])
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn logs_follow_until_ctrl_c() {
    let mut t = Term::logged_in().await;
    let cancel = Cancel::new();
    let clock = t.clock.clone();
    let c = cancel.clone();
    let driver = async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        clock.advance_ms(10_000);
        // The server looks at its clock every 200 ms.
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        c.cancel();
    };
    let (got, ()) = futures::join!(
        t.sh_with("kubectl logs -f deploy/web --tail 1", cancel),
        driver
    );
    let want = [
        web_line(
            "172.30.44.64",
            "31/Dec/2025:23:59:59",
            "/static/app.js",
            "200 48213",
            "curl/8.5.0",
        ),
        web_line(
            "172.30.0.73",
            "01/Jan/2026:00:00:02",
            "/",
            "200 615",
            BROWSER,
        ),
        web_line(
            "172.30.36.17",
            "01/Jan/2026:00:00:05",
            "/favicon.ico",
            "404 153",
            BROWSER,
        ),
        web_line(
            "172.30.32.68",
            "01/Jan/2026:00:00:08",
            "/favicon.ico",
            "404 153",
            "kube-probe/1.36",
        ),
    ]
    .concat();
    assert_eq!(got, (want, FOUND_WEB.to_string(), 130));
}

#[tokio::test(flavor = "current_thread")]
async fn exec() {
    let mut t = Term::logged_in().await;
    t.table(&[
        ("kubectl exec deploy/web -- cat /etc/hostname", "web-ctlrfs7p7j-648d2\n", "", 0),
        ("kubectl exec deploy/web -- sh -c 'echo hi; exit 3'", "hi\n", "command terminated with exit code 3\n", 3),
        ("echo hostname | kubectl exec -i deploy/api -- sh", "api-trrjvvm4fr-sbqnv\n", "", 0),
        ("kubectl exec deploy/web -- cat /nope", "", "cat: can't open '/nope': No such file or directory\ncommand terminated with exit code 1\n", 1),
        (
            "kubectl exec deploy/web -- foo",
            "",
            "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"foo\": executable file not found in $PATH: unknown\n",
            1,
        ),
        (
            "kubectl exec deploy/web ls",
            "",
            "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n",
            1,
        ),
        ("kubectl exec", "", "error: pod, type/name or --filename must be specified\n", 1),
        (
            "kubectl exec deploy/nope -- ls",
            "",
            "Error from server (NotFound): deployments.apps \"nope\" not found\n",
            1,
        ),
        (
            "kubectl exec node/10.176.48.60 -- ls",
            "",
            "error: cannot attach to *v1.Node: selector for *v1.Node not implemented\n",
            1,
        ),
        (
            "kubectl exec deploy/web -c nope -- ls",
            "",
            "error: container nope is not valid for pod web-ctlrfs7p7j-648d2 out of: web\n",
            1,
        ),
        ("kubectl exec -t deploy/web -- hostname", "web-ctlrfs7p7j-648d2\n", "", 0),
        ("kubectl exec deploy/web", "", "error: you must specify at least one command for the container\n", 1),
        (
            "kubectl exec deploy/batch-worker -- ls",
            "",
            "error: unable to upgrade connection: container not found (\"batch-worker\")\n",
            1,
        ),
        ("kubectl exec nope -- ls", "", "Error from server (NotFound): pods \"nope\" not found\n", 1),
    ])
    .await;
    // -i at the terminal without -t: typed lines are stdin, then EOF.
    t.host.push_line("hostname");
    t.host.push_line("echo x; exit 4");
    assert_eq!(
        t.sh("kubectl exec -i deploy/web -- sh").await,
        (
            "web-ctlrfs7p7j-648d2\nx\n".to_string(),
            "command terminated with exit code 4\n".to_string(),
            4
        )
    );
    // A terminal: keys go in raw, the remote shell echoes and prompts.
    t.host.push_raw(b"hostname\r");
    t.host.push_raw(b"stty size\r");
    // The window grows: the new size reaches the container.
    t.host.push_resize(120, 40);
    t.host.push_raw(b"stty size\r");
    t.host.push_raw(b"exit 5\r");
    let p = "root@web-ctlrfs7p7j-648d2:/# ";
    assert_eq!(
        t.sh("kubectl exec -it deploy/web -- sh").await,
        (
            format!(
                "{p}hostname\r\nweb-ctlrfs7p7j-648d2\r\n{p}stty size\r\n24 80\r\n{p}stty size\r\n40 120\r\n{p}exit 5\r\n"
            ),
            "command terminated with exit code 5\n".to_string(),
            5
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn exec_tty_ends_with_ctrl_d_and_passes_ctrl_c() {
    let mut t = Term::logged_in().await;
    // Ctrl-C is a key for the remote shell (it drops the line), Ctrl-D on
    // an empty line ends it with status 0.
    t.host.push_raw(b"ech\x03");
    t.host.push_raw(b"echo hi\r");
    t.host.push_raw(b"\x04");
    let p = "root@web-ctlrfs7p7j-648d2:/# ";
    let (out, err, code) = t.sh("kubectl exec -it deploy/web -- sh").await;
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(out, format!("{p}ech^C\r\n{p}echo hi\r\nhi\r\n{p}exit\r\n"));
}

#[tokio::test(flavor = "current_thread")]
async fn top_and_can_i() {
    let mut t = Term::logged_in().await;
    t.table(&[
        (
            "kubectl top pods",
            "NAME                   CPU(cores)   MEMORY(bytes)   \napi-trrjvvm4fr-sbqnv   9m           50Mi            \napi-trrjvvm4fr-wtrfj   7m           48Mi            \nweb-ctlrfs7p7j-648d2   3m           3Mi             \nweb-ctlrfs7p7j-d2sds   4m           6Mi             \nweb-ctlrfs7p7j-l67mf   3m           5Mi             \n",
            "",
            0,
        ),
        (
            "kubectl top nodes",
            "NAME           CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \n10.176.48.60   208m         5%       1493Mi          11%         \n10.176.48.61   206m         5%       1446Mi          10%         \n10.176.48.62   223m         5%       1530Mi          11%         \n",
            "",
            0,
        ),
        (
            "kubectl top pods -n kube-system --containers --sort-by cpu --no-headers",
            "metrics-server-89nd4zj6bj-jjn84   metrics-server   6m    22Mi   \ncoredns-84grnvt7f8-ffd8l          coredns          5m    18Mi   \ncoredns-84grnvt7f8-hcgmn          coredns          4m    21Mi   \n",
            "",
            0,
        ),
        ("kubectl top pods -n kube-public", "", "No resources found in kube-public namespace.\n", 0),
        ("kubectl top pod nope", "", "Error from server (NotFound): podmetrics.metrics.k8s.io \"default/nope\" not found\n", 1),
        ("kubectl top pods --sort-by age", "", "error: --sort-by accepts only cpu or memory\n", 1),
        ("kubectl top pod a b", "", "error: pod [NAME | -l label]\nSee 'kubectl top pod -h' for help and examples\n", 1),
        ("kubectl top node a -l x=y", "", "error: only one of NAME or --selector can be provided\n", 1),
        ("kubectl top foo", "", "error: unknown command \"foo\"\nSee 'kubectl top -h' for help and examples\n", 1),
        ("kubectl top pods -A -l app=nope", "", "No resources found\n", 0),
        (
            "kubectl top pods -A --sum",
            "NAMESPACE     NAME                                     CPU(cores)   MEMORY(bytes)   \ndefault       api-trrjvvm4fr-sbqnv                     9m           50Mi            \ndefault       api-trrjvvm4fr-wtrfj                     7m           48Mi            \ndefault       web-ctlrfs7p7j-648d2                     3m           3Mi             \ndefault       web-ctlrfs7p7j-d2sds                     4m           6Mi             \ndefault       web-ctlrfs7p7j-l67mf                     3m           5Mi             \nibm-system    ibm-cloud-provider-ip-flltz9sqsk-ntlpz   7m           23Mi            \nkube-system   coredns-84grnvt7f8-ffd8l                 5m           18Mi            \nkube-system   coredns-84grnvt7f8-hcgmn                 4m           21Mi            \nkube-system   metrics-server-89nd4zj6bj-jjn84          6m           22Mi            \n                                                       ________     ________        \n                                                       44m          200Mi           \n",
            "",
            0,
        ),
        (
            "kubectl top node 10.176.48.60 --show-capacity",
            "NAME           CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \n10.176.48.60   208m         5%       1493Mi          9%          \n",
            "",
            0,
        ),
        ("kubectl auth can-i create pods", "yes\n", "", 0),
        ("kubectl auth can-i list nodes", "yes\n", "Warning: resource 'nodes' is not namespace scoped\n\n", 0),
        (
            "kubectl auth can-i fly foos",
            "yes\n",
            "Warning: the server doesn't have a resource type 'foos'\n\nWarning: verb 'fly' is not a known verb\n\n",
            0,
        ),
        ("kubectl auth can-i post /healthz -q", "", "", 0),
        ("kubectl auth can-i get pods --list", "", "error: list option must be specified with no arguments\n", 1),
        (
            "kubectl auth can-i --list",
            "Resources                                       Non-Resource URLs   Resource Names   Verbs\n*.*                                             []                  []               [*]\n                                                [*]                 []               [*]\nselfsubjectreviews.authentication.k8s.io        []                  []               [create]\nselfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]\nselfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]\n                                                [/api/*]            []               [get]\n                                                [/api]              []               [get]\n                                                [/apis/*]           []               [get]\n                                                [/apis]             []               [get]\n                                                [/healthz]          []               [get]\n                                                [/livez]            []               [get]\n                                                [/openapi/*]        []               [get]\n                                                [/openapi]          []               [get]\n                                                [/readyz]           []               [get]\n                                                [/version/]         []               [get]\n                                                [/version]          []               [get]\n",
            "",
            0,
        ),
        ("kubectl auth foo", "", "error: unknown command \"foo\"\nSee 'kubectl auth -h' for help and examples\n", 1),
        (
            "kubectl auth can-i create",
            "",
            "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n",
            1,
        ),
    ])
    .await;
    let mut v = Term::logged_in_as("demo-viewer-apikey").await;
    v.table(&[
        ("kubectl auth can-i create pods", "no\n", "", 1),
        (
            "kubectl auth can-i delete deployments -n kube-system",
            "no\n",
            "",
            1,
        ),
        ("kubectl auth can-i get pods -A", "yes\n", "", 0),
        ("kubectl auth can-i watch deploy/web", "yes\n", "", 0),
        ("kubectl auth can-i --list", "Resources                                       Non-Resource URLs   Resource Names   Verbs\nselfsubjectreviews.authentication.k8s.io        []                  []               [create]\nselfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]\nselfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]\n*.*                                             []                  []               [get list watch]\n                                                [*]                 []               [get]\n                                                [/api/*]            []               [get]\n                                                [/api]              []               [get]\n                                                [/apis/*]           []               [get]\n                                                [/apis]             []               [get]\n                                                [/healthz]          []               [get]\n                                                [/livez]            []               [get]\n                                                [/openapi/*]        []               [get]\n                                                [/openapi]          []               [get]\n                                                [/readyz]           []               [get]\n                                                [/version/]         []               [get]\n                                                [/version]          []               [get]\n", "", 0),
    ])
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn explain() {
    let mut t = Term::logged_in().await;
    t.table(&[
        (
            "kubectl explain pods.spec.containers.ports",
            "KIND:       Pod\nVERSION:    v1\n\nFIELD: ports <[]ContainerPort>\n\n\nDESCRIPTION:\n    Ports the container exposes (informational).\n    A network port of a container.\n    \nFIELDS:\n  containerPort\t<integer> -required-\n    The port number on the pod's IP address.\n\n  name\t<string>\n    A name services can refer to the port by.\n\n  protocol\t<string>\n    TCP, UDP or SCTP. Defaults to TCP.\n\n\n",
            "",
            0,
        ),
        (
            "kubectl explain deploy.spec.selector.matchLabels",
            "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: matchLabels <map[string]string>\n\n\nDESCRIPTION:\n    Labels that must all be present with these values.\n    \n\n",
            "",
            0,
        ),
        (
            "kubectl explain svc.spec.ports.targetPort",
            "KIND:       Service\nVERSION:    v1\n\nFIELD: targetPort <IntOrString>\n\n\nDESCRIPTION:\n    The port (number or name) on the pods.\n    A number or a string.\n    \n\n",
            "",
            0,
        ),
        (
            "kubectl explain deploy --recursive",
            "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nDESCRIPTION:\n    A Deployment keeps a number of identical pods running and rolls out changes\n    to them.\n    \nFIELDS:\n  apiVersion\t<string>\n  kind\t<string>\n  metadata\t<ObjectMeta>\n    annotations\t<map[string]string>\n    creationTimestamp\t<string>\n    deletionGracePeriodSeconds\t<integer>\n    deletionTimestamp\t<string>\n    finalizers\t<[]string>\n    generateName\t<string>\n    generation\t<integer>\n    labels\t<map[string]string>\n    managedFields\t<[]Object>\n    name\t<string>\n    namespace\t<string>\n    ownerReferences\t<[]OwnerReference>\n      apiVersion\t<string> -required-\n      controller\t<boolean>\n      kind\t<string> -required-\n      name\t<string> -required-\n      uid\t<string> -required-\n    resourceVersion\t<string>\n    selfLink\t<string>\n    uid\t<string>\n  spec\t<DeploymentSpec>\n    minReadySeconds\t<integer>\n    paused\t<boolean>\n    progressDeadlineSeconds\t<integer>\n    replicas\t<integer>\n    revisionHistoryLimit\t<integer>\n    selector\t<LabelSelector> -required-\n      matchExpressions\t<[]Object>\n      matchLabels\t<map[string]string>\n    strategy\t<Object>\n    template\t<PodTemplateSpec> -required-\n      metadata\t<ObjectMeta>\n        annotations\t<map[string]string>\n        creationTimestamp\t<string>\n        deletionGracePeriodSeconds\t<integer>\n        deletionTimestamp\t<string>\n        finalizers\t<[]string>\n        generateName\t<string>\n        generation\t<integer>\n        labels\t<map[string]string>\n        managedFields\t<[]Object>\n        name\t<string>\n        namespace\t<string>\n        ownerReferences\t<[]OwnerReference>\n          apiVersion\t<string> -required-\n          controller\t<boolean>\n          kind\t<string> -required-\n          name\t<string> -required-\n          uid\t<string> -required-\n        resourceVersion\t<string>\n        selfLink\t<string>\n        uid\t<string>\n      spec\t<PodSpec>\n        containers\t<[]Container> -required-\n          args\t<[]string>\n          command\t<[]string>\n          env\t<[]EnvVar>\n            name\t<string> -required-\n            value\t<string>\n          image\t<string>\n          imagePullPolicy\t<string>\n          name\t<string> -required-\n          ports\t<[]ContainerPort>\n            containerPort\t<integer> -required-\n            name\t<string>\n            protocol\t<string>\n          resources\t<ResourceRequirements>\n            limits\t<map[string]string>\n            requests\t<map[string]string>\n          volumeMounts\t<[]VolumeMount>\n            mountPath\t<string> -required-\n            name\t<string> -required-\n            readOnly\t<boolean>\n        initContainers\t<[]Container>\n          args\t<[]string>\n          command\t<[]string>\n          env\t<[]EnvVar>\n            name\t<string> -required-\n            value\t<string>\n          image\t<string>\n          imagePullPolicy\t<string>\n          name\t<string> -required-\n          ports\t<[]ContainerPort>\n            containerPort\t<integer> -required-\n            name\t<string>\n            protocol\t<string>\n          resources\t<ResourceRequirements>\n            limits\t<map[string]string>\n            requests\t<map[string]string>\n          volumeMounts\t<[]VolumeMount>\n            mountPath\t<string> -required-\n            name\t<string> -required-\n            readOnly\t<boolean>\n        nodeName\t<string>\n        nodeSelector\t<map[string]string>\n        restartPolicy\t<string>\n        serviceAccountName\t<string>\n        terminationGracePeriodSeconds\t<integer>\n        volumes\t<[]Volume>\n          configMap\t<ConfigMapVolumeSource>\n            name\t<string>\n          name\t<string> -required-\n  status\t<DeploymentStatus>\n    availableReplicas\t<integer>\n    readyReplicas\t<integer>\n    replicas\t<integer>\n    updatedReplicas\t<integer>\n\n",
            "",
            0,
        ),
        (
            "kubectl explain pods.nope",
            "KIND:       Pod\nVERSION:    v1\n\n",
            "error: field \"nope\" does not exist\n",
            1,
        ),
        (
            "kubectl explain",
            "",
            "error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n",
            1,
        ),
        (
            "kubectl explain foo",
            "",
            "the server doesn't have a resource type \"foo\"\n",
            1,
        ),
    ])
    .await;
}
