//! Mount options: what a host page (or `<kterm-terminal>`'s attributes, or
//! the iframe's first message) asks of a terminal. Unknown or mistyped
//! fields keep their defaults, so an old page keeps working.

use wasm_bindgen::{JsCast, JsValue};

use crate::theme::Theme;

/// Where the session snapshot (files, history, the CLIs' config with their
/// tokens) is kept between commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Storage {
    /// sessionStorage: survives a reload of the tab, gone when it closes.
    Session,
    /// Memory only: gone with the terminal.
    Memory,
}

/// The context applied on start, as the Kubernetes Terminal had its
/// context set to the cluster it was opened from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    pub account: Option<String>,
    pub region: Option<String>,
    pub resource_group: Option<String>,
    pub cluster: Option<String>,
    pub namespace: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Options {
    /// `None`: follow the host's `prefers-color-scheme`, also when it changes.
    pub theme: Option<Theme>,
    /// xterm theme keys (`background`, `foreground`, `red`…) over the theme's.
    pub colors: Vec<(String, String)>,
    pub font_size: f64,
    pub font_family: String,
    pub screen_reader: bool,
    pub banner: Option<String>,
    /// Where the real services are reached: a base URL (default: where the
    /// bundle was loaded from) and real-host → path overrides.
    pub endpoint_base: Option<String>,
    pub endpoints: Vec<(String, String)>,
    /// An IAM session the page already holds (access, refresh).
    pub session: Option<(String, String)>,
    /// `getToken()`: returns a token, or a Promise of one (a string, or
    /// `{accessToken, refreshToken}`), asked before every command.
    pub get_token: Option<js_sys::Function>,
    pub context: Context,
    pub commands: Vec<String>,
    pub read_only: bool,
    pub storage: Storage,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            theme: None,
            colors: Vec::new(),
            font_size: 14.0,
            font_family: "'IBM Plex Mono', Menlo, 'DejaVu Sans Mono', Consolas, monospace".into(),
            screen_reader: false,
            banner: None,
            endpoint_base: None,
            endpoints: Vec::new(),
            session: None,
            get_token: None,
            context: Context::default(),
            commands: Vec::new(),
            read_only: false,
            storage: Storage::Session,
        }
    }
}

fn get(v: &JsValue, k: &str) -> Option<JsValue> {
    js_sys::Reflect::get(v, &k.into())
        .ok()
        .filter(|x| !x.is_undefined() && !x.is_null())
}

fn string(v: &JsValue, k: &str) -> Option<String> {
    get(v, k)
        .and_then(|x| x.as_string())
        .filter(|s| !s.is_empty())
}

/// String-valued own properties of a plain object.
fn entries(v: &JsValue) -> Vec<(String, String)> {
    let Some(obj) = v.dyn_ref::<js_sys::Object>() else {
        return Vec::new();
    };
    js_sys::Object::entries(obj)
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

impl Options {
    /// The resolved theme: the one asked for, or the host's preference now.
    pub fn theme_now(&self) -> Theme {
        self.theme.unwrap_or_else(Theme::preferred)
    }

    pub fn from_js(v: &JsValue) -> Options {
        let mut o = Options::default();
        match get(v, "theme") {
            Some(t) if t.is_object() => o.colors = entries(&t),
            Some(t) => o.theme = t.as_string().and_then(|t| Theme::parse(&t)),
            None => {}
        }
        if let Some(c) = get(v, "colors") {
            o.colors.extend(entries(&c));
        }
        if let Some(n) = get(v, "fontSize").and_then(|n| n.as_f64()) {
            if (6.0..=72.0).contains(&n) {
                o.font_size = n;
            }
        }
        if let Some(f) = string(v, "fontFamily") {
            o.font_family = f;
        }
        if let Some(b) = get(v, "screenReaderMode").and_then(|b| b.as_bool()) {
            o.screen_reader = b;
        }
        o.banner = string(v, "banner");
        match get(v, "endpoints") {
            Some(e) if e.is_string() => o.endpoint_base = e.as_string(),
            Some(e) => {
                o.endpoint_base = string(&e, "base");
                if let Some(r) = get(&e, "routes") {
                    o.endpoints = entries(&r);
                }
            }
            None => {}
        }
        if let Some(s) = get(v, "session") {
            if let Some(access) = string(&s, "accessToken") {
                o.session = Some((access, string(&s, "refreshToken").unwrap_or_default()));
            }
        }
        o.get_token = get(v, "getToken").and_then(|f| f.dyn_into().ok());
        if let Some(c) = get(v, "context") {
            o.context = Context {
                account: string(&c, "account"),
                region: string(&c, "region"),
                resource_group: string(&c, "resourceGroup"),
                cluster: string(&c, "cluster"),
                namespace: string(&c, "namespace"),
            };
        }
        match get(v, "commands") {
            Some(c) if c.is_string() => o.commands = c.as_string().into_iter().collect(),
            Some(c) if js_sys::Array::is_array(&c) => {
                o.commands = js_sys::Array::from(&c)
                    .iter()
                    .filter_map(|x| x.as_string())
                    .collect();
            }
            _ => {}
        }
        o.read_only = get(v, "readOnly").and_then(|b| b.as_bool()) == Some(true);
        if string(v, "storage").as_deref() == Some("memory") {
            o.storage = Storage::Memory;
        }
        o
    }

    /// The page's own options from its query string (`/?theme=light`).
    pub fn from_query(query: &str) -> Options {
        let mut o = Options::default();
        if let Ok(params) = web_sys::UrlSearchParams::new_with_str(query) {
            o.theme = params.get("theme").and_then(|t| Theme::parse(&t));
            o.read_only = params.get("readOnly").as_deref() == Some("true");
            if params.get("storage").as_deref() == Some("memory") {
                o.storage = Storage::Memory;
            }
        }
        o
    }

    /// The commands that set the preset context, in order.
    pub fn context_commands(&self) -> Vec<String> {
        let c = &self.context;
        let mut lines = Vec::new();
        let mut target = String::new();
        for (flag, v) in [
            ("-c", &c.account),
            ("-r", &c.region),
            ("-g", &c.resource_group),
        ] {
            if let Some(v) = v {
                target.push_str(&format!(" {flag} {}", quote(v)));
            }
        }
        if !target.is_empty() {
            lines.push(format!("ibmcloud target{target}"));
        }
        if let Some(cluster) = &c.cluster {
            lines.push(format!(
                "ibmcloud ks cluster config --cluster {}",
                quote(cluster)
            ));
        }
        if let Some(ns) = &c.namespace {
            // `oc project` checks the namespace exists and makes it the
            // current context's; it works on any Kubernetes cluster.
            lines.push(format!("oc project {}", quote(ns)));
        }
        lines
    }
}

/// Single-quotes a word for the shell.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}
