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
  fed --dir /srv/team/.federation init
  fed init --force            # a second federation inside another one's tree")]
pub struct Args {
    /// Create .federation/ here even inside the tree of another federation
    /// (which every command run below would otherwise find)
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let root = match ctx
        .global
        .dir
        .as_deref()
        .filter(|d| !d.as_os_str().is_empty())
    {
        Some(dir) => dir.to_path_buf(),
        None => {
            refuse_nesting(args.force)?;
            PathBuf::from(".federation")
        }
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

/// Refuses to start a federation inside the tree of another one (commands
/// run here would silently switch federations) unless `--force` says so.
fn refuse_nesting(force: bool) -> Result<()> {
    let cwd = std::env::current_dir()?;
    let Some(outer) = cwd
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(".federation"))
        .find(|candidate| candidate.is_dir())
    else {
        return Ok(());
    };
    if force || cwd.join(".federation").is_dir() {
        return Ok(());
    }
    Err(fed::Error::invalid(format!(
        "this directory is inside the federation at {}: commands here use it; pass --force to create a second one here, or --dir",
        outer.display()
    ))
    .into())
}
