use crate::{CmdError, Ctx, ShellState};

builtin!(Upload, "upload", "copy files from your computer into the session", "Usage: upload [DIRECTORY]\nOpen the browser's file picker and copy the chosen files into DIRECTORY\n(default: the current directory). Dropping files on the terminal does the same.\nThe session's files are limited in total size.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if ctx.args.len() > 1 {
        ctx.stderr.line("upload: too many arguments");
        return Ok(2);
    }
    let dir = ctx.args.first().cloned().unwrap_or_else(|| ".".into());
    let abs = ctx.sh.abs_path(&dir);
    if !ctx.sh.fs.is_dir(&abs) {
        ctx.stderr.line(&format!(
            "upload: {}: Not a directory",
            crate::sanitize::field(&dir)
        ));
        return Ok(1);
    }
    let picked = match ctx.cancel.run(ctx.host.pick_files()).await {
        None => return Err(CmdError::Cancelled),
        Some(None) => {
            ctx.stderr
                .line("upload: there is no file picker in this terminal");
            return Ok(1);
        }
        Some(Some(files)) => files,
    };
    if picked.is_empty() {
        ctx.stderr.line("upload: no file chosen");
        return Ok(1);
    }
    let now = ctx.host.now_ms();
    let mut status = 0;
    for (name, data) in picked {
        match store(ctx.sh, &abs, &name, data, now) {
            Ok(line) => ctx.stdout.line(&line),
            Err(msg) => {
                ctx.stderr.line(&format!("upload: {msg}"));
                status = 1;
            }
        }
    }
    Ok(status)
}

/// Writes one uploaded file into `dir` (absolute) under its base name; the
/// line to show, or why not. Shared with dropping files on the terminal.
pub fn store(
    sh: &mut ShellState,
    dir: &str,
    name: &str,
    data: Vec<u8>,
    now_ms: i64,
) -> Result<String, String> {
    // Browsers give base names; a name with a path part keeps only its last.
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let shown = crate::sanitize::field(base);
    if base.is_empty() || base == "." || base == ".." || base.chars().any(char::is_control) {
        return Err(format!("'{shown}': not a valid file name"));
    }
    let path = crate::fs::resolve(dir, base);
    if sh.fs.is_dir(&path) {
        return Err(format!("{shown}: Is a directory"));
    }
    let len = data.len();
    sh.fs
        .write(&path, data, now_ms)
        .map_err(|e| format!("{shown}: {e}"))?;
    Ok(format!("Uploaded {shown} ({len} bytes)"))
}
