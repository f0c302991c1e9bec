//! `getopts`: one option per call, as bash's builtin walks them.

use super::Exec;
use crate::lang::vars;
use crate::Out;

impl Exec<'_> {
    pub(super) fn getopts(&mut self, args: &[String], err: &mut dyn Out) -> i32 {
        let (Some(spec), Some(var)) = (args.first(), args.get(1)) else {
            self.error(err, "getopts: usage: getopts optstring name [arg ...]");
            return 2;
        };
        let params: Vec<String> = if args.len() > 2 {
            args[2..].to_vec()
        } else {
            self.sh.lang.positional.clone()
        };
        let silent = spec.starts_with(':');
        let spec = spec.trim_start_matches(':');
        let mut ind: usize = self
            .sh
            .env
            .get("OPTIND")
            .and_then(|s| s.parse().ok())
            .unwrap_or(1)
            .max(1);
        if self.sh.lang.getopts_char == 0 {
            self.sh.lang.getopts_char = 1;
        }
        let set = |ex: &mut Exec<'_>, k: &str, v: String| {
            let _ = vars::set_scalar(ex.sh, k, v);
        };
        let Some(arg) = params.get(ind - 1).cloned() else {
            set(self, var, "?".into());
            self.sh.lang.getopts_char = 1;
            return 1;
        };
        if !arg.starts_with('-') || arg == "-" {
            set(self, var, "?".into());
            return 1;
        }
        if arg == "--" {
            set(self, "OPTIND", (ind + 1).to_string());
            set(self, var, "?".into());
            return 1;
        }
        let chars: Vec<char> = arg.chars().collect();
        let pos = self
            .sh
            .lang
            .getopts_char
            .min(chars.len().saturating_sub(1))
            .max(1);
        let c = chars[pos];
        let mut next_char = pos + 1;
        let advance = |ex: &mut Exec<'_>, ind: &mut usize, next_char: &mut usize| {
            if *next_char >= chars.len() {
                *ind += 1;
                *next_char = 1;
            }
            ex.sh.lang.getopts_char = *next_char;
            let _ = vars::set_scalar(ex.sh, "OPTIND", ind.to_string());
        };
        let known = spec.find(c).filter(|_| c != ':');
        let Some(at) = known else {
            if silent {
                set(self, "OPTARG", c.to_string());
            } else {
                let arg0 = self.get_scalar("0").unwrap_or_default();
                err.line(&format!("{arg0}: illegal option -- {c}"));
                self.sh.env.unset("OPTARG");
            }
            set(self, var, "?".into());
            advance(self, &mut ind, &mut next_char);
            return 0;
        };
        let wants_arg = spec[at + c.len_utf8()..].starts_with(':');
        if wants_arg {
            let value = if next_char < chars.len() {
                let v: String = chars[next_char..].iter().collect();
                next_char = chars.len();
                Some(v)
            } else {
                ind += 1;
                next_char = chars.len();
                let v = params.get(ind - 1).cloned();
                if v.is_none() {
                    // Nothing to take: OPTIND stays just past the option.
                    ind -= 1;
                }
                v
            };
            match value {
                Some(v) => {
                    set(self, "OPTARG", v);
                    set(self, var, c.to_string());
                }
                None => {
                    if silent {
                        set(self, var, ":".into());
                        set(self, "OPTARG", c.to_string());
                    } else {
                        let arg0 = self.get_scalar("0").unwrap_or_default();
                        err.line(&format!("{arg0}: option requires an argument -- {c}"));
                        set(self, var, "?".into());
                        self.sh.env.unset("OPTARG");
                    }
                }
            }
        } else {
            set(self, var, c.to_string());
            self.sh.env.unset("OPTARG");
        }
        advance(self, &mut ind, &mut next_char);
        0
    }
}
