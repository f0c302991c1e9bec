//! Terminal options: a dark theme and a readable light alternative.

use wasm_bindgen::JsValue;

use crate::options::Options;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "dark" => Some(Theme::Dark),
            "light" => Some(Theme::Light),
            _ => None,
        }
    }

    /// The page's preference (`prefers-color-scheme`).
    pub fn preferred() -> Theme {
        let light = web_sys::window()
            .and_then(|w| {
                w.match_media("(prefers-color-scheme: light)")
                    .ok()
                    .flatten()
            })
            .is_some_and(|m| m.matches());
        if light {
            Theme::Light
        } else {
            Theme::Dark
        }
    }

    /// (name, colour) pairs for xterm's `theme` option.
    fn colors(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Theme::Dark => &[
                ("background", "#161616"),
                ("foreground", "#f4f4f4"),
                ("cursor", "#f4f4f4"),
                ("selectionBackground", "#525252"),
                ("black", "#161616"),
                ("red", "#fa4d56"),
                ("green", "#42be65"),
                ("yellow", "#f1c21b"),
                ("blue", "#78a9ff"),
                ("magenta", "#be95ff"),
                ("cyan", "#33b1ff"),
                ("white", "#dde1e6"),
                ("brightBlack", "#6f6f6f"),
                ("brightWhite", "#ffffff"),
            ],
            Theme::Light => &[
                ("background", "#ffffff"),
                ("foreground", "#161616"),
                ("cursor", "#161616"),
                ("selectionBackground", "#c6c6c6"),
                ("black", "#161616"),
                ("red", "#da1e28"),
                ("green", "#198038"),
                ("yellow", "#8e6a00"),
                ("blue", "#0f62fe"),
                ("magenta", "#8a3ffc"),
                ("cyan", "#0072c3"),
                ("white", "#6f6f6f"),
                ("brightBlack", "#525252"),
                ("brightWhite", "#161616"),
            ],
        }
    }
}

fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &key.into(), &value.into());
}

/// xterm's `theme` object: the theme's colours, then the page's overrides.
pub fn xterm_theme(t: Theme, overrides: &[(String, String)]) -> JsValue {
    let theme = js_sys::Object::new();
    for (k, v) in t.colors() {
        set(&theme, k, *v);
    }
    for (k, v) in overrides {
        set(&theme, k, v.as_str());
    }
    theme.into()
}

/// The terminal's line height, as a multiple of the font's height.
pub const LINE_HEIGHT: f64 = 1.2;

pub fn terminal_options(o: &Options) -> JsValue {
    let opts = js_sys::Object::new();
    set(&opts, "cursorBlink", true);
    set(&opts, "fontSize", o.font_size);
    set(&opts, "fontFamily", o.font_family.as_str());
    // xterm.js clips each row to its cell; at a line height of 1 the
    // fallback monospace fonts' underscore falls just below the cell at a
    // device pixel ratio of 1 (`foo_bar` read `foo bar`). The extra fifth
    // keeps every glyph inside at 1×, 1.25×, 1.5× and 2×
    // (tests/e2e/glyphs.test.mjs).
    set(&opts, "lineHeight", LINE_HEIGHT);
    set(&opts, "scrollback", 5000);
    // The Unicode 11 width provider is a proposed API in xterm 6.
    set(&opts, "allowProposedApi", true);
    set(&opts, "screenReaderMode", o.screen_reader);
    set(&opts, "theme", xterm_theme(o.theme_now(), &o.colors));
    opts.into()
}
