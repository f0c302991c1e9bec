use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::cfmt;
use crate::common::{self, opt, Arg};

pub const INFO: CommandInfo = CommandInfo {
    name: "seq",
    aliases: &[],
    summary: "print a sequence of numbers",
};

crate::tool!(Seq, "Usage: seq [OPTION]... LAST\n  or:  seq [OPTION]... FIRST LAST\n  or:  seq [OPTION]... FIRST INCREMENT LAST\nPrint numbers from FIRST to LAST, in steps of INCREMENT.\n\n  -f, --format=FORMAT      use printf style floating-point FORMAT\n  -s, --separator=STRING   use STRING to separate numbers (default: \\n)\n  -w, --equal-width        equalize width by padding with leading zeroes\n");

/// An operand as seq reads it: its value, printed width and digits after the point.
struct Operand {
    value: f64,
    int: Option<i128>,
    width: usize,
    precision: usize,
}

fn scan(s: &str) -> Option<Operand> {
    let t = s.trim_start();
    let value: f64 = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).ok()? as f64
    } else {
        let lower = t.to_ascii_lowercase();
        if lower.contains("inf") || lower.contains("nan") || t.is_empty() {
            return None;
        }
        t.strip_prefix('+').unwrap_or(t).parse().ok()?
    };
    let mut precision = 0usize;
    let mut width = t.len();
    let (mant, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i64>().ok()),
        None => (t, None),
    };
    if let Some(dot) = mant.find('.') {
        precision = mant.len() - dot - 1;
    }
    if let Some(e) = exp {
        width = mant.len();
        if e < 0 {
            precision += e.unsigned_abs() as usize;
        } else {
            precision = precision.saturating_sub(e as usize);
        }
    }
    let int =
        (precision == 0 && value.fract() == 0.0 && value.abs() < 1e18).then_some(value as i128);
    Some(Operand {
        value,
        int,
        width,
        precision,
    })
}

