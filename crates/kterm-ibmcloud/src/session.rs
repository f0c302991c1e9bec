//! The CLI session, kept where the real CLI keeps it: `~/.bluemix/config.json`
//! in the session file system. It survives a reload of the tab (the file
//! system does) and `logout` removes it.

use kterm_shell::ShellState;
use serde::{Deserialize, Serialize};

pub const CONFIG_PATH: &str = "/home/user/.bluemix/config.json";
pub const DEFAULT_API: &str = "https://cloud.ibm.com";
pub const DEFAULT_IAM: &str = "https://iam.cloud.ibm.com";

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Account {
    #[serde(rename = "GUID")]
    pub guid: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Owner")]
    pub owner: String,
    /// The linked IMS account shown after `<->`.
    #[serde(rename = "IMSAccountID", default)]
    pub ims: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ResourceGroup {
    #[serde(rename = "GUID")]
    pub guid: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Default", default)]
    pub default: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Session {
    #[serde(rename = "APIEndpoint")]
    pub api_endpoint: String,
    #[serde(rename = "IAMEndpoint")]
    pub iam_endpoint: String,
    /// `Bearer eyJ…`, as the CLI stores it.
    #[serde(rename = "IAMToken", default)]
    pub iam_token: String,
    #[serde(rename = "IAMRefreshToken", default)]
    pub iam_refresh_token: String,
    #[serde(rename = "Region", default)]
    pub region: String,
    #[serde(rename = "Account", default)]
    pub account: Account,
    #[serde(rename = "ResourceGroup", default)]
    pub resource_group: ResourceGroup,
    #[serde(rename = "LoginAt", default)]
    pub login_at: String,
    /// The registry region chosen with `ibmcloud cr region-set` (empty: follow the targeted region).
    #[serde(rename = "RegistryRegion", default)]
    pub registry_region: String,
    /// The Kubernetes Service endpoint (`ibmcloud ks init --host`).
    #[serde(rename = "ContainersEndpoint", default = "default_cs")]
    pub containers_endpoint: String,
    /// The host `ibmcloud ks init --host` was given, as typed (empty: the
    /// default); requests go to `containers_endpoint`, the service it names.
    #[serde(rename = "ContainersHost", default)]
    pub containers_host: String,
    /// The Kubernetes Service region of `ibmcloud ks region-set` (empty:
    /// the one the targeted region belongs to).
    #[serde(rename = "ContainersRegion", default)]
    pub containers_region: String,
    /// `ibmcloud config --color true|false` (empty: colour on terminals).
    #[serde(rename = "ColorEnabled", default)]
    pub color_enabled: String,
}

pub fn default_cs() -> String {
    "https://containers.cloud.ibm.com".into()
}

impl Default for Session {
    fn default() -> Self {
        Self {
            api_endpoint: DEFAULT_API.into(),
            iam_endpoint: DEFAULT_IAM.into(),
            iam_token: String::new(),
            iam_refresh_token: String::new(),
            region: String::new(),
            account: Account::default(),
            resource_group: ResourceGroup::default(),
            login_at: String::new(),
            registry_region: String::new(),
            containers_endpoint: default_cs(),
            containers_host: String::new(),
            containers_region: String::new(),
            color_enabled: String::new(),
        }
    }
}

/// Claims the CLI reads from the access token.
#[derive(Debug, Default, Deserialize)]
pub struct Claims {
    #[serde(default)]
    pub iam_id: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub sub: String,
    #[serde(default)]
    pub exp: i64,
    #[serde(default)]
    pub account: TokenAccount,
}

/// The account a token is scoped to (`account.bss`).
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct TokenAccount {
    #[serde(default)]
    pub bss: String,
}

impl Session {
    pub fn load(sh: &ShellState) -> Session {
        sh.fs
            .read(CONFIG_PATH)
            .ok()
            .and_then(|b| serde_json::from_slice(b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, sh: &mut ShellState, now_ms: i64) -> Result<(), String> {
        let text = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        sh.fs
            .mkdir_p("/home/user/.bluemix")
            .map_err(|e| e.to_string())?;
        sh.fs
            .write(CONFIG_PATH, text, now_ms)
            .map_err(|e| format!("{CONFIG_PATH}: {e}"))
    }

    pub fn logged_in(&self) -> bool {
        !self.iam_token.is_empty()
    }

    /// The access token without its `Bearer ` prefix.
    pub fn access_token(&self) -> &str {
        self.iam_token
            .strip_prefix("Bearer ")
            .unwrap_or(&self.iam_token)
    }

    pub fn claims(&self) -> Claims {
        decode_claims(self.access_token()).unwrap_or_default()
    }

    /// The user as the CLI shows it: the e-mail, or the IAM ID for a service ID.
    pub fn user(&self) -> String {
        let c = self.claims();
        if !c.email.is_empty() && c.email.contains('@') {
            c.email
        } else if !c.sub.is_empty() {
            c.sub
        } else {
            c.iam_id
        }
    }
}

/// Takes over an IAM session the embedding page already holds, so the user
/// does not log in twice: the tokens go where `ibmcloud login` puts them,
/// and the account is the one the access token was issued for. Region and
/// resource group stay as they were (the page's context sets them).
pub fn adopt_tokens(
    sh: &mut ShellState,
    access_token: &str,
    refresh_token: &str,
    now_ms: i64,
) -> Result<(), String> {
    let access = access_token.strip_prefix("Bearer ").unwrap_or(access_token);
    let account = decode_account(access).ok_or("the access token is not an IAM token")?;
    let mut s = Session::load(sh);
    if s.iam_token == format!("Bearer {access}") && s.iam_refresh_token == refresh_token {
        return Ok(());
    }
    if s.account.guid != account.bss {
        s.account = Account {
            guid: account.bss,
            // IAM writes the IMS account as a string; tolerate a number.
            ims: match account.ims {
                serde_json::Value::String(v) => v,
                serde_json::Value::Number(n) => n.to_string(),
                _ => String::new(),
            },
            ..Account::default()
        };
        s.resource_group = ResourceGroup::default();
    }
    s.iam_token = format!("Bearer {access}");
    s.iam_refresh_token = refresh_token.to_string();
    s.save(sh, now_ms)
}

#[derive(Deserialize)]
struct AccountClaim {
    #[serde(default)]
    bss: String,
    #[serde(default)]
    ims: serde_json::Value,
}

fn decode_account(token: &str) -> Option<AccountClaim> {
    #[derive(Deserialize)]
    struct C {
        account: AccountClaim,
    }
    kterm_shell::jwt::claims::<C>(token).map(|c| c.account)
}

/// The payload of a JWT, unverified.
pub fn decode_claims(token: &str) -> Option<Claims> {
    kterm_shell::jwt::claims(token)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests fail loudly by design
    use super::*;
    use base64::Engine;

    fn jwt(payload: &str) -> String {
        let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!("{}.{}.sig", b.encode("{}"), b.encode(payload))
    }

    #[test]
    fn adopted_tokens_land_where_login_puts_them() {
        let mut sh = ShellState::default();
        let token = jwt(r#"{"email":"a@b.c","account":{"bss":"acct1","ims":"42"}}"#);
        adopt_tokens(&mut sh, &token, "rt1", 0).unwrap();
        let s = Session::load(&sh);
        assert_eq!(s.iam_token, format!("Bearer {token}"));
        assert_eq!(s.iam_refresh_token, "rt1");
        assert_eq!(s.account.guid, "acct1");
        assert_eq!(s.account.ims, "42");
        assert_eq!(s.user(), "a@b.c");

        // The same account keeps its targeted resource group and region.
        let mut s = Session::load(&sh);
        s.region = "us-south".into();
        s.resource_group.name = "Default".into();
        s.save(&mut sh, 0).unwrap();
        let renewed = jwt(r#"{"account":{"bss":"acct1","ims":42}}"#);
        adopt_tokens(&mut sh, &format!("Bearer {renewed}"), "rt2", 0).unwrap();
        let s = Session::load(&sh);
        assert_eq!(s.iam_token, format!("Bearer {renewed}"));
        assert_eq!(
            (s.region.as_str(), s.resource_group.name.as_str()),
            ("us-south", "Default")
        );

        // Another account drops the resource group, which belongs to the old one.
        let other = jwt(r#"{"account":{"bss":"acct2"}}"#);
        adopt_tokens(&mut sh, &other, "", 0).unwrap();
        let s = Session::load(&sh);
        assert_eq!(
            (s.account.guid.as_str(), s.account.ims.as_str()),
            ("acct2", "")
        );
        assert_eq!(s.resource_group, ResourceGroup::default());
    }

    #[test]
    fn a_token_that_is_not_iams_is_refused_and_nothing_is_written() {
        let mut sh = ShellState::default();
        for bad in ["", "abc", "a.b.c", &jwt(r#"{"email":"x"}"#)] {
            assert_eq!(
                adopt_tokens(&mut sh, bad, "", 0),
                Err("the access token is not an IAM token".into())
            );
        }
        assert!(!sh.fs.exists(CONFIG_PATH));
    }
}
