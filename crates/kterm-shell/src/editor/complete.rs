//! Tab completion: command names in command position, otherwise what the
//! command itself offers (`Command::complete`) plus session file paths.

use crate::fs::Node;
use crate::{Cancel, Ctx, Host, Shell};

/// Where the word being completed starts (byte offset), and the candidates
/// that replace it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub start: usize,
    pub candidates: Vec<String>,
}

/// Splits the line before the cursor into words of the current command
/// (after the last `|`, `;`, `&&`, `||`, newline, `(`, or a reserved word
/// that starts a command such as `do` or `then`); the last one is the
/// partial word.
fn words_before(line: &str) -> (usize, Vec<String>) {
    let seg_start = ["|", ";", "&&", "||", "$(", "`", "\n", "(", "{ "]
        .iter()
        .filter_map(|sep| line.rfind(sep).map(|i| i + sep.len()))
        .max()
        .unwrap_or(0);
    let seg = &line[seg_start..];
    let start = seg
        .rfind([' ', '\t'])
        .map(|i| seg_start + i + 1)
        .unwrap_or(seg_start);
    let mut words: Vec<String> = line[seg_start..start]
        .split_whitespace()
        .map(str::to_string)
        .collect();
    // `for x in a; do kub<TAB>`: after these the next word is a command.
    while words.first().is_some_and(|w| {
        matches!(
            w.as_str(),
            "do" | "then" | "else" | "elif" | "if" | "while" | "until" | "{" | "!" | "time"
        )
    }) {
        words.remove(0);
    }
    words.push(line[start..].to_string());
    (start, words)
}

pub async fn complete(shell: &mut Shell, host: &dyn Host, line: &str, cursor: usize) -> Completion {
    let before = line.get(..cursor).unwrap_or(line);
    let (start, words) = words_before(before);
    let partial = words.last().cloned().unwrap_or_default();
    let mut candidates: Vec<String> = Vec::new();
    if words.len() == 1 {
        candidates.extend(
            shell
                .registry
                .names()
                .filter(|n| n.starts_with(&partial))
                .map(str::to_string),
        );
        candidates.extend(
            shell
                .state
                .aliases
                .keys()
                .filter(|n| n.starts_with(&partial))
                .cloned(),
        );
        for (special, _) in crate::builtins::SPECIAL {
            if special.starts_with(&partial) {
                candidates.push(special.to_string());
            }
        }
        candidates.extend(
            shell
                .state
                .lang
                .functions
                .keys()
                .filter(|n| n.starts_with(&partial))
                .cloned(),
        );
    } else {
        if let Some(cmd) = shell.registry.get(&words[0]) {
            let mut out = Vec::new();
            let mut err = Vec::new();
            let mut ctx = Ctx {
                name: words[0].clone(),
                args: Vec::new(),
                stdin: Vec::new(),
                stdin_is_tty: true,
                stdout: &mut out,
                stderr: &mut err,
                stdout_is_tty: false,
                sh: &mut shell.state,
                registry: &shell.registry,
                host,
                cancel: Cancel::new(),
            };
            let offered = cmd.complete(&mut ctx, &words[1..]).await;
            candidates.extend(offered.into_iter().filter(|c| c.starts_with(&partial)));
        }
        if candidates.is_empty()
            || partial.contains('/')
            || partial.starts_with('.')
            || partial.starts_with('~')
        {
            candidates.extend(paths(shell, &partial));
        }
    }
    crate::sort::sort(&mut candidates);
    candidates.dedup();
    Completion { start, candidates }
}

/// Session files and directories matching a partial path (dirs end in `/`).
fn paths(shell: &Shell, partial: &str) -> Vec<String> {
    let (dir_part, name_part) = match partial.rfind('/') {
        Some(i) => (&partial[..=i], &partial[i + 1..]),
        None => ("", partial),
    };
    let dir = shell
        .state
        .abs_path(if dir_part.is_empty() { "." } else { dir_part });
    let Ok(entries) = shell.state.fs.list(&dir) else {
        return Vec::new();
    };
    entries
        .into_iter()
        .filter(|(n, _)| {
            n.starts_with(name_part) && (!n.starts_with('.') || name_part.starts_with('.'))
        })
        .map(|(n, node)| {
            format!(
                "{dir_part}{n}{}",
                if matches!(node, Node::Dir) { "/" } else { "" }
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_table() {
        let cases = [
            ("ec", (0, vec!["ec"])),
            ("echo a b", (7, vec!["echo", "a", "b"])),
            ("echo a | gr", (9, vec!["gr"])),
            ("cat ", (4, vec!["cat", ""])),
            ("x && kubectl get po", (17, vec!["kubectl", "get", "po"])),
            (
                "for n in a b; do kubectl get p",
                (29, vec!["kubectl", "get", "p"]),
            ),
            ("if true; then ec", (14, vec!["ec"])),
            ("while read l\ndo ec", (16, vec!["ec"])),
            ("{ ec", (2, vec!["ec"])),
            ("(cd /tmp && l", (12, vec!["l"])),
        ];
        for (line, (start, words)) in cases {
            let got = words_before(line);
            assert_eq!(
                got,
                (start, words.iter().map(|s| s.to_string()).collect()),
                "{line}"
            );
        }
    }
}
