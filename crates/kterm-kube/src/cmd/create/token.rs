//! `kubectl create token SERVICE_ACCOUNT [--audience=A]… [--duration=D]
//! [--bound-object-kind=K --bound-object-name=N [--bound-object-uid=U]]`:
//! a TokenRequest to the service account's `token` subresource; prints
//! the token (with a newline only on a terminal, as kubectl does).

use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::{Generator, Made};
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::{self, Flag, Parsed};
use crate::kubeconfig::Target;
use crate::{go, mutate};

pub(super) const AUDIENCE: Flag = Flag::value(
    "audience",
    None,
    "Audience of the requested token (repeatable)",
);
pub(super) const DURATION: Flag = Flag::value(
    "duration",
    None,
    "Requested lifetime of the issued token (e.g. 10m, 1h)",
);
pub(super) const BOUND_OBJECT_KIND: Flag = Flag::value(
    "bound-object-kind",
    None,
    "Kind of an object to bind the token to (Node, Pod, Secret)",
)
.one_of(&["Node", "Pod", "Secret"]);
pub(super) const BOUND_OBJECT_NAME: Flag = Flag::value(
    "bound-object-name",
    None,
    "Name of an object to bind the token to",
);
pub(super) const BOUND_OBJECT_UID: Flag = Flag::value(
    "bound-object-uid",
    None,
    "UID of an object to bind the token to",
);

/// The kinds a token may be bound to, with their API versions.
const BOUND_KINDS: &[(&str, &str)] = &[("Node", "v1"), ("Pod", "v1"), ("Secret", "v1")];

pub(super) const GENERATOR: Generator = Generator {
    common: &[flags::OUTPUT],
    ..Generator::new("token", "failed to create token: ", |_, i| {
        let f = i.f;
        let secs = match f.value("duration") {
            None => 0,
            Some(d) => {
                let ns = go::time::parse_duration(d).map_err(|e| {
                    KubeError::Client(format!(
                        "invalid argument \"{d}\" for \"--duration\" flag: {e}\nSee 'kubectl create token --help' for usage."
                    ))
                })?;
                if ns < 0 {
                    return Err(KubeError::Client(
                        "--duration must be greater than or equal to 0".into(),
                    ));
                }
                if ns % 1_000_000_000 != 0 {
                    return Err(KubeError::Client(
                        "--duration cannot be expressed in units less than seconds".into(),
                    ));
                }
                ns / 1_000_000_000
            }
        };
        let audiences = f.values("audience");
        if audiences.iter().any(String::is_empty) {
            return Err(KubeError::Client(
                "--audience must not be an empty string".into(),
            ));
        }
        let kind = f.value("bound-object-kind").unwrap_or("");
        let name = f.value("bound-object-name").unwrap_or("");
        let uid = f.value("bound-object-uid").unwrap_or("");
        let mut spec = json!({"audiences": if audiences.is_empty() { Value::Null } else { json!(audiences) }});
        if secs > 0 {
            spec["expirationSeconds"] = json!(secs);
        }
        if kind.is_empty() {
            if !name.is_empty() {
                return Err(KubeError::Client(
                    "--bound-object-name can only be set if --bound-object-kind is provided".into(),
                ));
            }
            if !uid.is_empty() {
                return Err(KubeError::Client(
                    "--bound-object-uid can only be set if --bound-object-kind is provided".into(),
                ));
            }
        } else {
            let Some((_, version)) = BOUND_KINDS.iter().find(|(k, _)| *k == kind) else {
                return Err(KubeError::Client(
                    "supported --bound-object-kind values are Node, Pod, Secret".into(),
                ));
            };
            if name.is_empty() {
                return Err(KubeError::Client(
                    "--bound-object-name is required if --bound-object-kind is provided".into(),
                ));
            }
            let mut r = json!({"kind": kind, "apiVersion": version, "name": name});
            if !uid.is_empty() {
                r["uid"] = json!(uid);
            }
            spec["boundObjectRef"] = r;
        }
        Ok(Made::Token(json!({
            "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "metadata": {}, "spec": spec, "status": {"token": "", "expirationTimestamp": null},
        })))
    })
}
.flags(&[
    AUDIENCE,
    DURATION,
    BOUND_OBJECT_KIND,
    BOUND_OBJECT_NAME,
    BOUND_OBJECT_UID,
])
.about(
    "Request a service account token",
    "token SERVICE_ACCOUNT_NAME",
);

/// POSTs the TokenRequest and prints the token (or the answer, with -o).
pub(super) async fn request(
    ctx: &mut Ctx<'_>,
    t: &Target,
    all: &[ApiResource],
    f: &Parsed,
    sa: &str,
    body: &Value,
) -> Result<i32, KubeError> {
    let failed = |e: KubeError| match e {
        KubeError::Status { message, .. } => {
            KubeError::Client(format!("failed to create token: {message}"))
        }
        other => other,
    };
    let r = discovery::find(all, "serviceaccounts").ok_or_else(|| {
        KubeError::Plain("the server doesn't have a resource type \"serviceaccounts\"".into())
    })?;
    let path = format!("{}/token", mutate::item_path(r, &t.namespace, sa));
    let answer = mutate::call(
        ctx,
        t,
        "POST",
        &path,
        "application/json",
        Some(body),
        &format!("serviceaccounts {sa}"),
    )
    .await
    .map_err(failed)?;
    let token = answer["status"]["token"].as_str().unwrap_or("");
    if token.is_empty() {
        return Err(KubeError::Client(
            "failed to create token: no token in server response".into(),
        ));
    }
    if f.value("output").is_some_and(|o| o.starts_with("jsonpath")) {
        return mutate::print_jsonpath(ctx, f.value("output").unwrap_or(""), &answer).map(|()| 0);
    }
    let text = match f.value("output") {
        // The answer decoded into kubectl's typed TokenRequest: fields in
        // the struct's order.
        Some("json") => format!("{}\n", go::json::indent_typed(&answer)),
        Some("yaml") => go::yaml::to_string(&go::json::sorted(&answer)),
        Some("name") => format!("tokenrequest.authentication.k8s.io/{sa}\n"),
        Some(_) | None if ctx.stdout_is_tty => format!("{token}\n"),
        _ => token.to_string(),
    };
    ctx.stdout.write_str(&text);
    Ok(0)
}
