//! The `read` builtin: one line (or record) from the shared input or the
//! terminal, split on IFS into variables.

use super::{Exec, In};
use crate::lang::vars;
use crate::Out;

struct Opts {
    raw: bool,
    prompt: Option<String>,
    secret: bool,
    array: Option<String>,
    delim: Option<char>,
    nchars: Option<usize>,
    exact: bool,
    timeout: Option<f64>,
    names: Vec<String>,
}

fn parse(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts {
        raw: false,
        prompt: None,
        secret: false,
        array: None,
        delim: Some('\n'),
        nchars: None,
        exact: false,
        timeout: None,
        names: Vec::new(),
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            o.names.extend(args[i + 1..].iter().cloned());
            break;
        }
        let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) else {
            o.names.extend(args[i..].iter().cloned());
            break;
        };
        let chars: Vec<char> = flags.chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let c = chars[k];
            match c {
                'r' => o.raw = true,
                's' => o.secret = true,
                'e' | 'E' => {}
                'p' | 'a' | 'd' | 'n' | 'N' | 't' | 'u' | 'i' => {
                    let rest: String = chars[k + 1..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest
                    } else {
                        i += 1;
                        args.get(i)
                            .cloned()
                            .ok_or_else(|| format!("{c}: option requires an argument"))?
                    };
                    match c {
                        'p' => o.prompt = Some(value),
                        'a' => o.array = Some(value),
                        'd' => o.delim = value.chars().next().or(None),
                        'n' | 'N' => {
                            let n = value
                                .parse()
                                .map_err(|_| format!("{value}: invalid number"))?;
                            o.nchars = Some(n);
                            o.exact = c == 'N';
                        }
                        't' => {
                            o.timeout =
                                Some(value.parse().map_err(|_| {
                                    format!("{value}: invalid timeout specification")
                                })?)
                        }
                        _ => {}
                    }
                    k = chars.len();
                    continue;
                }
                _ => return Err(format!("-{c}: invalid option")),
            }
            k += 1;
        }
        i += 1;
    }
    if o.delim.is_none() {
        o.delim = Some('\0');
    }
    Ok(o)
}

impl Exec<'_> {
    pub(crate) async fn read(
        &mut self,
        args: &[String],
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let _ = out;
        let o = match parse(args) {
            Ok(o) => o,
            Err(m) => {
                self.error(err, &format!("read: {m}"));
                err.line("read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]");
                return 2;
            }
        };
        for n in o.names.iter().chain(o.array.iter()) {
            if !crate::lang::lexer::is_name(n) {
                self.error(err, &format!("read: `{n}': not a valid identifier"));
                return 1;
            }
        }
        let tty = inp.borrow().tty;
        // (character, escaped by a backslash)
        let mut chars: Vec<(char, bool)> = Vec::new();
        let mut eof = false;
        if tty {
            if o.timeout == Some(0.0) {
                return 1;
            }
            let prompt = o.prompt.clone().unwrap_or_default();
            let line = match o.timeout {
                Some(t) => {
                    let read = self.host.read_line(&prompt, o.secret);
                    let sleep = self.host.sleep_ms((t * 1000.0) as u64);
                    futures::pin_mut!(read, sleep);
                    match futures::future::select(read, sleep).await {
                        futures::future::Either::Left((l, _)) => l,
                        futures::future::Either::Right(_) => return 142,
                    }
                }
                None => self.host.read_line(&prompt, o.secret).await,
            };
            match line {
                Some(l) => {
                    let mut it = l.chars().peekable();
                    while let Some(c) = it.next() {
                        if c == '\\' && !o.raw {
                            if let Some(n) = it.next() {
                                chars.push((n, true));
                            }
                            continue;
                        }
                        chars.push((c, false));
                    }
                }
                None => {
                    if self.cancel.is_cancelled() {
                        return 130;
                    }
                    eof = true;
                }
            }
        } else {
            if o.timeout == Some(0.0) {
                // Buffered input is always ready (end of file included).
                return 0;
            }
            let mut b = inp.borrow_mut();
            let text = String::from_utf8_lossy(b.rest()).into_owned();
            let mut used = 0;
            let mut it = text.char_indices().peekable();
            let mut count = 0;
            let delim = o.delim.unwrap_or('\n');
            loop {
                if let Some(n) = o.nchars {
                    if count >= n {
                        break;
                    }
                }
                let Some((i, c)) = it.next() else {
                    eof = true;
                    used = text.len();
                    break;
                };
                used = i + c.len_utf8();
                if c == delim && !o.exact {
                    break;
                }
                if c == '\\' && !o.raw {
                    match it.next() {
                        Some((j, '\n')) => {
                            used = j + 1;
                            continue;
                        }
                        Some((j, n)) => {
                            used = j + n.len_utf8();
                            chars.push((n, true));
                            count += 1;
                            continue;
                        }
                        None => {
                            eof = true;
                            break;
                        }
                    }
                }
                chars.push((c, false));
                count += 1;
            }
            let consumed = text[..used].len();
            // Map back to bytes of the (lossy) text: exact for UTF-8 input.
            b.pos = (b.pos + consumed).min(b.data.len());
        }
        let status = if eof && (chars.is_empty() || !tty) {
            1
        } else {
            0
        };
        let status = if eof && tty { 1 } else { status };
        let ifs: Vec<char> = self.sh.env.get("IFS").unwrap_or(" \t\n").chars().collect();
        let is_ifs = |c: &(char, bool)| !c.1 && ifs.contains(&c.0);
        let is_ws = |c: &(char, bool)| is_ifs(c) && c.0.is_whitespace();
        let text = |s: &[(char, bool)]| s.iter().map(|c| c.0).collect::<String>();
        if let Some(arr) = &o.array {
            let mut fields = Vec::new();
            let mut i = 0;
            let n = chars.len();
            while i < n && is_ws(&chars[i]) {
                i += 1;
            }
            while i < n {
                let start = i;
                while i < n && !is_ifs(&chars[i]) {
                    i += 1;
                }
                fields.push((None, text(&chars[start..i])));
                i = skip_delim(&chars, i, &is_ifs, &is_ws);
            }
            if let Err(m) = vars::set_array(self.sh, arr, fields, false, false) {
                self.error(err, &format!("read: {m}"));
                return 1;
            }
            return status;
        }
        if o.names.is_empty() {
            let _ = vars::set_scalar(self.sh, "REPLY", text(&chars));
            return status;
        }
        let mut i = 0;
        let n = chars.len();
        let last = o.names.len() - 1;
        for (k, name) in o.names.iter().enumerate() {
            while i < n && is_ws(&chars[i]) {
                i += 1;
            }
            let value = if k == last {
                let mut end = n;
                while end > i && is_ws(&chars[end - 1]) {
                    end -= 1;
                }
                // A lone trailing delimiter after the last field goes too.
                if end > i && is_ifs(&chars[end - 1]) && !chars[i..end - 1].iter().any(is_ifs) {
                    end -= 1;
                    while end > i && is_ws(&chars[end - 1]) {
                        end -= 1;
                    }
                }
                let v = text(&chars[i..end]);
                i = n;
                v
            } else {
                let start = i;
                while i < n && !is_ifs(&chars[i]) {
                    i += 1;
                }
                let v = text(&chars[start..i]);
                i = skip_delim(&chars, i, &is_ifs, &is_ws);
                v
            };
            if let Err(m) = vars::set_scalar(self.sh, name, value) {
                self.error(err, &format!("read: {m}"));
                return 1;
            }
        }
        status
    }
}

