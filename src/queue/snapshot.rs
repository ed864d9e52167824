//! A read of the whole queue at one moment (as near as a directory scan
//! gets), indexed by id, for listings, status, check and graph questions.

use crate::graph::Graph;
use crate::model::{Status, TaskSummary};
use crate::store::Store;
use crate::store::index::Row;
use crate::store::layout::Folder;
use crate::store::scan::{Problem, Scan};
use std::collections::HashMap;

pub struct Snapshot {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
    by_id: HashMap<String, usize>,
}

impl Snapshot {
    /// Summaries of every task folder (through the summary cache).
    pub fn load(store: &Store) -> Snapshot {
        Snapshot::load_folders(store, &Folder::ALL)
    }

    /// Summaries of the given folders only.
    pub fn load_folders(store: &Store, folders: &[Folder]) -> Snapshot {
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        for folder in folders {
            let listing = store.list_folder(*folder);
            rows.extend(listing.rows);
            problems.extend(listing.problems);
        }
        Snapshot::build(rows, problems)
    }

    /// From a full read of every file (what `fed check` trusts).
    pub fn from_scan(scan: Scan) -> Snapshot {
        let rows = scan
            .tasks
            .into_iter()
            .map(|f| Row {
                folder: f.folder,
                summary: TaskSummary::from(&f.task),
                path: f.path,
            })
            .collect();
        Snapshot::build(rows, scan.problems)
    }

    /// Indexes rows by id; a task found twice is a `duplicate` problem (the
    /// copy in the earlier of pending, in-progress, blocked, completed is
    /// kept).
    fn build(all: Vec<Row>, mut problems: Vec<Problem>) -> Snapshot {
        let mut rows: Vec<Row> = Vec::with_capacity(all.len());
        let mut by_id: HashMap<String, usize> = HashMap::with_capacity(all.len());
        for row in all {
            if let Some(&first) = by_id.get(&row.summary.task_id) {
                // A task that moved while the folders were read is seen
                // twice; only two files that both still exist are a problem.
                let still = |p: &std::path::Path| -> bool { std::fs::symlink_metadata(p).is_ok() };
                let first_path: &std::path::Path = &rows[first].path;
                if !still(first_path) {
                    rows[first] = row;
                    continue;
                }
                if !still(&row.path) {
                    continue;
                }
                let kept: &Row = &rows[first];
                problems.push(
                    Problem::error(
                        "duplicate",
                        format!(
                            "task {} is in two places: {} and {}",
                            row.summary.task_id,
                            kept.path.display(),
                            row.path.display()
                        ),
                    )
                    .at(row.path.clone())
                    .task(&row.summary.task_id),
                );
                continue;
            }
            by_id.insert(row.summary.task_id.clone(), rows.len());
            rows.push(row);
        }
        Snapshot {
            rows,
            problems,
            by_id,
        }
    }

    pub fn get(&self, id: &str) -> Option<&Row> {
        self.by_id.get(id).map(|&i| &self.rows[i])
    }

    pub fn status_of(&self, id: &str) -> Option<Status> {
        self.get(id).map(|r| r.summary.status)
    }

    pub fn graph(&self) -> Graph {
        self.rows
            .iter()
            .map(|r| (r.summary.task_id.clone(), r.summary.dependencies.clone()))
            .collect()
    }
}
