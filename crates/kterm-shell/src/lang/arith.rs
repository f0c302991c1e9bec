//! bash's integer arithmetic (`$(( ))`, `(( ))`, `let`, subscripts):
//! 64-bit wrapping integers, C operators with bash's precedence, variables
//! evaluated recursively, and bash's error messages.

/// What arithmetic needs of the shell: reading and assigning variables.
pub trait Vars {
    /// The value of `name` (or `name[index]`); `None` when unset.
    fn get(&mut self, name: &str, index: Option<&str>) -> Option<String>;
    /// Assigns; `Err` carries a message (readonly variable).
    fn set(&mut self, name: &str, index: Option<&str>, value: i64) -> Result<(), String>;
    /// `set -u`: an unset variable is an error.
    fn nounset(&self) -> bool {
        false
    }
    /// An associative array's subscript is a string, not arithmetic.
    fn is_assoc(&self, _name: &str) -> bool {
        false
    }
}

/// An arithmetic error, worded as bash prints it after `expr: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArithError {
    pub expr: String,
    pub msg: String,
    pub token: String,
}

impl std::fmt::Display for ArithError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.token.is_empty() && self.msg.ends_with("unbound variable") {
            return write!(f, "{}", self.msg);
        }
        write!(
            f,
            "{}: {} (error token is \"{}\")",
            self.expr.trim_start(),
            self.msg,
            self.token
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
enum T {
    Num(i64),
    Ident(String),
    Op(&'static str),
    End,
}

const OPS: &[&str] = &[
    "<<=", ">>=", "**", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=",
    "%=", "+=", "-=", "&=", "^=", "|=", "+", "-", "*", "/", "%", "<", ">", "=", "!", "~", "&", "^",
    "|", "?", ":", ",", "(", ")", "[", "]",
];

struct P<'v> {
    src: Vec<char>,
    pos: usize,
    tok: T,
    tok_start: usize,
    prev_start: usize,
    vars: &'v mut dyn Vars,
    depth: usize,
}

const MAX_DEPTH: usize = 128;

type R<T> = Result<T, (String, usize)>;

/// Evaluates `expr`.
pub fn eval(expr: &str, vars: &mut dyn Vars) -> Result<i64, ArithError> {
    eval_depth(expr, vars, 0)
}

fn eval_depth(expr: &str, vars: &mut dyn Vars, depth: usize) -> Result<i64, ArithError> {
    let mut p = P {
        src: expr.chars().collect(),
        pos: 0,
        tok: T::End,
        tok_start: 0,
        prev_start: 0,
        vars,
        depth,
    };
    let err = |p: &P, (msg, at): (String, usize)| {
        let token: String = p.src[at.min(p.src.len())..].iter().collect();
        if msg == "value too great for base" {
            // bash names the number alone here.
            let num: String = token.split_whitespace().next().unwrap_or("").to_string();
            return ArithError {
                expr: num.clone(),
                token: num,
                msg,
            };
        }
        ArithError {
            expr: expr.to_string(),
            token,
            msg,
        }
    };
    if depth > MAX_DEPTH {
        return Err(ArithError {
            expr: expr.to_string(),
            msg: "expression recursion level exceeded".into(),
            token: expr.trim_start().to_string(),
        });
    }
    if let Err(e) = p.next() {
        return Err(err(&p, e));
    }
    if p.tok == T::End {
        return Ok(0);
    }
    let v = match p.comma(false) {
        Ok(v) => v,
        Err(e) => return Err(err(&p, e)),
    };
    if p.tok != T::End {
        let at = p.tok_start;
        return Err(err(&p, ("syntax error in expression".into(), at)));
    }
    Ok(v)
}

/// Parses an integer constant the way bash does (`0x1f`, `017`, `2#101`).
pub fn parse_number(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let bad = || "value too great for base".to_string();
    let (base, digits) = if let Some((b, d)) = s.split_once('#') {
        let b: u32 = b.parse().map_err(|_| "invalid number".to_string())?;
        if !(2..=64).contains(&b) {
            return Err("invalid arithmetic base".into());
        }
        (b, d)
    } else if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (16, h)
    } else if s.len() > 1 && s.starts_with('0') {
        (8, &s[1..])
    } else {
        (10, s)
    };
    if digits.is_empty() {
        return Err(if base == 16 {
            bad()
        } else {
            "invalid number".into()
        });
    }
    let mut n: i64 = 0;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            '@' => 62,
            '_' => 63,
            _ => return Err(bad()),
        };
        if d >= base {
            return Err(bad());
        }
        n = n.wrapping_mul(base as i64).wrapping_add(d as i64);
    }
    Ok(n)
}

