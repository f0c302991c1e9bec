//! The CLI session, kept where the real CLI keeps it: `~/.bluemix/config.json`
//! in the session file system. It survives a reload of the tab (the file
//! system does) and `logout` removes it.

use base64::Engine;
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
}

fn default_cs() -> String {
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

/// The payload of a JWT (base64url without padding, 3 parts), unverified.
pub fn decode_claims(token: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}
