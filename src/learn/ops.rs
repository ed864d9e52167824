//! The learning features against the store: routing a description,
//! evaluating the router, the analytics report (and `metrics.json`), and
//! queueing the handoffs of a finished task.

use super::analytics::{self, Boosts, Federation, Performance};
use super::handoff::render;
use super::history::{self, Record};
use super::route::{Evaluation, Recommendation, Router, evaluate};
use crate::error::{Error, Kind, Result};
use crate::model::time::{Timestamp, serde_time, serde_time_opt};
use crate::model::{Handoff, Task};
use crate::op::Op;
use crate::queue::add::{NewTask, add};
use crate::queue::snapshot::Snapshot;
use crate::store::Store;
use crate::store::fsx;
use crate::store::layout::Folder;
use serde::Serialize;
use serde_json::Map;
use std::path::PathBuf;

/// Where handoffs wait while the federation is paused.
pub const HANDOFFS_DIR: &str = "handoffs";
/// Where `fed analytics` writes its figures.
pub const METRICS_FILE: &str = "metrics.json";

fn trained(op: &Op, records: &[Record]) -> Router {
    let refs: Vec<&Record> = records.iter().collect();
    let boosts = Boosts::from_records(&refs, op.config.routing.boost_factor);
    // Overseers are candidates only through work they finished.
    let workers: Vec<String> = op
        .config
        .agents
        .iter()
        .filter(|a| !op.config.overseers.contains(a))
        .cloned()
        .collect();
    Router::new(&refs, &op.config.routing.rules, boosts, &workers, op.now)
}

/// The router's recommendation for a description (unreadable history
/// lines become a warning on the store).
pub fn recommend(op: &Op, description: &str, task_type: Option<&str>) -> Result<Recommendation> {
    let (records, skipped) = history::read(op.store)?;
    if skipped > 0 {
        op.store.warn(format!(
            "skipped {skipped} unreadable line(s) of routing-history.jsonl"
        ));
    }
    Ok(trained(op, &records).recommend(description, task_type))
}

/// k-fold accuracy of the router against the keyword rules alone.
pub fn evaluate_history(op: &Op, folds: usize) -> Result<Evaluation> {
    let (records, _) = history::read(op.store)?;
    let successes = records.iter().filter(|r| r.success).count();
    if successes < folds {
        return Err(Error::nothing(format!(
            "routing-history.jsonl has {successes} successful tasks; evaluation needs at least {folds}"
        )));
    }
    Ok(evaluate(
        &records,
        &op.config.routing.rules,
        op.config.routing.boost_factor,
        folds,
        op.now,
    ))
}

/// What `fed analytics` reports and writes to `metrics.json`.
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
    let (records, skipped) = history::read(op.store)?;
    let in_window = |t: Option<Timestamp>| since.is_none_or(|s| t.is_some_and(|t| t >= s));
    let records: Vec<&Record> = records
        .iter()
        .filter(|r| in_window(r.finished_at))
        .collect();
    let snapshot = Snapshot::load_folders(op.store, &Folder::ALL);
    let tasks: Vec<_> = snapshot
        .rows
        .iter()
        .map(|r| &r.summary)
        .filter(|t| in_window(Some(t.created_at)))
        .collect();
    // Fixes still open count too: read the few unfinished tasks in full.
    let mut open_fixes = Vec::new();
    for folder in [Folder::Pending, Folder::InProgress, Folder::Blocked] {
        open_fixes.extend(
            op.store
                .scan_folder(folder)
                .tasks
                .into_iter()
                .filter_map(|f| f.task.reworks),
        );
    }
    let reworked = analytics::reworked_ids(&records, open_fixes.iter().map(String::as_str));
    let (votes, _) = crate::vote::ops::list(op.store);
    let votes: Vec<_> = votes
        .iter()
        .filter(|v| in_window(Some(v.created_at)))
        .collect();
    let report = Report {
        generated_at: op.now,
        since,
        routing_performance: analytics::performance(
            &records,
            &reworked,
            op.config.routing.boost_factor,
        ),
        federation: analytics::federation(&records, &tasks, &votes, &op.config.overseers, op.now),
        skipped_history_lines: skipped,
    };
    let mut bytes = serde_json::to_vec_pretty(&report).expect("a report serializes");
    bytes.push(b'\n');
    op.store
        .replace_file(&op.store.path(METRICS_FILE), &bytes)?;
    Ok(report)
}

