//! `fed queue block` sets a task aside with a reason; `fed queue unblock`
//! returns it to the state it was blocked from.

use super::change::{Holder, change, finished, held_by};
use super::recover::recover;
use crate::error::{Error, Param, Result};
use crate::model::id::random_base36;
use crate::model::{Blocked, Lease, Status, Task};
use crate::op::Op;
use crate::store::locate::resolve;
use serde_json::Map;

/// Sets a task aside with a reason; it returns to its state on unblock.
pub fn block(op: &Op, raw_id: &str, reason: &str) -> Result<Task> {
    let agent = op.agent()?;
    recover(op);
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("say why the task is blocked").on(Param::Reason));
    }
    let id = resolve(op.store, raw_id, Param::Id)?;
    let overseer = op.is_overseer() && op.agent.is_some();
    let task = change(
        op,
        &id,
        |found| {
            finished(&id, found)?;
            match found.task.status {
                Status::Blocked => Err(Error::invalid(format!("task {id} is already blocked"))),
                Status::InProgress if !overseer => match agent {
                    Some(a) => held_by(
                        Holder {
                            agent: a,
                            token: None,
                        },
                        &id,
                        found,
                    ),
                    None => Err(Error::forbidden(format!(
                        "task {id} is in progress: only its holder or an overseer may block it, and no agent was named"
                    ))
                    .on(Param::Identity)),
                },
                _ => Ok(()),
            }
        },
        |mut task| {
            task.blocked = Some(Blocked {
                reason: reason.to_string(),
                from: task.status,
                at: op.now(),
                by: agent.map(str::to_string),
                extra: Map::new(),
            });
            task.status = Status::Blocked;
            task.lease = None;
            task.record(op.now(), "blocked", agent, Some(reason.to_string()));
            Ok(task)
        },
    )?;
    op.log(op.event("blocked", &id).with("reason", reason));
    Ok(task)
}

/// Returns a blocked task to the state it was blocked from (an in-progress
/// task gets a fresh lease for the same holder).
pub fn unblock(op: &Op, raw_id: &str) -> Result<Task> {
    let agent = op.agent()?;
    recover(op);
    let id = resolve(op.store, raw_id, Param::Id)?;
    let task = change(
        op,
        &id,
        |found| {
            finished(&id, found)?;
            if found.task.status == Status::Blocked {
                Ok(())
            } else {
                Err(Error::invalid(format!(
                    "task {id} is {}, not blocked",
                    found.task.status
                )))
            }
        },
        |mut task| {
            let from = task
                .blocked
                .take()
                .map(|b| b.from)
                .unwrap_or(Status::Pending);
            match (from, task.assignee.clone()) {
                (Status::InProgress, Some(_)) => {
                    task.status = Status::InProgress;
                    task.lease = Some(Lease {
                        token: format!("{}-{}", task.attempts, random_base36(6)),
                        claimed_at: op.now(),
                        expires_at: op.now() + op.config.leases.ttl.to_chrono(),
                        extra: Map::new(),
                    });
                }
                _ => {
                    task.status = Status::Pending;
                    task.assignee = None;
                }
            }
            task.record(op.now(), "unblocked", agent, None);
            Ok(task)
        },
    )?;
    op.log(op.event("unblocked", &id).with("to", task.status.as_str()));
    Ok(task)
}
