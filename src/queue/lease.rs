//! Keeping or giving up a claim: `fed queue heartbeat` renews the lease,
//! `fed queue release` puts the task back in the queue.

use super::change::{Holder, change, held_by};
use super::recover::recover;
use crate::error::{Error, Param, Result};
use crate::model::{Status, Task};
use crate::op::Op;
use crate::store::locate::resolve;

/// Renews the caller's lease on a task it holds.
pub fn heartbeat(op: &Op, raw_id: &str, token: Option<&str>) -> Result<Task> {
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
                lease.expires_at = op.now() + op.config.leases.ttl.to_chrono();
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
