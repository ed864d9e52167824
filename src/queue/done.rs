//! Recording an unfinished task as done without a claim: what `fed plan
//! import` does when an item the federation has as open is ticked
//! (`- [x]`) in the plan.
//!
//! Who may: the task's creator, its lead or an overseer (as for an
//! edit). The task is finished as `done` from whatever unfinished state
//! it is in; a holder it had loses its claim (its own `complete` then
//! exits 5). No handoff rule fires and no routing-history line is
//! written: no agent did the work through fed.

use super::change::{change, finished, may_manage};
use super::recover::recover;
use crate::error::{Param, Result};
use crate::model::{Outcome, Status, Task};
use crate::op::Op;
use crate::store::locate::resolve;
use serde_json::Map;

/// Refuses a caller that may not record `task` as done: anyone but its
/// creator, its lead or an overseer.
pub fn may_record(op: &Op, task: &Task) -> Result<()> {
    may_manage(op, "plan import", task, false)
}

/// Finishes task `raw_id` as done; `why` is its result's summary.
pub fn record_done(op: &Op, raw_id: &str, why: &str) -> Result<Task> {
    let agent = op.agent()?;
    recover(op);
    let id = resolve(op.store, raw_id, Param::Id)?;
    let task = change(
        op,
        &id,
        |found| {
            finished(&id, found)?;
            may_record(op, &found.task)
        },
        |mut task| {
            task.result = Some(Outcome {
                summary: Some(why.to_string()),
                by: agent.map(str::to_string),
                finished_at: op.now(),
                started_at: task.lease.as_ref().map(|l| l.claimed_at),
                extra: Map::new(),
            });
            task.status = Status::Done;
            task.lease = None;
            task.blocked = None;
            task.record(op.now(), "done", agent, Some(why.to_string()));
            Ok(task)
        },
    )?;
    op.log(op.event("completed", &id).with("recorded", true));
    Ok(task)
}
