//! Requests to IBM Cloud: built as data, sent through the shell's HTTP
//! client, with the IAM token refreshed before it expires and once more
//! after a 401.

use kterm_http::{Client, Request};
use kterm_shell::Ctx;
use serde::Deserialize;
use serde_json::Value;

use crate::error::IbmError;
use crate::session::Session;

/// `Authorization: Basic` for the CLI's IAM client `bx:bx`.
pub const BX_CLIENT: &str = "Basic Yng6Yng=";
/// Refresh when less than this is left on the access token.
const REFRESH_MARGIN_S: i64 = 300;

#[derive(Debug, Deserialize)]
pub struct Token {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: String,
}

pub fn client(ctx: &Ctx<'_>) -> Result<Client, IbmError> {
    ctx.sh.ext.get::<Client>().cloned().ok_or_else(|| {
        IbmError::Message("No network transport is configured in this terminal.".into())
    })
}

/// The body of `POST /identity/token`.
pub fn token_request(iam: &str, form: &[(&str, &str)]) -> Request {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form {
        body.append_pair(k, v);
    }
    if !form.iter().any(|(k, _)| *k == "response_type") {
        body.append_pair("response_type", "cloud_iam");
    }
    Request::new("POST", format!("{iam}/identity/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .header("Authorization", BX_CLIENT)
        .body(body.finish())
}

/// The message of an error body, whichever service wrote it.
pub fn error_message(body: &[u8], status: u16) -> String {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let pick = [
        v["errorMessage"].as_str(),
        v["errors"][0]["message"].as_str(),
        v["description"].as_str(),
        v["message"].as_str(),
        v["error"].as_str(),
    ];
    let found = pick.into_iter().flatten().next().map(str::to_string);
    found.unwrap_or_else(|| format!("The server answered with status {status}."))
}

/// Sends a request; a transport failure becomes `IbmError::Network`, and
/// Ctrl-C `IbmError::Cancelled`.
pub async fn send(ctx: &Ctx<'_>, req: Request) -> Result<(u16, Vec<u8>), IbmError> {
    let client = client(ctx)?;
    let url = req.url.clone();
    let fut = async {
        let resp = client.send(req).await?;
        let status = resp.status;
        Ok::<_, kterm_http::HttpError>((status, resp.bytes().await?))
    };
    match ctx.cancel.run(fut).await {
        None => Err(IbmError::Cancelled),
        Some(Ok(r)) => Ok(r),
        Some(Err(e)) => Err(IbmError::Network {
            url: host_of(&url),
            message: e.to_string().rsplit(": ").next().unwrap_or("").to_string(),
        }),
    }
}

fn host_of(url: &str) -> String {
    url.split('/').take(3).collect::<Vec<_>>().join("/")
}

/// Exchanges a grant for tokens at IAM.
pub async fn iam_token(ctx: &Ctx<'_>, iam: &str, form: &[(&str, &str)]) -> Result<Token, IbmError> {
    let (status, body) = send(ctx, token_request(iam, form)).await?;
    if status != 200 {
        return Err(IbmError::Api(error_message(&body, status)));
    }
    serde_json::from_slice(&body)
        .map_err(|_| IbmError::Message("IAM answered with an unexpected body.".into()))
}

/// The session, logged in, with a token good for a while yet.
pub async fn fresh_session(ctx: &mut Ctx<'_>) -> Result<Session, IbmError> {
    let mut s = Session::load(ctx.sh);
    if !s.logged_in() {
        return Err(IbmError::NotLoggedIn);
    }
    let now_s = ctx.host.now_ms() / 1000;
    if s.claims().exp - now_s < REFRESH_MARGIN_S {
        refresh(ctx, &mut s).await?;
    }
    Ok(s)
}

/// Refreshes the session's tokens with its refresh token and saves them.
pub async fn refresh(ctx: &mut Ctx<'_>, s: &mut Session) -> Result<(), IbmError> {
    if s.iam_refresh_token.is_empty() {
        return Err(IbmError::SessionExpired);
    }
    let iam = s.iam_endpoint.clone();
    let rt = s.iam_refresh_token.clone();
    let t = match iam_token(
        ctx,
        &iam,
        &[("grant_type", "refresh_token"), ("refresh_token", &rt)],
    )
    .await
    {
        Ok(t) => t,
        Err(IbmError::Api(_)) => return Err(IbmError::SessionExpired),
        Err(e) => return Err(e),
    };
    s.iam_token = format!("Bearer {}", t.access_token);
    if !t.refresh_token.is_empty() {
        s.iam_refresh_token = t.refresh_token;
    }
    let now = ctx.host.now_ms();
    s.save(ctx.sh, now).map_err(IbmError::Message)
}

/// An authorized request; on 401 the token is refreshed once and the
/// request sent again.
pub async fn authorized(
    ctx: &mut Ctx<'_>,
    s: &mut Session,
    build: impl Fn(&str) -> Request,
) -> Result<(u16, Vec<u8>), IbmError> {
    let (status, body) = send(ctx, build(&s.iam_token)).await?;
    if status != 401 {
        return Ok((status, body));
    }
    refresh(ctx, s).await?;
    send(ctx, build(&s.iam_token)).await
}

/// GET returning JSON, errors as the service words them.
pub async fn get_json(
    ctx: &mut Ctx<'_>,
    s: &mut Session,
    url: &str,
    headers: &[(&str, String)],
) -> Result<Value, IbmError> {
    let (status, body) = authorized(ctx, s, |token| {
        let mut r = Request::get(url)
            .header("Authorization", token)
            .header("Accept", "application/json");
        for (k, v) in headers {
            r = r.header(k, v.clone());
        }
        r
    })
    .await?;
    if !(200..300).contains(&status) {
        return Err(IbmError::Api(error_message(&body, status)));
    }
    serde_json::from_slice(&body)
        .map_err(|_| IbmError::Message(format!("{url} answered with an unexpected body.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_request_is_a_form_with_the_cli_client() {
        let r = token_request(
            "https://iam.cloud.ibm.com",
            &[
                ("grant_type", "urn:ibm:params:oauth:grant-type:apikey"),
                ("apikey", "k y"),
            ],
        );
        assert_eq!(r.url, "https://iam.cloud.ibm.com/identity/token");
        assert_eq!(r.header_value("Authorization"), Some(BX_CLIENT));
        assert_eq!(
            String::from_utf8(r.body).unwrap(),
            "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=k+y&response_type=cloud_iam"
        );
    }

    #[test]
    fn error_messages_of_each_service() {
        let cases: &[(&str, &str)] = &[
            (
                r#"{"errorCode":"BXNIM0415E","errorMessage":"Provided API key could not be found."}"#,
                "Provided API key could not be found.",
            ),
            (
                r#"{"errors":[{"code":"not_found","message":"Nope."}]}"#,
                "Nope.",
            ),
            (
                r#"{"code":"G0004","description":"The specified cluster could not be found."}"#,
                "The specified cluster could not be found.",
            ),
            ("garbage", "The server answered with status 502."),
        ];
        for (body, want) in cases {
            assert_eq!(error_message(body.as_bytes(), 502), *want);
        }
    }
}
