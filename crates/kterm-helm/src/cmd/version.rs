//! `helm version`: the Helm release this terminal's helm follows (v3.21.4,
//! its tag's commit; the Go version is the one its go.mod names).

use kterm_shell::Ctx;

use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::{flag, hidden, Kind, Parsed};

pub const VERSION: &str = "v3.21.4";
pub const GIT_COMMIT: &str = "813176c51bb5c181dbbd7901298ddcc104cd3417";
pub const GO_VERSION: &str = "go1.26.0";

pub const SUB: Sub = Sub {
    path: "version",
    aliases: &[],
    operands: "",
    short: "print the client version information",
    long: "
Show the version for Helm.

This will print a representation the version of Helm.
The output will look something like this:

version.BuildInfo{Version:\"v3.2.1\", GitCommit:\"fe51cd1e31e6a202cba7dead9552a6d418ded79a\", GitTreeState:\"clean\", GoVersion:\"go1.13.10\"}

- Version is the semantic version of the release.
- GitCommit is the SHA for the commit that this version was built from.
- GitTreeState is \"clean\" if there are no local code changes when this binary was
  built, and \"dirty\" if the binary was built from locally modified code.
- GoVersion is the version of Go that was used to compile Helm.

When using the --template flag the following properties are available to use in
the template:

- .Version contains the semantic version of Helm
- .GitCommit is the git commit
- .GitTreeState is the state of the git tree when Helm was built
- .GoVersion contains the version of Go that Helm was compiled with

For example, --template='Version: {{.Version}}' outputs 'Version: v3.2.1'.
",
    flags: &[
        hidden(flag("client", Some('c'), Kind::Bool, "display client version information")),
        flag("short", None, Kind::Bool, "print the version number"),
        flag("template", None, Kind::Str, "template for version string format"),
    ],
    args: Args::None,
    run: entry!(run),
};

/// `--template` with the four fields a `BuildInfo` has; any other action
/// is refused rather than half-done.
fn template(t: &str) -> Result<String, HelmError> {
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            return Err(HelmError::msg("template: _:1: unclosed action".to_string()));
        };
        let value = match after[..j].trim() {
            ".Version" => VERSION,
            ".GitCommit" => GIT_COMMIT,
            ".GitTreeState" => "clean",
            ".GoVersion" => GO_VERSION,
            other => {
                return Err(HelmError::msg(format!(
                    "--template supports only {{{{.Version}}}}, {{{{.GitCommit}}}}, {{{{.GitTreeState}}}} and {{{{.GoVersion}}}} in this terminal, not {{{{{other}}}}}"
                )))
            }
        };
        out.push_str(value);
        rest = &after[j + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    let text = match p.get("template").filter(|t| !t.is_empty()) {
        Some(t) => template(t)?,
        None if p.bool("short") => format!("{VERSION}+g{}\n", &GIT_COMMIT[..7]),
        None => format!(
            "version.BuildInfo{{Version:\"{VERSION}\", GitCommit:\"{GIT_COMMIT}\", GitTreeState:\"clean\", GoVersion:\"{GO_VERSION}\"}}\n"
        ),
    };
    ctx.stdout.write_str(&text);
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_table() {
        assert_eq!(
            template("Version: {{.Version}}").unwrap(),
            "Version: v3.21.4"
        );
        assert_eq!(
            template("{{ .GitTreeState }}/{{.GoVersion}}").unwrap(),
            "clean/go1.26.0"
        );
        assert!(template("{{.Nope}}").is_err());
        assert!(template("{{.Version").is_err());
    }
}
