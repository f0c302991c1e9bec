//! `set`, `shopt` and `trap`: the shell's options and its traps.

use super::Exec;
use crate::lang::{quote, SET_O};
use crate::Out;

impl Exec<'_> {
    pub(super) fn set_builtin(
        &mut self,
        args: &[String],
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        if args.is_empty() {
            let lines: Vec<String> = self
                .sh
                .env
                .iter()
                .filter(|(_, v)| !v.unset)
                .map(|(k, v)| match &v.array {
                    None => format!("{k}={}", quote::maybe_single(&v.value)),
                    Some(_) => format!("{k}={}", self.array_literal(k)),
                })
                .collect();
            for l in lines {
                out.line(&crate::sanitize::field(&l));
            }
            return 0;
        }
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if a == "--" {
                self.sh.lang.positional = args[i + 1..].to_vec();
                return 0;
            }
            if a == "-" {
                self.sh.lang.opts.xtrace = false;
                self.sh.lang.opts.verbose = false;
                self.sh.lang.positional = args[i + 1..].to_vec();
                return 0;
            }
            let (on, flags) = match (a.strip_prefix('-'), a.strip_prefix('+')) {
                (Some(f), _) => (true, f),
                (_, Some(f)) => (false, f),
                _ => {
                    self.sh.lang.positional = args[i..].to_vec();
                    return 0;
                }
            };
            if flags == "o" {
                match args.get(i + 1) {
                    None => {
                        self.list_options(on, out);
                        return 0;
                    }
                    Some(opt) => {
                        i += 1;
                        match self.sh.lang.opts.by_name(opt) {
                            Some(b) => *b = on,
                            None if SET_O.iter().any(|(n, _)| n == opt) => {}
                            None => {
                                self.error(err, &format!("set: {opt}: invalid option name"));
                                return 1;
                            }
                        }
                    }
                }
            } else {
                for c in flags.chars() {
                    if c == 'o' {
                        // `set -eo pipefail`: the option name is the next word.
                        i += 1;
                        let Some(opt) = args.get(i) else {
                            self.list_options(on, out);
                            return 0;
                        };
                        match self.sh.lang.opts.by_name(opt) {
                            Some(b) => *b = on,
                            None if SET_O.iter().any(|(n, _)| n == opt) => {}
                            None => {
                                self.error(err, &format!("set: {opt}: invalid option name"));
                                return 1;
                            }
                        }
                        continue;
                    }
                    match self.sh.lang.opts.by_flag(c) {
                        Some(b) => *b = on,
                        None if "hBHmbkEPTpt".contains(c) => {}
                        None => {
                            self.error(
                                err,
                                &format!("set: {}{c}: invalid option", if on { '-' } else { '+' }),
                            );
                            err.line("set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]");
                            return 2;
                        }
                    }
                }
            }
            i += 1;
        }
        0
    }

    pub(super) fn list_options(&mut self, dash: bool, out: &mut dyn Out) {
        for (name, _) in SET_O {
            let on = match *name {
                "braceexpand" | "hashall" | "interactive-comments" => true,
                "emacs" | "history" | "monitor" | "histexpand" => self.interactive(),
                n => self.sh.lang.opts.by_name(n).is_some_and(|b| *b),
            };
            if dash {
                out.line(&format!("{name:<15}\t{}", if on { "on" } else { "off" }));
            } else {
                out.line(&format!("set {}o {name}", if on { '-' } else { '+' }));
            }
        }
    }

    pub(super) fn shopt(&mut self, args: &[String], out: &mut dyn Out, err: &mut dyn Out) -> i32 {
        let mut set = None;
        let mut quiet = false;
        let mut names = Vec::new();
        let mut o_mode = false;
        for a in args {
            match a.as_str() {
                "-s" => set = Some(true),
                "-u" => set = Some(false),
                "-q" => quiet = true,
                "-p" => {}
                "-o" => o_mode = true,
                _ => names.push(a.clone()),
            }
        }
        const LIST: &[&str] = &[
            "dotglob",
            "expand_aliases",
            "extglob",
            "failglob",
            "globstar",
            "lastpipe",
            "nocaseglob",
            "nocasematch",
            "nullglob",
        ];
        let mut status = 0;
        if names.is_empty() {
            for n in LIST {
                let on = self.sh.lang.opts.shopt(n).is_some_and(|b| *b);
                if set.is_none_or(|s| s == on) {
                    out.line(&format!("{n:<15}\t{}", if on { "on" } else { "off" }));
                }
            }
            return 0;
        }
        for n in names {
            let slot = if o_mode {
                self.sh.lang.opts.by_name(&n)
            } else {
                self.sh.lang.opts.shopt(&n)
            };
            let Some(slot) = slot else {
                self.error(err, &format!("shopt: {n}: invalid shell option name"));
                status = 1;
                continue;
            };
            match set {
                Some(v) => *slot = v,
                None => {
                    let on = *slot;
                    if !on {
                        status = 1;
                    }
                    if !quiet {
                        out.line(&format!("{n:<15}\t{}", if on { "on" } else { "off" }));
                    }
                }
            }
        }
        status
    }

    pub(super) fn trap(&mut self, args: &[String], out: &mut dyn Out, err: &mut dyn Out) -> i32 {
        let args: Vec<&String> = args.iter().filter(|a| *a != "--").collect();
        if args.is_empty() || args[0] == "-p" {
            let filter: Vec<String> = args.iter().skip(1).map(|s| sig_name(s)).collect();
            for (sig, action) in &self.sh.lang.traps {
                if filter.is_empty() || filter.contains(sig) {
                    out.line(&format!("trap -- {} {sig}", quote::single(action)));
                }
            }
            return 0;
        }
        if args[0] == "-l" {
            out.line(" 0) EXIT\t 1) SIGHUP\t 2) SIGINT\t15) SIGTERM");
            return 0;
        }
        let (action, sigs) = if args.len() == 1 || args[0] == "-" {
            (
                None,
                if args.len() == 1 {
                    &args[..]
                } else {
                    &args[1..]
                },
            )
        } else {
            (Some(args[0].clone()), &args[1..])
        };
        let mut status = 0;
        for s in sigs {
            let name = sig_name(s);
            if !matches!(
                name.as_str(),
                "EXIT" | "ERR" | "RETURN" | "DEBUG" | "INT" | "TERM" | "HUP" | "QUIT"
            ) {
                self.error(err, &format!("trap: {s}: invalid signal specification"));
                status = 1;
                continue;
            }
            match &action {
                Some(a) => {
                    self.sh.lang.traps.insert(name, a.clone());
                }
                None => {
                    self.sh.lang.traps.remove(&name);
                }
            }
        }
        status
    }
}

fn sig_name(s: &str) -> String {
    let u = s.to_ascii_uppercase();
    let u = u.strip_prefix("SIG").unwrap_or(&u).to_string();
    match u.as_str() {
        "0" => "EXIT".into(),
        "2" => "INT".into(),
        "15" => "TERM".into(),
        "1" => "HUP".into(),
        _ => u,
    }
}
