//! `fed conflicts`: tasks in progress whose reserved files overlap each
//! other, and tasks in progress whose files were changed by commits made
//! since a revision (the commits are read by the caller: this library runs
//! no programs). Each touched task gets a `files-touched` event, so that
//! its holder learns of it from the log.

use super::reserve::{Overlap, overlapping_in_progress};
use crate::model::TaskSummary;
use crate::model::files::Reservation;
use crate::op::Op;
use crate::store::layout::Folder;
use serde::Serialize;

/// A commit and the files it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commit {
    pub hash: String,
    pub subject: String,
    #[serde(skip)]
    pub files: Vec<String>,
}

/// Two tasks in progress that reserve overlapping files.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub task_id: String,
    pub holder: Option<String>,
    pub other_id: String,
    pub other_holder: Option<String>,
    /// The patterns that meet: the first task's, then the other's.
    pub patterns: (String, String),
}

/// A task in progress whose reserved files were changed by commits.
#[derive(Debug, Clone, Serialize)]
pub struct Touched {
    pub task_id: String,
    pub title: String,
    pub holder: Option<String>,
    /// The changed files its patterns cover.
    pub files: Vec<String>,
    /// The commits that changed them, oldest first.
    pub commits: Vec<Commit>,
}

/// The overlapping pairs of tasks in progress.
pub fn overlapping(op: &Op) -> Vec<Pair> {
    overlapping_in_progress(op.store)
        .into_iter()
        .map(|(a, _, o): (TaskSummary, TaskSummary, Overlap)| Pair {
            task_id: a.task_id,
            holder: a.assignee,
            other_id: o.task_id,
            other_holder: o.holder,
            patterns: (o.ours, o.theirs),
        })
        .collect()
}

/// The tasks in progress whose files `commits` changed (commits oldest
/// first); logs `files-touched` for each, naming `since`.
pub fn touched(op: &Op, commits: &[Commit], since: &str) -> Vec<Touched> {
    let mut listing = op.store.list_folder(Folder::InProgress);
    listing
        .rows
        .sort_by(|a, b| a.summary.task_id.cmp(&b.summary.task_id));
    let mut found = Vec::new();
    for row in listing.rows.iter().filter(|r| !r.summary.files.is_empty()) {
        let reservation = Reservation::new(&row.summary.files);
        let mut files: Vec<String> = Vec::new();
        let mut hits: Vec<Commit> = Vec::new();
        for commit in commits {
            let covered: Vec<&String> = commit
                .files
                .iter()
                .filter(|f| reservation.covers(f))
                .collect();
            if covered.is_empty() {
                continue;
            }
            for f in covered {
                if !files.contains(f) {
                    files.push(f.clone());
                }
            }
            hits.push(commit.clone());
        }
        if hits.is_empty() {
            continue;
        }
        let s = &row.summary;
        op.log(
            op.event("files-touched", &s.task_id)
                .with("holder", s.assignee.clone())
                .with("since", since)
                .with("files", files.clone())
                .with(
                    "commits",
                    hits.iter().map(|c| c.hash.clone()).collect::<Vec<_>>(),
                ),
        );
        found.push(Touched {
            task_id: s.task_id.clone(),
            title: s.title.clone(),
            holder: s.assignee.clone(),
            files,
            commits: hits,
        });
    }
    found
}
