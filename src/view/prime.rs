//! `fed prime`: what an agent starting a session needs to know now: who
//! it is, whether the federation is paused, the tasks it holds, and the
//! tasks ready for it, best first.

use crate::gate::{claim_order, is_candidate};
use crate::model::TaskSummary;
use crate::queue::reserve::{Held, is_ready};
use crate::store::Store;
use crate::store::cache::Reading;
use crate::store::snapshot::Snapshot;
use serde::Serialize;

/// How many ready tasks are listed (the count covers them all).
pub const SHOWN: usize = 5;

#[derive(Debug, Clone, Serialize)]
pub struct Prime {
    pub agent: Option<String>,
    pub paused: bool,
    /// Tasks in progress held by the agent.
    pub claimed: Vec<Brief>,
    /// How many tasks the agent could claim now.
    pub ready_count: usize,
    /// The best of them, in claim order.
    pub ready: Vec<Brief>,
}

/// A task in a line.
#[derive(Debug, Clone, Serialize)]
pub struct Brief {
    pub task_id: String,
    pub title: String,
    pub task_type: String,
    pub priority: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lease_expires_at: Option<String>,
}

impl Brief {
    fn of(s: &TaskSummary) -> Brief {
        Brief {
            task_id: s.task_id.clone(),
            title: s.title.clone(),
            task_type: s.task_type.clone(),
            priority: s.priority.as_str().to_string(),
            lease_expires_at: s.lease_expires_at.map(crate::model::time::format_time),
        }
    }
}

/// The guide's facts for `agent` (without one: no claims, nothing ready).
pub fn prime(store: &Store, agent: Option<&str>) -> crate::error::Result<Prime> {
    let paused = store.state()?.paused;
    let Some(agent) = agent else {
        return Ok(Prime {
            agent: None,
            paused,
            claimed: Vec::new(),
            ready_count: 0,
            ready: Vec::new(),
        });
    };
    let snapshot = Snapshot::load(store, Reading::VIEW);
    let held = Held::from_rows(&snapshot.rows);
    let claimed = snapshot
        .rows
        .iter()
        .filter(|r| {
            r.summary.status == crate::model::Status::InProgress
                && r.summary.assignee.as_deref() == Some(agent)
        })
        .map(|r| Brief::of(&r.summary))
        .collect();
    let mut ready: Vec<&TaskSummary> = snapshot
        .rows
        .iter()
        .map(|r| &r.summary)
        .filter(|s| is_candidate(s, agent, None) && is_ready(s, &snapshot, &held))
        .collect();
    ready.sort_by(|a, b| claim_order(a, b, agent));
    Ok(Prime {
        agent: Some(agent.to_string()),
        paused,
        claimed,
        ready_count: ready.len(),
        ready: ready.iter().take(SHOWN).map(|s| Brief::of(s)).collect(),
    })
}
