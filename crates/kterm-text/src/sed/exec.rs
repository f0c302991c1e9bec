//! Running a parsed sed script over input lines: pattern and hold space,
//! addresses and ranges, the append queue, and GNU's output rules (a last
//! line without a newline is printed without one).

use std::collections::BTreeMap;
use std::rc::Rc;

use regex_lite::Regex;

use super::script::{Addr, Addr2, Cmd, Kind, Pattern, Piece, Subst};

/// One input line and whether a separator ended it.
pub struct Line {
    pub text: String,
    pub nl: bool,
}

/// A run of lines numbered and `$`-checked together: the whole input, or
/// one file with -s/-i.
pub struct Stream {
    pub name: String,
    pub lines: Vec<Line>,
}

/// An output with sed's memory of a missing final newline.
#[derive(Default)]
pub struct Output {
    pub data: Vec<u8>,
    missing: bool,
}

impl Output {
    fn put(&mut self, text: &str, nl: bool, sep: u8) {
        if self.missing {
            self.data.push(sep);
            self.missing = false;
        }
        self.data.extend_from_slice(text.as_bytes());
        if nl {
            self.data.push(sep);
        } else {
            self.missing = true;
        }
    }

    fn raw(&mut self, text: &str, sep: u8) {
        if self.missing {
            self.data.push(sep);
            self.missing = false;
        }
        self.data.extend_from_slice(text.as_bytes());
    }
}

pub struct Options {
    pub quiet: bool,
    pub sep: u8,
    pub line_len: usize,
}

enum Queued {
    Text(String),
    File(String),
    Line(String),
}

/// What ended the run early.
pub enum Stop {
    /// `q`/`Q` (or `n`/`N` at the end of input) with this status.
    Quit(i32),
}

/// Jumps a script may take: the tab has one thread, so `:a;ba` is stopped
/// here rather than freezing it (Ctrl-C cannot reach a running loop).
pub const MAX_JUMPS: u64 = 50_000_000;

/// The largest pattern or hold space.
pub const MAX_SPACE: usize = 64 << 20;

pub struct Machine<'a> {
    pub cmds: &'a [Cmd],
    pub opts: Options,
    pub hold: String,
    active: Vec<bool>,
    range_end: Vec<usize>,
    last_re: Option<Rc<Regex>>,
    /// Files the script reads with `r`/`R` and the lines of `R` handed out.
    pub read_file: &'a dyn Fn(&str) -> Option<Vec<u8>>,
    r_pos: BTreeMap<String, usize>,
    /// `w` files' contents, by name.
    pub writes: BTreeMap<String, Output>,
    pub stderr: Output,
    pub error: Option<String>,
    jumps: u64,
}

fn apply_case(text: &str, mode: char, once: &mut Option<char>) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c2: String = match once.take() {
            Some('u') => c.to_uppercase().collect(),
            Some(_) => c.to_lowercase().collect(),
            None => match mode {
                'U' => c.to_uppercase().collect(),
                'L' => c.to_lowercase().collect(),
                _ => c.to_string(),
            },
        };
        out.push_str(&c2);
    }
    out
}

fn expand(repl: &[Piece], caps: &regex_lite::Captures<'_>, out: &mut String) {
    let mut mode = 'E';
    let mut once = None;
    for p in repl {
        match p {
            Piece::Lit(s) => out.push_str(&apply_case(s, mode, &mut once)),
            Piece::Group(n) => {
                let g = caps.get(*n).map_or("", |m| m.as_str());
                out.push_str(&apply_case(g, mode, &mut once));
            }
            Piece::Case(c @ ('u' | 'l')) => once = Some(*c),
            Piece::Case(c) => {
                mode = *c;
                once = None;
            }
        }
    }
}