/// Checks a `-f` format: one floating-point directive, `%%` allowed.
fn check_format(fmt: &str) -> Result<(String, cfmt::Directive, String), String> {
    let b = fmt.as_bytes();
    let mut i = 0;
    let mut found: Option<(usize, cfmt::Directive, usize)> = None;
    while i < b.len() {
        if b[i] == b'%' {
            if b.get(i + 1) == Some(&b'%') {
                i += 2;
                continue;
            }
            let Some((d, n)) = cfmt::parse(&b[i + 1..]) else {
                return Err(format!("format {} ends in %", common::quote(fmt)));
            };
            if !"aAeEfFgG".contains(d.spec.conv) {
                return Err(format!(
                    "format {} has unknown %{} directive",
                    common::quote(fmt),
                    d.spec.conv
                ));
            }
            if found.is_some() {
                return Err(format!(
                    "format {} has too many % directives",
                    common::quote(fmt)
                ));
            }
            found = Some((i, d, i + 1 + n));
            i += 1 + n;
            continue;
        }
        i += 1;
    }
    let Some((start, d, end)) = found else {
        return Err(format!("format {} has no % directive", common::quote(fmt)));
    };
    Ok((
        fmt[..start].replace("%%", "%"),
        d,
        fmt[end..].replace("%%", "%"),
    ))
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    // A negative number ends the options (`seq -1 1`).
    let split = ctx
        .args
        .iter()
        .position(|a| {
            let b = a.as_bytes();
            b.first() == Some(&b'-') && b.get(1).is_some_and(|c| c.is_ascii_digit() || *c == b'.')
        })
        .unwrap_or(ctx.args.len());
    let opts = [
        opt('f', "format", Arg::Required),
        opt('s', "separator", Arg::Required),
        opt('w', "equal-width", Arg::No),
    ];
    let mut p = match common::getopt(&ctx.args[..split], &opts, true) {
        Ok(p) => p,
        Err(e) => return Ok(common::usage(ctx, &e, 1)),
    };
    p.operands.extend(ctx.args[split..].iter().cloned());
    let ops = p.operands.clone();
    match ops.len() {
        0 => return Ok(common::usage(ctx, "missing operand", 1)),
        1..=3 => {}
        _ => {
            let msg = format!("extra operand {}", common::quote(&ops[3]));
            return Ok(common::usage(ctx, &msg, 1));
        }
    }
    let mut nums = Vec::new();
    for o in &ops {
        match scan(o) {
            Some(n) => nums.push(n),
            None => {
                let msg = format!("invalid floating point argument: {}", common::quote(o));
                return Ok(common::usage(ctx, &msg, 1));
            }
        }
    }
    let one = || Operand {
        value: 1.0,
        int: Some(1),
        width: 1,
        precision: 0,
    };
    let (first, step, last) = match nums.len() {
        1 => (one(), one(), nums.remove(0)),
        2 => {
            let last = nums.remove(1);
            (nums.remove(0), one(), last)
        }
        _ => {
            let last = nums.remove(2);
            let step = nums.remove(1);
            (nums.remove(0), step, last)
        }
    };
    if step.value == 0.0 {
        let msg = format!("invalid Zero increment value: {}", common::quote(&ops[1]));
        return Ok(common::usage(ctx, &msg, 1));
    }
    let format = p.value('f').map(str::to_string);
    if format.is_some() && p.has('w') {
        let msg = "format string may not be specified when printing equal width strings";
        return Ok(common::usage(ctx, msg, 1));
    }
    let sep = p.value('s').unwrap_or("\n").to_string();
    let render: Box<dyn Fn(f64) -> String> = match format {
        Some(f) => match check_format(&f) {
            Ok((pre, d, post)) => {
                let mut spec = d.spec;
                if let cfmt::Count::Given(w) = d.width {
                    spec.width = Some(w);
                }
                if let cfmt::Count::Given(p) = d.prec {
                    spec.prec = Some(p);
                }
                Box::new(move |x| format!("{pre}{}{post}", cfmt::float(&spec, x)))
            }
            Err(e) => {
                common::error(ctx, &e);
                return Ok(1);
            }
        },
        None => {
            let prec = first.precision.max(step.precision);
            let mut width = 0;
            if p.has('w') {
                let mut fw = first.width + (prec - first.precision);
                let mut lw = last.width + prec.saturating_sub(last.precision);
                if last.precision > 0 && prec == 0 {
                    lw -= 1;
                }
                if last.precision == 0 && prec > 0 {
                    lw += 1;
                }
                if first.precision == 0 && prec > 0 {
                    fw += 1;
                }
                width = fw.max(lw);
            }
            let spec = cfmt::Spec {
                zero: p.has('w'),
                width: Some(width),
                prec: Some(prec),
                conv: 'f',
                ..cfmt::Spec::default()
            };
            Box::new(move |x| cfmt::float(&spec, x))
        }
    };
    // The integers exactly (no float steps) unless a format or width asks
    // for the floating-point path, as coreutils' fast path does.
    let ints = match (first.int, step.int, last.int) {
        (Some(a), Some(s), Some(z)) if p.value('f').is_none() && !p.has('w') => Some((a, s, z)),
        _ => None,
    };
    let term = |n: u64| -> Option<String> {
        match ints {
            Some((a, s, z)) => {
                let x = a + s * n as i128;
                ((s > 0 && x <= z) || (s < 0 && x >= z)).then(|| x.to_string())
            }
            None => {
                let x = first.value + n as f64 * step.value;
                let past =
                    (step.value > 0.0 && x > last.value) || (step.value < 0.0 && x < last.value);
                (!past).then(|| render(x))
            }
        }
    };
    let mut out = String::new();
    let mut n = 0u64;
    while let Some(t) = term(n) {
        if n > 0 {
            out.push_str(&sep);
        }
        out.push_str(&t);
        n += 1;
        if n.is_multiple_of(4096) {
            if ctx.cancel.is_cancelled() {
                return Err(CmdError::Cancelled);
            }
            ctx.stdout.write_str(&std::mem::take(&mut out));
        }
    }
    if n > 0 {
        out.push('\n');
    }
    ctx.stdout.write_str(&out);
    Ok(0)
}
