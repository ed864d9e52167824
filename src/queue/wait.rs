//! `queue claim --wait`: when nothing is ready, wait for the queue to
//! change (woken by [`Watch`], not by polling) and try again, until a task
//! is claimed, the deadline passes, or the caller is told to stop.
//!
//! Every wake-up runs a whole claim, so many waiters on one task behave as
//! many claimers do: exactly one wins, the others find nothing and wait
//! again. A pause holds waiters (`state.json` is watched too). Leases
//! expire without any file changing, so a waiter also wakes when the
//! earliest lease in progress runs out, and every few seconds whatever
//! happens, in case a notification was lost. With a remote, each wake-up
//! by the clock (not by a notification) syncs first ([`Store::refresh`]):
//! another machine's changes reach this directory only through a sync, so
//! a waiter sees them within [`RECHECK`].
//!
//! [`Store::refresh`]: crate::store::Store::refresh

use super::claim::{ClaimRequest, claim};
use crate::error::{Error, Kind, Result};
use crate::model::Task;
use crate::op::Op;
use crate::store::cache::Reading;
use crate::store::layout::Folder;
use crate::store::watch::Watch;
use std::time::{Duration, Instant};

/// The safety re-check: a waiter looks again this often even when nothing
/// woke it.
pub const RECHECK: Duration = Duration::from_secs(5);

/// How long to wait and when to give up early.
pub struct Patience<'a> {
    /// When to stop waiting (exit 3); `None` waits for ever.
    pub until: Option<Instant>,
    /// Asked at every wake-up: true ends the wait with `Ok(None)`.
    pub stop: &'a dyn Fn() -> bool,
}

/// Claims like [`claim`], waiting while nothing is ready or the federation
/// is paused. `Ok(None)`: `stop` said so. At the deadline, the last answer
/// as "nothing to do" (exit 3).
pub fn claim_waiting(
    op: &Op,
    request: &ClaimRequest,
    watch: &Watch,
    patience: &Patience,
) -> Result<Option<Task>> {
    loop {
        if (patience.stop)() {
            return Ok(None);
        }
        op.after(op.now());
        let refusal = match claim(op, request.clone()) {
            Ok(task) => return Ok(Some(task)),
            Err(e) if matches!(e.kind, Kind::NothingToDo | Kind::Paused) => e,
            Err(e) => return Err(e),
        };
        let now = Instant::now();
        if patience.until.is_some_and(|until| now >= until) {
            return Err(Error {
                kind: Kind::NothingToDo,
                ..refusal
            });
        }
        let mut next = now + RECHECK;
        if let Some(until) = patience.until {
            next = next.min(until);
        }
        if let Some(expiry) = next_expiry(op) {
            next = next.min(now + expiry);
        }
        // With a remote, nothing here changes when another machine adds
        // or finishes a task: a wake-up by the clock looks there too.
        if !watch.wait_until(next) {
            op.store.refresh(op.after(op.now()))?;
        }
    }
}

/// How long until the earliest lease in progress runs out (a little after,
/// so that it has), if one runs out in the future.
fn next_expiry(op: &Op) -> Option<Duration> {
    let listing = op
        .store
        .list_folder_with(Folder::InProgress, Reading::INODE);
    let now = op.now();
    listing
        .rows
        .iter()
        .filter_map(|r| r.summary.lease_expires_at)
        .filter(|t| *t > now)
        .min()
        .and_then(|t| (t - now).to_std().ok())
        .map(|d| d + Duration::from_millis(20))
}
