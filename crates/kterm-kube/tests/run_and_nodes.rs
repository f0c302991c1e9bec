#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! `kubectl run`, `cordon`, `uncordon` and `drain` against the sandbox
//! over real HTTP, with exact output. The texts are the real kubectl's
//! (checked against it by crates/kterm-server/tests/kubectl_differential_verbs.rs).

mod common;

use common::Term;

#[tokio::test(flavor = "current_thread")]
async fn run_creates_pods_as_kubectl_generates_them() {
    let mut t = Term::logged_in().await;
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    k: v\n  labels:\n    a: b\n    c: d\n  name: x\nspec:\n  containers:\n  - command:\n    - sh\n    - -c\n    - echo hi\n    env:\n    - name: A\n      value: \"1\"\n    - name: B\n      value: \"2\"\n    image: nginx\n    imagePullPolicy: Always\n    name: x\n    ports:\n    - containerPort: 80\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Never\nstatus: {}\n";
    let json = "{\n    \"kind\": \"Pod\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"x\",\n        \"namespace\": \"team\",\n        \"labels\": {\n            \"run\": \"x\"\n        }\n    },\n    \"spec\": {\n        \"containers\": [\n            {\n                \"name\": \"x\",\n                \"image\": \"nginx\",\n                \"args\": [\n                    \"a\",\n                    \"b\"\n                ],\n                \"resources\": {}\n            }\n        ],\n        \"restartPolicy\": \"Always\",\n        \"dnsPolicy\": \"ClusterFirst\"\n    },\n    \"status\": {}\n}\n";
    t.table(&[
        ("kubectl run hello --image=nginx:1.27", "pod/hello created\n", "", 0),
        (
            "kubectl get pod hello -o jsonpath='{.metadata.labels.run} {.spec.containers[0].name} {.spec.containers[0].image} {.spec.restartPolicy} {.spec.dnsPolicy}'",
            "hello hello nginx:1.27 Always ClusterFirst",
            "",
            0,
        ),
        ("kubectl run hello --image=nginx:1.27", "", "Error from server (AlreadyExists): pods \"hello\" already exists\n", 1),
        (
            "kubectl run job1 --image=busybox --restart=Never -l app=job1 --env=GREETING=hi --port=8080 --image-pull-policy=IfNotPresent --annotations=team=a --command -- sh -c 'echo $GREETING'",
            "pod/job1 created\n",
            "",
            0,
        ),
        (
            "kubectl get pod job1 -o jsonpath='{.metadata.labels} {.metadata.annotations.team} {.spec.containers[0].command} {.spec.containers[0].env[0].value} {.spec.containers[0].ports[0].containerPort} {.spec.restartPolicy} {.spec.containers[0].imagePullPolicy}'",
            "{\"app\":\"job1\"} a [\"sh\",\"-c\",\"echo $GREETING\"] hi 8080 Never IfNotPresent",
            "",
            0,
        ),
        ("kubectl run args1 --image=busybox -o name -- sleep 3600", "pod/args1\n", "", 0),
        ("kubectl get pod args1 -o jsonpath='{.spec.containers[0].args}'", "[\"sleep\",\"3600\"]", "", 0),
        ("kubectl run x --image=nginx --dry-run=client -o yaml -l a=b,c=d --env=A=1 --env B=2 --port=80 --restart=Never --image-pull-policy=Always --annotations=k=v --command -- sh -c 'echo hi'", yaml, "", 0),
        ("kubectl run x --image=nginx --dry-run=client -o json -n team -- a b", json, "", 0),
        ("kubectl run x --image=nginx --dry-run=client", "pod/x created (dry run)\n", "", 0),
        ("kubectl run x --image=nginx --dry-run=server", "pod/x created (server dry run)\n", "", 0),
        ("kubectl get pod x", "", "Error from server (NotFound): pods \"x\" not found\n", 1),
        ("kubectl run there --image=nginx -n kube-public -o name && kubectl get pod there -n kube-public -o name", "pod/there\npod/there\n", "", 0),
        ("kubectl run e --image=nginx --port=80 --expose", "pod/e created\nservice/e created\n", "", 0),
        ("kubectl get svc e -o jsonpath='{.spec.selector} {.spec.ports[0].port} {.spec.ports[0].targetPort}'", "{\"run\":\"e\"} 80 80", "", 0),
        ("kubectl run x", "", "error: required flag(s) \"image\" not set\n", 1),
        ("kubectl run --image=nginx", "", "error: NAME is required for run\n", 1),
        ("kubectl run x --image=nginx --restart=Bad", "", "error: invalid restart policy: Bad, valid values are: Always, OnFailure, Never\n", 1),
        ("kubectl run x --image=Bad:Image", "", "error: invalid image name \"Bad:Image\": invalid reference format\n", 1),
        ("kubectl run x --image=nginx -it", "", "error: attaching to the pod (-i, -t, --attach, --rm) is not supported in this terminal yet; run it without them, then use 'kubectl logs -f' or 'kubectl exec'\n", 1),
        ("kubectl get pod x", "", "Error from server (NotFound): pods \"x\" not found\n", 1),
    ])
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn cordon_uncordon_drain() {
    // drain waits for the pods to stop: its sleeps move the sandbox's clock.
    let (mut shell, host, _) = Term::logged_in().await.into_sim();
    let n = "10.176.48.60";
    common::table(
        &mut shell,
        &host,
        &[
        (
            format!("kubectl cordon {n}").as_str(),
            format!("node/{n} cordoned\n").as_str(),
            "",
            0,
        ),
        (
            &format!("kubectl cordon {n}"),
            &format!("node/{n} already cordoned\n"),
            "",
            0,
        ),
        (
            &format!("kubectl get node {n} -o jsonpath='{{.spec.unschedulable}}'"),
            "true",
            "",
            0,
        ),
        (
            &format!("kubectl uncordon {n} --dry-run=client"),
            &format!("node/{n} uncordoned (dry run)\n"),
            "",
            0,
        ),
        (
            &format!("kubectl uncordon {n} --dry-run=server"),
            &format!("node/{n} uncordoned (server dry run)\n"),
            "",
            0,
        ),
        (
            &format!("kubectl uncordon {n}"),
            &format!("node/{n} uncordoned\n"),
            "",
            0,
        ),
        (
            &format!("kubectl uncordon {n}"),
            &format!("node/{n} already uncordoned\n"),
            "",
            0,
        ),
        (
            &format!("kubectl get node {n} -o jsonpath='{{.spec.unschedulable}}'"),
            "",
            "",
            0,
        ),
        (
            "kubectl cordon nope",
            "",
            "Error from server (NotFound): nodes \"nope\" not found\n",
            1,
        ),
        (
            "kubectl cordon",
            "",
            "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n",
            1,
        ),
        (
            "kubectl drain",
            "",
            "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n",
            1,
        ),
        ("kubectl cordon -l nope=1", "", "", 0),
    ])
    .await;
    // The node's pods: the ReplicaSets make new ones at once.
    let dry = format!("node/{n} cordoned (dry run)\nevicting pod default/api-trrjvvm4fr-wtrfj (dry run)\nevicting pod kube-system/coredns-84grnvt7f8-hcgmn (dry run)\nnode/{n} drained (dry run)\n");
    let drained = format!("node/{n} cordoned\npod/api-trrjvvm4fr-wtrfj deleted\npod/coredns-84grnvt7f8-hcgmn deleted\nnode/{n} drained\n");
    common::table(
        &mut shell,
        &host,
        &[
            (
                format!("kubectl drain {n} --dry-run=client"),
                dry,
                String::new(),
                0,
            ),
            (format!("kubectl drain {n}"), drained, String::new(), 0),
            (
                "kubectl get pod api-trrjvvm4fr-wtrfj".to_string(),
                String::new(),
                "Error from server (NotFound): pods \"api-trrjvvm4fr-wtrfj\" not found\n"
                    .to_string(),
                1,
            ),
            (
                format!("kubectl uncordon {n}"),
                format!("node/{n} uncordoned\n"),
                String::new(),
                0,
            ),
        ],
    )
    .await;
    // A pod without a controller stops the drain unless --force.
    let bare = "kubectl run lonely --image=nginx -o name && kubectl get pod lonely -o jsonpath='{.spec.nodeName}'";
    let (out, err, code) = common::sh(&mut shell, &host, bare).await;
    assert_eq!((err.as_str(), code), ("", 0));
    let node = out.strip_prefix("pod/lonely\n").unwrap().to_string();
    let refused = format!("error: unable to drain node \"{node}\" due to error: cannot delete Pods that declare no controller (use --force to override): default/lonely, continuing command...\nThere are pending nodes to be drained:\n {node}\ncannot delete Pods that declare no controller (use --force to override): default/lonely\n");
    let line = format!("kubectl drain {node} --ignore-daemonsets");
    let (out, err, code) = common::sh(&mut shell, &host, &line).await;
    assert_eq!(
        (out, err, code),
        (format!("node/{node} cordoned\n"), refused, 1)
    );
    let line = format!("kubectl drain {node} --force --dry-run=server");
    let (out, err, code) = common::sh(&mut shell, &host, &line).await;
    assert_eq!(
        err,
        "Warning: deleting Pods that declare no controller: default/lonely\n"
    );
    assert_eq!(code, 0);
    assert!(
        out.starts_with(&format!("node/{node} already cordoned (server dry run)\n")),
        "{out}"
    );
    assert!(
        out.ends_with(&format!("node/{node} drained (server dry run)\n")),
        "{out}"
    );
}
