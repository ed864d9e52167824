//! `fed queue claim`: take the best ready task, or a named one.
//!
//! The rename of `pending/ID.json` into `.txn/` is the exclusive step: of
//! any number of claimers, exactly one renames the file; the others find
//! it gone and move on to their next candidate.

use super::reap::{InProgress, take_back_expired};
use super::recover::recover;
use crate::error::{Error, Param, Result};
use crate::gate::{Gate, addressed_to, claim_order, gate, is_candidate, same_claim_keys};
use crate::model::id::random_base36;
use crate::model::time::Timestamp;
use crate::model::{Duration, Lease, Status, Task, TaskSummary};
use crate::op::Op;
use crate::store::cache::{Reading, Row};
use crate::store::claim_index::Opened;
use crate::store::layout::Folder;
use crate::store::locate::{self, Place, place, place_by_name, resolve};
use crate::store::{Store, fsx};
use serde_json::Map;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct ClaimRequest {
    /// A specific task (id or shortening) instead of the best ready one.
    pub id: Option<String>,
    /// Only tasks of this type.
    pub task_type: Option<String>,
    /// The lease's length instead of `leases.ttl` (`fed work` claims with
    /// `leases.worker_ttl`).
    pub ttl: Option<Duration>,
}

pub fn claim(op: &Op, request: ClaimRequest) -> Result<Task> {
    let agent = op.require_agent("queue claim")?.to_string();
    let state = op.store.state()?;
    if state.paused {
        return Err(Error::paused(format!(
            "the federation is paused{}{}: claims wait until `fed resume`",
            state
                .paused_by
                .map(|b| format!(" by {b}"))
                .unwrap_or_default(),
            state.reason.map(|r| format!(" ({r})")).unwrap_or_default()
        )));
    }
    recover(op);
    let id = match &request.id {
        Some(raw) => Some(resolve(op.store, raw, Param::Id)?),
        None => None,
    };
    // Expired leases first (as `queue reap` does): a dead worker's task is
    // claimable again without a reap job.
    let in_progress = take_back_expired(op);
    let task_type = request.task_type.map(|t| t.trim().to_ascii_lowercase());
    let claimer = Claimer {
        agent: &agent,
        ttl: request.ttl.unwrap_or(op.config.leases.ttl),
    };
    let deps = DepLookup::new(op.store);
    let filters = (task_type.as_deref(), &deps, &in_progress);
    match id {
        Some(id) => claim_named(op, &claimer, &id, filters),
        None => claim_best(op, &claimer, filters),
    }
}

/// Who claims, and for how long.
struct Claimer<'a> {
    agent: &'a str,
    ttl: Duration,
}

fn claim_best(op: &Op, claimer: &Claimer, filters: Filters) -> Result<Task> {
    // First from the pending cache's ready order (no listing), or, when it
    // was not matched by a listing lately, from a listing by name and inode
    // (no stat per file); both are verified on the take. A stale pick or
    // "nothing ready" is settled by a fully validated listing.
    let (agent, task_type) = (claimer.agent, filters.0);
    let mut outcome = match op.store.claim_index() {
        Opened::Fresh(index) => {
            let candidates = index.candidates(op.store, agent);
            let outcome = pick(op, claimer, filters, candidates, true)?;
            if matches!(outcome, Pick::Claimed(_)) {
                index.compact_if_due(op.store);
            }
            outcome
        }
        Opened::List(_listing) => {
            let rows = op
                .store
                .list_folder_with(Folder::Pending, Reading::INODE)
                .rows;
            pick(op, claimer, filters, in_order(rows, agent), true)?
        }
    };
    if !matches!(outcome, Pick::Claimed(_)) {
        let rows = op.store.list_folder(Folder::Pending).rows;
        outcome = pick(op, claimer, filters, in_order(rows, agent), false)?;
    }
    let (waiting, reserved) = match outcome {
        Pick::Claimed(task) => return Ok(*task),
        Pick::Nothing { waiting, reserved } => (waiting, reserved),
        Pick::Stale => (0, 0),
    };
    let filter = task_type
        .map(|t| format!(" of type {t}"))
        .unwrap_or_default();
    let agent = claimer.agent;
    let mut why = Vec::new();
    if waiting > 0 {
        let verb = if waiting == 1 { "waits" } else { "wait" };
        why.push(format!("{waiting} {verb} on dependencies"));
    }
    if reserved > 0 {
        let verb = if reserved == 1 { "waits" } else { "wait" };
        why.push(format!("{reserved} {verb} on files in use"));
    }
    Err(Error::nothing(if why.is_empty() {
        format!("no ready task{filter} for {agent}")
    } else {
        format!("no ready task{filter} for {agent}: {}", why.join(", "))
    }))
}

