//! The schemas `/openapi/v3` serves: each kind the sandbox stores with
//! its main fields, enough for `kubectl explain` to walk
//! `pods.spec.containers.ports` and the like. The descriptions are the
//! sandbox's own short summaries.
//!
//! A field's type is `string`, `integer`, `boolean`, `map` (string to
//! string), `object` (fields not described here), `[]string`, `[]object`, or the short name of another schema here
//! (`PodSpec`, `[]Container`).

/// One schema.
pub struct Type {
    /// The full name, as kube-apiserver names components.
    pub id: &'static str,
    pub doc: &'static str,
    pub fields: &'static [(&'static str, &'static str, &'static str)],
    pub required: &'static [&'static str],
    /// (group, version, kind) for the top-level kinds.
    pub gvk: Option<(&'static str, &'static str, &'static str)>,
}

const API_VERSION: (&str, &str, &str) = (
    "apiVersion",
    "string",
    "The versioned schema of this representation of an object, such as v1 or apps/v1.",
);
const KIND: (&str, &str, &str) = (
    "kind",
    "string",
    "The REST resource this object represents, in CamelCase, such as Pod.",
);
const METADATA: (&str, &str, &str) = (
    "metadata",
    "ObjectMeta",
    "Standard object metadata: name, namespace, labels, annotations and the fields the server sets.",
);

macro_rules! kind {
    ($id:expr, $gvk:expr, $doc:expr, [$($f:expr),* $(,)?]) => {
        Type { id: $id, doc: $doc, fields: &[API_VERSION, KIND, METADATA, $($f),*], required: &[], gvk: Some($gvk) }
    };
}

macro_rules! ty {
    ($id:expr, $doc:expr, [$($f:expr),* $(,)?]) => {
        Type { id: $id, doc: $doc, fields: &[$($f),*], required: &[], gvk: None }
    };
    ($id:expr, $doc:expr, required $req:expr, [$($f:expr),* $(,)?]) => {
        Type { id: $id, doc: $doc, fields: &[$($f),*], required: $req, gvk: None }
    };
}

