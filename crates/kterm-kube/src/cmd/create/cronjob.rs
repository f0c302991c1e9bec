//! `kubectl create cronjob NAME --image=IMAGE --schedule='0/5 * * * ?'
//! [--restart=OnFailure|Never] [-- COMMAND ARGS…]`.

use serde_json::json;

use super::{Generator, Made};
use crate::flags::{self, Flag};

pub(super) const SCHEDULE: Flag = Flag::value(
    "schedule",
    None,
    "A schedule in the Cron format the job should be run with.",
);
pub(super) const RESTART: Flag = Flag::value(
    "restart",
    None,
    "job's restart policy. supported values: OnFailure, Never",
)
.one_of(&["OnFailure", "Never"]);

pub(super) const GENERATOR: Generator = Generator::new(
    "cronjob",
    "failed to create cronjob: ",
    |_, i| {
        let restart = i.f.value("restart").filter(|r| !r.is_empty()).unwrap_or("OnFailure");
        let mut container = json!({"name": i.name, "image": i.f.value("image").unwrap_or("")});
        if !i.command.is_empty() {
            container["command"] = json!(i.command);
        }
        container["resources"] = json!({});
        Ok(Made::Object(json!({
            "kind": "CronJob", "apiVersion": "batch/v1",
            "metadata": {"name": i.name},
            "spec": {
                "schedule": i.f.value("schedule").unwrap_or(""),
                "jobTemplate": {
                    "metadata": {"name": i.name},
                    "spec": {"template": {"metadata": {}, "spec": {"containers": [container], "restartPolicy": restart}}},
                },
            },
            "status": {},
        })))
    },
)
.aliases(&["cj"])
.required(&["image", "schedule"])
.flags(&[flags::IMAGE, SCHEDULE, RESTART])
.about(
    "Create a cron job with the specified name",
    "cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...]",
);
