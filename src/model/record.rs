//! A record of one finished task: a line of `routing-history.jsonl`, the
//! training data of the router and the source of the analytics.
//!
//! The contract's fields (`task`, `task_type`, `assigned_to`, `success`,
//! `minutes`) come first; the rest lets analytics answer without reading
//! every task file (`store::history` reads and appends the lines).

use super::Task;
use super::round::round1;
use super::time::{Timestamp, serde_time_opt};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The task's description.
    pub task: String,
    pub task_type: String,
    /// The agent that finished (or failed) it.
    pub assigned_to: String,
    pub success: bool,
    /// Minutes from the last claim to the finish.
    pub minutes: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    #[serde(
        default,
        with = "serde_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub finished_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    /// The earlier task this one fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reworks: Option<String>,
    /// Queued by a handoff rule or routed by `--to auto`.
    #[serde(default)]
    pub automatic: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_agent: Option<String>,
}

impl Record {
    /// The record of a task that just finished (done or failed) as `agent`'s work.
    pub fn of(
        task: &Task,
        agent: &str,
        success: bool,
        finished_at: Timestamp,
        started_at: Option<Timestamp>,
    ) -> Record {
        let minutes = started_at
            .map(|s| (finished_at - s).num_seconds() as f64 / 60.0)
            .map(round1);
        Record {
            task: task.description.clone(),
            task_type: task.task_type.clone(),
            assigned_to: agent.to_string(),
            success,
            minutes,
            task_id: Some(task.task_id.clone()),
            finished_at: Some(finished_at),
            attempts: Some(task.attempts),
            reworks: task.reworks.clone(),
            automatic: task.handoff.is_some() || task.routing.as_ref().is_some_and(|r| r.routed),
            from_agent: task.from_agent.clone(),
        }
    }
}
