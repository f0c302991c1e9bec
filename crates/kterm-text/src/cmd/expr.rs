use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common;
use crate::regex::{self as re, Flavor};

pub const INFO: CommandInfo = CommandInfo {
    name: "expr",
    aliases: &[],
    summary: "evaluate expressions",
};

crate::tool!(Expr, "Usage: expr EXPRESSION\nPrint the value of EXPRESSION to standard output.\n\n  ARG1 | ARG2       ARG1 if it is neither null nor 0, otherwise ARG2\n  ARG1 & ARG2       ARG1 if neither argument is null or 0, otherwise 0\n  ARG1 < ARG2 (<=, =, ==, !=, >=, >)  comparison, 1 or 0\n  ARG1 + ARG2 (-, *, /, %)  arithmetic on integers\n  STRING : REGEXP   anchored pattern match of REGEXP in STRING\n  match STRING REGEXP, substr STRING POS LENGTH, index STRING CHARS,\n  length STRING, + TOKEN, ( EXPRESSION )\n\nExit status is 0 if EXPRESSION is neither null nor 0, 1 if it is, 2 if\nit is invalid, 3 if an error occurred.\n");

#[derive(Clone, Debug)]
enum Val {
    Int(i128),
    Str(String),
}

impl Val {
    fn text(&self) -> String {
        match self {
            Val::Int(n) => n.to_string(),
            Val::Str(s) => s.clone(),
        }
    }

    fn int(&self) -> Option<i128> {
        match self {
            Val::Int(n) => Some(*n),
            Val::Str(s) => looks_int(s).then(|| s.parse().ok()).flatten(),
        }
    }

    fn null(&self) -> bool {
        match self {
            Val::Int(n) => *n == 0,
            Val::Str(s) => {
                let t = s.strip_prefix('-').unwrap_or(s);
                s.is_empty() || (!t.is_empty() && t.bytes().all(|b| b == b'0'))
            }
        }
    }
}