/// Where a handoff waits while the federation is paused.
pub fn deferred_path(store: &Store, id: &str) -> PathBuf {
    store.path(HANDOFFS_DIR).join(format!("{id}.json"))
}

/// The id of the task a rule queues after a finished task: the rule's
/// name and a hash of the pair, the same for the same pair (so a handoff is
/// never queued twice) and short whatever the length of a chain.
fn handoff_id(from_task: &str, rule: &str) -> String {
    // FNV-1a, 64 bits: stable across versions and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in from_task.bytes().chain([0]).chain(rule.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut digits = String::new();
    while digits.len() < 12 {
        digits.push(char::from_digit((hash % 36) as u32, 36).unwrap_or('0'));
        hash /= 36;
    }
    let mut name = rule.to_string();
    name.truncate(crate::model::id::MAX_ID_LEN - digits.len() - 1);
    format!("{name}-{digits}")
}

/// Prepares the follow-ups the handoff rules ask for after `task` (its
/// finished document, before that is published) by `agent`: each is
/// written to `handoffs/`, never straight into the queue. Called before the
/// completion commits, so that a process dying between the two loses
/// nothing: [`publish_deferred`] (run by the completion, by `resume` and by
/// every changing command's recovery) queues a prepared handoff once its
/// task is finished and the federation is not paused, and drops it if the
/// task was cancelled instead. Ids are derived from (task, rule), so
/// preparing twice prepares once. Refusals are logged, never an error of
/// the completion itself.
pub fn prepare_handoffs(op: &Op, task: &Task, agent: &str) -> Vec<Task> {
    let paused = op.store.state().map(|s| s.paused).unwrap_or(false);
    let depth = task.handoff.as_ref().map_or(0, |h| h.depth) + 1;
    let mut queued = Vec::new();
    for rule in op.config.handoffs.iter().filter(|r| r.matches(task, agent)) {
        let refuse = |reason: String| {
            op.log(
                op.event("handoff-refused", &task.task_id)
                    .with("rule", rule.name.as_str())
                    .with("reason", reason),
            );
        };
        let max = op.config.limits.max_handoff_depth;
        if depth > max {
            refuse(format!(
                "the chain would be {depth} handoffs long (limits.max_handoff_depth is {max})"
            ));
            continue;
        }
        let rendered = render(&rule.then.description, task, agent).and_then(|d| {
            rule.then
                .title
                .as_ref()
                .map(|t| render(t, task, agent))
                .transpose()
                .map(|t| (d, t))
        });
        let (description, title) = match rendered {
            Ok(parts) => parts,
            Err(reason) => {
                refuse(reason);
                continue;
            }
        };
        let context = task
            .context
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string()),
                )
            })
            .collect();
        let new = NewTask {
            description,
            title,
            task_type: Some(rule.then.task_type.clone()),
            to: Some(rule.then.to.clone()),
            from: Some(agent.to_string()),
            priority: rule.then.priority,
            // A follow-up of a success waits for it; one of a failure
            // (a fix, a report) could never start if it did.
            after: if task.status == crate::model::Status::Done {
                vec![task.task_id.clone()]
            } else {
                Vec::new()
            },
            context,
            id: Some(handoff_id(&task.task_id, &rule.name)),
            handoff: Some(Handoff {
                from_task: task.task_id.clone(),
                rule: rule.name.clone(),
                depth,
                extra: Map::new(),
            }),
            defer: true,
            ..NewTask::default()
        };
        match add(op, new) {
            Ok(prepared) => {
                if paused {
                    op.log(
                        op.event("handoff-deferred", &prepared.task_id)
                            .with("from_task", task.task_id.as_str())
                            .with("rule", rule.name.as_str()),
                    );
                }
                queued.push(prepared);
            }
            // Prepared or queued already (a retried completion).
            Err(e) if e.kind == Kind::Conflict => {}
            Err(e) => refuse(e.message),
        }
    }
    queued
}

