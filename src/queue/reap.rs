//! `fed queue reap`: expired leases go back to pending, or to failed after
//! `leases.max_attempts` claims. Reaping early is harmless: completion is
//! fenced by the holder's claim, so a late holder only gets exit 5. With a
//! remote, a lease is reaped only `leases.skew` after it expired, so that
//! a machine whose clock runs ahead does not take back a lease its holder
//! still holds.

use super::handoff;
use super::recover::recover;
use super::reserve::Held;
use crate::error::Result;
use crate::model::record::Record;
use crate::model::{Outcome, Status, Task};
use crate::op::Op;
use crate::store::cache::Holding;
use crate::store::layout::{Folder, NameKind, parse_task_name};
use crate::store::scan::Problem;
use serde_json::Map;
use std::path::Path;

/// A task moved by a reap.
#[derive(Debug, Clone)]
pub struct Reaped {
    pub task: Task,
    /// The agent whose lease expired.
    pub holder: Option<String>,
}

pub fn reap(op: &Op) -> Result<Vec<Reaped>> {
    let agent = op.agent()?;
    recover(op);
    let max = op.config.leases.max_attempts;
    let mut reaped = Vec::new();
    for file in op.store.scan_folder(Folder::InProgress).tasks {
        if !expired(&file.task, op) {
            continue;
        }
        let id = file.task.task_id.clone();
        let Some(taken) = op.store.take(&file.path, &id)? else {
            continue; // finished or renewed meanwhile
        };
        // A heartbeat may have renewed the lease since the scan.
        if !expired(&taken.doc, op) {
            taken.abort()?;
            continue;
        }
        op.after(taken.doc.last_change());
        let mut task = taken.doc.clone();
        let holder = task.assignee.take();
        let lease = task.lease.take();
        let note = format!(
            "lease of {} expired at {} (attempt {} of {max})",
            holder.as_deref().unwrap_or("unknown"),
            lease
                .as_ref()
                .map(|l| crate::model::time::format_time(l.expires_at))
                .unwrap_or_default(),
            task.attempts
        );
        if task.attempts >= max {
            task.status = Status::Failed;
            // The failure is the holder's (the reaper is in the history).
            task.result = Some(Outcome {
                summary: Some(note.clone()),
                by: holder.clone(),
                finished_at: op.now(),
                started_at: lease.map(|l| l.claimed_at),
                extra: Map::new(),
            });
        } else {
            task.status = Status::Pending;
        }
        task.record(op.now(), "reaped", agent, Some(note));
        // A lease lost on the last attempt is that agent's failure; its
        // follow-ups are prepared before the failure is published.
        let prepared = match (&holder, task.status) {
            (Some(holder), Status::Failed) => handoff::prepare(op, &task, holder),
            _ => Vec::new(),
        };
        taken
            .commit(&task)
            .inspect_err(|_| handoff::withdraw(op, &prepared))?;
        // A lease lost on the last attempt is that agent's failure.
        if task.status == Status::Failed
            && let Some(agent) = &holder
        {
            let started = task.result.as_ref().and_then(|r| r.started_at);
            let record = Record::of(&task, agent, false, op.now(), started);
            if let Err(e) = op.store.append_history(&record) {
                op.log(op.event("history-failed", &id).with("error", e.message));
            }
        }
        op.log(
            op.event("reaped", &id)
                .with("holder", holder.clone())
                .with("to", task.status.as_str()),
        );
        reaped.push(Reaped { task, holder });
    }
    if let Err(e) = handoff::publish(op) {
        op.store.warn(format!(
            "queueing handoffs failed ({}); the next fed command queues them",
            e.message
        ));
    }
    Ok(reaped)
}

/// What a claim needs to know of the tasks in progress, from one listing
/// of `in-progress/` ([`Store::holdings`]): their reservations, and which
/// ids are there (the usable files by content, the others by name and,
/// where their content was read, by content too).
pub struct InProgress {
    pub held: Held,
    ids: foldhash::HashSet<String>,
}

impl InProgress {
    fn new((holdings, problems): (Vec<Holding>, Vec<Problem>)) -> InProgress {
        let named = |path: &Path| match parse_task_name(
            Folder::InProgress,
            &path.file_name()?.to_string_lossy(),
        ) {
            NameKind::Task { id, .. } => Some(id),
            _ => None,
        };
        // Only the tasks that reserve files are copied (`Held` keeps no other).
        let held = Held::from_holdings(holdings.iter().filter(|h| !h.files.is_empty()).cloned());
        let ids = (holdings.into_iter())
            .map(|h| Some(h.task_id))
            .chain(problems.iter().map(|p| p.task_id.clone()))
            .chain(problems.iter().map(|p| p.path.as_deref().and_then(named)))
            .flatten()
            .collect();
        InProgress { held, ids }
    }

    /// Whether task `id` is in progress.
    pub fn has(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

/// Takes back the expired leases, if the listing of `in-progress/` shows
/// any, and returns what is still in progress. Every claim runs it first,
/// so the task of a worker that died is claimable again once its lease
/// runs out, without a reap job. A failure to reap is a warning: the
/// claim goes on.
pub fn take_back_expired(op: &Op) -> InProgress {
    let listed = op.store.holdings();
    let now = op.now();
    let margin = op.lease_margin();
    let expired = |h: &Holding| h.lease_expires_at.is_some_and(|t| t + margin <= now);
    if !listed.0.iter().any(expired) {
        return InProgress::new(listed);
    }
    if let Err(e) = reap(op) {
        op.store
            .warn(format!("taking back expired leases failed: {}", e.message));
    }
    InProgress::new(op.store.holdings())
}

/// Expired, and (with a remote) past the margin for clock skew.
fn expired(task: &Task, op: &Op) -> bool {
    task.status == Status::InProgress && op.lease_lapsed(task)
}
