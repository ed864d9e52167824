//! The config sections of the overseer's measures: the agents with their
//! capacity, the goals `fed report` measures against, when an agent counts
//! as silent, and the markdown log kept beside the JSON one.

use crate::model::Duration;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// `agents:`: names, or `{name, max_in_progress}`. Reads as the list of
/// names; [`AgentList::capacity`] gives an agent's limit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgentList {
    names: Vec<String>,
    capacity: BTreeMap<String, u32>,
}

impl AgentList {
    /// At most this many tasks in progress at once (none: no limit).
    pub fn capacity(&self, name: &str) -> Option<u32> {
        self.capacity.get(name).copied()
    }
}

impl std::ops::Deref for AgentList {
    type Target = Vec<String>;
    fn deref(&self) -> &Vec<String> {
        &self.names
    }
}

impl From<Vec<String>> for AgentList {
    fn from(names: Vec<String>) -> AgentList {
        AgentList {
            names,
            capacity: BTreeMap::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Entry {
    Name(String),
    Full(Full),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Full {
    name: String,
    #[serde(default)]
    max_in_progress: Option<u32>,
}

impl<'de> Deserialize<'de> for AgentList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AgentList, D::Error> {
        let entries = Vec::<Entry>::deserialize(d)?;
        let mut list = AgentList::default();
        for entry in entries {
            match entry {
                Entry::Name(name) => list.names.push(name),
                Entry::Full(full) => {
                    if full.max_in_progress == Some(0) {
                        return Err(serde::de::Error::custom(format!(
                            "agents: {}: max_in_progress must be at least 1",
                            full.name
                        )));
                    }
                    if let Some(n) = full.max_in_progress {
                        list.capacity.insert(full.name.clone(), n);
                    }
                    list.names.push(full.name);
                }
            }
        }
        Ok(list)
    }
}

/// `goals:`: the targets of `fed report` (defaults: the source documents').
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Goals {
    /// Fewer overseer events per day than this.
    pub interventions_per_day: f64,
    /// At least this share of tasks queued by agents or handoffs.
    pub agent_queued_share: f64,
    /// At least this share of resolved votes decided without escalation.
    pub votes_without_escalation: f64,
    /// At least this share of routed tasks finished `done` by the agent
    /// they were routed to.
    pub routing_accuracy: f64,
    /// The median claim-to-done time changes by at most this (a fraction:
    /// -0.20 is 20% faster) against the window before.
    pub median_completion_change: f64,
    /// At most this many lost tasks.
    pub lost_tasks: f64,
}

impl Default for Goals {
    fn default() -> Self {
        Goals {
            interventions_per_day: 3.0,
            agent_queued_share: 0.5,
            votes_without_escalation: 0.8,
            routing_accuracy: 0.92,
            median_completion_change: -0.20,
            lost_tasks: 0.0,
        }
    }
}

impl Goals {
    pub(super) fn validate(&self) -> Result<(), String> {
        for (key, value) in [
            ("interventions_per_day", self.interventions_per_day),
            ("agent_queued_share", self.agent_queued_share),
            ("votes_without_escalation", self.votes_without_escalation),
            ("routing_accuracy", self.routing_accuracy),
            ("median_completion_change", self.median_completion_change),
            ("lost_tasks", self.lost_tasks),
        ] {
            if !value.is_finite() {
                return Err(format!("goals.{key}: {value} is not a number"));
            }
        }
        Ok(())
    }
}

/// `availability:`: when an agent not seen for a while counts as silent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Availability {
    pub silent_after: Duration,
}

impl Default for Availability {
    fn default() -> Self {
        Availability {
            silent_after: Duration::from_secs(2 * 3600),
        }
    }
}

/// `log:`: a markdown rendering of the log kept current after every
/// change (relative to the directory holding the federation).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    pub markdown: Option<String>,
}

impl LogConfig {
    pub(super) fn validate(&self) -> Result<(), String> {
        match &self.markdown {
            Some(p) if p.trim().is_empty() => Err("log.markdown: the path is empty".to_string()),
            Some(p) if p.contains('\0') => Err("log.markdown: the path holds a NUL".to_string()),
            _ => Ok(()),
        }
    }
}
