//! What `fed analytics` reports, and writes to `metrics.json`: the
//! analytics of `learn::analytics` over the history, the tasks and the
//! votes of a window.

use crate::error::Result;
use crate::learn::analytics::{self, Federation, Performance};
use crate::model::record::Record;
use crate::model::time::{Timestamp, serde_time, serde_time_opt};
use crate::op::Op;
use crate::store::cache::Reading;
use crate::store::layout::{Folder, METRICS_FILE};
use crate::store::snapshot::Snapshot;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    #[serde(with = "serde_time")]
    pub generated_at: Timestamp,
    #[serde(with = "serde_time_opt", skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
    pub routing_performance: Performance,
    pub federation: Federation,
    /// History lines that could not be read.
    pub skipped_history_lines: usize,
}

pub fn analytics(op: &Op, since: Option<Timestamp>) -> Result<Report> {
    let (records, skipped) = op.store.read_history()?;
    let in_window = |t: Option<Timestamp>| since.is_none_or(|s| t.is_some_and(|t| t >= s));
    let records: Vec<&Record> = records
        .iter()
        .filter(|r| in_window(r.finished_at))
        .collect();
    let snapshot = Snapshot::load_folders(op.store, &Folder::ALL, Reading::VIEW);
    let tasks: Vec<_> = snapshot
        .rows
        .iter()
        .map(|r| &r.summary)
        .filter(|t| in_window(Some(t.created_at)))
        .collect();
    // Fixes still open count too: read the few unfinished tasks in full.
    let mut open_fixes = Vec::new();
    for folder in [Folder::Pending, Folder::InProgress, Folder::Blocked] {
        let scan = op.store.scan_folder(folder);
        open_fixes.extend(scan.tasks.into_iter().filter_map(|f| f.task.reworks));
    }
    let reworked = analytics::reworked_ids(&records, open_fixes.iter().map(String::as_str));
    let (votes, _) = op.store.list_votes();
    let votes: Vec<_> = votes
        .iter()
        .filter(|v| in_window(Some(v.created_at)))
        .collect();
    let factor = op.config.routing.boost_factor;
    let report = Report {
        generated_at: op.now(),
        since,
        routing_performance: analytics::performance(&records, &reworked, factor),
        federation: analytics::federation(&records, &tasks, &votes, &op.config.overseers, op.now()),
        skipped_history_lines: skipped,
    };
    let mut bytes = serde_json::to_vec_pretty(&report).expect("a report serializes");
    bytes.push(b'\n');
    op.store
        .replace_file(&op.store.path(METRICS_FILE), &bytes)?;
    Ok(report)
}
