//! `routing-history.jsonl`: one line per finished task, the training data
//! of the router and the source of the analytics.
//!
//! The contract's fields (`task`, `task_type`, `assigned_to`, `success`,
//! `minutes`) come first; the rest lets analytics answer without reading
//! every task file. Lines are appended with a single `write` and read back
//! line by line, skipping lines that do not parse.

use super::analytics::round1;
use crate::error::{Error, Result};
use crate::model::Task;
use crate::model::time::{Timestamp, serde_time_opt};
use crate::store::Store;
use crate::store::layout::HISTORY_FILE;
use serde::{Deserialize, Serialize};
use std::io::BufRead;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The task's description.
    pub task: String,
    pub task_type: String,
    /// The agent that finished (or failed) it.
    pub assigned_to: String,
    pub success: bool,
    /// Minutes from the last claim to the finish.
    pub minutes: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    #[serde(
        default,
        with = "serde_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub finished_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    /// The earlier task this one fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reworks: Option<String>,
    /// Queued by a handoff rule or routed by `--to auto`.
    #[serde(default)]
    pub automatic: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_agent: Option<String>,
}

impl Record {
    /// The record of a task that just finished (done or failed) as `agent`'s work.
    pub fn of(
        task: &Task,
        agent: &str,
        success: bool,
        finished_at: Timestamp,
        started_at: Option<Timestamp>,
    ) -> Record {
        let minutes = started_at
            .map(|s| (finished_at - s).num_seconds() as f64 / 60.0)
            .map(round1);
        Record {
            task: task.description.clone(),
            task_type: task.task_type.clone(),
            assigned_to: agent.to_string(),
            success,
            minutes,
            task_id: Some(task.task_id.clone()),
            finished_at: Some(finished_at),
            attempts: Some(task.attempts),
            reworks: task.reworks.clone(),
            automatic: task.handoff.is_some() || task.routing.as_ref().is_some_and(|r| r.routed),
            from_agent: task.from_agent.clone(),
        }
    }
}

/// History files larger than this are read only up to it.
const MAX_HISTORY_BYTES: u64 = 256 * 1024 * 1024;

/// Appends one record.
pub fn append(store: &Store, record: &Record) -> Result<()> {
    store.append_history(&serde_json::to_value(record).expect("a record serializes"))
}

/// Every readable record, oldest first, and how many lines were skipped.
pub fn read(store: &Store) -> Result<(Vec<Record>, usize)> {
    let path = store.path(HISTORY_FILE);
    let file = match crate::store::fsx::open_regular(&path) {
        Ok(Some(file)) => file,
        Ok(None) => return Ok((Vec::new(), 0)),
        Err(e) => return Err(Error::io(&path, "read", &e)),
    };
    let mut records = Vec::new();
    let mut skipped = 0;
    let reader = std::io::BufReader::new(std::io::Read::take(file, MAX_HISTORY_BYTES));
    for line in reader.split(b'\n') {
        let line = line.map_err(|e| Error::io(&path, "read", &e))?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(&line) {
            Ok(record) => records.push(record),
            Err(_) => skipped += 1,
        }
    }
    Ok((records, skipped))
}
