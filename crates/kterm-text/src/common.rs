//! What the tools share: GNU getopt_long-style option parsing, reading
//! operands from the session's files or stdin, and GNU's usage errors.

use kterm_shell::fs::FsError;
use kterm_shell::Ctx;

/// Whether an option takes an argument.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    No,
    Required,
    /// Only attached: `-i.bak`, `--in-place=.bak`.
    Optional,
}

/// One option: its short letter and/or long name, and the id it is reported by.
#[derive(Clone, Copy)]
pub struct Opt {
    pub short: Option<char>,
    pub long: Option<&'static str>,
    pub arg: Arg,
    pub id: char,
}

/// Shorthand for an option with a short letter (its id) and a long name.
pub const fn opt(short: char, long: &'static str, arg: Arg) -> Opt {
    Opt {
        short: Some(short),
        long: if long.is_empty() { None } else { Some(long) },
        arg,
        id: short,
    }
}

/// A long-only option, reported by `id`.
pub const fn long(name: &'static str, arg: Arg, id: char) -> Opt {
    Opt {
        short: None,
        long: Some(name),
        arg,
        id,
    }
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub opts: Vec<(char, Option<String>)>,
    pub operands: Vec<String>,
}

impl Parsed {
    pub fn has(&self, id: char) -> bool {
        self.opts.iter().any(|(c, _)| *c == id)
    }

    /// The last value given for `id`.
    pub fn value(&self, id: char) -> Option<&str> {
        self.opts
            .iter()
            .rev()
            .find(|(c, _)| *c == id)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Parses `args` as glibc's getopt_long does. `permute`: options may follow
/// operands (GNU's default); otherwise the first operand ends the options.
/// `Err` is the message without the program name.
pub fn getopt(args: &[String], opts: &[Opt], permute: bool) -> Result<Parsed, String> {
    let mut p = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            p.operands.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, attached) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let o = find_long(opts, name, a)?;
            let lname = o.long.unwrap_or_default();
            let value = match (o.arg, attached) {
                (Arg::No, Some(_)) => {
                    return Err(format!("option '--{lname}' doesn't allow an argument"))
                }
                (Arg::No, None) => None,
                (Arg::Optional, v) => v,
                (Arg::Required, Some(v)) => Some(v),
                (Arg::Required, None) => match args.get(i) {
                    Some(v) => {
                        i += 1;
                        Some(v.clone())
                    }
                    None => return Err(format!("option '--{lname}' requires an argument")),
                },
            };
            p.opts.push((o.id, value));
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                j += 1;
                let Some(o) = opts.iter().find(|o| o.short == Some(c)) else {
                    return Err(format!("invalid option -- '{c}'"));
                };
                match o.arg {
                    Arg::No => p.opts.push((o.id, None)),
                    Arg::Optional => {
                        let rest: String = chars[j..].iter().collect();
                        p.opts.push((o.id, (!rest.is_empty()).then_some(rest)));
                        break;
                    }
                    Arg::Required => {
                        let rest: String = chars[j..].iter().collect();
                        let v = if !rest.is_empty() {
                            rest
                        } else if let Some(v) = args.get(i) {
                            i += 1;
                            v.clone()
                        } else {
                            return Err(format!("option requires an argument -- '{c}'"));
                        };
                        p.opts.push((o.id, Some(v)));
                        break;
                    }
                }
            }
            continue;
        }
        p.operands.push(a.clone());
        if !permute {
            p.operands.extend(args[i..].iter().cloned());
            break;
        }
    }
    Ok(p)
}

fn find_long<'a>(opts: &'a [Opt], name: &str, word: &str) -> Result<&'a Opt, String> {
    if let Some(o) = opts.iter().find(|o| o.long == Some(name)) {
        return Ok(o);
    }
    let matches: Vec<&Opt> = opts
        .iter()
        .filter(|o| o.long.is_some_and(|l| l.starts_with(name)))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("unrecognized option '{word}'")),
        many => {
            let list: Vec<String> = many
                .iter()
                .filter_map(|o| o.long)
                .map(|l| format!(" '--{l}'"))
                .collect();
            Err(format!(
                "option '--{name}' is ambiguous; possibilities:{}",
                list.concat()
            ))
        }
    }
}

/// Whether the line asks for the tool's help (`--help` first).
pub fn wants_help(ctx: &Ctx<'_>) -> bool {
    ctx.args.first().is_some_and(|a| a == "--help")
}

/// `prog: msg` and GNU's "Try … --help" line on stderr; returns `status`.
pub fn usage(ctx: &mut Ctx<'_>, msg: &str, status: i32) -> i32 {
    let name = ctx.name.clone();
    if !msg.is_empty() {
        err_line(ctx, &format!("{name}: {msg}"));
    }
    ctx.stderr
        .line(&format!("Try '{name} --help' for more information."));
    status
}

/// `prog: msg` on stderr.
pub fn error(ctx: &mut Ctx<'_>, msg: &str) {
    let line = format!("{}: {msg}", ctx.name);
    err_line(ctx, &line);
}

/// A message line on stderr; names and patterns in it come from the user,
/// so control characters are shown escaped.
pub fn err_line(ctx: &mut Ctx<'_>, line: &str) {
    ctx.stderr.line(&kterm_shell::sanitize::text(line));
}

/// A line of output that names things the user gave (files, patterns).
pub fn out_line(ctx: &mut Ctx<'_>, line: &str) {
    emit(ctx, format!("{line}\n").as_bytes());
}

/// The bytes of an operand: `-` is standard input, anything else a session file.
pub fn read(ctx: &Ctx<'_>, operand: &str) -> Result<Vec<u8>, FsError> {
    if operand == "-" {
        return Ok(ctx.stdin.clone());
    }
    let path = ctx.sh.abs_path(operand);
    ctx.sh.fs.read(&path).map(<[u8]>::to_vec)
}

