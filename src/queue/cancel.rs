//! `fed queue cancel`: an overseer, the task's creator or its lead cancels
//! a task and, with `--cascade`, every unfinished task that depends on it.

use super::change::{change, finished};
use super::recover::recover;
use crate::error::{Error, Param, Result};
use crate::graph::dependants;
use crate::model::{Outcome, Status, Task};
use crate::op::Op;
use crate::store::batch::Spares;
use crate::store::cache::Reading;
use crate::store::cache::Row;
use crate::store::layout::Folder;
use crate::store::locate::{self, resolve};
use crate::store::snapshot::Snapshot;
use crate::store::txn::Taken;
use serde_json::Map;
use std::path::PathBuf;

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
    change(
        op,
        target,
        |found| finished(target, found),
        |task| Ok(cancelled_doc(op, task, note.clone())),
    )
}

/// `task` cancelled now by the caller, with `note`.
fn cancelled_doc(op: &Op, mut task: Task, note: Option<String>) -> Task {
    let agent = op.agent.as_deref();
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
    task.record(op.now(), "cancelled", agent, note);
    task
}

/// How many dependants a cascade changes at once.
const BATCH: usize = 512;

/// Cancels every unfinished task that depends on `id`, transitively, also
/// through dependants that are finished already (a cascade cut short and
/// run again goes on past the tasks it cancelled the first time). The
/// dependants come from one listing of every folder (through the cache)
/// and are changed in batches ([`Store::take_many`]); one that moved since
/// the listing is changed on its own.
fn cascade(op: &Op, id: &str, cancelled: &mut Vec<Task>) -> Result<()> {
    let snapshot = Snapshot::load_folders(op.store, &Folder::ALL, Reading::STAT);
    let children: Vec<&Row> = dependants(&snapshot.graph(), id)
        .iter()
        .filter_map(|child| snapshot.get(child))
        .filter(|row| !row.summary.status.is_finished())
        .collect();
    let mut spares = Spares::default();
    for chunk in children.chunks(BATCH) {
        let mut moved = Vec::new();
        op.store
            .batched(|| cancel_batch(op, id, chunk, cancelled, &mut moved, &mut spares))?;
        for child in moved {
            match cancel_one(op, &child, Some(format!("cascade from {id}"))) {
                Ok(task) => {
                    op.log(op.event("cancelled", &child).with("cascade_from", id));
                    cancelled.push(task);
                }
                Err(e) => not_cancelled(id, &child, e)?,
            }
        }
    }
    Ok(())
}

/// Cancels the dependants `rows` of `id` as one batch; those that moved
/// since they were listed go to `moved`.
fn cancel_batch(
    op: &Op,
    id: &str,
    rows: &[&Row],
    cancelled: &mut Vec<Task>,
    moved: &mut Vec<String>,
    spares: &mut Spares,
) -> Result<()> {
    let items: Vec<(PathBuf, String)> = rows
        .iter()
        .map(|r| (r.path.clone(), r.summary.task_id.clone()))
        .collect();
    let mut taken = Vec::new();
    for ((_, child), t) in items.iter().zip(op.store.take_many(&items)) {
        match t {
            // Finished meanwhile: nothing left to cancel.
            Ok(Some(t)) if t.doc.status.is_finished() => t.abort()?,
            Ok(Some(t)) => {
                op.after(t.doc.last_change());
                taken.push(t);
            }
            Ok(None) => moved.push(child.clone()),
            Err(e) => not_cancelled(id, child, e)?,
        }
    }
    let note = format!("cascade from {id}");
    let batch: Vec<(Taken, Task)> = taken
        .into_iter()
        .map(|t| {
            let doc = cancelled_doc(op, t.doc.clone(), Some(note.clone()));
            (t, doc)
        })
        .collect();
    let docs: Vec<Task> = batch.iter().map(|(_, d)| d.clone()).collect();
    let mut events = Vec::new();
    let mut failed = Ok(());
    for (result, doc) in op.store.commit_many(batch, spares).into_iter().zip(docs) {
        match result {
            Ok(_) => {
                events.push(op.event("cancelled", &doc.task_id).with("cascade_from", id));
                cancelled.push(doc);
            }
            Err(e) => failed = failed.and(not_cancelled(id, &doc.task_id, e)),
        }
    }
    op.log_many(&events);
    failed
}

/// A dependant could not be cancelled: fine when it finished meanwhile,
/// else the cascade stops and says how to finish it.
fn not_cancelled(id: &str, child: &str, e: Error) -> Result<()> {
    if e.kind == crate::error::Kind::Conflict {
        return Ok(());
    }
    Err(Error::new(
        e.kind,
        format!(
            "task {id} is cancelled, but cancelling its dependant {child} failed ({e}); run `fed queue cancel {id} --cascade` again to finish"
        ),
    ))
}
