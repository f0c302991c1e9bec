use crate::{CmdError, Ctx};

builtin!(Vim, "vim", "edit a file full screen (vi keys)", "Usage: vim [+N] [FILE]\nThe same editor as vi: i, a, o insert; Esc ends insert; :w saves, :q quits,\n:wq or ZZ saves and quits, :q! quits without saving; /text searches.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    super::vi::run_vi(ctx).await
}
