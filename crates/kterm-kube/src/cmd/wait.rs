//! `kubectl wait (TYPE NAME | TYPE/NAME | -f FILE | TYPE -l SEL | TYPE
//! --all) --for=condition=C[=value] | --for=delete |
//! --for=jsonpath='{.path}'[=value] | --for=create [--timeout=30s]`: polls each object
//! until the condition holds; prints `pod/x condition met`.

use kterm_shell::Ctx;
use serde_json::Value;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::mutate::{self, Obj};

pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    flags::SELECTOR,
    flags::ALL,
    flags::FOR,
    flags::TIMEOUT,
    flags::OUTPUT,
];

const POLL_MS: u64 = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cond {
    Delete,
    Create,
    Condition {
        name: String,
        value: String,
    },
    Path {
        path: Vec<String>,
        value: Option<String>,
    },
}

pub fn parse_for(s: &str) -> Result<Cond, KubeError> {
    if s == "delete" {
        return Ok(Cond::Delete);
    }
    if s == "create" {
        return Ok(Cond::Create);
    }
    if let Some(c) = s.strip_prefix("condition=") {
        let (name, value) = c.split_once('=').unwrap_or((c, "true"));
        if name.is_empty() {
            return Err(KubeError::Client(format!(
                "unrecognized condition: \"{s}\""
            )));
        }
        return Ok(Cond::Condition {
            name: name.to_string(),
            value: value.to_string(),
        });
    }
    if let Some(j) = s.strip_prefix("jsonpath=") {
        let (expr, value) = match j.rfind("}=") {
            Some(i) => (&j[..=i], Some(j[i + 2..].to_string())),
            None => (j, None),
        };
        let inner = expr
            .strip_prefix('{')
            .and_then(|e| e.strip_suffix('}'))
            .unwrap_or(expr);
        let path: Vec<String> = inner
            .trim_start_matches('.')
            .split(['.', '['])
            .filter(|p| !p.is_empty())
            .map(|p| p.trim_end_matches(']').to_string())
            .collect();
        if path.is_empty() {
            return Err(KubeError::Client(format!(
                "unrecognized condition: \"{s}\""
            )));
        }
        return Ok(Cond::Path { path, value });
    }
    Err(KubeError::Client(format!(
        "unrecognized condition: \"{s}\""
    )))
}

/// Whether `obj` (None: gone) meets the condition.
pub fn met(cond: &Cond, obj: Option<&Value>) -> bool {
    match (cond, obj) {
        (Cond::Delete, o) => o.is_none(),
        (Cond::Create, o) => o.is_some(),
        (_, None) => false,
        (Cond::Condition { name, value }, Some(o)) => {
            o["status"]["conditions"].as_array().is_some_and(|cs| {
                cs.iter().any(|c| {
                    c["type"]
                        .as_str()
                        .is_some_and(|t| t.eq_ignore_ascii_case(name))
                        && c["status"]
                            .as_str()
                            .is_some_and(|s| s.eq_ignore_ascii_case(value))
                })
            })
        }
        (Cond::Path { path, value }, Some(o)) => {
            let mut cur = o;
            for p in path {
                cur = match (p.parse::<usize>(), cur) {
                    (Ok(i), Value::Array(a)) => match a.get(i) {
                        Some(v) => v,
                        None => return false,
                    },
                    _ => match cur.get(p) {
                        Some(v) => v,
                        None => return false,
                    },
                };
            }
            match value {
                None => true,
                Some(v) => match cur {
                    Value::String(s) => s == v,
                    other => other.to_string().as_str() == v.as_str(),
                },
            }
        }
    }
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("wait", args, FLAGS)?;
    let t = inv.target(ctx).await?;
    let objs = mutate::objects(ctx, &t, &f, &f.args).await?;
    let Some(spec) = f.value("for") else {
        // kubectl's words for a missing --for.
        return Err(KubeError::Client("unrecognized condition: []".into()));
    };
    let cond = parse_for(spec)?;
    let timeout = match f.value("timeout") {
        None => 30_000,
        // Negative: kubectl waits a week, which is as good as forever.
        Some(s) if s.starts_with('-') && mutate::duration_ms(&s[1..]).is_some() => u64::MAX,
        Some(s) => mutate::duration_ms(s).ok_or_else(|| {
            KubeError::Client(format!(
                "invalid argument \"{s}\" for \"--timeout\" flag: time: invalid duration \"{s}\""
            ))
        })?,
    };
    if objs.is_empty() {
        return Err(KubeError::Client("no matching resources found".into()));
    }
    let start = ctx.host.now_ms();
    let out = f.value("output").unwrap_or("").to_string();
    mutate::check_output(&out)?;
    let mut pending: Vec<Obj> = objs;
    let mut first_round = true;
    loop {
        let mut still = Vec::new();
        for o in pending {
            let got = match mutate::call(ctx, &t, "GET", &o.path(), "", None, &o.what()).await {
                Ok(v) => Some(v),
                // Gone before the wait began: nothing to wait for, nothing printed.
                Err(KubeError::Status { code: 404, .. }) if cond == Cond::Delete && first_round => {
                    continue
                }
                Err(KubeError::Status { code: 404, .. })
                    if matches!(cond, Cond::Delete | Cond::Create) =>
                {
                    None
                }
                Err(e) => return Err(e),
            };
            if met(&cond, got.as_ref()) {
                let obj = got.unwrap_or_else(|| serde_json::json!({}));
                let none = mutate::DryRun::None;
                mutate::print(ctx, &out, &o.r, &obj, &o.name, "condition met", none);
            } else {
                still.push(o);
            }
        }
        pending = still;
        first_round = false;
        let Some(first) = pending.first() else {
            return Ok(0);
        };
        if (ctx.host.now_ms() - start) as u64 >= timeout {
            if timeout == 0 && cond != Cond::Create {
                // One look only: kubectl reports the condition, not a timeout.
                return Err(KubeError::Client(format!(
                    "condition not met for {}/{}",
                    first.r.name, first.name
                )));
            }
            if cond == Cond::Create {
                return Err(KubeError::Client(
                    "timed out waiting for the condition".into(),
                ));
            }
            return Err(KubeError::Client(format!(
                "timed out waiting for the condition on {}/{}",
                first.r.name, first.name
            )));
        }
        mutate::pause(ctx, POLL_MS).await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conditions_table() {
        let pod = json!({"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}], "containerStatuses": [{"ready": true}]}});
        for (spec, want) in [
            ("condition=Ready", true),
            ("condition=ready", true),
            ("condition=Ready=False", false),
            ("condition=Available", false),
            ("jsonpath={.status.phase}=Running", true),
            ("jsonpath={.status.phase}=Pending", false),
            ("jsonpath={.status.containerStatuses[0].ready}=true", true),
            ("jsonpath={.status.phase}", true),
            ("delete", false),
        ] {
            assert_eq!(met(&parse_for(spec).unwrap(), Some(&pod)), want, "{spec}");
        }
        assert!(met(&Cond::Delete, None));
        assert!(parse_for("bogus").is_err());
    }
}
