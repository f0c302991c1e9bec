use crate::{CmdError, Ctx};

builtin!(Cd, "cd", "change the working directory", "Usage: cd [DIR]\nChange the working directory to DIR (default $HOME; `-` is the previous one).\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if ctx.args.len() > 1 {
        ctx.stderr.line("kterm: cd: too many arguments");
        return Ok(1);
    }
    let target = match ctx.args.first().map(String::as_str) {
        None => ctx
            .sh
            .env
            .get("HOME")
            .unwrap_or(crate::state::HOME)
            .to_string(),
        Some("-") => match ctx.sh.env.get("OLDPWD") {
            Some(o) => {
                let o = o.to_string();
                ctx.stdout.line(&o);
                o
            }
            None => {
                ctx.stderr.line("kterm: cd: OLDPWD not set");
                return Ok(1);
            }
        },
        Some(d) => d.to_string(),
    };
    let path = ctx.sh.abs_path(&target);
    if !ctx.sh.fs.exists(&path) {
        ctx.stderr
            .line(&format!("kterm: cd: {target}: No such file or directory"));
        return Ok(1);
    }
    if !ctx.sh.fs.is_dir(&path) {
        ctx.stderr
            .line(&format!("kterm: cd: {target}: Not a directory"));
        return Ok(1);
    }
    let old = std::mem::replace(&mut ctx.sh.cwd, path.clone());
    ctx.sh.env.export("OLDPWD", Some(old));
    ctx.sh.env.export("PWD", Some(path));
    Ok(0)
}