/// Skips one field delimiter: blanks, at most one other IFS character, blanks.
fn skip_delim(
    chars: &[(char, bool)],
    mut i: usize,
    is_ifs: &dyn Fn(&(char, bool)) -> bool,
    is_ws: &dyn Fn(&(char, bool)) -> bool,
) -> usize {
    let n = chars.len();
    while i < n && is_ws(&chars[i]) {
        i += 1;
    }
    if i < n && is_ifs(&chars[i]) && !is_ws(&chars[i]) {
        i += 1;
        while i < n && is_ws(&chars[i]) {
            i += 1;
        }
    }
    i
}

impl Exec<'_> {
    /// `mapfile [-t] [-n N] [-s N] [-d D] [ARRAY]`.
    pub(super) fn mapfile(
        &mut self,
        name: &str,
        args: &[String],
        inp: &In,
        err: &mut dyn Out,
    ) -> i32 {
        let mut strip = false;
        let mut delim = b'\n';
        let mut count = 0usize;
        let mut skip = 0usize;
        let mut var = "MAPFILE".to_string();
        let mut i = 0;
        while i < args.len() {
            match args[i].as_str() {
                "-t" => strip = true,
                "-d" => {
                    i += 1;
                    delim = args.get(i).and_then(|s| s.bytes().next()).unwrap_or(0);
                }
                "-n" | "-s" | "-u" | "-c" | "-C" => {
                    i += 1;
                    let n: usize = args.get(i).and_then(|s| s.parse().ok()).unwrap_or(0);
                    match args[i - 1].as_str() {
                        "-n" => count = n,
                        "-s" => skip = n,
                        _ => {}
                    }
                }
                a => var = a.to_string(),
            }
            i += 1;
        }
        if inp.borrow().tty {
            let _ = vars::set_array(self.sh, &var, Vec::new(), false, false);
            return 0;
        }
        let data = {
            let mut b = inp.borrow_mut();
            let d = b.rest().to_vec();
            b.pos = b.data.len();
            d
        };
        let mut items = Vec::new();
        for (k, chunk) in data.split_inclusive(|b| *b == delim).enumerate() {
            if k < skip {
                continue;
            }
            if count > 0 && items.len() >= count {
                break;
            }
            let mut s = String::from_utf8_lossy(chunk).into_owned();
            if strip && s.as_bytes().last() == Some(&delim) {
                s.pop();
            }
            items.push((None, s));
        }
        if let Err(m) = vars::set_array(self.sh, &var, items, false, false) {
            self.error(err, &format!("{name}: {m}"));
            return 1;
        }
        0
    }
}
