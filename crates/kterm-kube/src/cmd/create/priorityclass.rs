//! `kubectl create priorityclass NAME --value=VALUE [--global-default]
//! [--description=TEXT] [--preemption-policy=POLICY]`.

use serde_json::json;

use super::{Generator, Made};
use crate::error::KubeError;
use crate::flags::Flag;

pub(super) const VALUE: Flag = Flag::value("value", None, "the value of this priority class.");
pub(super) const GLOBAL_DEFAULT: Flag = Flag::switch(
    "global-default",
    None,
    "global-default specifies whether this PriorityClass should be considered as the default priority.",
);
pub(super) const DESCRIPTION: Flag = Flag::value(
    "description",
    None,
    "description is an arbitrary string that usually provides guidelines on when this priority class should be used.",
);
pub(super) const PREEMPTION_POLICY: Flag = Flag::value(
    "preemption-policy",
    None,
    "preemption-policy is the policy for preempting pods with lower priority.",
)
.one_of(&["PreemptLowerPriority", "Never"]);

pub(super) const GENERATOR: Generator = Generator::new(
    "priorityclass",
    "failed to create priorityclass: ",
    |_, i| {
        let value: i32 = match i.f.value("value") {
            None => 0,
            Some(v) => v.parse().map_err(|_| {
                let why = if v.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit()) && !v.is_empty() {
                    "value out of range"
                } else {
                    "invalid syntax"
                };
                KubeError::Client(format!(
                    "invalid argument \"{v}\" for \"--value\" flag: strconv.ParseInt: parsing \"{v}\": {why}\nSee 'kubectl create priorityclass --help' for usage."
                ))
            })?,
        };
        let mut o = json!({"kind": "PriorityClass", "apiVersion": "scheduling.k8s.io/v1", "metadata": {"name": i.name}, "value": value});
        if i.f.has("global-default") {
            o["globalDefault"] = json!(true);
        }
        if let Some(d) = i.f.value("description").filter(|d| !d.is_empty()) {
            o["description"] = json!(d);
        }
        o["preemptionPolicy"] = json!(i.f.value("preemption-policy").unwrap_or("PreemptLowerPriority"));
        Ok(Made::Object(o))
    },
)
.aliases(&["pc"])
.flags(&[VALUE, GLOBAL_DEFAULT, DESCRIPTION, PREEMPTION_POLICY])
.about(
    "Create a priority class with the specified name",
    "priorityclass NAME --value=VALUE --global-default=BOOL [--dry-run=server|client|none]",
);
