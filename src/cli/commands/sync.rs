//! `fed sync`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::remote::hook::{GitPublisher, Offline};
use fed::remote::replica::Replica;
use fed::remote::session::{self, SyncOptions};

/// Bring this federation level with its remote, and publish what waits.
///
/// Fetches fed's refs, applies what changed elsewhere (a document that
/// arrives malformed is set aside in .remote/rejected/ and reported, never
/// written into the queue), publishes the adds made while the remote was
/// unreachable, this machine's new log lines and a config.yaml edited
/// here, and folds documents whose refs have not moved for an hour into
/// the archive when many have piled up (--fold: all those unmoved for ten
/// minutes, now; both plus leases.skew).
/// Every changing command syncs first anyway; run this on a timer to keep
/// reading commands fresh.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed sync
  fed sync --json | jq .updated
  while sleep 30; do fed -q sync; done   # keep a machine's view fresh")]
pub struct Args {
    /// Fold every task and vote whose ref has not moved for ten minutes
    /// (plus leases.skew) into the archive now, however few
    #[arg(long)]
    pub fold: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let Some(replica) = Replica::open(store.root())? else {
        return Err(fed::Error::invalid(
            "no remote is set: `fed remote set URL` shares this federation, `fed clone URL` makes one from a remote",
        )
        .into());
    };
    let opts = SyncOptions {
        full: true,
        fold_all: args.fold,
        skew: config.leases.skew.to_chrono(),
        coalesce: false,
    };
    // What killed processes left in .txn/ goes back first (and prepared
    // handoffs are queued, through the remote), so that the sync can
    // bring it level too.
    let hook = GitPublisher::new(replica.clone(), ctx.now, Offline::Never);
    store.set_publisher(Box::new(hook));
    fed::queue::recover::recover(&ctx.op(store, config));
    let synced = session::sync(store, &replica, ctx.now, opts)?;
    super::remote::runner::warn_problems(ctx, &synced);
    if ctx.out.json {
        ctx.out.json_value(&synced)?;
    } else {
        let mut text = format!(
            "Synced with {}: {} updated here",
            replica.settings().url,
            synced.updated
        );
        if synced.config_published {
            text.push_str(", config.yaml edited here now published");
        }
        for (n, what) in [
            (synced.skipped, "changing here, left for the next sync"),
            (synced.published, "added offline, now published"),
            (synced.folded, "finished, folded into the archive"),
            (synced.problems.len(), "problems (above)"),
        ] {
            if n > 0 {
                text.push_str(&format!(", {n} {what}"));
            }
        }
        ctx.out.note(text);
    }
    Ok(())
}
