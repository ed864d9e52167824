//! `fed init`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::store::Store;
use std::path::PathBuf;

/// Create a federation: the folder layout and a commented config.yaml.
///
/// Creates .federation/ in the working directory, or the directory named by
/// --dir / FED_DIR. Anything that already exists is kept as it is.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed init
  fed --dir /srv/team/.federation init")]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: &Args) -> Result<()> {
    let root = match ctx
        .global
        .dir
        .as_deref()
        .filter(|d| !d.as_os_str().is_empty())
    {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from(".federation"),
    };
    let created = Store::init(&root)?;
    if ctx.out.json {
        ctx.out
            .json_value(&serde_json::json!({ "path": root, "created": created }))?;
    } else if created {
        ctx.out
            .note(format!("Initialized a federation in {}", root.display()));
    } else {
        ctx.out.note(format!(
            "A federation already exists in {} (kept as it is)",
            root.display()
        ));
    }
    Ok(())
}
