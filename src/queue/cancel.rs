//! `fed queue cancel`: an overseer, the task's creator or its lead cancels
//! a task and, with `--cascade`, every unfinished task that depends on it.

use super::change::{change, finished};
use super::recover::recover;
use crate::error::{Error, Param, Result};
use crate::graph::dependants;
use crate::model::{Outcome, Status, Task};
use crate::op::Op;
use crate::store::layout::Folder;
use crate::store::locate::{self, resolve};
use crate::store::snapshot::Snapshot;
use serde_json::Map;

#[derive(Debug, Clone, Default)]
pub struct CancelRequest {
    pub id: String,
    pub reason: Option<String>,
    pub cascade: bool,
}

/// Cancels a task (overseer, its creator or its lead) and, with `cascade`, every
/// unfinished task that depends on it. Returns the cancelled tasks, the
/// named one first.
pub fn cancel(op: &Op, request: CancelRequest) -> Result<Vec<Task>> {
    let agent = op.agent()?;
    recover(op);
    let id = resolve(op.store, &request.id, Param::Id)?;
    let current = locate::find(op.store, &id)?.ok_or_else(|| {
        Error::conflict(format!(
            "task {id} changed underneath (it was being moved); try again"
        ))
    })?;
    may_cancel(op, agent, &current.task)?;
    // A cascade cut short (a crash, a full disk) is finished by running
    // it again: the task is already cancelled, its dependants are not.
    let resume_cascade = request.cascade && current.task.status == Status::Cancelled;
    let mut cancelled = Vec::new();
    if !resume_cascade {
        cancelled.push(cancel_one(op, &id, request.reason.clone())?);
        op.log(
            op.event("cancelled", &id)
                .with("reason", request.reason.clone()),
        );
    }
    if request.cascade {
        cascade(op, &id, &mut cancelled)?;
    }
    if resume_cascade && cancelled.is_empty() {
        return Err(Error::conflict(format!(
            "task {id} is already cancelled, and no dependant is left to cancel"
        )));
    }
    Ok(cancelled)
}

/// Refuses anyone but an overseer, the task's creator or its lead.
fn may_cancel(op: &Op, agent: Option<&str>, task: &Task) -> Result<()> {
    if op.config.check_overseer(agent, "queue cancel").is_ok() {
        return Ok(());
    }
    let is = |who: &Option<String>| agent.is_some() && who.as_deref() == agent;
    if is(&task.from_agent) || is(&task.lead) {
        return Ok(());
    }
    Err(Error::forbidden(format!(
        "queue cancel: only an overseer ({}), the task's creator ({}) or its lead ({}) may cancel task {}",
        op.config.overseers.join(", "),
        task.from_agent.as_deref().unwrap_or("unknown"),
        task.lead.as_deref().unwrap_or("none"),
        task.task_id
    )))
}

fn cancel_one(op: &Op, target: &str, note: Option<String>) -> Result<Task> {
    let agent = op.agent.as_deref();
    change(
        op,
        target,
        |found| finished(target, found),
        |mut task| {
            task.status = Status::Cancelled;
            task.result = Some(Outcome {
                summary: note.clone(),
                by: agent.map(str::to_string),
                finished_at: op.now(),
                started_at: task.lease.as_ref().map(|l| l.claimed_at),
                extra: Map::new(),
            });
            task.lease = None;
            task.blocked = None;
            task.record(op.now(), "cancelled", agent, note.clone());
            Ok(task)
        },
    )
}

/// Cancels every unfinished task that depends on `id`, transitively, also
/// through dependants that are finished already (a cascade cut short and
/// run again goes on past the tasks it cancelled the first time).
fn cascade(op: &Op, id: &str, cancelled: &mut Vec<Task>) -> Result<()> {
    let snapshot = Snapshot::load_folders(op.store, &Folder::ALL);
    for child in dependants(&snapshot.graph(), id) {
        if snapshot.status_of(&child).is_none_or(Status::is_finished) {
            continue;
        }
        match cancel_one(op, &child, Some(format!("cascade from {id}"))) {
            Ok(task) => {
                op.log(op.event("cancelled", &child).with("cascade_from", id));
                cancelled.push(task);
            }
            // Finished meanwhile: nothing left to cancel.
            Err(e) if e.kind == crate::error::Kind::Conflict => {}
            Err(e) => {
                return Err(Error::new(
                    e.kind,
                    format!(
                        "task {id} is cancelled, but cancelling its dependant {child} failed ({e}); run `fed queue cancel {id} --cascade` again to finish"
                    ),
                ));
            }
        }
    }
    Ok(())
}