fn looks_int(s: &str) -> bool {
    let t = s.strip_prefix('-').unwrap_or(s);
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// Why evaluation stopped: a syntax error (status 2) or a runtime one (2 or 3).
struct Fail(String, i32);

struct Parser<'a> {
    args: &'a [String],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(String::as_str)
    }

    fn next_is(&mut self, tok: &str) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn missing(&self) -> Fail {
        let after = self
            .args
            .get(self.pos.wrapping_sub(1))
            .cloned()
            .unwrap_or_default();
        Fail(
            format!(
                "syntax error: missing argument after {}",
                common::quote(&after)
            ),
            2,
        )
    }

    fn or(&mut self) -> Result<Val, Fail> {
        let mut l = self.and()?;
        while self.next_is("|") {
            let r = self.and()?;
            l = if !l.null() {
                l
            } else if r.null() {
                Val::Int(0)
            } else {
                r
            };
        }
        Ok(l)
    }

    fn and(&mut self) -> Result<Val, Fail> {
        let mut l = self.cmp()?;
        while self.next_is("&") {
            let r = self.cmp()?;
            if l.null() || r.null() {
                l = Val::Int(0);
            }
        }
        Ok(l)
    }

    fn cmp(&mut self) -> Result<Val, Fail> {
        let mut l = self.add()?;
        loop {
            let op = match self.peek() {
                Some(o @ ("<" | "<=" | "=" | "==" | "!=" | ">=" | ">")) => o.to_string(),
                _ => return Ok(l),
            };
            self.pos += 1;
            let r = self.add()?;
            let ord = match (l.int(), r.int()) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => l.text().as_bytes().cmp(r.text().as_bytes()),
            };
            let t = match op.as_str() {
                "<" => ord.is_lt(),
                "<=" => ord.is_le(),
                "=" | "==" => ord.is_eq(),
                "!=" => ord.is_ne(),
                ">=" => ord.is_ge(),
                _ => ord.is_gt(),
            };
            l = Val::Int(i128::from(t));
        }
    }

    fn arith(&self, l: &Val, r: &Val, op: &str) -> Result<Val, Fail> {
        let (Some(a), Some(b)) = (l.int(), r.int()) else {
            return Err(Fail("non-integer argument".into(), 2));
        };
        if matches!(op, "/" | "%") && b == 0 {
            return Err(Fail("division by zero".into(), 2));
        }
        let v = match op {
            "+" => a.checked_add(b),
            "-" => a.checked_sub(b),
            "*" => a.checked_mul(b),
            "/" => a.checked_div(b),
            _ => a.checked_rem(b),
        };
        v.map(Val::Int)
            .ok_or_else(|| Fail("result too large".into(), 2))
    }

    fn add(&mut self) -> Result<Val, Fail> {
        let mut l = self.mul()?;
        while let Some(op @ ("+" | "-")) = self.peek() {
            let op = op.to_string();
            self.pos += 1;
            let r = self.mul()?;
            l = self.arith(&l, &r, &op)?;
        }
        Ok(l)
    }

    fn mul(&mut self) -> Result<Val, Fail> {
        let mut l = self.colon()?;
        while let Some(op @ ("*" | "/" | "%")) = self.peek() {
            let op = op.to_string();
            self.pos += 1;
            let r = self.colon()?;
            l = self.arith(&l, &r, &op)?;
        }
        Ok(l)
    }

    fn colon(&mut self) -> Result<Val, Fail> {
        let mut l = self.unary()?;
        while self.next_is(":") {
            let r = self.unary()?;
            l = matches(&l.text(), &r.text())?;
        }
        Ok(l)
    }

    fn unary(&mut self) -> Result<Val, Fail> {
        let keyword = |p: &Self, k: &str| p.peek() == Some(k) && p.pos + 1 < p.args.len();
        if keyword(self, "+") {
            self.pos += 1;
            let t = self.args[self.pos].clone();
            self.pos += 1;
            return Ok(Val::Str(t));
        }
        if keyword(self, "length") {
            self.pos += 1;
            let s = self.unary()?.text();
            return Ok(Val::Int(s.chars().count() as i128));
        }
        if keyword(self, "match") {
            self.pos += 1;
            let s = self.unary()?.text();
            let r = self.unary()?.text();
            return matches(&s, &r);
        }
        if keyword(self, "index") {
            self.pos += 1;
            let s = self.unary()?.text();
            let chars = self.unary()?.text();
            let at = s
                .chars()
                .position(|c| chars.contains(c))
                .map_or(0, |i| i + 1);
            return Ok(Val::Int(at as i128));
        }
        if keyword(self, "substr") {
            self.pos += 1;
            let s = self.unary()?.text();
            let pos = self.unary()?;
            let len = self.unary()?;
            let n = s.chars().count() as i128;
            let out = match (pos.int(), len.int()) {
                (Some(p), Some(l)) if p >= 1 && p <= n && l > 0 => s
                    .chars()
                    .skip((p - 1) as usize)
                    .take(l.min(n) as usize)
                    .collect(),
                _ => String::new(),
            };
            return Ok(Val::Str(out));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Val, Fail> {
        let Some(t) = self.peek().map(str::to_string) else {
            return Err(self.missing());
        };
        self.pos += 1;
        if t == "(" {
            let v = self.or()?;
            return match self.peek() {
                Some(")") => {
                    self.pos += 1;
                    Ok(v)
                }
                None => {
                    let after = self.args[self.pos - 1].clone();
                    Err(Fail(
                        format!(
                            "syntax error: expecting ')' after {}",
                            common::quote(&after)
                        ),
                        2,
                    ))
                }
                Some(other) => Err(Fail(
                    format!(
                        "syntax error: expecting ')' instead of {}",
                        common::quote(other)
                    ),
                    2,
                )),
            };
        }
        if t == ")" {
            return Err(Fail("syntax error: unexpected ')'".into(), 2));
        }
        Ok(Val::Str(t))
    }
}

/// `STRING : REGEXP`: anchored at the start; the first group's text, or the
/// length of the match.
fn matches(s: &str, pat: &str) -> Result<Val, Fail> {
    let anchored = format!("^{}", pat.strip_prefix('^').unwrap_or(pat));
    let r = re::compile(&anchored, Flavor::Basic, false, false).map_err(|e| Fail(e, 2))?;
    let caps = r.captures(s);
    if re::groups(&r) > 0 {
        let g = caps
            .and_then(|c| c.get(1).map(|m| m.as_str().to_string()))
            .unwrap_or_default();
        Ok(Val::Str(g))
    } else {
        Ok(Val::Int(
            caps.and_then(|c| c.get(0))
                .map_or(0, |m| m.as_str().chars().count()) as i128,
        ))
    }
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let mut args = ctx.args.clone();
    if args.first().is_some_and(|a| a == "--") {
        args.remove(0);
    }
    if args.is_empty() {
        return Ok(common::usage(ctx, "missing operand", 2));
    }
    let mut p = Parser {
        args: &args,
        pos: 0,
    };
    let v = p.or();
    let v = match v {
        Ok(_) if p.pos < args.len() => Err(Fail(
            format!(
                "syntax error: unexpected argument {}",
                common::quote(&args[p.pos])
            ),
            2,
        )),
        other => other,
    };
    match v {
        Ok(v) => {
            let line = format!("{}\n", v.text());
            common::emit(ctx, line.as_bytes());
            Ok(if v.null() { 1 } else { 0 })
        }
        Err(Fail(msg, code)) => {
            common::error(ctx, &msg);
            Ok(code)
        }
    }
}
