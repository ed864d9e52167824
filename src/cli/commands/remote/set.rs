//! `fed remote set`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::remote::layout::DEFAULT_BRANCH;
use fed::remote::replica::{Connected, Replica};
use fed::remote::session::adopt::{Adopted, adopt};
use fed::remote::state::Paths;

/// Share this federation through a branch of a git repository.
///
/// Publishes the federation (identity, config, tasks, votes) to branch B of
/// the repository at URL, anything the git program can reach (a path, ssh,
/// https). From then on every changing command syncs first and publishes
/// its change there before it is acknowledged; reading commands stay
/// local. fed keeps its own replica in .federation/.remote/ and never
/// touches your repository, branches, index or working tree. Needs git
/// 2.29 or newer.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  git init --bare /srv/team-fed.git
  fed remote set /srv/team-fed.git
  fed remote set git@github.com:team/project.git --branch fed-team
  fed remote set /srv/team-fed.git --join  # follow the one already there")]
pub struct Args {
    /// The repository (a path or any URL git understands)
    pub url: String,
    /// The branch that holds the federation
    #[arg(long, default_value = DEFAULT_BRANCH, value_name = "B")]
    pub branch: String,
    /// When the branch already holds another federation, follow it: its
    /// tasks come here, and tasks only this directory has are published
    #[arg(long)]
    pub join: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let store = ctx.store()?;
    let config = std::fs::read(store.path("config.yaml")).unwrap_or_default();
    let url = absolute_url(&args.url)?;
    let (replica, how) = Replica::set(
        store.root(),
        &url,
        &args.branch,
        args.join,
        &config,
        ctx.now,
    )?;
    let adopted = match adopt(store, &replica, ctx.now) {
        Ok(adopted) => adopted,
        Err(e) => {
            // Not connected after all: the next try starts over (with
            // --join, as the branch may now hold this federation).
            let _ = Paths::new(store.root()).remove();
            return Err(fed::Error::new(
                e.kind,
                format!(
                    "{}; the remote is not set (try again with --join)",
                    e.message
                ),
            )
            .into());
        }
    };
    report(ctx, &replica, &how, &adopted)
}

/// What `remote set` and `clone` print.
pub fn report(ctx: &Ctx, replica: &Replica, how: &Connected, adopted: &Adopted) -> Result<()> {
    super::runner::warn_problems(ctx, &adopted.synced);
    for path in &adopted.refused {
        ctx.out.warn(format!(
            "{path} was not published: it cannot be read or is malformed (see `fed check`)"
        ));
    }
    let s = replica.settings();
    let connected = match how {
        Connected::Created => "created",
        Connected::Same => "same",
        Connected::Joined => "joined",
    };
    if ctx.out.json {
        return Ok(ctx.out.json_value(&serde_json::json!({
            "url": s.url,
            "branch": s.branch,
            "machine": s.machine,
            "federation_id": s.federation_id,
            "connected": connected,
            "published": adopted.archived,
            "archived": adopted.archived,
            "received": adopted.synced.updated,
        }))?);
    }
    let what = match how {
        Connected::Created => "published this federation on",
        Connected::Same => "reconnected to this federation on",
        Connected::Joined => "joined the federation on",
    };
    ctx.out.note(format!(
        "Remote {}: {what} branch {} ({} documents published into its archive)",
        s.url, s.branch, adopted.archived
    ));
    Ok(())
}

/// A local path made absolute (git runs inside the replica, so a relative
/// path would name something else); URLs (`scheme://`, `host:path`) are
/// kept as they are.
pub fn absolute_url(url: &str) -> Result<String> {
    let scp_like = url
        .split_once(':')
        .is_some_and(|(host, _)| !host.is_empty() && !host.contains('/'));
    let kept = url.contains("://") || scp_like || url.starts_with(['/', '-']);
    if kept || url.trim().is_empty() {
        return Ok(url.to_string());
    }
    let path = std::env::current_dir()?.join(url);
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    Ok(path.display().to_string())
}
