//! `fed clone`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::remote::layout::DEFAULT_BRANCH;
use fed::remote::replica::Replica;
use fed::remote::session::adopt::adopt;
use fed::store::Store;
use std::path::{Path, PathBuf};

/// Make a local federation from one shared through a git remote.
///
/// Creates DIR (default: --dir / FED_DIR, else .federation/ here), joins
/// the federation on branch B of the repository at URL and syncs it.
/// Refuses a DIR that already holds a federation (use `fed remote set URL
/// --join` there). On any failure nothing is left behind.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed clone /srv/team-fed.git
  fed clone ssh://git@host/team.git /work/project/.federation --branch fed-team")]
pub struct Args {
    /// The repository (a path or any URL git understands)
    pub url: String,
    /// The federation directory to create (if given with --dir, this one)
    #[arg(id = "into", value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The branch that holds the federation
    #[arg(long, default_value = DEFAULT_BRANCH, value_name = "B")]
    pub branch: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let root = match (&args.dir, ctx.global.dir.as_deref()) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from(".federation"),
    };
    if root.join("queue").exists() {
        return Err(fed::Error::invalid(format!(
            "{} already holds a federation; run `fed remote set {} --join` there instead",
            root.display(),
            args.url
        ))
        .into());
    }
    if root.exists() && std::fs::read_dir(&root).is_ok_and(|mut d| d.next().is_some()) {
        return Err(fed::Error::invalid(format!(
            "{} exists and is not empty; clone into a new directory",
            root.display()
        ))
        .into());
    }
    let existed = root.exists();
    let cloned = clone_into(ctx, &root, args);
    if cloned.is_err() {
        remove_new(&root, existed);
    }
    cloned
}

fn clone_into(ctx: &Ctx, root: &Path, args: &Args) -> Result<()> {
    Store::init(root)?;
    let store = Store::open(root)?;
    let url = super::remote::set::absolute_url(&args.url)?;
    let mut replica = Replica::create(root, &url, &args.branch)?;
    if !replica.fetch()? {
        return Err(replica
            .git()
            .error(&format!(
                "has no federation on branch {}; nothing to clone (`fed remote set` publishes one)",
                args.branch
            ))
            .into());
    }
    let how = replica.connect(true, b"", ctx.now)?;
    let adopted = adopt(&store, &replica, ctx.now)?;
    if ctx.out.json {
        return super::remote::set::report(ctx, &replica, &how, &adopted);
    }
    super::remote::runner::warn_problems(ctx, &adopted.synced);
    let n = adopted.synced.updated;
    ctx.out.note(format!(
        "Cloned the federation on branch {} of {} into {} ({n} document{})",
        args.branch,
        replica.settings().url,
        root.display(),
        if n == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// Removes what a failed clone created (only what it created).
fn remove_new(root: &Path, existed: bool) {
    if existed {
        if let Ok(entries) = std::fs::read_dir(root) {
            for entry in entries.flatten() {
                let path = entry.path();
                let _ = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
        }
    } else {
        let _ = std::fs::remove_dir_all(root);
    }
}
