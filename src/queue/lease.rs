//! Keeping or giving up a claim: `fed queue heartbeat` renews the lease,
//! `fed queue release` puts the task back in the queue.

use super::change::{Holder, change, held_by};
use super::recover::recover;
use crate::error::{Error, Param, Result};
use crate::model::{Duration, Status, Task};
use crate::op::Op;
use crate::store::Store;
use crate::store::layout::Folder;
use crate::store::locate::{self, resolve};

/// Renews the caller's lease on a task it holds, for `leases.ttl`.
pub fn heartbeat(op: &Op, raw_id: &str, token: Option<&str>) -> Result<Task> {
    heartbeat_for(op, raw_id, token, op.config.leases.ttl)
}

/// Renews the caller's lease for `ttl` (`fed work`: `leases.worker_ttl`).
pub fn heartbeat_for(op: &Op, raw_id: &str, token: Option<&str>, ttl: Duration) -> Result<Task> {
    let agent = op.require_agent("queue heartbeat")?;
    let holder = Holder { agent, token };
    recover(op);
    let id = resolve(op.store, raw_id, Param::Id)?;
    let task = change(
        op,
        &id,
        |found| held_by(holder, &id, found),
        |mut task| {
            if let Some(lease) = task.lease.as_mut() {
                lease.expires_at = op.now() + ttl.to_chrono();
            }
            task.updated_at = op.now();
            Ok(task)
        },
    )?;
    op.log(op.event("heartbeat", &id));
    Ok(task)
}

/// Gives a claimed task back to the queue (holder or overseer).
pub fn release(op: &Op, raw_id: &str, token: Option<&str>) -> Result<Task> {
    let agent = op.agent()?;
    recover(op);
    let id = resolve(op.store, raw_id, Param::Id)?;
    let overseer = op.is_overseer() && op.agent.is_some();
    let task = change(
        op,
        &id,
        |found| match agent {
            // An overseer may release anyone's claim, unless it names a token:
            // then it speaks as that claim's holder.
            Some(_) if overseer && token.is_none() && found.task.status == Status::InProgress => {
                Ok(())
            }
            Some(a) => held_by(Holder { agent: a, token }, &id, found),
            None => Err(
                Error::invalid("queue release acts as an agent, and no agent was named")
                    .on(Param::Identity),
            ),
        },
        |mut task| {
            task.status = Status::Pending;
            task.assignee = None;
            task.lease = None;
            task.record(op.now(), "released", agent, None);
            Ok(task)
        },
    )?;
    op.log(op.event("released", &id));
    Ok(task)
}

/// Whether the claim with `token` on task `id` still holds: the task is in
/// progress under that claim. A worker asks this often, so the common
/// case costs one `stat`; a task in flight (another process changing it)
/// is waited for.
pub fn holds(store: &Store, id: &str, token: &str) -> Result<bool> {
    let path = store.task_path(Folder::InProgress, id, Some(token));
    if std::fs::symlink_metadata(&path).is_ok() {
        return Ok(true);
    }
    Ok(locate::find(store, id)?.is_some_and(|found| {
        found.task.status == Status::InProgress
            && found.task.lease.as_ref().is_some_and(|l| l.token == token)
    }))
}
