//! `fed queue retry`: a failed or cancelled task goes back to pending, so
//! that the tasks stranded behind it can become ready again once it is
//! done.
//!
//! The task keeps its history (a `retried` entry is added) and its
//! `attempts`; its result, claim and block are cleared. Who may: the
//! task's creator, its lead or an overseer.

use super::change::{change, may_manage};
use super::recover::recover;
use crate::error::{Error, Param, Result};
use crate::model::{Status, Task};
use crate::op::Op;
use crate::store::locate::{Found, resolve};
use std::cell::Cell;

/// Puts a failed or cancelled task back in the queue.
pub fn retry(op: &Op, raw_id: &str) -> Result<Task> {
    let agent = op.agent()?;
    recover(op);
    let id = resolve(op.store, raw_id, Param::Id)?;
    let was = Cell::new(Status::Failed);
    let task = change(
        op,
        &id,
        |found| {
            retryable(&id, found)?;
            may_manage(op, "queue retry", &found.task, false)
        },
        |mut task| {
            was.set(task.status);
            task.status = Status::Pending;
            task.result = None;
            task.lease = None;
            task.assignee = None;
            task.blocked = None;
            task.record(
                op.now(),
                "retried",
                agent,
                Some(format!("was {}", was.get())),
            );
            Ok(task)
        },
    )?;
    op.log(op.event("retried", &id).with("from", was.get().as_str()));
    Ok(task)
}

fn retryable(id: &str, found: &Found) -> Result<()> {
    match found.task.status {
        Status::Failed | Status::Cancelled => Ok(()),
        Status::Done => Err(Error::invalid(format!(
            "task {id} is done; only a failed or cancelled task can be retried (to redo finished work, queue a new task with --reworks {id})"
        ))),
        // Unfinished: another retry (or nobody) put it back already.
        other => Err(Error::conflict(format!(
            "task {id} is {other}, not failed or cancelled: there is nothing to retry"
        ))),
    }
}
