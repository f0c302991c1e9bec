//! How the Docker client checks credentials against a registry (its
//! `loginV2`): ping `GET /v2/`; on a Bearer challenge ask the token service
//! named by `realm` with Basic auth (`account`, `client_id=docker`,
//! `offline_token=true`, `service`); then `GET /v2/` again with the token,
//! which must answer 200. Errors are worded as the Docker client words
//! them (distribution's `HandleErrorResponse` inside Go's `url.Error`).

use base64::Engine;
use kterm_http::{Client, Request};
use kterm_shell::Ctx;
use serde_json::Value;

/// Why a login failed: the text Docker prints, and whether the registry
/// refused the credentials (rather than being unreachable or odd).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub unauthorized: bool,
}

/// A parsed `WWW-Authenticate` challenge: scheme (lower case) and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub scheme: String,
    pub params: Vec<(String, String)>,
}

impl Challenge {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses `Bearer realm="…",service="…"` (quoted or bare values, commas
/// with or without spaces, as registries write them).
pub fn parse_challenge(header: &str) -> Option<Challenge> {
    let header = header.trim();
    let (scheme, rest) = header.split_once(' ').unwrap_or((header, ""));
    if scheme.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars
            .by_ref()
            .take_while(|c| *c != '=')
            .collect::<String>()
            .trim()
            .to_string();
        if key.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.peek().copied() {
                if c == ',' {
                    break;
                }
                value.push(c);
                chars.next();
            }
            value = value.trim().to_string();
        }
        params.push((key.to_ascii_lowercase(), value));
    }
    Some(Challenge {
        scheme: scheme.to_ascii_lowercase(),
        params,
    })
}

