//! `kubectl create poddisruptionbudget NAME --selector=SELECTOR
//! --min-available=N|--max-unavailable=N`.

use serde_json::{json, Map, Value};

use super::{label_selector, Generator, Made};
use crate::error::KubeError;
use crate::flags::Flag;

pub(super) const SELECTOR: Flag = Flag::value(
    "selector",
    None,
    "A label selector to use for this budget. Only equality-based selector requirements are supported.",
);
pub(super) const MIN_AVAILABLE: Flag = Flag::value(
    "min-available",
    None,
    "The minimum number or percentage of available pods this budget requires.",
);
pub(super) const MAX_UNAVAILABLE: Flag = Flag::value(
    "max-unavailable",
    None,
    "The maximum number or percentage of unavailable pods this budget requires.",
);

/// `^[0-9]+%?$`.
fn count_or_percent(s: &str) -> bool {
    let digits = s.strip_suffix('%').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// intstr.Parse: a number, or else the text.
fn int_or_string(s: &str) -> Value {
    match s.parse::<i32>() {
        Ok(n) => json!(n),
        Err(_) => json!(s),
    }
}

pub(super) const GENERATOR: Generator = Generator::new(
    "poddisruptionbudget",
    "failed to create poddisruptionbudgets: ",
    |_, i| {
        let selector = i.f.value("selector").unwrap_or("");
        let min = i.f.value("min-available").unwrap_or("");
        let max = i.f.value("max-unavailable").unwrap_or("");
        let fail = |m: &str| Err(KubeError::Client(m.to_string()));
        if selector.is_empty() {
            return fail("a selector must be specified");
        }
        if min.is_empty() && max.is_empty() {
            return fail("one of min-available or max-unavailable must be specified");
        }
        if !min.is_empty() && !max.is_empty() {
            return fail("min-available and max-unavailable cannot be both specified");
        }
        if !min.is_empty() && !count_or_percent(min) {
            return fail("invalid format specified for min-available");
        }
        if !max.is_empty() && !count_or_percent(max) {
            return fail("invalid format specified for max-unavailable");
        }
        let mut spec = Map::new();
        if !min.is_empty() {
            spec.insert("minAvailable".into(), int_or_string(min));
        }
        spec.insert("selector".into(), label_selector(selector)?);
        if !max.is_empty() {
            spec.insert("maxUnavailable".into(), int_or_string(max));
        }
        Ok(Made::Object(json!({
            "kind": "PodDisruptionBudget", "apiVersion": "policy/v1",
            "metadata": {"name": i.name}, "spec": spec,
            "status": {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0},
        })))
    },
)
.aliases(&["pdb"])
.flags(&[SELECTOR, MIN_AVAILABLE, MAX_UNAVAILABLE])
.about(
    "Create a pod disruption budget with the specified name",
    "poddisruptionbudget NAME --selector=SELECTOR --min-available=N [--dry-run=server|client|none]",
);