enum Pick {
    Claimed(Box<Task>),
    /// No candidate could be claimed; `waiting` wait on dependencies,
    /// `reserved` on files a task in progress reserves.
    Nothing {
        waiting: usize,
        reserved: usize,
    },
    /// The task taken did not match the summary it was chosen by.
    Stale,
}

/// A listing's tasks in claim order.
fn in_order(mut rows: Vec<Row>, agent: &str) -> impl Iterator<Item = Row> {
    rows.sort_by(|a, b| claim_order(&a.summary, &b.summary, agent));
    rows.into_iter()
}

/// What a candidate is filtered by: its type, its dependencies, and the
/// tasks in progress (their reservations; a task whose id is among them
/// too is not taken).
type Filters<'a, 's> = (Option<&'a str>, &'a DepLookup<'s>, &'a InProgress);

/// Claims the first ready task among `rows` (in claim order); with
/// `verify`, only if the task taken still matches the summary it was
/// chosen by. In a shared federation the first tries are spread
/// ([`spread`]), and a race lost on the remote ends the pick: this view
/// is stale, and the command syncs and picks again.
fn pick(
    op: &Op,
    claimer: &Claimer,
    (task_type, deps, in_progress): Filters,
    rows: impl Iterator<Item = Row>,
    verify: bool,
) -> Result<Pick> {
    let agent = claimer.agent;
    let (mut waiting, mut reserved) = (0, 0);
    let ready = rows
        .filter(|r| is_candidate(&r.summary, agent, task_type))
        .filter(|row| {
            if gate(&row.summary.dependencies, |d| deps.status(d)) != Gate::Open {
                waiting += 1;
                false
            } else if in_progress.held.holds_back(&row.summary) {
                reserved += 1;
                false
            } else {
                true
            }
        });
    for row in super::spread::tries(ready, agent, op.store.is_shared()) {
        let expected = verify.then_some(&row.summary);
        let after = deps.last_finished(&row.summary.dependencies);
        match try_claim(
            op,
            claimer,
            &row.path,
            &row.summary.task_id,
            expected,
            after,
            in_progress,
        )? {
            Taken::Claimed(task) => return Ok(Pick::Claimed(task)),
            Taken::Stale => return Ok(Pick::Stale),
            Taken::Lost => {}
        }
    }
    Ok(Pick::Nothing { waiting, reserved })
}

fn claim_named(
    op: &Op,
    claimer: &Claimer,
    id: &str,
    (task_type, deps, in_progress): Filters,
) -> Result<Task> {
    let (agent, found) = (claimer.agent, locate::find(op.store, id)?);
    let found = found.ok_or_else(|| {
        Error::conflict(format!(
            "task {id} changed underneath (it was being moved); try again"
        ))
    })?;
    let task = &found.task;
    match task.status {
        Status::Pending => {}
        Status::InProgress => {
            return Err(Error::conflict(format!(
                "task {id} is already claimed by {}",
                task.assignee.as_deref().unwrap_or("another agent")
            )));
        }
        Status::Blocked => {
            return Err(Error::nothing(format!(
                "task {id} is blocked ({}); it is not ready",
                task.blocked
                    .as_ref()
                    .map(|b| b.reason.as_str())
                    .unwrap_or("no reason given")
            )));
        }
        done => {
            return Err(Error::conflict(format!(
                "task {id} is already finished ({done})"
            )));
        }
    }
    if !addressed_to(task.to_agent.as_deref(), agent) {
        return Err(Error::forbidden(format!(
            "task {id} is addressed to {}, not to {agent}",
            task.to_agent.as_deref().unwrap_or("anyone")
        )));
    }
    if let Some(t) = task_type
        && t != task.task_type
    {
        return Err(Error::nothing(format!(
            "task {id} is of type {}, not {t}",
            task.task_type
        )));
    }
    match gate(&task.dependencies, |d| deps.status(d)) {
        Gate::Open => {}
        Gate::Waiting(ids) => {
            return Err(Error::nothing(format!(
                "task {id} is not ready: it waits on {}",
                ids.join(", ")
            )));
        }
        Gate::Stranded(ids) => {
            return Err(Error::nothing(format!(
                "task {id} is not ready: its dependency {} (`fed queue retry` puts a dependency back in the queue)",
                crate::gate::stranded_list(&ids)
            )));
        }
        Gate::Dangling(ids) => {
            return Err(Error::nothing(format!(
                "task {id} is not ready: its dependencies {} do not exist",
                ids.join(", ")
            )));
        }
    }
    let after = deps.last_finished(&task.dependencies);
    match try_claim(op, claimer, &found.path, id, None, after, in_progress)? {
        Taken::Claimed(task) => Ok(*task),
        _ => Err(Error::conflict(format!(
            "task {id} was claimed by another agent just now"
        ))),
    }
}

