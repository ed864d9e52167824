//! What `queue list` lists (and the MCP `list` tool): the tasks in the
//! chosen states, filtered and in list order. One selection for both, so
//! that they always agree.

use crate::model::Status;
use crate::queue::reserve::{Held, is_ready};
use crate::store::Store;
use crate::store::cache::{Reading, Row};
use crate::store::layout::Folder;
use crate::store::snapshot::Snapshot;

/// A listing's filters; names are compared trimmed and lower-cased.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub states: Vec<Status>,
    /// Only ready tasks ([`is_ready`]).
    pub ready: bool,
    /// Addressed to or held by this agent.
    pub for_agent: Option<String>,
    pub task_type: Option<String>,
    /// Led by this agent.
    pub lead: Option<String>,
    /// Rows keep their cached `queue list --json` documents.
    pub docs: bool,
}

/// The snapshot a listing needs: every folder for `ready` (readiness needs
/// the state of every dependency, wherever it is), else only the folders
/// of the states asked for.
pub fn load(store: &Store, q: &Query) -> Snapshot {
    let reading = Reading {
        docs: q.docs,
        ..Reading::VIEW
    };
    if q.ready {
        return Snapshot::load(store, reading);
    }
    let mut folders: Vec<Folder> = q.states.iter().map(|s| Folder::of(*s)).collect();
    folders.dedup();
    Snapshot::load_folders(store, &folders, reading)
}

/// The rows of `snapshot` that `q` selects, by state, then priority
/// (highest first), then age, then id.
pub fn select<'a>(snapshot: &'a Snapshot, q: &Query) -> Vec<&'a Row> {
    let norm = |s: &Option<String>| s.as_deref().map(|s| s.trim().to_ascii_lowercase());
    let (for_agent, task_type, lead) = (norm(&q.for_agent), norm(&q.task_type), norm(&q.lead));
    let held = Held::from_rows(&snapshot.rows);
    let mut rows: Vec<&Row> = snapshot
        .rows
        .iter()
        .filter(|r| {
            let t = &r.summary;
            q.states.contains(&t.status)
                && (!q.ready || is_ready(t, snapshot, &held))
                && for_agent.as_deref().is_none_or(|a| {
                    t.to_agent.as_deref() == Some(a) || t.assignee.as_deref() == Some(a)
                })
                && task_type.as_deref().is_none_or(|ty| t.task_type == ty)
                && lead.as_deref().is_none_or(|l| t.lead.as_deref() == Some(l))
        })
        .collect();
    rows.sort_by(|a, b| {
        let (a, b) = (&a.summary, &b.summary);
        a.status
            .cmp(&b.status)
            .then(b.priority.cmp(&a.priority))
            .then(a.created_at.cmp(&b.created_at))
            .then(a.task_id.cmp(&b.task_id))
    });
    rows
}
