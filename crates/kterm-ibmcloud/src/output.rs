//! `--output json` (and the ks plug-in's older `--json`): which form a
//! listing takes, and printing the JSON the service answered.

use kterm_shell::Ctx;
use serde_json::Value;

use crate::error::IbmError;
use crate::flags::{Parsed, Spec};

/// The flags every listing accepts for its format.
pub const FLAGS: [Spec; 2] = [(&["--output"], true), (&["--json"], false)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

/// The format asked for; anything but `json` (any case) is refused, as the
/// CLI refuses it, before a request is made.
pub fn format(f: &Parsed) -> Result<Format, IbmError> {
    if f.has("--json") {
        return Ok(Format::Json);
    }
    match f.value("--output") {
        None => Ok(Format::Table),
        Some(v) if v.eq_ignore_ascii_case("json") => Ok(Format::Json),
        Some(other) => Err(IbmError::Usage(format!(
            "Invalid output format '{other}'. Supported formats: JSON"
        ))),
    }
}

/// Pretty JSON with two-space indentation, as the CLI prints it. The JSON
/// escapes C0 controls itself; the sanitizer catches the C1 ones it leaves.
pub fn print_json(ctx: &mut Ctx<'_>, v: &Value) {
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    ctx.stdout.line(&kterm_shell::sanitize::text(&text));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::parse;

    fn fmt(args: &[&str]) -> Result<Format, IbmError> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        format(&parse(&args, &FLAGS)?)
    }

    #[test]
    fn formats() {
        let cases: &[(&[&str], Result<Format, IbmError>)] = &[
            (&[], Ok(Format::Table)),
            (&["--json"], Ok(Format::Json)),
            (&["--output", "json"], Ok(Format::Json)),
            (&["--output=JSON"], Ok(Format::Json)),
            (
                &["--output", "yaml"],
                Err(IbmError::Usage(
                    "Invalid output format 'yaml'. Supported formats: JSON".into(),
                )),
            ),
            (
                &["--output"],
                Err(IbmError::Usage("flag needs an argument: --output".into())),
            ),
        ];
        for (args, want) in cases {
            assert_eq!(&fmt(args), want, "{args:?}");
        }
    }
}
