//! `ibmcloud regions`

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::regions::REGIONS;
use crate::table;

pub async fn run(ctx: &mut Ctx<'_>, _args: &[String]) -> Result<i32, IbmError> {
    ctx.stdout.line("Listing regions...");
    ctx.stdout.line("");
    let mut rows = vec![vec!["Name".to_string(), "Display name".to_string()]];
    rows.extend(
        REGIONS
            .iter()
            .map(|(id, name)| vec![id.to_string(), name.to_string()]),
    );
    table::print(ctx, &rows);
    Ok(0)
}
