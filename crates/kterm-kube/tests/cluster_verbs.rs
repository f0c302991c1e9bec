#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! api-resources, api-versions, cluster-info, completion, the verbs a
//! browser cannot run, global flags before the verb, and Tab completion,
//! over real HTTP against the sandbox. Expected text is what kubectl
//! 1.37.1 printed against the same sandbox.

mod common;

use common::{sh, table, Term};

const VERBS: &str = "create,delete,deletecollection,get,list,patch,update,watch";

#[tokio::test(flavor = "current_thread")]
async fn discovery_and_cluster_verbs() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    let cfg = kterm_kubeconfig::Loaded::load(&shell.state, None)
        .unwrap()
        .config
        .to_value();
    let server = cfg["clusters"][0]["cluster"]["server"]
        .as_str()
        .unwrap()
        .to_string();
    let cases: Vec<(&str, String, &str, i32)> = vec![
        (
            "kubectl api-resources",
            "NAME                        SHORTNAMES   APIVERSION                     NAMESPACED   KIND
configmaps                  cm           v1                             true         ConfigMap
endpoints                   ep           v1                             true         Endpoints
events                      ev           v1                             true         Event
namespaces                  ns           v1                             false        Namespace
nodes                       no           v1                             false        Node
persistentvolumeclaims      pvc          v1                             true         PersistentVolumeClaim
pods                        po           v1                             true         Pod
resourcequotas              quota        v1                             true         ResourceQuota
secrets                                  v1                             true         Secret
serviceaccounts             sa           v1                             true         ServiceAccount
services                    svc          v1                             true         Service
customresourcedefinitions   crd,crds     apiextensions.k8s.io/v1        false        CustomResourceDefinition
daemonsets                  ds           apps/v1                        true         DaemonSet
deployments                 deploy       apps/v1                        true         Deployment
replicasets                 rs           apps/v1                        true         ReplicaSet
statefulsets                sts          apps/v1                        true         StatefulSet
localsubjectaccessreviews                authorization.k8s.io/v1        true         LocalSubjectAccessReview
selfsubjectaccessreviews                 authorization.k8s.io/v1        false        SelfSubjectAccessReview
selfsubjectrulesreviews                  authorization.k8s.io/v1        false        SelfSubjectRulesReview
subjectaccessreviews                     authorization.k8s.io/v1        false        SubjectAccessReview
cronjobs                    cj           batch/v1                       true         CronJob
jobs                                     batch/v1                       true         Job
nodes                                    metrics.k8s.io/v1beta1         false        NodeMetrics
pods                                     metrics.k8s.io/v1beta1         true         PodMetrics
ingresses                   ing          networking.k8s.io/v1           true         Ingress
poddisruptionbudgets        pdb          policy/v1                      true         PodDisruptionBudget
clusterrolebindings                      rbac.authorization.k8s.io/v1   false        ClusterRoleBinding
clusterroles                             rbac.authorization.k8s.io/v1   false        ClusterRole
rolebindings                             rbac.authorization.k8s.io/v1   true         RoleBinding
roles                                    rbac.authorization.k8s.io/v1   true         Role
priorityclasses             pc           scheduling.k8s.io/v1           false        PriorityClass
crontabs                    ct           stable.example.com/v1          true         CronTab
".into(),
            "",
            0,
        ),
        (
            "kubectl api-resources --namespaced=false -o wide",
            format!("NAME                        SHORTNAMES   APIVERSION                     NAMESPACED   KIND                       VERBS                                                        CATEGORIES
namespaces                  ns           v1                             false        Namespace                  {VERBS}   
nodes                       no           v1                             false        Node                       {VERBS}   
customresourcedefinitions   crd,crds     apiextensions.k8s.io/v1        false        CustomResourceDefinition   {VERBS}   api-extensions
selfsubjectaccessreviews                 authorization.k8s.io/v1        false        SelfSubjectAccessReview    create                                                       
selfsubjectrulesreviews                  authorization.k8s.io/v1        false        SelfSubjectRulesReview     create                                                       
subjectaccessreviews                     authorization.k8s.io/v1        false        SubjectAccessReview        create                                                       
nodes                                    metrics.k8s.io/v1beta1         false        NodeMetrics                get,list                                                     
clusterrolebindings                      rbac.authorization.k8s.io/v1   false        ClusterRoleBinding         {VERBS}   
clusterroles                             rbac.authorization.k8s.io/v1   false        ClusterRole                {VERBS}   
priorityclasses             pc           scheduling.k8s.io/v1           false        PriorityClass              {VERBS}   
"),
            "",
            0,
        ),
        (
            "kubectl api-resources --verbs=list,watch --api-group=batch --no-headers",
            "cronjobs   cj    batch/v1   true   CronJob\njobs             batch/v1   true   Job\n".into(),
            "",
            0,
        ),
        (
            "kubectl api-resources -o name --api-group=apps",
            "daemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n".into(),
            "",
            0,
        ),
        (
            "kubectl api-resources --api-group=nope",
            "NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n".into(),
            "",
            0,
        ),
        (
            "kubectl api-resources -o foo",
            String::new(),
            "error: unable to match a printer suitable for the output format \"foo\", allowed formats are: json,kyaml,name,wide,yaml\n",
            1,
        ),
        (
            "kubectl -n kube-system api-versions",
            "apiextensions.k8s.io/v1\napps/v1\nauthorization.k8s.io/v1\nbatch/v1\nmetrics.k8s.io/v1beta1\nnetworking.k8s.io/v1\npolicy/v1\nrbac.authorization.k8s.io/v1\nscheduling.k8s.io/v1\nstable.example.com/v1\nv1\n".into(),
            "",
            0,
        ),
        (
            "kubectl cluster-info",
            format!("Kubernetes control plane is running at {server}\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"),
            "",
            0,
        ),
        (
            "kubectl completion",
            String::new(),
            "error: Shell not specified.\nSee 'kubectl completion -h' for help and examples\n",
            1,
        ),
        (
            "kubectl completion foo",
            String::new(),
            "error: Unsupported shell type \"foo\".\nSee 'kubectl completion -h' for help and examples\n",
            1,
        ),
        (
            "kubectl --namespace kube-system get deploy -o name",
            "deployment.apps/coredns\ndeployment.apps/metrics-server\n".into(),
            "",
            0,
        ),
        (
            "kubectl -n kube-public --context nope get pods",
            String::new(),
            "error: context was not found for specified context: nope\n",
            1,
        ),
    ];
    table(&mut shell, &host, &cases).await;

    let (out, _, code) = sh(&mut shell, &host, "kubectl completion bash").await;
    assert_eq!(code, 0);
    assert!(
        out.contains("Completion is built into this terminal"),
        "{out}"
    );
    for verb in ["port-forward pod/x 8080:80", "proxy", "cp a b"] {
        let (out, err, code) = sh(&mut shell, &host, &format!("kubectl {verb}")).await;
        assert_eq!((out.as_str(), code), ("", 1), "{verb}");
        assert!(
            err.starts_with("error: kubectl ") && err.contains("browser"),
            "{err}"
        );
    }
    let (out, _, _) = sh(
        &mut shell,
        &host,
        "kubectl api-resources -o json --api-group=batch",
    )
    .await;
    assert!(out.starts_with("{\n    \"kind\": \"APIResourceList\",\n    \"apiVersion\": \"v1\",\n    \"groupVersion\": \"\",\n    \"resources\": [\n        {\n            \"name\": \"cronjobs\",\n            \"singularName\": \"cronjob\",\n            \"namespaced\": true,\n            \"group\": \"batch\",\n            \"version\": \"v1\",\n            \"kind\": \"CronJob\",\n"), "{out}");
}

