//! Special and dynamic parameters (`$?`, `$#`, `$1`, `$RANDOM`,
//! `$LINENO`, `$SECONDS`, …) and the bridge to arithmetic.

use super::Val;
use crate::lang::arith::{self, Vars};
use crate::lang::exec::Exec;
use crate::lang::vars::{self, Key};
use crate::Out;

/// bash's `$$` has no meaning here; a fixed number keeps scripts working.
pub const PID: &str = "4242";

impl Exec<'_> {
    /// A parameter by name, scalar view; `None` when unset.
    pub(crate) fn get_scalar(&mut self, name: &str) -> Option<String> {
        let lang = &self.sh.lang;
        Some(match name {
            "?" => self.sh.last_status.to_string(),
            "#" => lang.positional.len().to_string(),
            "$" | "BASHPID" => PID.into(),
            "!" if self.bg_count == 0 => return None,
            "!" => (PID.parse::<u32>().unwrap_or(0) + self.bg_count).to_string(),
            "-" => lang.opts.flags(self.interactive()),
            "0" => lang.arg0.clone().unwrap_or_else(|| "kterm".into()),
            "@" | "*" => lang.positional.join(&self.ifs_join()),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let i: usize = n.parse().ok()?;
                return lang.positional.get(i.checked_sub(1)?).cloned();
            }
            "RANDOM" if self.sh.env.var("RANDOM").is_none_or(|v| !v.readonly) => {
                return Some(self.random().to_string())
            }
            "LINENO" => self.lineno.to_string(),
            "SECONDS" => {
                let now = self.host.now_ms();
                let start = *self.sh.lang.start_ms.get_or_insert(now);
                let base: i64 = self
                    .sh
                    .env
                    .get("SECONDS")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                (base + (now - start) / 1000).to_string()
            }
            "EPOCHSECONDS" => (self.host.now_ms() / 1000).to_string(),
            "EPOCHREALTIME" => {
                let ms = self.host.now_ms();
                format!("{}.{:06}", ms / 1000, (ms % 1000) * 1000)
            }
            "FUNCNAME" => return self.sh.lang.funcnames.last().cloned(),
            "BASH_SUBSHELL" => self.subshell_level().to_string(),
            "BASH_VERSION" => "5.2.15(1)-release".into(),
            _ => return self.sh.env.get(name).map(str::to_string),
        })
    }

    /// bash 5.2's generator: Park–Miller, folded to 15 bits, never the
    /// same number twice in a row; `RANDOM=n` seeds it.
    fn random(&mut self) -> u32 {
        if let Some(seed) = self
            .sh
            .env
            .get("RANDOM")
            .and_then(|s| s.parse::<u32>().ok())
        {
            self.sh.lang.random = seed;
            self.last_random = None;
            self.sh.env.unset("RANDOM");
        } else if self.sh.lang.random == 0 {
            self.sh.lang.random = (self.host.now_ms() as u32) ^ 0x5eed;
        }
        loop {
            let mut last = self.sh.lang.random as i64;
            if last == 0 {
                last = 123_459_876;
            }
            let h = last / 127_773;
            let l = last - 127_773 * h;
            let t = 16_807 * l - 2_836 * h;
            let next = if t < 0 { t + 0x7fff_ffff } else { t } as u32;
            self.sh.lang.random = next;
            let v = ((next >> 16) ^ (next & 65_535)) & 32_767;
            if self.last_random != Some(v) {
                self.last_random = Some(v);
                return v;
            }
        }
    }

    /// `$@` / `$*` as a list.
    pub(crate) fn positional_list(&self, star: bool) -> Val {
        Val::List {
            items: self.sh.lang.positional.clone(),
            star,
        }
    }

    /// Evaluates arithmetic text that is already expanded.
    pub(crate) fn arith(&mut self, text: &str, err: &mut dyn Out) -> Result<i64, i32> {
        self.arith_in("", text, err)
    }

    /// Arithmetic for a builtin or `(( ))`: errors start with `what: `.
    pub(crate) fn arith_in(
        &mut self,
        what: &str,
        text: &str,
        err: &mut dyn Out,
    ) -> Result<i64, i32> {
        let mut av = ArithVars { ex: self };
        match arith::eval(text, &mut av) {
            Ok(n) => Ok(n),
            Err(e) => {
                if e.msg.ends_with("unbound variable") {
                    self.fatal = true;
                }
                self.error(err, &format!("{what}{e}"));
                Err(1)
            }
        }
    }
}

struct ArithVars<'e, 'a> {
    ex: &'e mut Exec<'a>,
}

impl Vars for ArithVars<'_, '_> {
    fn get(&mut self, name: &str, index: Option<&str>) -> Option<String> {
        match index {
            None => self.ex.get_scalar(name),
            Some(i) => {
                let key = if vars::is_assoc(self.ex.sh, name) {
                    Key::Name(i.to_string())
                } else {
                    Key::Index(i.parse().unwrap_or(0))
                };
                vars::get_index(self.ex.sh, name, &key)
            }
        }
    }

    fn set(&mut self, name: &str, index: Option<&str>, value: i64) -> Result<(), String> {
        match index {
            None => vars::set_scalar(self.ex.sh, name, value.to_string()),
            Some(i) => {
                let key = if vars::is_assoc(self.ex.sh, name) {
                    Key::Name(i.to_string())
                } else {
                    Key::Index(i.parse().unwrap_or(0))
                };
                vars::set_index(self.ex.sh, name, key, value.to_string())
            }
        }
    }

    fn nounset(&self) -> bool {
        self.ex.sh.lang.opts.nounset
    }

    fn is_assoc(&self, name: &str) -> bool {
        vars::is_assoc(self.ex.sh, name)
    }
}
