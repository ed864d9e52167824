//! What `fed plan import` reports: what it did (or would do), item by
//! item, and, when it stopped part way, what landed before.

use crate::error::Error;
use serde::Serialize;

/// What an import did (or, in a dry run, would do). The four id lists are
/// in plan order (`removed`: sorted by id).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The plan's path as its tasks carry it (`context.plan`).
    pub plan: String,
    pub dry_run: bool,
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
    /// One entry per item, and one per removed task.
    pub items: Vec<ItemReport>,
    /// What was skipped or ignored, one line each.
    pub warnings: Vec<String>,
}

/// What became of one item (or of a task whose item is gone).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemReport {
    /// `created`, `updated`, `unchanged` or `removed`.
    pub action: &'static str,
    pub task_id: String,
    pub title: String,
    /// The item's line in the plan (none for a removed task).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The fields an update changes (`done` when it is recorded as done).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
}

/// An import that failed part way: what landed, and why it stopped.
#[derive(Debug, Clone)]
pub struct ImportError {
    /// Empty (no plan named) when nothing was written.
    pub landed: Box<Report>,
    pub error: Error,
}

impl From<Error> for ImportError {
    fn from(error: Error) -> Self {
        ImportError {
            landed: Box::default(),
            error,
        }
    }
}