enum Taken {
    Claimed(Box<Task>),
    /// Another process moved it first, or it is no longer for this agent.
    Lost,
    /// It differs from the summary it was chosen by (and was put back).
    Stale,
}

/// Claims the pending task at `path`. With `expected`, the task taken must
/// still match that summary in everything that orders claims.
fn try_claim(
    op: &Op,
    claimer: &Claimer,
    path: &Path,
    id: &str,
    expected: Option<&TaskSummary>,
    after: Option<Timestamp>,
    in_progress: &InProgress,
) -> Result<Taken> {
    let agent = claimer.agent;
    let Some(taken) = op.store.take(path, id)? else {
        return Ok(Taken::Lost);
    };
    if let Some(expected) = expected
        && !same_claim_keys(expected, &TaskSummary::from(&taken.doc))
    {
        taken.abort()?;
        return Ok(Taken::Stale);
    }
    // Re-check on the document actually taken: it may have been replaced
    // (assigned elsewhere, say) since the scan read it. A task whose id is
    // in another folder too (a bad merge, a restored backup) is not
    // claimable until that is resolved: `fed check` reports it (for
    // `in-progress/`, this claim's listing of it tells).
    if taken.doc.status != Status::Pending
        || !addressed_to(taken.doc.to_agent.as_deref(), agent)
        || place_by_name(op.store, id).is_some()
        || in_progress.has(id)
    {
        taken.abort()?;
        return Ok(Taken::Lost);
    }
    // Dated after the task's last change and its dependencies' completions.
    op.after(taken.doc.last_change().max(after.unwrap_or_default()));
    let mut task = taken.doc.clone();
    task.attempts += 1;
    task.status = Status::InProgress;
    task.assignee = Some(agent.to_string());
    let expires_at = op.now() + claimer.ttl.to_chrono();
    task.lease = Some(Lease {
        token: format!("{}-{}", task.attempts, random_base36(6)),
        claimed_at: op.now(),
        expires_at,
        extra: Map::new(),
    });
    task.record(op.now(), "claimed", Some(agent), None);
    taken.commit(&task)?;
    op.log(op.event("claimed", id).with("attempt", task.attempts).with(
        "lease_expires_at",
        crate::model::time::format_time(expires_at),
    ));
    Ok(Taken::Claimed(Box::new(task)))
}

/// Looks up dependency states one file at a time (never a whole folder),
/// so a claim costs the same with 100 or 100,000 finished tasks.
pub struct DepLookup<'s> {
    store: &'s Store,
    seen: RefCell<HashMap<String, DepState>>,
}

/// A dependency's status and, when finished, when.
type DepState = (Option<Status>, Option<Timestamp>);

impl<'s> DepLookup<'s> {
    pub fn new(store: &'s Store) -> Self {
        DepLookup {
            store,
            seen: RefCell::new(HashMap::new()),
        }
    }

    pub fn status(&self, id: &str) -> Option<Status> {
        self.get(id).0
    }

    /// When the last of `deps` finished: a claim is dated after it.
    pub fn last_finished(&self, deps: &[String]) -> Option<Timestamp> {
        deps.iter().filter_map(|d| self.get(d).1).max()
    }

    fn get(&self, id: &str) -> DepState {
        if let Some(known) = self.seen.borrow().get(id) {
            return *known;
        }
        let found = self.lookup(id);
        self.seen.borrow_mut().insert(id.to_string(), found);
        found
    }

    fn lookup(&self, id: &str) -> DepState {
        let path = self.store.task_path(Folder::Completed, id, None);
        match fsx::read_bounded(&path, crate::store::layout::MAX_TASK_BYTES) {
            Ok(bytes) => match Task::from_json(&bytes) {
                Ok(t) => (Some(t.status), t.result.map(|r| r.finished_at)),
                Err(_) => (None, None),
            },
            // Not finished: waiting if it exists anywhere else.
            Err(_) => match place(self.store, id) {
                Ok(Some(Place::Folder { .. })) | Ok(Some(Place::InFlight)) => {
                    (Some(Status::Pending), None)
                }
                _ => (None, None),
            },
        }
    }
}