#[tokio::test(flavor = "current_thread")]
async fn tab_completion() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    let cases: &[(&str, &[&str])] = &[
        ("kubectl api-", &["api-resources", "api-versions"]),
        ("kubectl get deploy", &["deployments"]),
        ("kubectl get deployments -n kube-system co", &["coredns"]),
        (
            "kubectl -n kube-system get deploy/m",
            &["deploy/metrics-server"],
        ),
        ("kubectl get ns kube-p", &["kube-public"]),
        (
            "kubectl get pods -n kube-",
            &["kube-node-lease", "kube-public", "kube-system"],
        ),
        ("kubectl config use", &["use-context"]),
        (
            "kubectl config use-context my",
            &["mycluster/cnvgf7md0b9ab3c5mcl0"],
        ),
        ("kubectl get pods -o ya", &["yaml"]),
        ("kubectl get pods --all-n", &["--all-namespaces"]),
        ("kubectl --kubec", &["--kubeconfig"]),
        ("kubectl cor", &["cordon"]),
        ("kubectl unc", &["uncordon"]),
        ("kubectl ev", &["events"]),
        ("kubectl att", &["attach"]),
        (
            "kubectl drain 10.176.48.6",
            &["10.176.48.60", "10.176.48.61", "10.176.48.62"],
        ),
        ("kubectl run x --restart N", &["Never"]),
        ("kubectl create pri", &["priorityclass"]),
        (
            "kubectl create service ",
            &["clusterip", "externalname", "loadbalancer", "nodeport"],
        ),
        ("kubectl create secret d", &["docker-registry"]),
        ("kubectl create token -n kube-system def", &["default"]),
        ("kubectl create quota q --sco", &["--scopes"]),
        ("kubectl run x --image-pull-policy If", &["IfNotPresent"]),
        ("kubectl events --ty", &["--types"]),
        ("oc who", &["whoami"]),
        ("oc get deployments -n kube-system co", &["coredns"]),
    ];
    common::completions(&mut shell, &host, cases).await;
}