/// The reason phrase Go's `http.StatusText` gives.
pub fn status_text(code: u16) -> &'static str {
    match code {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// The error distribution's client makes of an unsuccessful token answer.
pub fn token_error(status: u16, content_type: Option<&str>, body: &[u8]) -> Failure {
    let unauthorized = status == 401;
    if !(400..500).contains(&status) {
        return Failure {
            message: format!(
                "received unexpected HTTP status: {status} {}",
                status_text(status)
            ),
            unauthorized,
        };
    }
    let text = String::from_utf8_lossy(body).into_owned();
    let coded = |code: &str, msg: &str| format!("{code}: {msg}");
    let plain = |msg: &str| match status {
        401 => coded("unauthorized", msg),
        403 => coded("denied", msg),
        429 => coded("toomanyrequests", msg),
        _ => coded("unknown", msg),
    };
    let media = content_type
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let message = if media.is_empty()
        || (media != "application/json" && media != "application/vnd.api+json")
    {
        plain(&text)
    } else {
        let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        match v["details"].as_str().filter(|d| !d.is_empty()) {
            Some(d) => plain(d),
            None => match errors_text(&v) {
                Some(m) => m,
                None if unauthorized => "unauthorized: authentication required".to_string(),
                None => format!(
                    "error parsing HTTP {status} response body: no error details found in HTTP response body: {text:?}"
                ),
            },
        }
    };
    Failure {
        message,
        unauthorized,
    }
}

/// `errcode.Errors` as text: one error is `code: message`, several are
/// listed under `errors:`.
fn errors_text(v: &Value) -> Option<String> {
    let list = v["errors"].as_array().filter(|l| !l.is_empty())?;
    let one = |e: &Value| {
        let code = e["code"]
            .as_str()
            .unwrap_or("UNKNOWN")
            .replace('_', " ")
            .to_lowercase();
        format!("{code}: {}", e["message"].as_str().unwrap_or(""))
    };
    Some(if list.len() == 1 {
        one(&list[0])
    } else {
        let mut s = String::from("errors:\n");
        for e in list {
            s.push_str(&one(e));
            s.push('\n');
        }
        s
    })
}

/// Checks `user`/`password` against the registry at `host` the way
/// `docker login` does.
pub async fn login(
    ctx: &Ctx<'_>,
    client: &Client,
    host: &str,
    user: &str,
    password: &str,
) -> Result<(), Failure> {
    let v2 = format!("https://{host}/v2/");
    let wrap = |f: Failure| Failure {
        message: format!("Get {v2:?}: {}", f.message),
        ..f
    };
    let net = |e: kterm_http::HttpError| Failure {
        message: e.to_string().rsplit(": ").next().unwrap_or("").to_string(),
        unauthorized: false,
    };
    let send = |req: Request| async {
        match ctx.cancel.run(client.send(req)).await {
            None => Err(Failure {
                message: "context canceled".into(),
                unauthorized: false,
            }),
            Some(Err(e)) => Err(net(e)),
            Some(Ok(r)) => {
                let status = r.status;
                let ct = r.header("content-type").map(str::to_string);
                let auth = r.header("www-authenticate").map(str::to_string);
                let body = r.bytes().await.map_err(net)?;
                Ok((status, ct, auth, body))
            }
        }
    };
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    );
    let (status, _, auth, _) = send(Request::get(&v2)).await.map_err(wrap)?;
    let authorization = match (status, auth.as_deref().and_then(parse_challenge)) {
        (200, _) => return Ok(()),
        (401, Some(c)) if c.scheme == "bearer" => {
            let realm = c.param("realm").unwrap_or("").to_string();
            let mut q = form_urlencoded::Serializer::new(String::new());
            q.append_pair("account", user);
            q.append_pair("client_id", "docker");
            q.append_pair("offline_token", "true");
            if let Some(s) = c.param("service").filter(|s| !s.is_empty()) {
                q.append_pair("service", s);
            }
            let sep = if realm.contains('?') { '&' } else { '?' };
            let req = Request::get(format!("{realm}{sep}{}", q.finish()))
                .header("Authorization", basic.clone());
            let (status, ct, _, body) = send(req).await.map_err(wrap)?;
            if !(200..400).contains(&status) {
                return Err(wrap(token_error(status, ct.as_deref(), &body)));
            }
            let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let token = v["token"]
                .as_str()
                .or(v["access_token"].as_str())
                .filter(|t| !t.is_empty())
                .ok_or_else(|| {
                    wrap(Failure {
                        message: "authorization server did not include a token in the response"
                            .into(),
                        unauthorized: false,
                    })
                })?;
            format!("Bearer {token}")
        }
        (401, Some(c)) if c.scheme == "basic" => basic,
        (status, _) => {
            return Err(Failure {
                message: format!(
                    "login attempt to {v2} failed with status: {status} {}",
                    status_text(status)
                ),
                unauthorized: status == 401,
            })
        }
    };
    let (status, _, _, _) = send(Request::get(&v2).header("Authorization", authorization))
        .await
        .map_err(wrap)?;
    if status == 200 {
        Ok(())
    } else {
        Err(Failure {
            message: format!(
                "login attempt to {v2} failed with status: {status} {}",
                status_text(status)
            ),
            unauthorized: status == 401,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges() {
        let c =
            parse_challenge(r#"Bearer realm="https://us.icr.io/oauth/token",service="registry""#)
                .unwrap();
        assert_eq!(c.scheme, "bearer");
        assert_eq!(c.param("realm"), Some("https://us.icr.io/oauth/token"));
        assert_eq!(c.param("service"), Some("registry"));
        let c = parse_challenge("Bearer realm=https://cp.icr.io/oauth/token, service=registry, scope=repository:a/b:pull").unwrap();
        assert_eq!(c.param("realm"), Some("https://cp.icr.io/oauth/token"));
        assert_eq!(c.param("scope"), Some("repository:a/b:pull"));
        let c = parse_challenge(r#"Basic realm="Registry \"x\"""#).unwrap();
        assert_eq!(
            (c.scheme.as_str(), c.param("realm")),
            ("basic", Some("Registry \"x\""))
        );
        assert_eq!(parse_challenge(""), None);
    }

    #[test]
    fn token_errors_as_distribution_words_them() {
        let json = Some("application/json; charset=utf-8");
        let cases: &[(u16, Option<&str>, &str, &str)] = &[
            (
                401,
                json,
                r#"{"errors":[{"code":"UNAUTHORIZED","message":"Authorization required.","detail":null}]}"#,
                "unauthorized: Authorization required.",
            ),
            (
                403,
                json,
                r#"{"errors":[{"code":"DENIED","message":"no"},{"code":"NAME_UNKNOWN","message":"x"}]}"#,
                "errors:\ndenied: no\nname unknown: x\n",
            ),
            (
                401,
                Some("text/plain"),
                "bad creds",
                "unauthorized: bad creds",
            ),
            (401, None, "", "unauthorized: "),
            (401, json, "{}", "unauthorized: authentication required"),
            (
                400,
                json,
                r#"{"details":"incorrect username or password"}"#,
                "unknown: incorrect username or password",
            ),
            (
                500,
                json,
                "{}",
                "received unexpected HTTP status: 500 Internal Server Error",
            ),
        ];
        for (status, ct, body, want) in cases {
            assert_eq!(
                token_error(*status, *ct, body.as_bytes()).message,
                *want,
                "{body}"
            );
        }
    }
}