pub const TYPES: &[Type] = &[
    kind!(
        "io.k8s.api.core.v1.Pod",
        ("", "v1", "Pod"),
        "A Pod runs one or more containers together on a node, sharing its network and storage.",
        [
            (
                "spec",
                "PodSpec",
                "What the pod should run: its containers, volumes and scheduling."
            ),
            (
                "status",
                "PodStatus",
                "What the pod is doing now, as last observed. Read-only."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.PodSpec",
        "The desired state of a pod.",
        required & ["containers"],
        [
            (
                "containers",
                "[]Container",
                "The containers of the pod. There must be at least one."
            ),
            (
                "initContainers",
                "[]Container",
                "Containers run to completion, in order, before the regular containers start."
            ),
            (
                "nodeName",
                "string",
                "The node the pod is bound to; set by the scheduler."
            ),
            (
                "nodeSelector",
                "map",
                "Labels a node must carry for the pod to be scheduled there."
            ),
            (
                "restartPolicy",
                "string",
                "When containers are restarted: Always, OnFailure or Never."
            ),
            (
                "serviceAccountName",
                "string",
                "The service account the pod runs as."
            ),
            (
                "terminationGracePeriodSeconds",
                "integer",
                "Seconds the pod is given to stop before it is killed."
            ),
            (
                "volumes",
                "[]Volume",
                "Volumes the containers of the pod may mount."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.Container",
        "One container of a pod.",
        required & ["name"],
        [
            ("args", "[]string", "Arguments to the entrypoint."),
            (
                "command",
                "[]string",
                "The entrypoint; the image's own when empty."
            ),
            (
                "env",
                "[]EnvVar",
                "Environment variables set in the container."
            ),
            ("image", "string", "The container image to run."),
            (
                "imagePullPolicy",
                "string",
                "When the image is pulled: Always, Never or IfNotPresent."
            ),
            (
                "name",
                "string",
                "The container's name, unique in the pod (a DNS label)."
            ),
            (
                "ports",
                "[]ContainerPort",
                "Ports the container exposes (informational)."
            ),
            (
                "resources",
                "ResourceRequirements",
                "Compute resources the container requests and may use at most."
            ),
            (
                "volumeMounts",
                "[]VolumeMount",
                "Volumes mounted into the container's file system."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.ContainerPort",
        "A network port of a container.",
        required & ["containerPort"],
        [
            (
                "containerPort",
                "integer",
                "The port number on the pod's IP address."
            ),
            (
                "name",
                "string",
                "A name services can refer to the port by."
            ),
            ("protocol", "string", "TCP, UDP or SCTP. Defaults to TCP."),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.EnvVar",
        "An environment variable.",
        required & ["name"],
        [
            ("name", "string", "The variable's name."),
            ("value", "string", "The variable's value."),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.ResourceRequirements",
        "Compute resources of a container.",
        [
            (
                "limits",
                "map",
                "The most of each resource the container may use."
            ),
            (
                "requests",
                "map",
                "The amount of each resource the container is scheduled with."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.Volume",
        "A named volume of a pod.",
        required & ["name"],
        [
            ("name", "string", "The volume's name, unique in the pod."),
            (
                "configMap",
                "ConfigMapVolumeSource",
                "Files from a config map."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.ConfigMapVolumeSource",
        "A config map whose keys become files.",
        [("name", "string", "The config map's name."),]
    ),
    ty!(
        "io.k8s.api.core.v1.VolumeMount",
        "Where a volume appears in a container.",
        required & ["mountPath", "name"],
        [
            ("mountPath", "string", "The path the volume is mounted at."),
            ("name", "string", "The volume's name."),
            ("readOnly", "boolean", "Mounted read-only when true."),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.PodStatus",
        "The observed state of a pod.",
        [
            (
                "conditions",
                "[]PodCondition",
                "Conditions of the pod, such as Ready."
            ),
            (
                "containerStatuses",
                "[]ContainerStatus",
                "One entry per container."
            ),
            ("hostIP", "string", "The IP address of the pod's node."),
            (
                "phase",
                "string",
                "Pending, Running, Succeeded, Failed or Unknown."
            ),
            ("podIP", "string", "The pod's IP address."),
            (
                "startTime",
                "Time",
                "When the kubelet acknowledged the pod."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.PodCondition",
        "One condition of a pod.",
        required & ["status", "type"],
        [
            (
                "lastTransitionTime",
                "Time",
                "When the status last changed."
            ),
            ("status", "string", "True, False or Unknown."),
            (
                "type",
                "string",
                "The condition, such as Ready or PodScheduled."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.ContainerStatus",
        "The observed state of one container.",
        required & ["name", "ready", "restartCount", "image", "imageID"],
        [
            ("image", "string", "The image the container runs."),
            ("imageID", "string", "The image's ID."),
            ("name", "string", "The container's name."),
            (
                "ready",
                "boolean",
                "Whether the container passes its readiness probe."
            ),
            (
                "restartCount",
                "integer",
                "How often the container was restarted."
            ),
        ]
    ),
    kind!(
        "io.k8s.api.core.v1.Service",
        ("", "v1", "Service"),
        "A Service gives a set of pods one stable address and load-balances between them.",
        [
            (
                "spec",
                "ServiceSpec",
                "The ports and selector of the service."
            ),
            (
                "status",
                "object",
                "The observed state of the service, such as its load balancer. Read-only."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.ServiceSpec",
        "The desired state of a service.",
        [
            (
                "clusterIP",
                "string",
                "The virtual IP address of the service in the cluster."
            ),
            ("ports", "[]ServicePort", "The ports the service exposes."),
            (
                "selector",
                "map",
                "Labels of the pods that receive the traffic."
            ),
            (
                "type",
                "string",
                "ClusterIP, NodePort, LoadBalancer or ExternalName."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.ServicePort",
        "One port of a service.",
        required & ["port"],
        [
            (
                "name",
                "string",
                "The port's name, required when there are several."
            ),
            ("port", "integer", "The port the service listens on."),
            ("protocol", "string", "TCP, UDP or SCTP. Defaults to TCP."),
            (
                "targetPort",
                "IntOrString",
                "The port (number or name) on the pods."
            ),
        ]
    ),
    kind!(
        "io.k8s.api.core.v1.ConfigMap",
        ("", "v1", "ConfigMap"),
        "A ConfigMap holds configuration data as key-value pairs.",
        [
            (
                "binaryData",
                "map",
                "Binary configuration data, base64-encoded."
            ),
            ("data", "map", "The configuration data."),
            (
                "immutable",
                "boolean",
                "When true, the data cannot be changed after creation."
            ),
        ]
    ),
    kind!(
        "io.k8s.api.core.v1.Secret",
        ("", "v1", "Secret"),
        "A Secret holds a small amount of sensitive data such as a password or token.",
        [
            ("data", "map", "The secret data, base64-encoded."),
            (
                "immutable",
                "boolean",
                "When true, the data cannot be changed after creation."
            ),
            (
                "stringData",
                "map",
                "Secret data written as plain strings; merged into data on write."
            ),
            ("type", "string", "What the secret is for, such as Opaque."),
        ]
    ),
    kind!(
        "io.k8s.api.core.v1.Namespace",
        ("", "v1", "Namespace"),
        "A Namespace is a scope for names and a unit of access control.",
        [
            ("spec", "object", "The finalizers of the namespace."),
            (
                "status",
                "object",
                "The phase of the namespace. Read-only."
            ),
        ]
    ),
    kind!(
        "io.k8s.api.core.v1.Node",
        ("", "v1", "Node"),
        "A Node is a worker machine that runs pods.",
        []
    ),
    kind!(
        "io.k8s.api.core.v1.ServiceAccount",
        ("", "v1", "ServiceAccount"),
        "A ServiceAccount is an identity for processes that run in pods.",
        []
    ),
    kind!(
        "io.k8s.api.core.v1.Endpoints",
        ("", "v1", "Endpoints"),
        "Endpoints list the addresses that implement a service.",
        []
    ),
    kind!(
        "io.k8s.api.core.v1.Event",
        ("", "v1", "Event"),
        "An Event reports something that happened to an object.",
        [
            ("message", "string", "What happened, for a person to read."),
            ("reason", "string", "Why, in one CamelCase word."),
            ("type", "string", "Normal or Warning."),
        ]
    ),
    kind!(
        "io.k8s.api.core.v1.PersistentVolumeClaim",
        ("", "v1", "PersistentVolumeClaim"),
        "A PersistentVolumeClaim asks for storage for pods.",
        []
    ),
    kind!(
        "io.k8s.api.apps.v1.Deployment",
        ("apps", "v1", "Deployment"),
        "A Deployment keeps a number of identical pods running and rolls out changes to them.",
        [
            (
                "spec",
                "DeploymentSpec",
                "The desired state of the deployment."
            ),
            (
                "status",
                "DeploymentStatus",
                "The observed state of the deployment. Read-only."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.apps.v1.DeploymentSpec",
        "The desired state of a deployment.",
        required & ["selector", "template"],
        [
            (
                "minReadySeconds",
                "integer",
                "Seconds a new pod must be ready before it counts as available."
            ),
            (
                "paused",
                "boolean",
                "When true, changes to the template start no rollout."
            ),
            (
                "progressDeadlineSeconds",
                "integer",
                "Seconds a rollout may make no progress before it is reported as failed."
            ),
            (
                "replicas",
                "integer",
                "How many pods to run. Defaults to 1."
            ),
            (
                "revisionHistoryLimit",
                "integer",
                "How many old replica sets are kept for rollbacks."
            ),
            (
                "selector",
                "LabelSelector",
                "Which pods belong to the deployment; must match the template's labels."
            ),
            (
                "strategy",
                "object",
                "How old pods are replaced: RollingUpdate or Recreate."
            ),
            ("template", "PodTemplateSpec", "The pods to create."),
        ]
    ),
    ty!(
        "io.k8s.api.apps.v1.DeploymentStatus",
        "The observed state of a deployment.",
        [
            (
                "availableReplicas",
                "integer",
                "Pods that have been ready long enough."
            ),
            ("readyReplicas", "integer", "Pods that are ready."),
            ("replicas", "integer", "Pods the deployment has."),
            (
                "updatedReplicas",
                "integer",
                "Pods running the current template."
            ),
        ]
    ),
    ty!(
        "io.k8s.api.core.v1.PodTemplateSpec",
        "The pods a controller creates.",
        [METADATA, ("spec", "PodSpec", "What the pods run."),]
    ),
    kind!(
        "io.k8s.api.apps.v1.ReplicaSet",
        ("apps", "v1", "ReplicaSet"),
        "A ReplicaSet keeps a number of identical pods running.",
        []
    ),
    kind!(
        "io.k8s.api.apps.v1.StatefulSet",
        ("apps", "v1", "StatefulSet"),
        "A StatefulSet runs pods with stable names and storage.",
        []
    ),
    kind!(
        "io.k8s.api.apps.v1.DaemonSet",
        ("apps", "v1", "DaemonSet"),
        "A DaemonSet runs one pod on each (selected) node.",
        []
    ),
    kind!(
        "io.k8s.api.batch.v1.Job",
        ("batch", "v1", "Job"),
        "A Job runs pods until a number of them have succeeded.",
        []
    ),
    kind!(
        "io.k8s.api.batch.v1.CronJob",
        ("batch", "v1", "CronJob"),
        "A CronJob creates Jobs on a schedule.",
        []
    ),
    kind!(
        "io.k8s.api.networking.v1.Ingress",
        ("networking.k8s.io", "v1", "Ingress"),
        "An Ingress routes outside HTTP traffic to services.",
        []
    ),
    kind!(
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition",
        ("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
        "A CustomResourceDefinition adds a kind to the API server, served under its group and names.",
        [
            (
                "spec",
                "object",
                "The group, names, scope and versions (with their schemas) of the kind."
            ),
            (
                "status",
                "object",
                "Whether the names were accepted and the kind is served. Read-only."
            ),
        ]
    ),
    // The schema of the CronTab CRD (seed.rs), as kube-apiserver
    // publishes a CRD's: named after its group, reversed.
    kind!(
        "com.example.stable.v1.CronTab",
        ("stable.example.com", "v1", "CronTab"),
        "",
        [("spec", "CronTabSpec", ""),]
    ),
    ty!(
        "com.example.stable.v1.CronTabSpec",
        "",
        [
            ("cronSpec", "string", ""),
            ("image", "string", ""),
            ("replicas", "integer", ""),
        ]
    ),
    ty!(
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        "Metadata every persisted object has.",
        [
            (
                "annotations",
                "map",
                "Arbitrary non-identifying data for tools."
            ),
            (
                "creationTimestamp",
                "Time",
                "When the object was created. Set by the server."
            ),
            (
                "deletionGracePeriodSeconds",
                "integer",
                "Seconds the object is given to stop once deletion is requested. Read-only."
            ),
            (
                "deletionTimestamp",
                "Time",
                "When the object will be deleted. Set by the server."
            ),
            (
                "finalizers",
                "[]string",
                "What must happen before the object is removed from the registry."
            ),
            (
                "generateName",
                "string",
                "A prefix the server completes into a unique name when no name is given."
            ),
            (
                "generation",
                "integer",
                "The generation of the desired state. Set by the server."
            ),
            ("labels", "map", "Key-value pairs that selectors match."),
            (
                "managedFields",
                "[]object",
                "Which manager set which fields. Maintained by the server."
            ),
            (
                "name",
                "string",
                "The object's name, unique in its namespace."
            ),
            ("namespace", "string", "The namespace the object lives in."),
            (
                "ownerReferences",
                "[]OwnerReference",
                "The objects this one depends on."
            ),
            (
                "resourceVersion",
                "string",
                "The version of the object, for concurrency control and watches."
            ),
            (
                "selfLink",
                "string",
                "Deprecated; the server no longer sets it."
            ),
            (
                "uid",
                "string",
                "The object's unique ID. Set by the server."
            ),
        ]
    ),
    ty!(
        "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
        "An owner of an object.",
        required & ["apiVersion", "kind", "name", "uid"],
        [
            ("apiVersion", "string", "The owner's API version."),
            ("controller", "boolean", "True for the managing controller."),
            ("kind", "string", "The owner's kind."),
            ("name", "string", "The owner's name."),
            ("uid", "string", "The owner's UID."),
        ]
    ),
    ty!(
        "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
        "A query over labels.",
        [
            (
                "matchExpressions",
                "[]object",
                "Requirements on labels, all of which must hold."
            ),
            (
                "matchLabels",
                "map",
                "Labels that must all be present with these values."
            ),
        ]
    ),
    ty!(
        "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
        "A point in time, written in RFC 3339.",
        []
    ),
    ty!(
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        "A number or a string.",
        []
    ),
];

/// The schemas whose fields are all listed: kube-apiserver's field
/// validation reports any other field of these as unknown. The others
/// list only the fields `kubectl explain` needs, so nothing in them is
/// reported.
pub const CLOSED: &[&str] = &[
    "com.example.stable.v1.CronTab",
    "com.example.stable.v1.CronTabSpec",
    "io.k8s.api.apps.v1.Deployment",
    "io.k8s.api.apps.v1.DeploymentSpec",
    "io.k8s.api.core.v1.ConfigMap",
    "io.k8s.api.core.v1.Namespace",
    "io.k8s.api.core.v1.Pod",
    "io.k8s.api.core.v1.PodTemplateSpec",
    "io.k8s.api.core.v1.Secret",
    "io.k8s.api.core.v1.Service",
    "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
    "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
];

/// The full name of a short schema name (`PodSpec` → `io.k8s.api.core.v1.PodSpec`).
pub fn full_name(short: &str) -> Option<&'static str> {
    TYPES
        .iter()
        .map(|t| t.id)
        .find(|id| id.rsplit('.').next() == Some(short))
}
