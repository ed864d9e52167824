//! `fed agents`: every agent (from the config, the log and the queue) with
//! its availability, its work in progress and waiting, when it was last
//! seen, and its success rate.

use crate::error::Result;
use crate::learn::availability::{Facts, State};
use crate::model::round::round;
use crate::model::time::{Timestamp, serde_time_opt};
use crate::op::Op;
use crate::store::layout::Folder;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize)]
pub struct AgentRow {
    pub name: String,
    /// `available`, `busy`, `away` or `silent`.
    pub availability: &'static str,
    /// Why it is not available (null when it is).
    pub reason: Option<String>,
    #[serde(with = "serde_time_opt")]
    pub away_until: Option<Timestamp>,
    pub in_progress: usize,
    /// Pending tasks addressed to it.
    pub waiting: usize,
    pub max_in_progress: Option<u32>,
    #[serde(with = "serde_time_opt")]
    pub last_seen: Option<Timestamp>,
    /// Finished tasks in the routing history, and the share done.
    pub finished: usize,
    pub success_rate: Option<f64>,
    pub overseer: bool,
}

/// Every agent, by name.
pub fn agents(op: &Op) -> Result<Vec<AgentRow>> {
    let store = op.store;
    let facts = Facts::read(op, None);
    let mut waiting: BTreeMap<String, usize> = BTreeMap::new();
    for row in store.list_folder(Folder::Pending).rows {
        if let Some(to) = row.summary.to_agent {
            *waiting.entry(to).or_insert(0) += 1;
        }
    }
    let (records, _) = store.read_history()?;
    let mut outcomes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in &records {
        let entry = outcomes.entry(r.assigned_to.as_str()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(r.success);
    }
    let mut names: BTreeSet<String> = op.config.agents.iter().cloned().collect();
    names.extend(op.config.overseers.iter().cloned());
    names.extend(facts.last_seen.keys().cloned());
    names.extend(facts.in_progress.keys().cloned());
    names.extend(waiting.keys().cloned());
    names.extend(outcomes.keys().map(|a| a.to_string()));
    names.extend(facts.aways.keys().cloned());
    let silent_after = op.config.availability.silent_after;
    Ok(names
        .into_iter()
        .map(|name| {
            let state = facts.state(op, &name);
            let (finished, done) = outcomes.get(name.as_str()).copied().unwrap_or_default();
            AgentRow {
                availability: state.name(),
                reason: (!state.is_available()).then(|| state.reason(silent_after)),
                away_until: match &state {
                    State::Away { until, .. } => *until,
                    _ => None,
                },
                in_progress: facts.in_progress.get(&name).copied().unwrap_or(0),
                waiting: waiting.get(&name).copied().unwrap_or(0),
                max_in_progress: op.config.agents.capacity(&name),
                last_seen: facts.last_seen.get(&name).copied(),
                finished,
                success_rate: (finished > 0).then(|| round(done as f64 / finished as f64)),
                overseer: op.config.overseers.contains(&name),
                name,
            }
        })
        .collect())
}
