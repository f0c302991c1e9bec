//! Message tables for meta/v1 and core/v1 (field numbers from
//! k8s.io/apimachinery's and k8s.io/api's generated.proto): ObjectMeta,
//! LabelSelector, the pod template down to its containers, and the
//! core kinds kubectl creates through its typed client.

use super::{boolean, f, inline, int32, int64, map, msg, text, MapOf, Ty, F};

const INT_OR_STR: Ty = Ty::IntOrStr;

const OWNER_REF: &[F] = &[
    text(5, "apiVersion"),
    text(1, "kind"),
    text(3, "name"),
    text(4, "uid"),
    boolean(6, "controller").keep(),
    boolean(7, "blockOwnerDeletion").keep(),
];

/// `ObjectMeta`: what a client may set on create (server-set fields such
/// as uid and timestamps are skipped).
pub(super) const META: &[F] = &[
    text(1, "name"),
    text(2, "generateName"),
    text(3, "namespace"),
    map(11, "labels", MapOf::Text),
    map(12, "annotations", MapOf::Text),
    msg(13, "ownerReferences", OWNER_REF).list(),
    text(14, "finalizers").list(),
];

const SELECTOR_REQUIREMENT: &[F] = &[
    text(1, "key"),
    text(2, "operator"),
    text(3, "values").list(),
];

pub(super) const LABEL_SELECTOR: &[F] = &[
    map(1, "matchLabels", MapOf::Text),
    msg(2, "matchExpressions", SELECTOR_REQUIREMENT).list(),
];

/// `LocalObjectReference`, which JSON lifts into the key selectors and
/// volume sources that embed it.
const LOCAL_REF: &[F] = &[text(1, "name")];

const KEY_TO_PATH: &[F] = &[text(1, "key"), text(2, "path"), int32(3, "mode").keep()];

/// `VolumeSource` (inlined into `Volume`): the common sources.
const VOLUME_SOURCE: &[F] = &[
    msg(1, "hostPath", &[text(1, "path"), text(2, "type").keep()]),
    msg(
        2,
        "emptyDir",
        &[text(1, "medium"), f(2, "sizeLimit", Ty::Quantity)],
    ),
    msg(
        6,
        "secret",
        &[
            text(1, "secretName"),
            msg(2, "items", KEY_TO_PATH).list(),
            int32(3, "defaultMode").keep(),
            boolean(4, "optional").keep(),
        ],
    ),
    msg(
        10,
        "persistentVolumeClaim",
        &[text(1, "claimName"), boolean(2, "readOnly")],
    ),
    msg(
        19,
        "configMap",
        &[
            inline(1, LOCAL_REF),
            msg(2, "items", KEY_TO_PATH).list(),
            int32(3, "defaultMode").keep(),
            boolean(4, "optional").keep(),
        ],
    ),
];

const VOLUME: &[F] = &[text(1, "name"), inline(2, VOLUME_SOURCE)];

const KEY_REF: &[F] = &[
    inline(1, LOCAL_REF),
    text(2, "key"),
    boolean(3, "optional").keep(),
];

const ENV_VAR: &[F] = &[
    text(1, "name"),
    text(2, "value"),
    msg(
        3,
        "valueFrom",
        &[
            msg(
                1,
                "fieldRef",
                &[text(1, "apiVersion"), text(2, "fieldPath")],
            ),
            msg(
                2,
                "resourceFieldRef",
                &[
                    text(1, "containerName"),
                    text(2, "resource"),
                    f(3, "divisor", Ty::Quantity),
                ],
            ),
            msg(3, "configMapKeyRef", KEY_REF),
            msg(4, "secretKeyRef", KEY_REF),
        ],
    ),
];

const ENV_SOURCE_REF: &[F] = &[inline(1, LOCAL_REF), boolean(2, "optional").keep()];

const ENV_FROM: &[F] = &[
    text(1, "prefix"),
    msg(2, "configMapRef", ENV_SOURCE_REF),
    msg(3, "secretRef", ENV_SOURCE_REF),
];

const CONTAINER_PORT: &[F] = &[
    text(1, "name"),
    int32(2, "hostPort"),
    int32(3, "containerPort").keep(),
    text(4, "protocol"),
    text(5, "hostIP"),
];

const RESOURCES: &[F] = &[
    map(1, "limits", MapOf::Quantity),
    map(2, "requests", MapOf::Quantity),
];

const VOLUME_MOUNT: &[F] = &[
    text(1, "name"),
    boolean(2, "readOnly"),
    text(3, "mountPath"),
    text(4, "subPath"),
];

/// `ProbeHandler` (inlined into `Probe`).
const PROBE_HANDLER: &[F] = &[
    msg(1, "exec", &[text(1, "command").list()]),
    msg(
        2,
        "httpGet",
        &[
            text(1, "path"),
            f(2, "port", INT_OR_STR),
            text(3, "host"),
            text(4, "scheme"),
            msg(5, "httpHeaders", &[text(1, "name"), text(2, "value")]).list(),
        ],
    ),
    msg(3, "tcpSocket", &[f(1, "port", INT_OR_STR), text(2, "host")]),
];

const PROBE: &[F] = &[
    inline(1, PROBE_HANDLER),
    int32(2, "initialDelaySeconds"),
    int32(3, "timeoutSeconds"),
    int32(4, "periodSeconds"),
    int32(5, "successThreshold"),
    int32(6, "failureThreshold"),
];

