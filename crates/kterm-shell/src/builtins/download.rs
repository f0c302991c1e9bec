use crate::{CmdError, Ctx};

builtin!(
    Download,
    "download",
    "save session files on your computer",
    "Usage: download FILE...\nHand each FILE to the browser, which saves it as a download.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if ctx.args.is_empty() {
        ctx.stderr.line("download: missing file operand");
        return Ok(2);
    }
    let mut status = 0;
    for op in ctx.args.clone() {
        let shown = crate::sanitize::field(&op);
        let path = ctx.sh.abs_path(&op);
        let data = match ctx.sh.fs.read(&path) {
            Ok(d) => d.to_vec(),
            Err(e) => {
                ctx.stderr.line(&format!("download: {shown}: {e}"));
                status = 1;
                continue;
            }
        };
        let name = path.rsplit('/').next().unwrap_or_default().to_string();
        let len = data.len();
        match ctx.cancel.run(ctx.host.save_file(&name, &data)).await {
            None => return Err(CmdError::Cancelled),
            Some(false) => {
                ctx.stderr
                    .line("download: there is no browser here to save files to");
                return Ok(1);
            }
            Some(true) => ctx.stdout.line(&format!(
                "Downloading {} ({len} bytes)",
                crate::sanitize::field(&name)
            )),
        }
    }
    Ok(status)
}
