//! Message tables for the kinds outside core/v1 that kubectl's typed
//! client creates (apps/v1 Deployment, batch/v1 Job and CronJob,
//! networking/v1 Ingress, authorization/v1 SelfSubjectAccessReview), and
//! the table of every kind `decode` accepts.

use super::core::{
    CONFIG_MAP, LABEL_SELECTOR, META, NAMESPACE, POD, POD_TEMPLATE, SECRET, SERVICE,
    SERVICE_ACCOUNT,
};
use super::{boolean, f, inline, int32, int64, msg, text, Ty, F};

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
