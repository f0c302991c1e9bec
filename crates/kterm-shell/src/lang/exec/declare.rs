//! `declare`/`typeset`, `local`, `export` and `readonly`: attributes,
//! scopes and bash's `declare -p` listing.

use super::simple::{DeclArg, Value};
use super::Exec;
use crate::lang::lexer::is_name;
use crate::lang::{quote, vars};
use crate::state::Array;
use crate::Out;

#[derive(Default)]
struct Flags {
    on: String,
    off: String,
    print: bool,
    functions: bool,
    names_only: bool,
    global: bool,
}

impl Exec<'_> {
    pub(crate) async fn declare(
        &mut self,
        name: &str,
        args: Vec<DeclArg>,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let mut f = Flags::default();
        match name {
            "export" => f.on.push('x'),
            "readonly" => f.on.push('r'),
            _ => {}
        }
        let mut rest = Vec::new();
        let mut opts_done = false;
        for a in args {
            match &a {
                DeclArg::Plain(s) if !opts_done && s == "--" => opts_done = true,
                DeclArg::Plain(s)
                    if !opts_done && (s.starts_with('-') || s.starts_with('+')) && s.len() > 1 =>
                {
                    let on = s.starts_with('-');
                    for c in s[1..].chars() {
                        match c {
                            'p' => f.print = true,
                            'f' => f.functions = true,
                            'F' => {
                                f.functions = true;
                                f.names_only = true;
                            }
                            'g' => f.global = true,
                            'n' if name == "export" => f.off.push('x'),
                            'a' | 'A' | 'i' | 'l' | 'u' | 'r' | 'x' | 't' | 'n' => {
                                if on {
                                    f.on.push(c)
                                } else {
                                    f.off.push(c)
                                }
                            }
                            _ => {
                                self.error(err, &format!("{name}: {}{c}: invalid option", &s[..1]));
                                err.line(&usage(name));
                                return 2;
                            }
                        }
                    }
                }
                _ => {
                    opts_done = true;
                    rest.push(a)
                }
            }
        }
        if name == "local" && self.sh.lang.locals.is_empty() {
            self.error(err, "local: can only be used in a function");
            return 1;
        }
        if f.functions {
            return self.print_functions(&rest, f.names_only, out, err);
        }
        if rest.is_empty() {
            self.list_vars(name, &f, out);
            return 0;
        }
        if f.print {
            let mut status = 0;
            for a in &rest {
                let n = match a {
                    DeclArg::Plain(n) => n.clone(),
                    DeclArg::Assign { name, .. } => name.clone(),
                };
                match self.declare_line(&n) {
                    Some(l) => out.line(&crate::sanitize::field(&l)),
                    None => {
                        self.error(err, &format!("{name}: {n}: not found"));
                        status = 1;
                    }
                }
            }
            return status;
        }
        let local = name == "local"
            || (matches!(name, "declare" | "typeset")
                && !f.global
                && !self.sh.lang.locals.is_empty());
        let mut status = 0;
        for a in rest {
            let (var, index, append, value) = match a {
                DeclArg::Plain(n) => (n, None, false, None),
                DeclArg::Assign {
                    name,
                    index,
                    append,
                    value,
                } => (name, index, append, Some(value)),
            };
            if !is_name(&var) {
                let shown = match &value {
                    Some(Value::Str(v)) => format!("{var}={v}"),
                    _ => var.clone(),
                };
                self.error(err, &format!("{name}: `{shown}': not a valid identifier"));
                status = 1;
                continue;
            }
            if self.sh.env.var(&var).is_some_and(|v| v.readonly)
                && (value.is_some() || f.off.contains('r'))
            {
                self.error(err, &format!("{name}: {var}: readonly variable"));
                status = 1;
                continue;
            }
            if local {
                vars::make_local(self.sh, &var);
            }
            {
                let v = self.sh.env.var_mut(&var);
                for c in f.on.chars() {
                    match c {
                        'a' if v.array.is_none() => {
                            let mut m = std::collections::BTreeMap::new();
                            if !v.unset {
                                m.insert(0, std::mem::take(&mut v.value));
                            }
                            v.array = Some(Array::Indexed(m));
                        }
                        'A' if !matches!(v.array, Some(Array::Assoc(_))) => {
                            v.array = Some(Array::Assoc(Vec::new()));
                            v.value.clear();
                        }
                        'i' => v.integer = true,
                        'l' => v.case = Some('l'),
                        'u' => v.case = Some('u'),
                        'x' => v.exported = true,
                        _ => {}
                    }
                }
                for c in f.off.chars() {
                    match c {
                        'i' => v.integer = false,
                        'l' | 'u' => v.case = None,
                        'x' => v.exported = false,
                        _ => {}
                    }
                }
                if v.case.is_some() && !v.unset && v.array.is_none() {
                    v.value = match v.case {
                        Some('u') => v.value.to_uppercase(),
                        _ => v.value.to_lowercase(),
                    };
                }
            }
            if let Some(value) = value {
                let assoc = f.on.contains('A');
                if self
                    .set_var(&var, index.as_deref(), append, value, assoc, err)
                    .is_err()
                {
                    status = 1;
                    continue;
                }
            }
            if f.on.contains('r') {
                self.sh.env.var_mut(&var).readonly = true;
            }
        }
        status
    }

    /// `declare -p NAME` for one variable.
    pub(crate) fn declare_line(&self, name: &str) -> Option<String> {
        let v = self.sh.env.var(name)?;
        let mut flags = self.attr_flags(name);
        if flags.is_empty() {
            flags.push('-');
        }
        if v.unset && v.array.is_none() {
            return Some(format!("declare -{flags} {name}"));
        }
        Some(match &v.array {
            None => format!("declare -{flags} {name}={}", quote::double(&v.value)),
            Some(_) => format!("declare -{flags} {name}={}", self.array_literal(name)),
        })
    }

    fn list_vars(&mut self, name: &str, f: &Flags, out: &mut dyn Out) {
        let names: Vec<String> = self.sh.env.iter().map(|(k, _)| k.to_string()).collect();
        for n in names {
            let Some(v) = self.sh.env.var(&n) else {
                continue;
            };
            let wanted = match name {
                "export" => v.exported,
                "readonly" => v.readonly,
                _ => f.on.chars().all(|c| match c {
                    'x' => v.exported,
                    'r' => v.readonly,
                    'i' => v.integer,
                    'a' => matches!(v.array, Some(Array::Indexed(_))),
                    'A' => matches!(v.array, Some(Array::Assoc(_))),
                    _ => true,
                }),
            };
            if !wanted {
                continue;
            }
            let line = if name == "declare" && !f.print && f.on.is_empty()
                || name == "typeset" && !f.print && f.on.is_empty()
            {
                if v.unset {
                    continue;
                }
                match &v.array {
                    None => format!("{n}={}", quote::maybe_single(&v.value)),
                    Some(_) => format!("{n}={}", self.array_literal(&n)),
                }
            } else {
                match self.declare_line(&n) {
                    Some(l) => l,
                    None => continue,
                }
            };
            out.line(&crate::sanitize::field(&line));
        }
    }

    fn print_functions(
        &mut self,
        names: &[DeclArg],
        names_only: bool,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let wanted: Vec<String> = names
            .iter()
            .map(|a| match a {
                DeclArg::Plain(n) => n.clone(),
                DeclArg::Assign { name, .. } => name.clone(),
            })
            .collect();
        let all: Vec<_> = self.sh.lang.functions.values().cloned().collect();
        let mut status = 0;
        let list: Vec<_> = if wanted.is_empty() {
            all
        } else {
            let mut v = Vec::new();
            for n in &wanted {
                match self.sh.lang.functions.get(n) {
                    Some(f) => v.push(f.clone()),
                    None => status = 1,
                }
            }
            v
        };
        for f in list {
            if names_only && wanted.is_empty() {
                out.line(&format!("declare -f {}", f.name));
            } else if names_only {
                out.line(&f.name);
            } else {
                out.write_str(&crate::lang::print::function(&f));
            }
        }
        let _ = err;
        status
    }
}

fn usage(name: &str) -> String {
    match name {
        "export" => "export: usage: export [-fn] [name[=value] ...] or export -p".into(),
        "readonly" => "readonly: usage: readonly [-aAf] [name[=value] ...] or readonly -p".into(),
        "local" => "local: usage: local [option] name[=value] ...".into(),
        n => format!("{n}: usage: {n} [-aAfFgiIlnrtux] [name[=value] ...] or {n} -p [-aAfFilnrtux] [name ...]"),
    }
}