/// Queues the prepared handoffs whose task is finished (nothing while the
/// federation is paused), drops those whose task was cancelled, and leaves
/// the others (their completion has not landed). Returns the queued tasks.
pub fn publish_deferred(op: &Op) -> Result<Vec<Task>> {
    let dir = op.store.path(HANDOFFS_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let entries: Vec<_> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = name.strip_suffix(".json")?.to_string();
            crate::model::id::validate_id(&id, "id").ok()?;
            Some((e.path(), id))
        })
        .collect();
    if entries.is_empty() || op.store.state()?.paused {
        return Ok(Vec::new());
    }
    let mut published = Vec::new();
    for (path, id) in entries {
        let Ok(bytes) = fsx::read_bounded(&path, crate::store::layout::MAX_TASK_BYTES) else {
            continue; // taken by another publisher meanwhile, or unreadable
        };
        let Ok(task) = Task::from_json(&bytes) else {
            continue;
        };
        let Some(handoff) = &task.handoff else {
            continue;
        };
        let parent = match crate::queue::locate::place(op.store, &handoff.from_task)? {
            Some(crate::queue::locate::Place::Folder {
                folder: Folder::Completed,
                path,
            }) => crate::store::scan::read_task(&path, Folder::Completed, &handoff.from_task, None)
                .ok(),
            // Not finished (or being changed right now): wait.
            Some(_) => continue,
            None => None,
        };
        match parent.map(|p| p.status) {
            Some(crate::model::Status::Done | crate::model::Status::Failed) => {}
            other => {
                // The task was cancelled (or is gone): the handoff never fires.
                if fsx::rename_noreplace(
                    &path,
                    &op.store
                        .path(crate::store::layout::TMP_DIR)
                        .join(format!(".dropped.{id}")),
                )
                .is_ok()
                {
                    let _ = std::fs::remove_file(
                        op.store
                            .path(crate::store::layout::TMP_DIR)
                            .join(format!(".dropped.{id}")),
                    );
                    op.log(
                        op.event("handoff-dropped", &id)
                            .with("from_task", handoff.from_task.as_str())
                            .with(
                                "reason",
                                match other {
                                    Some(status) => format!("its task is {status}"),
                                    None => "its task is gone".to_string(),
                                },
                            ),
                    );
                }
                continue;
            }
        }
        let dest = op.store.task_path(Folder::Pending, &id, None);
        match fsx::rename_noreplace(&path, &dest) {
            Ok(()) => {
                crate::store::sync_parent(&dest)?;
                op.log(
                    op.event("added", &id)
                        .with("to", task.to_agent.clone())
                        .with("priority", task.priority.as_str())
                        .with("from_task", handoff.from_task.as_str())
                        .with("rule", handoff.rule.as_str()),
                );
                published.push(task);
            }
            // Published by another process meanwhile.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            // Queued already: the prepared copy is a leftover.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let _ = std::fs::remove_file(&path);
            }
            Err(e) => return Err(Error::io(&dest, "publish", &e)),
        }
    }
    Ok(published)
}

/// How many handoffs wait for `fed resume`.
pub fn deferred_count(store: &Store) -> usize {
    std::fs::read_dir(store.path(HANDOFFS_DIR))
        .map(|e| {
            e.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                .count()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::handoff_id;

    #[test]
    fn handoff_ids_are_stable_short_and_distinct() {
        let a = handoff_id("20261121-090000-abc123", "research-to-impl");
        assert_eq!(a, handoff_id("20261121-090000-abc123", "research-to-impl"));
        assert_ne!(a, handoff_id("20261121-090000-abc124", "research-to-impl"));
        assert_ne!(a, handoff_id("20261121-090000-abc123", "review"));
        // Chains do not grow ids: each step hashes the previous id.
        let mut id = a.clone();
        for _ in 0..20 {
            id = handoff_id(&id, &"x".repeat(64));
            assert!(crate::model::id::validate_id(&id, "id").is_ok(), "{id}");
        }
    }
}
