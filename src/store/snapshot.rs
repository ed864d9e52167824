//! A read of the whole queue at one moment (as near as a directory scan
//! gets), indexed by id, for listings, status, check and graph questions.

use super::Store;
use super::cache::{Reading, Row};
use super::cache_finished::Finished;
use super::layout::Folder;
use super::scan::Problem;
use crate::graph::Graph;
use crate::model::{Status, TaskSummary};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct Snapshot {
    /// Summaries of the tasks read in full.
    pub rows: Vec<Row>,
    /// Finished tasks as states only (see [`Snapshot::load`]).
    pub finished: Finished,
    pub problems: Vec<Problem>,
    by_id: foldhash::HashMap<String, usize>,
}

impl Snapshot {
    /// The unfinished tasks in full and the finished ones as states only:
    /// all that readiness, status and the dependency graph of live work
    /// need, without a summary per finished task.
    pub fn load(store: &Store, reading: Reading) -> Snapshot {
        let mut snapshot = Snapshot::load_folders(
            store,
            &[Folder::Pending, Folder::InProgress, Folder::Blocked],
            reading,
        );
        let (finished, problems) = store.finished_states();
        snapshot.problems.extend(problems);
        snapshot.finished = finished;
        // A task both finished and unfinished is a duplicate only while
        // both files exist; otherwise it finished while the folders were
        // read, and only the finished copy counts.
        let mut problems = Vec::new();
        let finished = &snapshot.finished;
        let unfinished = snapshot.rows.len();
        snapshot.rows.retain(|row| {
            let id = &row.summary.task_id;
            let done = finished.contains(id);
            if !done || !exists(&row.path) {
                return !done;
            }
            let path = store.task_path(Folder::Completed, id, None);
            problems.push(duplicate(id, &row.path, path));
            true
        });
        for problem in &problems {
            let id = problem.task_id.as_deref().unwrap_or_default();
            snapshot.finished.set(id, None);
        }
        snapshot.problems.extend(problems);
        if snapshot.rows.len() != unfinished {
            snapshot.reindex();
        }
        snapshot
    }

    /// How many tasks the snapshot knows in each status.
    pub fn counts(&self) -> HashMap<Status, usize> {
        let mut counts: HashMap<Status, usize> = self.finished.counts().into_iter().collect();
        for row in &self.rows {
            *counts.entry(row.summary.status).or_default() += 1;
        }
        counts
    }

    /// Summaries of the given folders only, read as `reading` says (for a
    /// view, a file edited in place by hand shows within the cache's trust
    /// window: [`Reading::VIEW`]).
    pub fn load_folders(store: &Store, folders: &[Folder], reading: Reading) -> Snapshot {
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        for folder in folders {
            let listing = store.list_folder_with(*folder, reading);
            rows.extend(listing.rows);
            problems.extend(listing.problems);
        }
        Snapshot::build(rows, problems)
    }

    /// Every task file of every folder read in full (what `fed check`
    /// trusts), each kept as its summary only; and the problems.
    pub fn read_all(store: &Store) -> (Vec<Row>, Vec<Problem>) {
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        for folder in Folder::ALL {
            problems.extend(store.scan_folder_each(folder, |f| {
                rows.push(Row {
                    folder: f.folder,
                    summary: TaskSummary::from(&f.task),
                    path: f.path,
                    doc: None,
                })
            }));
        }
        (rows, problems)
    }

    /// From rows read by [`Snapshot::read_all`].
    pub fn from_rows(rows: Vec<Row>, problems: Vec<Problem>) -> Snapshot {
        Snapshot::build(rows, problems)
    }

