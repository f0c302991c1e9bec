//! Colours as the IBM Cloud CLI prints them (its plug-in SDK's
//! `bluemix/terminal/color.go`, which styles with fatih/color): `OK` bold
//! green, `FAILED` bold red, names and prompts' `>` bold cyan, table
//! headers bold and the first column of a table bold cyan.
//!
//! On only when stdout is a terminal, as the CLI decides, unless turned
//! off: `--no-color` on the line, `NO_COLOR` set, `IBMCLOUD_COLOR=false`
//! (or the older `BLUEMIX_COLOR`), or `ibmcloud config --color false`.
//! `IBMCLOUD_COLOR=true` or `config --color true` colour pipes and files
//! too, as the CLI does. Only SGR sequences are written.

use kterm_shell::{Ctx, Out};

const RESET: &str = "\x1b[0m";

/// An environment variable the program would see: exported and not empty.
fn env<'a>(ctx: &'a Ctx<'_>, name: &str) -> Option<&'a str> {
    ctx.sh
        .env
        .get(name)
        .filter(|v| !v.is_empty() && ctx.sh.env.is_exported(name))
}

/// The CLI's colour switch in the environment.
fn env_colour(ctx: &Ctx<'_>) -> Option<bool> {
    ["IBMCLOUD_COLOR", "BLUEMIX_COLOR"]
        .iter()
        .find_map(|k| env(ctx, k))
        .and_then(|v| match v {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        })
}

/// Whether this command's output is coloured.
pub fn enabled(ctx: &Ctx<'_>) -> bool {
    let flag_off = ctx
        .args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--no-color");
    if flag_off || env(ctx, "NO_COLOR").is_some() {
        return false;
    }
    let config = crate::session::Session::load(ctx.sh).color_enabled;
    match (env_colour(ctx), config.as_str()) {
        (Some(false), _) => false,
        (Some(true), _) => true,
        (None, "false") => false,
        (None, "true") => true,
        _ => ctx.stdout_is_tty,
    }
}

/// `text` in the given SGR parameters when `on`.
pub fn paint(on: bool, sgr: &str, text: &str) -> String {
    if on && !text.is_empty() {
        format!("\x1b[{sgr}m{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// fatih/color writes the foreground first, then bold.
pub const GREEN_BOLD: &str = "32;1";
pub const RED_BOLD: &str = "31;1";
pub const CYAN_BOLD: &str = "36;1";
pub const BOLD: &str = "1";

/// Prints `OK` on stdout, coloured as the CLI's `ui.Ok`.
pub fn ok(ctx: &mut Ctx<'_>) {
    let on = enabled(ctx);
    ctx.stdout.line(&paint(on, GREEN_BOLD, "OK"));
}

/// A name in a message ("Targeted resource group Default").
pub fn entity(ctx: &Ctx<'_>, name: &str) -> String {
    paint(enabled(ctx), CYAN_BOLD, name)
}

/// A prompt as the CLI's `Prompt` writes it: the label, then `>` in cyan.
pub fn prompt(ctx: &Ctx<'_>, label: &str) -> String {
    match label.strip_suffix("> ") {
        Some(head) if enabled(ctx) => format!("{head}{}", paint(true, CYAN_BOLD, ">")) + " ",
        _ => label.to_string(),
    }
}

/// The SGR sequences this crate writes (the constants above, their reset,
/// and the styles of Docker's login hint). Only these pass as styling.
const OWN_STYLES: &[&str] = &[
    "\x1b[0m",
    "\x1b[1m",
    "\x1b[3m",
    "\x1b[30m",
    "\x1b[96m",
    "\x1b[106m",
    "\x1b[32;1m",
    "\x1b[31;1m",
    "\x1b[36;1m",
];

/// Hands the crate's own styling to the terminal on its raw channel and
/// everything else as text, which the terminal writer escapes. Values from
/// the API are painted by [`paint`] but never carry an escape of their own
/// to the screen: an ESC in them that is not exactly one of these SGR
/// sequences is shown escaped, and at worst such a value is coloured.
pub struct Styles<'a, 'b>(pub &'a mut (dyn Out + 'b));

impl Out for Styles<'_, '_> {
    fn write(&mut self, bytes: &[u8]) {
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == 0x1b {
                if let Some(style) = OWN_STYLES
                    .iter()
                    .find(|s| bytes[i..].starts_with(s.as_bytes()))
                {
                    self.0.write(&bytes[start..i]);
                    self.0.raw(style.as_bytes());
                    i += style.len();
                    start = i;
                    continue;
                }
            }
            i += 1;
        }
        self.0.write(&bytes[start..]);
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.0.raw(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records which channel each piece took.
    #[derive(Default)]
    struct Channels(Vec<(bool, String)>);

    impl Out for Channels {
        fn write(&mut self, b: &[u8]) {
            if !b.is_empty() {
                self.0.push((false, String::from_utf8_lossy(b).into()));
            }
        }
        fn raw(&mut self, b: &[u8]) {
            self.0.push((true, String::from_utf8_lossy(b).into()));
        }
    }

    #[test]
    fn own_styles_go_raw_and_the_rest_as_text() {
        let cases: &[(&str, &[(bool, &str)])] = &[
            ("plain", &[(false, "plain")]),
            (
                "\x1b[32;1mOK\x1b[0m\n",
                &[
                    (true, "\x1b[32;1m"),
                    (false, "OK"),
                    (true, "\x1b[0m"),
                    (false, "\n"),
                ],
            ),
            ("a\x1b]0;t\x07b", &[(false, "a\x1b]0;t\x07b")]),
            ("\x1b[8mhid", &[(false, "\x1b[8mhid")]),
        ];
        for (input, want) in cases {
            let mut ch = Channels::default();
            Styles(&mut ch).write(input.as_bytes());
            let want: Vec<(bool, String)> = want.iter().map(|(r, s)| (*r, s.to_string())).collect();
            assert_eq!(ch.0, want, "{input:?}");
        }
    }

    #[test]
    fn painting() {
        assert_eq!(paint(true, GREEN_BOLD, "OK"), "\x1b[32;1mOK\x1b[0m");
        assert_eq!(paint(false, GREEN_BOLD, "OK"), "OK");
        assert_eq!(paint(true, BOLD, ""), "");
    }
}
