//! Message tables for the kinds outside core/v1 that kubectl's typed
//! client creates (apps/v1 Deployment, batch/v1 Job and CronJob,
//! networking/v1 Ingress, authorization/v1 SelfSubjectAccessReview, the
//! RBAC kinds, policy/v1 PodDisruptionBudget, scheduling/v1
//! PriorityClass, and core/v1 ResourceQuota), and the table of every kind
//! `decode` accepts.

use super::core::{
    CONFIG_MAP, LABEL_SELECTOR, META, NAMESPACE, POD, POD_TEMPLATE, SECRET, SERVICE,
    SERVICE_ACCOUNT,
};
use super::{boolean, f, inline, int32, int64, map, msg, text, MapOf, Ty, F};

/// Each kind `decode` reads, with its top-level message. Anything else
/// sent as protobuf is refused (415).
pub(super) const KINDS: &[(&str, &[F])] = &[
    ("Namespace", NAMESPACE),
    ("ConfigMap", CONFIG_MAP),
    ("Secret", SECRET),
    ("ServiceAccount", SERVICE_ACCOUNT),
    ("Service", SERVICE),
    ("Pod", POD),
    ("Deployment", DEPLOYMENT),
    ("Job", JOB),
    ("CronJob", CRON_JOB),
    ("Ingress", INGRESS),
    ("SelfSubjectAccessReview", ACCESS_REVIEW),
    ("ResourceQuota", RESOURCE_QUOTA),
    ("Role", ROLE),
    ("ClusterRole", CLUSTER_ROLE),
    ("RoleBinding", ROLE_BINDING),
    ("ClusterRoleBinding", ROLE_BINDING),
    ("PodDisruptionBudget", POD_DISRUPTION_BUDGET),
    ("PriorityClass", PRIORITY_CLASS),
    ("TokenRequest", TOKEN_REQUEST),
];

/// authentication/v1 `TokenRequest` (`kubectl create token`).
const TOKEN_REQUEST: &[F] = &[
    msg(1, "metadata", META),
    msg(
        2,
        "spec",
        &[
            text(1, "audiences").list(),
            int64(4, "expirationSeconds").keep(),
            msg(
                3,
                "boundObjectRef",
                &[
                    text(1, "kind"),
                    text(2, "apiVersion"),
                    text(3, "name"),
                    text(4, "uid"),
                ],
            ),
        ],
    ),
];

/// core/v1 `ResourceQuota` (`kubectl create quota`).
const RESOURCE_QUOTA: &[F] = &[
    msg(1, "metadata", META),
    msg(
        2,
        "spec",
        &[map(1, "hard", MapOf::Quantity), text(2, "scopes").list()],
    ),
];

/// rbac/v1 `PolicyRule`.
const POLICY_RULE: &[F] = &[
    text(1, "verbs").list(),
    text(2, "apiGroups").list(),
    text(3, "resources").list(),
    text(4, "resourceNames").list(),
    text(5, "nonResourceURLs").list(),
];

/// rbac/v1 `Role` (`kubectl create role`); JSON always has its rules.
const ROLE: &[F] = &[
    msg(1, "metadata", META),
    msg(2, "rules", POLICY_RULE).list(),
];

const CLUSTER_ROLE: &[F] = &[
    msg(1, "metadata", META),
    msg(2, "rules", POLICY_RULE).list(),
    msg(
        3,
        "aggregationRule",
        &[msg(1, "clusterRoleSelectors", LABEL_SELECTOR).list()],
    ),
];

/// rbac/v1 `RoleBinding` and `ClusterRoleBinding`.
const ROLE_BINDING: &[F] = &[
    msg(1, "metadata", META),
    msg(
        2,
        "subjects",
        &[
            text(1, "kind"),
            text(2, "apiGroup"),
            text(3, "name"),
            text(4, "namespace"),
        ],
    )
    .list(),
    msg(
        3,
        "roleRef",
        &[text(1, "apiGroup"), text(2, "kind"), text(3, "name")],
    ),
];

/// policy/v1 `PodDisruptionBudget` (`kubectl create pdb`).
const POD_DISRUPTION_BUDGET: &[F] = &[
    msg(1, "metadata", META),
    msg(
        2,
        "spec",
        &[
            f(1, "minAvailable", Ty::IntOrStr),
            msg(2, "selector", LABEL_SELECTOR),
            f(3, "maxUnavailable", Ty::IntOrStr),
            text(4, "unhealthyPodEvictionPolicy").keep(),
        ],
    ),
];

