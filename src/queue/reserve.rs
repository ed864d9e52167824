//! File reservations between tasks: a pending task whose files overlap
//! those of a task in progress is not ready while the overlap lasts
//! (`model::files` says what overlapping means).

use crate::gate::{Gate, gate};
use crate::model::files::Reservation;
use crate::model::{Status, TaskSummary};
use crate::store::Store;
use crate::store::cache::{Holding, Reading, Row};
use crate::store::layout::Folder;
use crate::store::snapshot::Snapshot;

/// Whether a task is ready: pending, its dependencies done, and no task in
/// progress reserving a file it names. The one test of readiness
/// `queue list --ready`, `fed prime` and the MCP `list` share; `status`
/// and a claim apply the same filters with the gate they computed.
pub fn is_ready(task: &TaskSummary, snapshot: &Snapshot, held: &Held) -> bool {
    task.status == Status::Pending
        && gate(&task.dependencies, |d| snapshot.status_of(d)) == Gate::Open
        && !held.holds_back(task)
}

/// The reservations of the tasks in progress.
#[derive(Debug, Clone, Default)]
pub struct Held {
    tasks: Vec<(String, Option<String>, Reservation)>,
}

/// Why a task is not ready: the task in progress whose files overlap, its
/// holder, and the two patterns that meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    pub task_id: String,
    pub holder: Option<String>,
    pub ours: String,
    pub theirs: String,
}

impl Overlap {
    /// "its files overlap those of task X (held by A): P meets Q".
    pub fn describe(&self) -> String {
        format!(
            "its files overlap those of task {}{} in progress ({} meets {})",
            self.task_id,
            self.holder
                .as_deref()
                .map(|h| format!(" (held by {h})"))
                .unwrap_or_default(),
            self.ours,
            self.theirs
        )
    }
}

impl Held {
    /// The reservations of the tasks in progress among `rows`.
    pub fn from_rows<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Held {
        Held {
            tasks: rows
                .into_iter()
                .filter(|r| r.summary.status == Status::InProgress && !r.summary.files.is_empty())
                .map(|r| {
                    (
                        r.summary.task_id.clone(),
                        r.summary.assignee.clone(),
                        Reservation::new(&r.summary.files),
                    )
                })
                .collect(),
        }
    }

    /// The reservations among `holdings` (tasks in progress).
    pub fn from_holdings(holdings: impl IntoIterator<Item = Holding>) -> Held {
        Held {
            tasks: holdings
                .into_iter()
                .filter(|h| !h.files.is_empty())
                .map(|h| (h.task_id, h.assignee, Reservation::new(&h.files)))
                .collect(),
        }
    }

    /// The reservations of the tasks in progress now.
    pub fn load(store: &Store) -> Held {
        let listing = store.list_folder_with(Folder::InProgress, Reading::INODE);
        Held::from_rows(&listing.rows)
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// The first task in progress (other than `task_id` itself) whose files
    /// overlap `files`.
    pub fn blocking(&self, task_id: &str, files: &[String]) -> Option<Overlap> {
        if files.is_empty() || self.tasks.is_empty() {
            return None;
        }
        let ours = Reservation::new(files);
        self.tasks
            .iter()
            .filter(|(id, _, _)| id != task_id)
            .find_map(|(id, holder, theirs)| {
                ours.overlap(theirs).map(|(a, b)| Overlap {
                    task_id: id.clone(),
                    holder: holder.clone(),
                    ours: a,
                    theirs: b,
                })
            })
    }

    /// Whether a pending summary is held back by a reservation.
    pub fn holds_back(&self, summary: &TaskSummary) -> bool {
        self.blocking(&summary.task_id, &summary.files).is_some()
    }
}

/// Pairs of tasks in progress whose files overlap, each pair once.
pub fn overlapping_in_progress(store: &Store) -> Vec<(TaskSummary, TaskSummary, Overlap)> {
    let mut listing = store.list_folder(Folder::InProgress);
    listing
        .rows
        .sort_by(|a, b| a.summary.task_id.cmp(&b.summary.task_id));
    let rows: Vec<&Row> = listing
        .rows
        .iter()
        .filter(|r| !r.summary.files.is_empty())
        .collect();
    let mut pairs = Vec::new();
    for (i, a) in rows.iter().enumerate() {
        let ra = Reservation::new(&a.summary.files);
        for b in &rows[i + 1..] {
            if let Some((ours, theirs)) = ra.overlap(&Reservation::new(&b.summary.files)) {
                let overlap = Overlap {
                    task_id: b.summary.task_id.clone(),
                    holder: b.summary.assignee.clone(),
                    ours,
                    theirs,
                };
                pairs.push((a.summary.clone(), b.summary.clone(), overlap));
            }
        }
    }
    pairs
}