/// Writes data that came from outside (files, stdin): escaped on the
/// terminal, unchanged into pipes and files.
pub fn emit(ctx: &mut Ctx<'_>, data: &[u8]) {
    if data.is_empty() {
        return;
    }
    if ctx.stdout_is_tty {
        ctx.stdout.write_str(&kterm_shell::sanitize::bytes(data));
    } else {
        ctx.stdout.write(data);
    }
}

/// Splits on `sep`, keeping each record's terminator; a last record without
/// one counts.
pub fn records(data: &[u8], sep: u8) -> Vec<&[u8]> {
    let mut v = Vec::new();
    let mut start = 0;
    for (i, b) in data.iter().enumerate() {
        if *b == sep {
            v.push(&data[start..=i]);
            start = i + 1;
        }
    }
    if start < data.len() {
        v.push(&data[start..]);
    }
    v
}

/// Runs one of the session's commands (builtins and families) with `argv`
/// and `stdin`, as the executor would: the read-only policy applies, output
/// goes to this command's streams. `not_found` words the message for an
/// unknown name (status 127).
pub async fn run_argv(
    ctx: &mut Ctx<'_>,
    argv: &[String],
    stdin: Vec<u8>,
    not_found: impl Fn(&str) -> String,
) -> Result<i32, kterm_shell::CmdError> {
    use kterm_shell::CmdError;
    let Some((name, args)) = argv.split_first() else {
        return Ok(0);
    };
    let cmd = match ctx.registry.resolve(name).await {
        Some(Ok(c)) => c,
        Some(Err(why)) => {
            ctx.stderr
                .line(&kterm_shell::command::load_error(name, &why));
            return Ok(126);
        }
        None => {
            let msg = not_found(&kterm_shell::sanitize::field(name));
            ctx.stderr.line(&msg);
            return Ok(127);
        }
    };
    if let Some(policy) = ctx.sh.policy.clone() {
        if let Err(why) = policy.check(cmd.as_ref(), args) {
            ctx.stderr
                .line(&format!("kterm: {}", kterm_shell::sanitize::field(&why)));
            return Ok(kterm_shell::policy::REFUSED_STATUS);
        }
    }
    let mut inner = Ctx {
        name: name.clone(),
        args: args.to_vec(),
        stdin,
        stdin_is_tty: false,
        stdout: &mut *ctx.stdout,
        stderr: &mut *ctx.stderr,
        stdout_is_tty: ctx.stdout_is_tty,
        sh: &mut *ctx.sh,
        registry: ctx.registry,
        host: ctx.host,
        cancel: ctx.cancel.clone(),
    };
    match cmd.run(&mut inner).await {
        Ok(n) => Ok(n),
        Err(CmdError::Msg(m)) => {
            inner.stderr.line(&format!("kterm: {name}: {m}"));
            Ok(1)
        }
        Err(CmdError::Cancelled) => Err(CmdError::Cancelled),
        Err(e) => Ok(e.status()),
    }
}

/// Splits a simple command line (words, quotes, backslashes) into words;
/// `None` when it uses shell syntax beyond that (pipes, redirections,
/// expansions), which a tool cannot run without the shell.
pub fn simple_words(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if have {
                    words.push(std::mem::take(&mut cur));
                    have = false;
                }
            }
            '\'' => {
                have = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        d => cur.push(d),
                    }
                }
            }
            '"' => {
                have = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '$' | '`' => return None,
                        '\\' => cur.push(chars.next()?),
                        d => cur.push(d),
                    }
                }
            }
            '\\' => {
                have = true;
                cur.push(chars.next()?);
            }
            '|' | '&' | ';' | '<' | '>' | '(' | ')' | '$' | '`' | '*' | '?' | '[' | '~' | '{' => {
                return None
            }
            d => {
                have = true;
                cur.push(d);
            }
        }
    }
    if have {
        words.push(cur);
    }
    Some(words)
}

/// The current time, for files the tools write.
pub fn now(ctx: &Ctx<'_>) -> i64 {
    ctx.host.now_ms()
}

/// Quotes a name as GNU's messages do in the C locale (`'name'`), with
/// `'\''` for embedded quotes as coreutils' shell-escape style does.
pub fn quote(s: &str) -> String {
    if s.contains('\'') {
        format!("\"{s}\"")
    } else {
        format!("'{s}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn getopt_table() {
        let opts = [
            opt('n', "quiet", Arg::No),
            opt('e', "expression", Arg::Required),
            opt('i', "in-place", Arg::Optional),
            long("posix", Arg::No, 'P'),
        ];
        let p = getopt(
            &s(&["-ne", "p", "f", "--qui", "-i.bak", "--posix"]),
            &opts,
            true,
        )
        .unwrap();
        assert_eq!(
            p.opts,
            vec![
                ('n', None),
                ('e', Some("p".into())),
                ('n', None),
                ('i', Some(".bak".into())),
                ('P', None)
            ]
        );
        assert_eq!(p.operands, s(&["f"]));
        let p = getopt(&s(&["a", "-n"]), &opts, false).unwrap();
        assert_eq!(p.operands, s(&["a", "-n"]));
        let cases: &[(&[&str], &str)] = &[
            (&["-x"], "invalid option -- 'x'"),
            (&["-e"], "option requires an argument -- 'e'"),
            (&["--bogus"], "unrecognized option '--bogus'"),
            (&["--quiet=1"], "option '--quiet' doesn't allow an argument"),
            (
                &["--expression"],
                "option '--expression' requires an argument",
            ),
        ];
        for (args, want) in cases {
            assert_eq!(getopt(&s(args), &opts, true).err().as_deref(), Some(*want));
        }
    }
}