/// scheduling/v1 `PriorityClass`: its value is always written.
const PRIORITY_CLASS: &[F] = &[
    msg(1, "metadata", META),
    int32(2, "value").keep(),
    boolean(3, "globalDefault"),
    text(4, "description"),
    text(5, "preemptionPolicy").keep(),
];

const DEPLOYMENT_SPEC: &[F] = &[
    int32(1, "replicas").keep(),
    msg(2, "selector", LABEL_SELECTOR),
    msg(3, "template", POD_TEMPLATE),
    msg(
        4,
        "strategy",
        &[
            text(1, "type"),
            msg(
                2,
                "rollingUpdate",
                &[
                    f(1, "maxUnavailable", Ty::IntOrStr),
                    f(2, "maxSurge", Ty::IntOrStr),
                ],
            ),
        ],
    ),
    int32(5, "minReadySeconds"),
    int32(6, "revisionHistoryLimit").keep(),
    boolean(7, "paused"),
    int32(9, "progressDeadlineSeconds").keep(),
];

const DEPLOYMENT: &[F] = &[msg(1, "metadata", META), msg(2, "spec", DEPLOYMENT_SPEC)];

/// `JobSpec`: nearly every field is a Go pointer, so zero is kept.
const JOB_SPEC: &[F] = &[
    int32(1, "parallelism").keep(),
    int32(2, "completions").keep(),
    int64(3, "activeDeadlineSeconds").keep(),
    int32(7, "backoffLimit").keep(),
    int32(12, "backoffLimitPerIndex").keep(),
    int32(13, "maxFailedIndexes").keep(),
    msg(4, "selector", LABEL_SELECTOR),
    boolean(5, "manualSelector").keep(),
    msg(6, "template", POD_TEMPLATE),
    int32(8, "ttlSecondsAfterFinished").keep(),
    text(9, "completionMode").keep(),
    boolean(10, "suspend").keep(),
    text(14, "podReplacementPolicy").keep(),
    text(15, "managedBy").keep(),
];

const JOB: &[F] = &[msg(1, "metadata", META), msg(2, "spec", JOB_SPEC)];

const CRON_JOB_SPEC: &[F] = &[
    text(1, "schedule"),
    text(8, "timeZone").keep(),
    int64(2, "startingDeadlineSeconds").keep(),
    text(3, "concurrencyPolicy"),
    boolean(4, "suspend").keep(),
    msg(5, "jobTemplate", JOB),
    int32(6, "successfulJobsHistoryLimit").keep(),
    int32(7, "failedJobsHistoryLimit").keep(),
];

const CRON_JOB: &[F] = &[msg(1, "metadata", META), msg(2, "spec", CRON_JOB_SPEC)];

/// `IngressBackend`: a Service (name, port by name or number) or a typed
/// reference to another resource.
const INGRESS_BACKEND: &[F] = &[
    msg(
        4,
        "service",
        &[
            text(1, "name"),
            msg(2, "port", &[text(1, "name"), int32(2, "number")]),
        ],
    ),
    msg(
        3,
        "resource",
        &[text(1, "apiGroup").keep(), text(2, "kind"), text(3, "name")],
    ),
];

const HTTP_PATH: &[F] = &[
    text(1, "path"),
    text(3, "pathType").keep(),
    msg(2, "backend", INGRESS_BACKEND),
];

/// `IngressRule`: host 1 and the inlined `IngressRuleValue` (http 1).
const INGRESS_RULE: &[F] = &[
    text(1, "host"),
    inline(2, &[msg(1, "http", &[msg(1, "paths", HTTP_PATH).list()])]),
];

const INGRESS_SPEC: &[F] = &[
    text(4, "ingressClassName").keep(),
    msg(1, "defaultBackend", INGRESS_BACKEND),
    msg(2, "tls", &[text(1, "hosts").list(), text(2, "secretName")]).list(),
    msg(3, "rules", INGRESS_RULE).list(),
];

const INGRESS: &[F] = &[msg(1, "metadata", META), msg(2, "spec", INGRESS_SPEC)];

/// `SelfSubjectAccessReviewSpec` (`kubectl auth can-i`): resource
/// attributes or non-resource ones.
const ACCESS_REVIEW: &[F] = &[
    msg(1, "metadata", META),
    msg(
        2,
        "spec",
        &[
            msg(
                1,
                "resourceAttributes",
                &[
                    text(1, "namespace"),
                    text(2, "verb"),
                    text(3, "group"),
                    text(4, "version"),
                    text(5, "resource"),
                    text(6, "subresource"),
                    text(7, "name"),
                ],
            ),
            msg(
                2,
                "nonResourceAttributes",
                &[text(1, "path"), text(2, "verb")],
            ),
        ],
    ),
];