/// `s///` on `ps`; `None` when nothing was replaced.
pub fn substitute(ps: &str, re: &Regex, s: &Subst) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut count = 0;
    let mut pos = 0;
    let mut prev_end: Option<usize> = None;
    let mut did = false;
    while pos <= ps.len() {
        let Some(caps) = re.captures_at(ps, pos) else {
            break;
        };
        let Some(m) = caps.get(0) else { break };
        let step = |at: usize| at + ps[at..].chars().next().map_or(1, char::len_utf8);
        if m.start() == m.end() && prev_end == Some(m.start()) {
            pos = step(m.start());
            continue;
        }
        count += 1;
        if count >= s.nth {
            out.push_str(&ps[last..m.start()]);
            expand(&s.repl, &caps, &mut out);
            last = m.end();
            did = true;
            if !s.global {
                break;
            }
        }
        prev_end = Some(m.end());
        pos = if m.start() == m.end() {
            step(m.end())
        } else {
            m.end()
        };
    }
    if !did {
        return None;
    }
    out.push_str(&ps[last..]);
    Some(out)
}

/// The `l` command's rendering of the pattern space.
pub fn list(ps: &str, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for &b in ps.as_bytes() {
        let piece = match b {
            b'\\' => "\\\\".to_string(),
            7 => "\\a".into(),
            8 => "\\b".into(),
            12 => "\\f".into(),
            b'\n' => "\\n".into(),
            b'\r' => "\\r".into(),
            b'\t' => "\\t".into(),
            11 => "\\v".into(),
            32..=126 => char::from(b).to_string(),
            _ => format!("\\{b:03o}"),
        };
        if width > 1 && col + piece.len() > width - 1 {
            out.push_str("\\\n");
            col = 0;
        }
        col += piece.len();
        out.push_str(&piece);
    }
    out.push('$');
    out
}

impl<'a> Machine<'a> {
    pub fn new(
        cmds: &'a [Cmd],
        opts: Options,
        read_file: &'a dyn Fn(&str) -> Option<Vec<u8>>,
    ) -> Self {
        Machine {
            cmds,
            opts,
            hold: String::new(),
            active: vec![false; cmds.len()],
            range_end: vec![0; cmds.len()],
            last_re: None,
            read_file,
            r_pos: BTreeMap::new(),
            writes: BTreeMap::new(),
            stderr: Output::default(),
            error: None,
            jumps: 0,
        }
    }

    fn regex(&mut self, p: &Pattern) -> Option<Rc<Regex>> {
        match p {
            Some(r) => {
                self.last_re = Some(r.clone());
                Some(r.clone())
            }
            None => {
                if self.last_re.is_none() {
                    self.error = Some("no previous regular expression".into());
                }
                self.last_re.clone()
            }
        }
    }

    fn matches(&mut self, a: &Addr, line: usize, last: bool, ps: &str) -> bool {
        match a {
            Addr::Line(n) => line == *n,
            Addr::Last => last,
            Addr::Zero => false,
            Addr::Step(first, step) => {
                if *step == 0 {
                    line == *first
                } else {
                    line >= *first && (line - first).is_multiple_of(*step)
                }
            }
            Addr::Re(p) => self.regex(p).is_some_and(|r| r.is_match(ps)),
        }
    }

    fn selected(&mut self, i: usize, line: usize, last: bool, ps: &str) -> bool {
        let cmd = &self.cmds[i];
        let Some(a1) = &cmd.a1 else { return true };
        let Some(a2) = &cmd.a2 else {
            return self.matches(a1, line, last, ps);
        };
        if matches!(a1, Addr::Zero) && line == 1 && !self.active[i] && self.range_end[i] == 0 {
            self.active[i] = true;
            self.range_end[i] = 1;
        }
        if self.active[i] {
            let ended = match a2 {
                Addr2::Addr(Addr::Line(n)) => line >= *n,
                Addr2::Plus(_) => line >= self.range_end[i],
                Addr2::Tilde(n) => *n == 0 || line.is_multiple_of(*n),
                Addr2::Addr(a) => self.matches(a, line, last, ps),
            };
            if ended {
                self.active[i] = false;
            }
            return true;
        }
        if !self.matches(a1, line, last, ps) {
            return false;
        }
        let single = match a2 {
            Addr2::Addr(Addr::Line(n)) => *n <= line,
            Addr2::Plus(n) => {
                self.range_end[i] = line + n;
                *n == 0
            }
            Addr2::Tilde(n) => *n == 0 || line.is_multiple_of(*n),
            Addr2::Addr(_) => false,
        };
        self.active[i] = !single;
        true
    }

