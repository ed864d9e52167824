//! `fed wait`: block until every task of a batch is finished, woken by the
//! same notifications as `claim --wait` ([`Watch`]), never by polling; a
//! slow safety re-check covers a lost notification.
//!
//! A task stranded by a failed or cancelled dependency can never finish
//! without an overseer (`queue retry`), so it ends the wait as a failure
//! does instead of blocking it for ever.

use super::wait::RECHECK;
use crate::error::{Error, Kind, Param, Result};
use crate::gate::{Gate, gate};
use crate::model::Status;
use crate::op::Op;
use crate::store::cache::Reading;
use crate::store::locate::{find, resolve};
use crate::store::snapshot::Snapshot;
use crate::store::watch::Watch;
use serde::Serialize;
use std::time::Instant;

/// Which tasks to wait for.
pub enum Batch {
    Ids(Vec<String>),
    /// Every task open (pending, in progress, blocked) when the wait starts.
    All,
    /// Every task whose `context.KEY` is VALUE (a plan's tasks carry
    /// `plan`, `phase`, `plan_key`).
    Context(String, String),
}

/// How the batch ended.
#[derive(Debug, Default, Serialize)]
pub struct Ended {
    pub done: Vec<String>,
    pub failed: Vec<String>,
    pub cancelled: Vec<String>,
    /// Waiting on a dependency that failed or was cancelled.
    pub stranded: Vec<String>,
}

impl Ended {
    pub fn all_done(&self) -> bool {
        self.failed.is_empty() && self.cancelled.is_empty() && self.stranded.is_empty()
    }
}

/// The ids of the batch; an id that names no task is an error at once,
/// and so is a context no task carries.
pub fn select(op: &Op, batch: &Batch) -> Result<Vec<String>> {
    let store = op.store;
    match batch {
        Batch::Ids(ids) => {
            let mut out = Vec::new();
            for raw in ids {
                let id = resolve(store, raw, Param::Id)?;
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            Ok(out)
        }
        Batch::All => Ok(Snapshot::load(store, Reading::VIEW)
            .rows
            .iter()
            .map(|r| r.summary.task_id.clone())
            .collect()),
        Batch::Context(key, value) => {
            let mut ids: Vec<String> = store
                .scan_all()
                .tasks
                .into_iter()
                .filter(|f| {
                    f.task.context.get(key).is_some_and(|v| match v {
                        serde_json::Value::String(s) => s == value,
                        other => value.as_str() == other.to_string().as_str(),
                    })
                })
                .map(|f| f.task.task_id)
                .collect();
            ids.sort();
            if ids.is_empty() {
                return Err(
                    Error::not_found(format!("no task has {key}={value} in its context"))
                        .on(Param::Context),
                );
            }
            Ok(ids)
        }
    }
}

/// Waits until every task of `ids` is finished or stranded, or `until`
/// passes (exit 3, naming what is still open). A task whose file is gone
/// is an error.
pub fn wait_for(op: &Op, ids: &[String], watch: &Watch, until: Option<Instant>) -> Result<Ended> {
    loop {
        let snapshot = Snapshot::load(op.store, Reading::VIEW);
        let mut ended = Ended::default();
        let mut open = Vec::new();
        for id in ids {
            let Some(status) = status_of(op, &snapshot, id)? else {
                open.push(id.clone());
                continue;
            };
            match status {
                Status::Done => ended.done.push(id.clone()),
                Status::Failed => ended.failed.push(id.clone()),
                Status::Cancelled => ended.cancelled.push(id.clone()),
                _ if stranded(&snapshot, id) => ended.stranded.push(id.clone()),
                _ => open.push(id.clone()),
            }
        }
        if open.is_empty() {
            return Ok(ended);
        }
        let now = Instant::now();
        if until.is_some_and(|u| now >= u) {
            let shown: Vec<&str> = open.iter().take(5).map(String::as_str).collect();
            let more = open.len() - shown.len();
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            return Err(Error::nothing(format!(
                "timed out with {} of {} tasks unfinished: {}{tail}",
                open.len(),
                ids.len(),
                shown.join(", ")
            )));
        }
        let next = until.map_or(now + RECHECK, |u| u.min(now + RECHECK));
        // With a remote, another machine's completions arrive only by a
        // sync: a wake-up by the clock looks there too (as `claim --wait`).
        if !watch.wait_until(next) {
            op.store.refresh(op.after(op.now()))?;
        }
    }
}

/// A task's state; one the folders' read missed (another process was
/// moving it) is looked up alone, and `None` while it is still in flight.
fn status_of(op: &Op, snapshot: &Snapshot, id: &str) -> Result<Option<Status>> {
    if let Some(status) = snapshot.status_of(id) {
        return Ok(Some(status));
    }
    match find(op.store, id) {
        Ok(Some(found)) => Ok(Some(found.task.status)),
        Ok(None) => Err(Error::not_found(format!("task {id} is gone"))),
        Err(e) if e.kind == Kind::Conflict => Ok(None),
        Err(e) => Err(e),
    }
}

fn stranded(snapshot: &Snapshot, id: &str) -> bool {
    let Some(row) = snapshot.get(id) else {
        return false;
    };
    row.summary.status != Status::InProgress
        && matches!(
            gate(&row.summary.dependencies, |d| snapshot.status_of(d)),
            Gate::Stranded(_)
        )
}
