//! `fed queue complete`: the holder finishes a task as done or failed; the
//! handoff rules' follow-ups are prepared before the completion commits.

use super::change::{Holder, change, held_by};
use super::handoff;
use super::recover::recover;
use crate::error::{Param, Result};
use crate::model::record::Record;
use crate::model::{Outcome, Status, Task};
use crate::op::Op;
use crate::store::locate::resolve;

#[derive(Debug, Clone, Default)]
pub struct CompleteRequest {
    pub id: String,
    /// The claim token, for strict fencing (see [`Holder`]).
    pub token: Option<String>,
    pub failed: bool,
    pub summary: Option<String>,
    /// Where the work's full output is kept (`fed work`:
    /// `outputs/ID@TOKEN.log`), recorded as `result.output`.
    pub output: Option<String>,
}

/// Finishes a task the caller holds, as done or failed; returns it and the
/// follow-up tasks the handoff rules queued.
pub fn complete(op: &Op, request: CompleteRequest) -> Result<(Task, Vec<Task>)> {
    let agent = op.require_agent("queue complete")?;
    let holder = Holder {
        agent,
        token: request.token.as_deref(),
    };
    recover(op);
    let id = resolve(op.store, &request.id, Param::Id)?;
    let status = if request.failed {
        Status::Failed
    } else {
        Status::Done
    };
    // Follow-ups are prepared before the completion is published (see
    // queue::handoff::prepare): a crash in between loses none.
    let prepared = std::cell::RefCell::new(Vec::new());
    let task = change(
        op,
        &id,
        |found| held_by(holder, &id, found),
        |mut task| {
            task.result = Some(Outcome {
                summary: request.summary.clone(),
                by: Some(agent.to_string()),
                finished_at: op.now(),
                started_at: task.lease.as_ref().map(|l| l.claimed_at),
                extra: request
                    .output
                    .iter()
                    .map(|o| ("output".to_string(), o.clone().into()))
                    .collect(),
            });
            task.status = status;
            task.lease = None;
            // History events are named after the state reached.
            task.record(
                op.now(),
                status.as_str(),
                Some(agent),
                request.summary.clone(),
            );
            *prepared.borrow_mut() = handoff::prepare(op, &task, agent);
            Ok(task)
        },
    )
    .inspect_err(|_| handoff::withdraw(op, &prepared.borrow()))?;
    op.log(op.event(
        if request.failed {
            "failed"
        } else {
            "completed"
        },
        &id,
    ));
    let started = task.result.as_ref().and_then(|r| r.started_at);
    let record = Record::of(&task, agent, status == Status::Done, op.now(), started);
    if let Err(e) = op.store.append_history(&record) {
        op.log(op.event("history-failed", &id).with("error", e.message));
    }
    if let Err(e) = handoff::publish(op) {
        op.store.warn(format!("the task is {status}, but queueing its handoffs failed ({}); the next fed command queues them", e.message));
    }
    Ok((task, prepared.into_inner()))
}