    fn write_to(&mut self, name: &str, text: &str, nl: bool, out: &mut Output) {
        let sep = self.opts.sep;
        match name {
            "/dev/stdout" => out.put(text, nl, sep),
            "/dev/stderr" => self.stderr.put(text, nl, sep),
            _ => self
                .writes
                .entry(name.to_string())
                .or_default()
                .put(text, nl, sep),
        }
    }

    fn flush_queue(&mut self, queue: &mut Vec<Queued>, out: &mut Output) {
        let sep = self.opts.sep;
        for q in queue.drain(..) {
            match q {
                Queued::Text(t) => {
                    out.raw(&t, sep);
                    out.data.push(b'\n');
                }
                Queued::Line(l) => out.put(&l, true, sep),
                Queued::File(f) => {
                    if let Some(d) = (self.read_file)(&f) {
                        let text = String::from_utf8_lossy(&d).into_owned();
                        out.raw(&text, sep);
                        out.missing = !d.is_empty() && !d.ends_with(&[sep]);
                    }
                }
            }
        }
    }

    /// Runs the script over one stream, writing to `out`. `Err(Stop)` when
    /// the script quit.
    pub fn run(&mut self, stream: &Stream, out: &mut Output) -> Result<(), Stop> {
        self.active.iter_mut().for_each(|a| *a = false);
        self.range_end.iter_mut().for_each(|a| *a = 0);
        let sep = self.opts.sep;
        let n = stream.lines.len();
        let mut idx = 0;
        let mut queue: Vec<Queued> = Vec::new();
        let mut ps = String::new();
        let mut nl = true;
        let mut restart_without_read = false;
        loop {
            if !restart_without_read {
                if idx >= n {
                    return Ok(());
                }
                ps = stream.lines[idx].text.clone();
                nl = stream.lines[idx].nl;
                idx += 1;
            }
            restart_without_read = false;
            let mut replaced = false;
            let mut pc = 0;
            let mut autoprint = !self.opts.quiet;
            let mut quit: Option<i32> = None;
            while pc < self.cmds.len() {
                if self.error.is_some() {
                    return Err(Stop::Quit(4));
                }
                let line = idx;
                let last = idx == n;
                let sel = self.selected(pc, line, last, &ps) != self.cmds[pc].negate;
                if self.error.is_some() {
                    return Err(Stop::Quit(4));
                }
                let cmd = &self.cmds[pc];
                if !sel {
                    pc = match cmd.kind {
                        Kind::Block(end) => end,
                        _ => pc + 1,
                    };
                    continue;
                }
                pc += 1;
                match &cmd.kind {
                    Kind::Block(_) | Kind::EndBlock | Kind::Label => {}
                    Kind::Jump(k, to) => {
                        let go = match k {
                            'b' => true,
                            't' => std::mem::take(&mut replaced),
                            _ => !std::mem::take(&mut replaced),
                        };
                        if go {
                            self.jumps += 1;
                            if self.jumps > MAX_JUMPS || ps.len() + self.hold.len() > MAX_SPACE {
                                self.error = Some(format!(
                                    "stopped after {} jumps or at {} MiB of pattern and hold space (kterm's limit: a script runs inside the browser tab)",
                                    self.jumps,
                                    (ps.len() + self.hold.len()) >> 20
                                ));
                                return Err(Stop::Quit(4));
                            }
                            pc = *to;
                        }
                    }
                    Kind::Branch(..) => {}
                    Kind::Subst(s) => {
                        let Some(re) = self.regex(&s.re) else {
                            return Err(Stop::Quit(4));
                        };
                        if let Some(new) = substitute(&ps, &re, s) {
                            ps = new;
                            replaced = true;
                            if s.print > 0 {
                                out.put(&ps, nl, sep);
                            }
                            if let Some(w) = &s.write {
                                let text = ps.clone();
                                self.write_to(w, &text, true, out);
                            }
                        }
                    }
                    Kind::Trans(pairs) => {
                        ps = ps
                            .chars()
                            .map(|c| pairs.iter().find(|(a, _)| *a == c).map_or(c, |(_, b)| *b))
                            .collect();
                    }
                    Kind::Text('a', t) => queue.push(Queued::Text(t.clone())),
                    Kind::Text('i', t) => {
                        out.raw(t, sep);
                        out.data.push(b'\n');
                    }
                    Kind::Text(_, t) => {
                        // `c`: in a range, the text comes once, at its end.
                        let mid_range = cmd.a2.is_some() && !cmd.negate && self.active[pc - 1];
                        if !mid_range {
                            out.raw(t, sep);
                            out.data.push(b'\n');
                        }
                        autoprint = false;
                        break;
                    }
                    Kind::Quit(k, code) => {
                        if *k == 'Q' {
                            autoprint = false;
                        }
                        quit = Some(*code);
                        break;
                    }
                    Kind::List(w) => {
                        let width = w.unwrap_or(self.opts.line_len);
                        let text = list(&ps, width);
                        out.raw(&text, sep);
                        out.data.push(b'\n');
                    }
                    Kind::ReadFile('r', f) => queue.push(Queued::File(f.clone())),
                    Kind::ReadFile(_, f) => {
                        if let Some(d) = (self.read_file)(f) {
                            let pos = self.r_pos.entry(f.clone()).or_insert(0);
                            let lines: Vec<&[u8]> = crate::common::records(&d, b'\n');
                            if let Some(l) = lines.get(*pos) {
                                let t = String::from_utf8_lossy(l.strip_suffix(b"\n").unwrap_or(l))
                                    .into_owned();
                                queue.push(Queued::Line(t));
                                *pos += 1;
                            }
                        }
                    }
                    Kind::WriteFile(k, f) => {
                        let text = if *k == 'W' {
                            ps.split('\n').next().unwrap_or_default().to_string()
                        } else {
                            ps.clone()
                        };
                        self.write_to(f, &text, true, out);
                    }
                    Kind::Simple(c) => match c {
                        '=' => {
                            out.raw(&format!("{line}"), sep);
                            out.data.push(b'\n');
                        }
                        'd' => {
                            autoprint = false;
                            break;
                        }
                        'D' => {
                            if let Some(i) = ps.find('\n') {
                                ps = ps[i + 1..].to_string();
                                restart_without_read = true;
                            }
                            autoprint = false;
                            break;
                        }
                        'g' => ps = self.hold.clone(),
                        'G' => {
                            ps.push('\n');
                            ps.push_str(&self.hold);
                        }
                        'h' => self.hold = ps.clone(),
                        'H' => {
                            self.hold.push('\n');
                            self.hold.push_str(&ps);
                        }
                        'x' => std::mem::swap(&mut ps, &mut self.hold),
                        'z' => ps.clear(),
                        'F' => {
                            out.raw(&stream.name, sep);
                            out.data.push(b'\n');
                        }
                        'p' => out.put(&ps, nl, sep),
                        'P' => {
                            let first = ps.split('\n').next().unwrap_or_default().to_string();
                            out.put(&first, true, sep);
                        }
                        'n' => {
                            if idx >= n {
                                quit = Some(0);
                                break;
                            }
                            if !self.opts.quiet {
                                out.put(&ps, nl, sep);
                            }
                            self.flush_queue(&mut queue, out);
                            ps = stream.lines[idx].text.clone();
                            nl = stream.lines[idx].nl;
                            idx += 1;
                        }
                        'N' => {
                            if idx >= n {
                                quit = Some(0);
                                break;
                            }
                            self.flush_queue(&mut queue, out);
                            ps.push('\n');
                            ps.push_str(&stream.lines[idx].text);
                            nl = stream.lines[idx].nl;
                            idx += 1;
                        }
                        _ => {}
                    },
                }
            }
            if autoprint {
                out.put(&ps, nl, sep);
            }
            self.flush_queue(&mut queue, out);
            if let Some(code) = quit {
                return Err(Stop::Quit(code));
            }
            if restart_without_read && ps.is_empty() {
                restart_without_read = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_wraps_and_escapes() {
        assert_eq!(list("a\tb\u{1}\\", 70), "a\\tb\\001\\\\$");
        assert_eq!(list("abcdef", 4), "abc\\\ndef$");
    }
}