const SECURITY_CONTEXT: &[F] = &[
    msg(
        1,
        "capabilities",
        &[text(1, "add").list(), text(2, "drop").list()],
    ),
    boolean(2, "privileged").keep(),
    int64(4, "runAsUser").keep(),
    int64(8, "runAsGroup").keep(),
    boolean(5, "runAsNonRoot").keep(),
    boolean(6, "readOnlyRootFilesystem").keep(),
    boolean(7, "allowPrivilegeEscalation").keep(),
];

const CONTAINER: &[F] = &[
    text(1, "name"),
    text(2, "image"),
    text(3, "command").list(),
    text(4, "args").list(),
    text(5, "workingDir"),
    msg(6, "ports", CONTAINER_PORT).list(),
    msg(19, "envFrom", ENV_FROM).list(),
    msg(7, "env", ENV_VAR).list(),
    msg(8, "resources", RESOURCES),
    msg(9, "volumeMounts", VOLUME_MOUNT).list(),
    msg(10, "livenessProbe", PROBE),
    msg(11, "readinessProbe", PROBE),
    msg(22, "startupProbe", PROBE),
    text(13, "terminationMessagePath"),
    text(20, "terminationMessagePolicy"),
    text(14, "imagePullPolicy"),
    msg(15, "securityContext", SECURITY_CONTEXT),
    boolean(16, "stdin"),
    boolean(17, "stdinOnce"),
    boolean(18, "tty"),
];

const POD_SECURITY_CONTEXT: &[F] = &[
    int64(2, "runAsUser").keep(),
    int64(6, "runAsGroup").keep(),
    boolean(3, "runAsNonRoot").keep(),
    int64(5, "fsGroup").keep(),
];

const TOLERATION: &[F] = &[
    text(1, "key"),
    text(2, "operator"),
    text(3, "value"),
    text(4, "effect"),
    int64(5, "tolerationSeconds").keep(),
];

pub(super) const POD_SPEC: &[F] = &[
    msg(1, "volumes", VOLUME).list(),
    msg(20, "initContainers", CONTAINER).list(),
    msg(2, "containers", CONTAINER).list(),
    text(3, "restartPolicy"),
    int64(4, "terminationGracePeriodSeconds").keep(),
    int64(5, "activeDeadlineSeconds").keep(),
    text(6, "dnsPolicy"),
    map(7, "nodeSelector", MapOf::Text),
    text(8, "serviceAccountName"),
    text(9, "serviceAccount"),
    boolean(21, "automountServiceAccountToken").keep(),
    text(10, "nodeName"),
    boolean(11, "hostNetwork"),
    boolean(12, "hostPID"),
    boolean(13, "hostIPC"),
    msg(14, "securityContext", POD_SECURITY_CONTEXT),
    msg(15, "imagePullSecrets", LOCAL_REF).list(),
    text(16, "hostname"),
    text(17, "subdomain"),
    text(19, "schedulerName"),
    msg(22, "tolerations", TOLERATION).list(),
    text(24, "priorityClassName"),
    int32(25, "priority").keep(),
    boolean(30, "enableServiceLinks").keep(),
    text(31, "preemptionPolicy").keep(),
];

pub(super) const POD_TEMPLATE: &[F] = &[msg(1, "metadata", META), msg(2, "spec", POD_SPEC)];

pub(super) const POD: &[F] = POD_TEMPLATE;

const SERVICE_PORT: &[F] = &[
    text(1, "name"),
    text(2, "protocol"),
    text(6, "appProtocol").keep(),
    int32(3, "port").keep(),
    f(4, "targetPort", INT_OR_STR),
    int32(5, "nodePort"),
];

const SERVICE_SPEC: &[F] = &[
    msg(1, "ports", SERVICE_PORT).list(),
    map(2, "selector", MapOf::Text),
    text(3, "clusterIP"),
    text(18, "clusterIPs").list(),
    text(4, "type"),
    text(5, "externalIPs").list(),
    text(7, "sessionAffinity"),
    text(8, "loadBalancerIP"),
    text(10, "externalName"),
    text(11, "externalTrafficPolicy"),
    text(19, "ipFamilies").list(),
    text(17, "ipFamilyPolicy").keep(),
    boolean(20, "allocateLoadBalancerNodePorts").keep(),
    text(21, "loadBalancerClass").keep(),
    text(22, "internalTrafficPolicy").keep(),
];

pub(super) const SERVICE: &[F] = &[msg(1, "metadata", META), msg(2, "spec", SERVICE_SPEC)];

pub(super) const NAMESPACE: &[F] = &[
    msg(1, "metadata", META),
    msg(2, "spec", &[text(1, "finalizers").list()]),
];

pub(super) const CONFIG_MAP: &[F] = &[
    msg(1, "metadata", META),
    boolean(4, "immutable").keep(),
    map(2, "data", MapOf::Text),
    map(3, "binaryData", MapOf::Bytes),
];

pub(super) const SECRET: &[F] = &[
    msg(1, "metadata", META),
    boolean(5, "immutable").keep(),
    map(2, "data", MapOf::Bytes),
    map(4, "stringData", MapOf::Text),
    text(3, "type"),
];

pub(super) const SERVICE_ACCOUNT: &[F] = &[
    msg(1, "metadata", META),
    msg(
        2,
        "secrets",
        &[text(1, "kind"), text(2, "namespace"), text(3, "name")],
    )
    .list(),
    msg(3, "imagePullSecrets", LOCAL_REF).list(),
    boolean(4, "automountServiceAccountToken").keep(),
];
