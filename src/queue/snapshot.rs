//! A read of the whole queue at one moment (as near as a directory scan
//! gets), indexed by id, for listings, status, check and graph questions.

use crate::graph::Graph;
use crate::model::Status;
use crate::store::Store;
use crate::store::layout::Folder;
use crate::store::scan::{Problem, Scan, TaskFile};
use std::collections::HashMap;

pub struct Snapshot {
    pub tasks: Vec<TaskFile>,
    pub problems: Vec<Problem>,
    by_id: HashMap<String, usize>,
}

impl Snapshot {
    /// Reads every task folder; a task found twice is a `duplicate` problem
    /// (the copy in the earlier folder of pending, in-progress, blocked,
    /// completed is kept).
    pub fn load(store: &Store) -> Snapshot {
        Snapshot::from_scan(store.scan_all())
    }

    /// Reads only the given folders.
    pub fn load_folders(store: &Store, folders: &[Folder]) -> Snapshot {
        let mut scan = Scan::default();
        for folder in folders {
            let part = store.scan_folder(*folder);
            scan.tasks.extend(part.tasks);
            scan.problems.extend(part.problems);
        }
        Snapshot::from_scan(scan)
    }

    fn from_scan(scan: Scan) -> Snapshot {
        let mut tasks = Vec::with_capacity(scan.tasks.len());
        let mut problems = scan.problems;
        let mut by_id = HashMap::with_capacity(scan.tasks.len());
        for file in scan.tasks {
            if let Some(&first) = by_id.get(&file.task.task_id) {
                let kept: &TaskFile = &tasks[first];
                problems.push(
                    Problem::error(
                        "duplicate",
                        format!(
                            "task {} is in two places: {} and {}",
                            file.task.task_id,
                            kept.path.display(),
                            file.path.display()
                        ),
                    )
                    .at(file.path.clone())
                    .task(&file.task.task_id),
                );
                continue;
            }
            by_id.insert(file.task.task_id.clone(), tasks.len());
            tasks.push(file);
        }
        Snapshot {
            tasks,
            problems,
            by_id,
        }
    }

    pub fn get(&self, id: &str) -> Option<&TaskFile> {
        self.by_id.get(id).map(|&i| &self.tasks[i])
    }

    pub fn status_of(&self, id: &str) -> Option<Status> {
        self.get(id).map(|f| f.task.status)
    }

    pub fn graph(&self) -> Graph {
        self.tasks
            .iter()
            .map(|f| (f.task.task_id.clone(), f.task.dependencies.clone()))
            .collect()
    }
}
