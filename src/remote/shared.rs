//! Putting a store in touch with its remote, for one operation: sync
//! first, install the commit hook ([`GitPublisher`]), run, and redo the
//! operation when another machine got there first
//! ([`session::redo`]). The command line does this once per command
//! (`cli/commands/remote/runner.rs`, with [`prepare`]); processes that
//! run many operations (`fed work`, `fed mcp`, `fed serve`) do it for
//! each one with [`operation`].

use crate::error::Result;
use crate::model::time::Timestamp;
use crate::remote::hook::{GitPublisher, Offline};
use crate::remote::replica::Replica;
use crate::remote::session::{self, SyncOptions, Synced};
use crate::store::Store;

/// Syncs `store` with `replica` (joining a sync another process is
/// running) and installs the commit hook, dated `now`. When the remote
/// cannot be reached and `offline` lets the operation's change wait for
/// the next sync, the hook knows it and keeps the change here; any other
/// failure is returned and nothing is installed.
pub fn prepare(
    store: &Store,
    replica: &Replica,
    now: Timestamp,
    offline: Offline,
) -> Result<Synced> {
    let mut publisher = GitPublisher::new(replica.clone(), now, offline);
    let opts = SyncOptions {
        coalesce: true,
        ..SyncOptions::default()
    };
    let synced = match session::sync(store, replica, now, opts) {
        Ok(synced) => synced,
        Err(e) if offline != Offline::Never && replica.git().is_unreachable(&e) => {
            publisher = publisher.unreachable(e);
            Synced::default()
        }
        Err(e) => return Err(e),
    };
    store.set_publisher(Box::new(publisher));
    Ok(synced)
}

/// Publishes this machine's new log lines (as `fed sync` does with the
/// rest): what `fed work` does after each task, so that other machines'
/// logs show its work without a `fed sync` here. `Ok(false)`: no remote,
/// nothing new, or another local process published them just now.
pub fn publish_log(store: &Store, now: Timestamp) -> Result<bool> {
    match Replica::open(store.root())? {
        Some(replica) => replica.publish_log(now),
        None => Ok(false),
    }
}

/// Brings `store` level with its remote, when it has one (joining a sync
/// another process is running, or one that just completed), then
/// publishes this machine's new log lines, so that other machines' logs
/// show the commands run here by hand too: what `fed serve` does every
/// `--sync-every`.
pub fn refresh(store: &Store, now: Timestamp) -> Result<()> {
    let Some(replica) = Replica::open(store.root())? else {
        return Ok(());
    };
    let opts = SyncOptions {
        coalesce: true,
        ..SyncOptions::default()
    };
    session::sync(store, &replica, now, opts)?;
    replica.publish_log(now).map(|_| ())
}

/// Runs one operation on `store`: as on one machine when no remote is
/// set; otherwise synced first, through the commit hook, and redone on
/// the new state when it lost a race on the remote. What the first sync
/// found wrong on the remote becomes a warning on the store.
pub fn operation<T>(
    store: &Store,
    now: Timestamp,
    offline: Offline,
    run: impl FnMut() -> Result<T>,
) -> Result<T> {
    let Some(replica) = Replica::open(store.root())? else {
        let mut run = run;
        return run();
    };
    let synced = prepare(store, &replica, now, offline)?;
    for problem in &synced.problems {
        store.warn(format!("{}: {}", problem.kind, problem.message));
    }
    session::redo(store, &replica, now, &synced, run)
}
