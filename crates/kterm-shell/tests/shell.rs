#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The shell language end to end through real builtins: each case runs its
//! lines in one fresh session and compares stdout, stderr and the status.

use futures::executor::block_on;
use kterm_shell::testing::TestHost;
use kterm_shell::{builtins, Cancel, Registry, Shell};

fn shell() -> Shell {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    Shell::new(reg)
}

fn run_in(sh: &mut Shell, host: &TestHost, line: &str) -> (String, String, i32) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = block_on(sh.run_line(line, host, &mut out, &mut err, Cancel::new()));
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
        status,
    )
}

/// Runs all lines; returns the last line's result.
fn run(lines: &[&str]) -> (String, String, i32) {
    let mut sh = shell();
    sh.state.ext.insert(());
    let host = TestHost::default();
    let mut last = (String::new(), String::new(), 0);
    for l in lines {
        last = run_in(&mut sh, &host, l);
    }
    last
}

#[test]
fn language_table() {
    let cases: &[(&[&str], &str, &str, i32)] = &[
        (&["echo hello world"], "hello world\n", "", 0),
        (&["echo 'a  b' \"c  d\" e\\ f"], "a  b c  d e f\n", "", 0),
        (&["A=1; echo $A ${A} \"$A\"'$A'"], "1 1 1$A\n", "", 0),
        (
            &["echo ${UNSET:-fallback} ${UNSET-x} ${HOME:+set}"],
            "fallback x set\n",
            "",
            0,
        ),
        (&["echo ${N:=7}; echo $N"], "7\n7\n", "", 0),
        (&["X=abcd; echo ${#X}"], "4\n", "", 0),
        (&["false; echo $?"], "1\n", "", 0),
        (&["true && echo yes || echo no"], "yes\n", "", 0),
        (&["false && echo yes || echo no"], "no\n", "", 0),
        (&["! false; echo $?"], "0\n", "", 0),
        (&["echo one; echo two"], "one\ntwo\n", "", 0),
        (&["echo hi | grep h"], "hi\n", "", 0),
        (
            &["printf 'b\\na\\nb\\n' | sort | uniq -c"],
            "      1 a\n      2 b\n",
            "",
            0,
        ),
        (&["echo $(echo inner) `echo back`"], "inner back\n", "", 0),
        (
            &["V=\"$(printf 'a b\\n\\n')\"; echo \"[$V]\""],
            "[a b]\n",
            "",
            0,
        ),
        (&["for=x; echo $for"], "x\n", "", 0),
        (&["echo ~ ~/x a~"], "/home/user /home/user/x a~\n", "", 0),
        (&["echo a # comment"], "a\n", "", 0),
        (&["echo a \\\nb"], "a b\n", "", 0),
        (
            &["cat <<EOF\nhi $HOME\n\\$HOME\nEOF"],
            "hi /home/user\n$HOME\n",
            "",
            0,
        ),
        (&["cat <<'EOF'\nhi $HOME\nEOF"], "hi $HOME\n", "", 0),
        (&["cat <<-EOF\n\tindented\n\tEOF"], "indented\n", "", 0),
        (&["echo data > f; cat f"], "data\n", "", 0),
        (&["echo 1 > f; echo 2 >> f; cat < f"], "1\n2\n", "", 0),
        (&["cat nope 2>/dev/null; echo $?"], "1\n", "", 0),
        (&["cat nope 2>&1 | grep -c 'No such'"], "1\n", "", 0),
        (
            &["cat nope > out 2>&1; cat out"],
            "cat: nope: No such file or directory\n",
            "",
            0,
        ),
        (
            &["echo x > /nodir/f"],
            "",
            "kterm: /nodir/f: No such file or directory\n",
            1,
        ),
        (&["K=v env | grep ^K="], "K=v\n", "", 0),
        (&["K=v true; echo \"[$K]\""], "[]\n", "", 0),
        (&["eval 'echo a; echo b'"], "a\nb\n", "", 0),
        (
            &["eval $(echo export KUBECONFIG=/tmp/k.yml); echo $KUBECONFIG"],
            "/tmp/k.yml\n",
            "",
            0,
        ),
        (
            &["echo 'echo sourced $1' > s.sh; source s.sh; . s.sh"],
            "sourced\nsourced\n",
            "",
            0,
        ),
        // bash expands aliases when it reads a line, so an alias works
        // from the next line on.
        (&["alias hi='echo hello'\nhi there"], "hello there\n", "", 0),
        (
            &["alias hi='echo hello'; hi there"],
            "",
            "kterm: hi: command not found\n",
            127,
        ),
        (&["alias echo='echo -n'", "echo x"], "x", "", 0),
        (
            &["alias x=y; alias y=x", "x"],
            "",
            "kterm: x: command not found\n",
            127,
        ),
        (
            &["nosuch arg"],
            "",
            "kterm: nosuch: command not found\n",
            127,
        ),
        (
            &["echo a ;; echo b"],
            "",
            "kterm: syntax error near unexpected token `;;'\n",
            2,
        ),
        (
            &["| echo"],
            "",
            "kterm: syntax error near unexpected token `|'\n",
            2,
        ),
        (
            &["echo > ;"],
            "",
            "kterm: syntax error near unexpected token `;'\n",
            2,
        ),
        (
            &["echo a &&"],
            "",
            "kterm: syntax error: unexpected end of file\n",
            2,
        ),
        (
            &["echo 'open"],
            "",
            "kterm: unexpected EOF while looking for matching `''\n",
            2,
        ),
        (&["cd /tmp; pwd; cd -"], "/tmp\n/home/user\n", "", 0),
        (
            &["cd /nope"],
            "",
            "kterm: cd: /nope: No such file or directory\n",
            1,
        ),
        (
            &["mkdir -p a/b; touch a/b/c; ls -R a"],
            "a:\nb\n\na/b:\nc\n",
            "",
            0,
        ),
        (
            &["printf '%s-%03d|%-4s|\\n' x 7 ab"],
            "x-007|ab  |\n",
            "",
            0,
        ),
        (&["echo -e 'a\\tb'"], "a\tb\n", "", 0),
        (
            &["printf 'x\\ny\\nz\\n' | tail -n 2 | head -1"],
            "y\n",
            "",
            0,
        ),
        (&["printf 'a:b:c\\n' | cut -d: -f2,3"], "b:c\n", "", 0),
        (&["echo hello | base64 | base64 -d"], "hello\n", "", 0),
        (&["printf 'one two\\nthree\\n' | wc -l"], "2\n", "", 0),
        (
            &["printf '10\\n9\\n100\\n' | sort -n -r"],
            "100\n10\n9\n",
            "",
            0,
        ),
        (&["echo A | grep -i a; echo $?"], "A\n0\n", "", 0),
        (&["echo A | grep b; echo $?"], "1\n", "", 0),
        (&["echo x | tee t1 > /dev/null; cat t1"], "x\n", "", 0),
        (
            &["type echo ll"],
            "echo is a shell builtin\n",
            "kterm: type: ll: not found\n",
            1,
        ),
        (
            &["ls -z"],
            "",
            "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n",
            2,
        ),
        (&["echo x > f; cp f g; mv g h; ls"], "f  h\n", "", 0),
        (&["echo x > f; ls | cat"], "f\n", "", 0),
        (
            &["echo x > f; rm f; cat f"],
            "",
            "cat: f: No such file or directory\n",
            1,
        ),
        (
            &["printf '\\033[31mred\\n' > f; cat f | cat"],
            "^[[31mred\n",
            "",
            0,
        ),
        (
            &["printf '\\033[31mred\\n' > f; cat f | cat > g; grep -c $(printf '\\033') g"],
            "1\n",
            "",
            0,
        ),
        (&["date +%F"], "2026-01-01\n", "", 0),
        (
            &["echo a > x; echo b > y; head -n1 x y"],
            "==> x <==\na\n\n==> y <==\nb\n",
            "",
            0,
        ),
        (&["mkdir d; touch f g; cp f g d; ls d"], "f  g\n", "", 0),
        (
            &["touch a b; mv a b c"],
            "",
            "mv: target 'c' is not a directory\n",
            1,
        ),
        (
            &["cp onlyone"],
            "",
            "cp: missing destination file operand\nTry 'cp --help' for more information.\n",
            1,
        ),
        (
            &["A=1; export A; printenv A; env | grep -c '^A=1$'"],
            "1\n1\n",
            "",
            0,
        ),
        (&["history -c; history"], "", "", 0),
    ];
    let mut failures = Vec::new();
    for (lines, out, err, status) in cases {
        let got = run(lines);
        let want = (out.to_string(), err.to_string(), *status);
        if got != want {
            failures.push(format!("{lines:?}\n   got {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cancel_stops_the_rest_of_the_line() {
    let mut sh = shell();
    let host = TestHost::default();
    let cancel = Cancel::new();
    cancel.cancel();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = block_on(sh.run_line("echo a; echo b", &host, &mut out, &mut err, cancel));
    assert_eq!(status, 130);
    assert!(out.is_empty());
}

#[test]
fn full_disk_keeps_existing_files() {
    let mut sh = shell();
    sh.state.fs = kterm_shell::fs::Vfs::with_limit(16);
    sh.state.fs.mkdir_p("/home/user").unwrap();
    let host = TestHost::default();
    run_in(&mut sh, &host, "echo 12345 > keep");
    let (_, err, status) = run_in(&mut sh, &host, "echo 0123456789abcdef > big");
    assert_eq!(
        (err.as_str(), status),
        ("kterm: /home/user/big: No space left on device\n", 1)
    );
    assert_eq!(run_in(&mut sh, &host, "cat keep").0, "12345\n");
}

#[test]
fn incomplete_input_asks_for_more() {
    let sh = shell();
    for (text, want) in [
        ("echo 'a", true),
        ("echo \"a", true),
        ("cat <<EOF\nx", true),
        ("echo a |", true),
        ("echo a &&", true),
        ("echo a \\", true),
        ("echo $(ls", true),
        ("echo a", false),
        ("echo ;;", false),
        ("cat <<EOF\nx\nEOF", false),
    ] {
        assert_eq!(sh.is_incomplete(text), want, "{text:?}");
    }
}

#[test]
fn prompt_shows_directory_and_hooks() {
    let mut sh = shell();
    assert_eq!(sh.prompt(), "~ $ ");
    sh.state.cwd = "/tmp".into();
    sh.prompt_hooks.push(|_| Some("us-south".into()));
    assert_eq!(sh.prompt(), "/tmp (us-south) $ ");
}

/// Random inputs over the characters that matter to the grammar never make
/// the tokenizer, parser or executor panic (a bounded, seeded fuzz run).
#[test]
fn arbitrary_input_never_panics() {
    const ALPHABET: &[&str] = &[
        "a", "b", " ", "'", "\"", "\\", "$", "{", "}", "(", ")", "`", "|", "&", ";", "<", ">",
        "\n", "#", "~", "=", ":", "-", "2", "echo ", "cat ", "<<E\n", "E\n", "$(", "${", "&&",
        "||", ">>", "2>&1", "\t", "é", "*",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let host = TestHost::default();
    let mut sh = shell();
    for _ in 0..3000 {
        let len = (next() % 24) as usize;
        let input: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let _ = sh.is_incomplete(&input);
        let _ = kterm_shell::lang::parse(&input);
        run_in(&mut sh, &host, &input);
    }
}