impl P<'_> {
    fn next(&mut self) -> R<()> {
        while self.src.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
        self.prev_start = self.tok_start;
        self.tok_start = self.pos;
        let Some(&c) = self.src.get(self.pos) else {
            self.tok = T::End;
            return Ok(());
        };
        if c.is_ascii_digit() {
            let start = self.pos;
            while self
                .src
                .get(self.pos)
                .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '#' | '@' | '_'))
            {
                self.pos += 1;
            }
            let text: String = self.src[start..self.pos].iter().collect();
            let n = parse_number(&text).map_err(|m| (m, start))?;
            self.tok = T::Num(n);
            return Ok(());
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = self.pos;
            while self
                .src
                .get(self.pos)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                self.pos += 1;
            }
            self.tok = T::Ident(self.src[start..self.pos].iter().collect());
            return Ok(());
        }
        for op in OPS {
            if op
                .chars()
                .enumerate()
                .all(|(i, c)| self.src.get(self.pos + i) == Some(&c))
            {
                self.pos += op.len();
                self.tok = T::Op(op);
                return Ok(());
            }
        }
        Err(("syntax error: invalid arithmetic operator".into(), self.pos))
    }

    /// Where the last token read starts (bash points its errors there).
    fn last_operand(&self) -> usize {
        if self.tok == T::End {
            self.prev_start
        } else {
            self.prev_start.min(self.tok_start)
        }
    }

    fn is(&self, op: &str) -> bool {
        matches!(&self.tok, T::Op(o) if *o == op)
    }

    fn expect(&mut self, op: &str) -> R<()> {
        if self.is(op) {
            self.next()
        } else {
            Err(match &self.tok {
                T::End => (format!("missing `{op}'"), self.prev_start),
                _ => ("syntax error in expression".into(), self.tok_start),
            })
        }
    }

    fn comma(&mut self, skip: bool) -> R<i64> {
        let mut v = self.assign(skip)?;
        while self.is(",") {
            self.next()?;
            v = self.assign(skip)?;
        }
        Ok(v)
    }

    /// A variable reference at the cursor: name and optional subscript
    /// (evaluated), for assignment or increment.
    fn lvalue(&mut self, name: String, skip: bool) -> R<(String, Option<String>)> {
        if self.is("[") {
            // The subscript as written, up to the matching `]`.
            let start = self.pos;
            let mut depth = 1;
            let mut end = start;
            while end < self.src.len() {
                match self.src[end] {
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                end += 1;
            }
            if end >= self.src.len() {
                return Err((
                    "syntax error: invalid arithmetic operator".into(),
                    self.tok_start,
                ));
            }
            let raw: String = self.src[start..end].iter().collect();
            self.pos = end + 1;
            self.next()?;
            if self.vars.is_assoc(&name) {
                return Ok((name, Some(raw.trim().to_string())));
            }
            let i = if skip {
                0
            } else {
                eval_depth(&raw, self.vars, self.depth + 1).map_err(|e| (e.msg, start))?
            };
            return Ok((name, Some(i.to_string())));
        }
        Ok((name, None))
    }

    fn var_value(&mut self, name: &str, index: Option<&str>, at: usize) -> R<i64> {
        let Some(v) = self.vars.get(name, index) else {
            if self.vars.nounset() {
                return Err((format!("{name}: unbound variable"), usize::MAX));
            }
            return Ok(0);
        };
        let v = v.trim();
        if v.is_empty() {
            return Ok(0);
        }
        if v.bytes().all(|b| b.is_ascii_digit()) && !(v.len() > 1 && v.starts_with('0')) {
            if let Ok(n) = v.parse::<i64>() {
                return Ok(n);
            }
        }
        eval_depth(v, self.vars, self.depth + 1).map_err(|e| (e.msg, at))
    }

    fn store(&mut self, name: &str, index: Option<&str>, v: i64, skip: bool, at: usize) -> R<()> {
        if skip {
            return Ok(());
        }
        self.vars.set(name, index, v).map_err(|m| (m, at))
    }

    fn assign(&mut self, skip: bool) -> R<i64> {
        let save = (self.pos, self.tok.clone(), self.tok_start);
        if let T::Ident(name) = self.tok.clone() {
            let at = self.tok_start;
            self.next()?;
            let (name, index) = self.lvalue(name, skip)?;
            let op = match &self.tok {
                T::Op(
                    o @ ("=" | "*=" | "/=" | "%=" | "+=" | "-=" | "<<=" | ">>=" | "&=" | "^="
                    | "|="),
                ) => Some(*o),
                _ => None,
            };
            if let Some(op) = op {
                self.next()?;
                let rhs = self.assign(skip)?;
                let v = if op == "=" {
                    rhs
                } else {
                    let cur = if skip {
                        0
                    } else {
                        self.var_value(&name, index.as_deref(), at)?
                    };
                    binop(&op[..op.len() - 1], cur, rhs, skip, self.tok_start)?
                };
                self.store(&name, index.as_deref(), v, skip, at)?;
                return Ok(v);
            }
            // Not an assignment: re-read from the name.
            self.pos = save.0;
            self.tok = save.1;
            self.tok_start = save.2;
        }
        self.ternary(skip)
    }

    fn ternary(&mut self, skip: bool) -> R<i64> {
        let c = self.binary(0, skip)?;
        if !self.is("?") {
            return Ok(c);
        }
        self.next()?;
        let a = self.assign(skip || c == 0)?;
        if !self.is(":") {
            return Err(match self.tok {
                T::End => (
                    "`:' expected for conditional expression".into(),
                    self.tok_start,
                ),
                _ => (
                    "`:' expected for conditional expression".into(),
                    self.tok_start,
                ),
            });
        }
        self.next()?;
        let b = self.assign(skip || c != 0)?;
        Ok(if c != 0 { a } else { b })
    }

    fn binary(&mut self, min: u8, skip: bool) -> R<i64> {
        let mut left = self.unary(skip)?;
        loop {
            let T::Op(op) = self.tok else {
                return Ok(left);
            };
            let Some(prec) = precedence(op) else {
                return Ok(left);
            };
            if prec < min {
                return Ok(left);
            }
            let at = self.tok_start;
            self.next()?;
            left = match op {
                "&&" => {
                    let r = self.binary(prec + 1, skip || left == 0)?;
                    i64::from(left != 0 && r != 0)
                }
                "||" => {
                    let r = self.binary(prec + 1, skip || left != 0)?;
                    i64::from(left != 0 || r != 0)
                }
                "**" => {
                    let _ = at;
                    let r = self.binary(prec, skip)?;
                    binop(op, left, r, skip, self.last_operand())?
                }
                _ => {
                    let r = self.binary(prec + 1, skip)?;
                    binop(op, left, r, skip, self.last_operand())?
                }
            };
        }
    }

    fn unary(&mut self, skip: bool) -> R<i64> {
        self.depth += 1;
        if self.depth > MAX_DEPTH * 4 {
            return Err(("expression recursion level exceeded".into(), self.tok_start));
        }
        let r = self.unary_inner(skip);
        self.depth -= 1;
        r
    }

    fn unary_inner(&mut self, skip: bool) -> R<i64> {
        match self.tok.clone() {
            T::Op(op @ ("++" | "--")) => {
                self.next()?;
                let at = self.tok_start;
                let T::Ident(name) = self.tok.clone() else {
                    // `--5` is minus minus five.
                    let v = self.unary(skip)?;
                    return Ok(v);
                };
                self.next()?;
                let (name, index) = self.lvalue(name, skip)?;
                let cur = if skip {
                    0
                } else {
                    self.var_value(&name, index.as_deref(), at)?
                };
                let v = if op == "++" {
                    cur.wrapping_add(1)
                } else {
                    cur.wrapping_sub(1)
                };
                self.store(&name, index.as_deref(), v, skip, at)?;
                Ok(v)
            }
            T::Op("-") => {
                self.next()?;
                Ok(self.unary(skip)?.wrapping_neg())
            }
            T::Op("+") => {
                self.next()?;
                self.unary(skip)
            }
            T::Op("!") => {
                self.next()?;
                Ok(i64::from(self.unary(skip)? == 0))
            }
            T::Op("~") => {
                self.next()?;
                Ok(!self.unary(skip)?)
            }
            _ => self.postfix(skip),
        }
    }

    fn postfix(&mut self, skip: bool) -> R<i64> {
        match self.tok.clone() {
            T::Num(n) => {
                self.next()?;
                if let T::Num(_) | T::Ident(_) = self.tok {
                    return Err(("syntax error in expression".into(), self.tok_start));
                }
                Ok(n)
            }
            T::Ident(name) => {
                let at = self.tok_start;
                self.next()?;
                let (name, index) = self.lvalue(name, skip)?;
                let cur = if skip {
                    0
                } else {
                    self.var_value(&name, index.as_deref(), at)?
                };
                if let T::Op(op @ ("++" | "--")) = self.tok {
                    self.next()?;
                    let v = if op == "++" {
                        cur.wrapping_add(1)
                    } else {
                        cur.wrapping_sub(1)
                    };
                    self.store(&name, index.as_deref(), v, skip, at)?;
                    return Ok(cur);
                }
                if let T::Num(_) | T::Ident(_) = self.tok {
                    return Err(("syntax error in expression".into(), self.tok_start));
                }
                Ok(cur)
            }
            T::Op("(") => {
                self.next()?;
                let v = self.comma(skip)?;
                self.expect(")")?;
                Ok(v)
            }
            T::End => Err(("syntax error: operand expected".into(), self.prev_start)),
            _ => Err(("syntax error: operand expected".into(), self.tok_start)),
        }
    }
}

fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "|" => 3,
        "^" => 4,
        "&" => 5,
        "==" | "!=" => 6,
        "<" | ">" | "<=" | ">=" => 7,
        "<<" | ">>" => 8,
        "+" | "-" => 9,
        "*" | "/" | "%" => 10,
        "**" => 11,
        _ => return None,
    })
}

fn binop(op: &str, a: i64, b: i64, skip: bool, at: usize) -> R<i64> {
    Ok(match op {
        "+" => a.wrapping_add(b),
        "-" => a.wrapping_sub(b),
        "*" => a.wrapping_mul(b),
        "/" | "%" => {
            if b == 0 {
                if skip {
                    return Ok(0);
                }
                return Err(("division by 0".into(), at));
            }
            if op == "/" {
                a.wrapping_div(b)
            } else {
                a.wrapping_rem(b)
            }
        }
        "**" => {
            if b < 0 {
                if skip {
                    return Ok(0);
                }
                return Err(("exponent less than 0".into(), at));
            }
            let mut r: i64 = 1;
            let mut base = a;
            let mut e = b as u64;
            while e > 0 {
                if e & 1 == 1 {
                    r = r.wrapping_mul(base);
                }
                base = base.wrapping_mul(base);
                e >>= 1;
            }
            r
        }
        "<<" => a.wrapping_shl((b & 63) as u32),
        ">>" => a.wrapping_shr((b & 63) as u32),
        "<" => i64::from(a < b),
        ">" => i64::from(a > b),
        "<=" => i64::from(a <= b),
        ">=" => i64::from(a >= b),
        "==" => i64::from(a == b),
        "!=" => i64::from(a != b),
        "&" => a & b,
        "^" => a ^ b,
        "|" => a | b,
        _ => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[derive(Default)]
    struct M(HashMap<String, String>);

    impl Vars for M {
        fn get(&mut self, name: &str, index: Option<&str>) -> Option<String> {
            let key = match index {
                Some(i) => format!("{name}[{i}]"),
                None => name.to_string(),
            };
            self.0.get(&key).cloned()
        }
        fn set(&mut self, name: &str, index: Option<&str>, value: i64) -> Result<(), String> {
            let key = match index {
                Some(i) => format!("{name}[{i}]"),
                None => name.to_string(),
            };
            self.0.insert(key, value.to_string());
            Ok(())
        }
    }

    #[test]
    fn values_table() {
        let cases = [
            ("1 + 2 * 3", 7),
            ("(1 + 2) * 3", 9),
            ("2 ** 3 ** 2", 512),
            ("-2 ** 2", 4),
            ("7 / 2", 3),
            ("-7 % 3", -1),
            ("1 << 4 | 1", 17),
            ("5 > 3 && 2 > 1", 1),
            ("0 || 0", 0),
            ("1 ? 2 : 3", 2),
            ("0 ? 2 : 3", 3),
            ("0x1f + 010 + 2#101", 44),
            ("64#_", 63),
            ("x = 5, x += 2, x", 7),
            ("y++ + y", 1),
            ("++z * 2", 2),
            ("!0 + ~0", 0),
            ("9223372036854775807 + 1", i64::MIN),
            ("0 && 1/0", 0),
            ("", 0),
            ("a[2] = 4, a[1+1] * 2", 8),
        ];
        for (expr, want) in cases {
            let mut m = M::default();
            assert_eq!(eval(expr, &mut m), Ok(want), "{expr}");
        }
    }

    #[test]
    fn recursive_variables() {
        let mut m = M::default();
        m.0.insert("a".into(), "b + 1".into());
        m.0.insert("b".into(), "2".into());
        assert_eq!(eval("a * 2", &mut m), Ok(6));
        m.0.insert("s".into(), "s".into());
        assert!(eval("s", &mut m).is_err());
    }

    #[test]
    fn errors_table() {
        let cases = [
            ("1/0", "1/0: division by 0 (error token is \"0\")"),
            (
                "2+",
                "2+: syntax error: operand expected (error token is \"+\")",
            ),
            (
                "1 +* 2",
                "1 +* 2: syntax error: operand expected (error token is \"* 2\")",
            ),
            (
                "a b",
                "a b: syntax error in expression (error token is \"b\")",
            ),
            ("08", "08: value too great for base (error token is \"08\")"),
            ("(1", "(1: missing `)' (error token is \"1\")"),
        ];
        for (expr, want) in cases {
            let mut m = M::default();
            let got = eval(expr, &mut m).map_err(|e| e.to_string());
            assert_eq!(got, Err(want.to_string()), "{expr}");
        }
    }
}
