use base64::Engine;

use super::util;
use crate::{CmdError, Ctx};

builtin!(Base64, "base64", "base64 encode/decode data", "Usage: base64 [-d] [-w COLS] [FILE]\nBase64 encode or decode FILE, or standard input, to standard output.\n  -d       decode data\n  -w COLS  wrap encoded lines after COLS characters (default 76); 0 disables\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "di", "w", &[("decode", 'd'), ("wrap", 'w')], None)?;
    let (inputs, failed) = util::inputs(ctx, &f.operands[..f.operands.len().min(1)]);
    if failed {
        return Ok(1);
    }
    let data: Vec<u8> = inputs.into_iter().flat_map(|(_, d)| d).collect();
    let engine = base64::engine::general_purpose::STANDARD;
    if f.has('d') {
        let clean: Vec<u8> = data
            .into_iter()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        match engine.decode(&clean) {
            Ok(bytes) => util::emit(ctx, &bytes),
            Err(_) => {
                ctx.stderr.line("base64: invalid input");
                return Ok(1);
            }
        }
        return Ok(0);
    }
    let wrap: usize = match f.value('w').map(str::parse) {
        None => 76,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            ctx.stderr.line(&format!(
                "base64: invalid wrap size: '{}'",
                f.value('w').unwrap_or_default()
            ));
            return Ok(1);
        }
    };
    let enc = engine.encode(&data);
    if wrap == 0 || enc.is_empty() {
        ctx.stdout.line(&enc);
    } else {
        for chunk in enc.as_bytes().chunks(wrap) {
            ctx.stdout.write(chunk);
            ctx.stdout.write(b"\n");
        }
    }
    Ok(0)
}