    /// Indexes rows by id; a task found twice is a `duplicate` problem (the
    /// copy in the earlier of pending, in-progress, blocked, completed is
    /// kept).
    fn build(mut rows: Vec<Row>, mut problems: Vec<Problem>) -> Snapshot {
        // In place: the rows kept are moved to the front of the same
        // vector (no second copy of 100,000 rows while indexing).
        let mut by_id: foldhash::HashMap<String, usize> =
            foldhash::HashMap::with_capacity_and_hasher(
                rows.len(),
                foldhash::fast::RandomState::default(),
            );
        let mut kept = 0;
        for i in 0..rows.len() {
            if let Some(&first) = by_id.get(&rows[i].summary.task_id) {
                // A task that moved while the folders were read is seen
                // twice; only two files that both still exist are a problem.
                if !exists(&rows[first].path) {
                    rows.swap(first, i);
                    continue;
                }
                if !exists(&rows[i].path) {
                    continue;
                }
                let problem = duplicate(
                    &rows[i].summary.task_id,
                    &rows[first].path,
                    rows[i].path.clone(),
                );
                problems.push(problem);
                continue;
            }
            by_id.insert(rows[i].summary.task_id.clone(), kept);
            rows.swap(kept, i);
            kept += 1;
        }
        rows.truncate(kept);
        Snapshot {
            rows,
            finished: Finished::default(),
            problems,
            by_id,
        }
    }

    fn reindex(&mut self) {
        self.by_id = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.summary.task_id.clone(), i))
            .collect();
    }

    pub fn get(&self, id: &str) -> Option<&Row> {
        self.by_id.get(id).map(|&i| &self.rows[i])
    }

    pub fn status_of(&self, id: &str) -> Option<Status> {
        self.get(id)
            .map(|r| r.summary.status)
            .or_else(|| self.finished.get(id))
    }

    /// The dependency graph of the tasks read in full.
    pub fn graph(&self) -> Graph {
        self.rows
            .iter()
            .map(|r| (r.summary.task_id.clone(), r.summary.dependencies.clone()))
            .collect()
    }
}

/// Whether `path` names anything (a task that moved is gone from it).
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Task `id` found at both `kept` and `other`, reported at `other`.
fn duplicate(id: &str, kept: &Path, other: PathBuf) -> Problem {
    let message = format!(
        "task {id} is in two places: {} and {}",
        kept.display(),
        other.display()
    );
    Problem::error("duplicate", message).at(other).task(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;

    fn row(dir: &Path, folder: Folder, id: &str, on_disk: bool) -> Row {
        let path = dir.join(format!("{}-{id}.json", folder.dir_name()));
        if on_disk {
            std::fs::write(&path, b"{}").unwrap();
        }
        let task = Task::from_json(
            format!(
                r#"{{"task_id":"{id}","description":"d","status":"pending","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#
            )
            .as_bytes(),
        )
        .unwrap();
        Row {
            folder,
            path,
            summary: TaskSummary::from(&task),
            doc: None,
        }
    }

    #[test]
    fn indexing_keeps_the_first_copy_in_order_and_reports_two_live_ones() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // a twice on disk (a duplicate), b once, c moved while read (its
        // first copy is gone: the later one replaces it, no problem).
        let rows = vec![
            row(d, Folder::Pending, "a", true),
            row(d, Folder::Pending, "c", false),
            row(d, Folder::Pending, "b", true),
            row(d, Folder::Completed, "a", true),
            row(d, Folder::Completed, "c", true),
        ];
        let snapshot = Snapshot::from_rows(rows, Vec::new());
        let kept: Vec<(&str, Folder)> = snapshot
            .rows
            .iter()
            .map(|r| (r.summary.task_id.as_str(), r.folder))
            .collect();
        assert_eq!(
            kept,
            [
                ("a", Folder::Pending),
                ("c", Folder::Completed),
                ("b", Folder::Pending)
            ]
        );
        for (id, at) in [("a", 0), ("c", 1), ("b", 2)] {
            assert_eq!(snapshot.by_id[id], at);
        }
        let dups: Vec<_> = snapshot
            .problems
            .iter()
            .map(|p| (p.kind, p.task_id.as_deref()))
            .collect();
        assert_eq!(dups, [("duplicate", Some("a"))]);
    }
}
