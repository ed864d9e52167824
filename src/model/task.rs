//! The task document: the JSON object stored in one file per task.
//!
//! Field names are those of the product contract. Fields this version does
//! not know are kept in `extra` and written back unchanged, so a newer tool
//! (or a person) can add fields that an older `fed` never drops.

use super::priority::Priority;
use super::status::Status;
use super::time::{Timestamp, serde_time, serde_time_opt};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub task_id: String,
    #[serde(default)]
    pub title: String,
    pub description: String,
    #[serde(default = "general")]
    pub task_type: String,
    pub status: Status,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default)]
    pub from_agent: Option<String>,
    #[serde(default)]
    pub to_agent: Option<String>,
    #[serde(default)]
    pub lead: Option<String>,
    #[serde(default)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub dependencies: Vec<String>,
    #[serde(default)]
    pub context: Map<String, Value>,
    /// The files the task will touch, as glob patterns (`queue add
    /// --files`): a claim passes over it while they overlap those of a
    /// task in progress (see `model::files`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// A shell command that accepts the work (`queue add --check`): `fed
    /// work` runs it after the task's command and fails the task if it fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    #[serde(with = "serde_time")]
    pub created_at: Timestamp,
    #[serde(with = "serde_time")]
    pub updated_at: Timestamp,
    /// How many times the task has been claimed.
    #[serde(default)]
    pub attempts: u32,
    /// The current claim; present exactly while the task is in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease: Option<Lease>,
    /// Why and from which state the task was blocked; present while blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Blocked>,
    /// How the task ended; present once it is finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Outcome>,
    /// Every change, oldest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// The finished task this one fixes (`queue add --reworks`): a rework
    /// counts against whoever finished that task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reworks: Option<String>,
    /// Set when a handoff rule queued this task automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff: Option<Handoff>,
    /// How `--to auto` routed this task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<RoutingChoice>,
    /// The discussion thread (`fed queue note`), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn general() -> String {
    "general".to_string()
}

/// A claim: the fencing token (also part of the file name in
/// `in-progress/`), when it was taken and when it runs out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lease {
    pub token: String,
    #[serde(with = "serde_time")]
    pub claimed_at: Timestamp,
    #[serde(with = "serde_time")]
    pub expires_at: Timestamp,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Blocked {
    pub reason: String,
    /// The state the task returns to on unblock (`pending` or `in-progress`).
    pub from: Status,
    #[serde(with = "serde_time")]
    pub at: Timestamp,
    #[serde(default)]
    pub by: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub by: Option<String>,
    #[serde(with = "serde_time")]
    pub finished_at: Timestamp,
    /// When the last claim began (absent for a task cancelled unclaimed).
    #[serde(
        default,
        with = "serde_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub started_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Why a task was queued automatically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handoff {
    /// The finished task whose completion queued this one.
    pub from_task: String,
    /// The handoff rule (its name in config.yaml).
    pub rule: String,
    /// How many automatic handoffs led here (1 for the first).
    pub depth: u32,
    /// The outcome of `from_task` this follow-up was prepared for, and
    /// when that completion happened: a prepared follow-up is queued only
    /// if exactly that completion landed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Status>,
    #[serde(
        default,
        with = "serde_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub finished_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The longest chain of handoffs a task may record; a larger depth is a
/// hand-edited or corrupt file.
pub const MAX_HANDOFF_DEPTH: u32 = 10_000;

/// What the router recommended for a task added with `--to auto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoutingChoice {
    /// The agent it recommended.
    pub recommended: Option<String>,
    pub confidence: f64,
    /// Whether the task was addressed to the recommendation (confidence at
    /// least `routing.min_confidence`) or left for anyone.
    pub routed: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One message of a task's thread: who wrote it, when, and what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub agent: String,
    #[serde(with = "serde_time")]
    pub at: Timestamp,
    pub text: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    #[serde(with = "serde_time")]
    pub at: Timestamp,
    pub event: String,
    #[serde(default)]
    pub agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Task {
    /// Parses a task document; the error is one line without the path.
    pub fn from_json(bytes: &[u8]) -> Result<Task, String> {
        let task: Task =
            serde_json::from_slice(bytes).map_err(|e| crate::error::one_line(&e.to_string()))?;
        task.validate().map_err(|e| crate::error::one_line(&e))?;
        Ok(task)
    }

    /// The pretty, stable text written to disk (ends with a newline).
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).expect("a task always serializes");
        out.push(b'\n');
        out
    }

    /// Rules serde cannot express: ids, names and state-dependent fields.
    pub fn validate(&self) -> Result<(), String> {
        super::id::validate_id(&self.task_id, "task_id").map_err(|e| e.message)?;
        for dep in &self.dependencies {
            super::id::validate_id(dep, "dependencies").map_err(|e| e.message)?;
        }
        for (field, value) in [
            ("from_agent", &self.from_agent),
            ("to_agent", &self.to_agent),
            ("lead", &self.lead),
            ("assignee", &self.assignee),
        ] {
            if let Some(name) = value {
                super::name::AgentName::parse(name, field).map_err(|e| e.message)?;
            }
        }
        if self.status == Status::InProgress && self.lease.is_none() {
            return Err("status is in-progress but the task has no lease".to_string());
        }
        if self.status == Status::Blocked && self.blocked.is_none() {
            return Err("status is blocked but the task has no `blocked` field".to_string());
        }
        if let Some(lease) = &self.lease {
            super::id::validate_id(&lease.token, "lease.token").map_err(|e| e.message)?;
        }
        for note in &self.notes {
            super::name::AgentName::parse(&note.agent, "notes.agent").map_err(|e| e.message)?;
        }
        if let Some(reworks) = &self.reworks {
            super::id::validate_id(reworks, "reworks").map_err(|e| e.message)?;
        }
        if let Some(handoff) = &self.handoff {
            super::id::validate_id(&handoff.from_task, "handoff.from_task")
                .map_err(|e| e.message)?;
            if handoff.depth > MAX_HANDOFF_DEPTH {
                return Err(format!(
                    "handoff.depth: {} is out of range (at most {MAX_HANDOFF_DEPTH})",
                    handoff.depth
                ));
            }
        }
        Ok(())
    }

    /// The time of the latest fact the document records: a change made to
    /// it afterwards must not be dated earlier.
    pub fn last_change(&self) -> Timestamp {
        let finished = self.result.as_ref().map(|r| r.finished_at);
        let history = self.history.last().map(|h| h.at);
        [
            Some(self.created_at),
            Some(self.updated_at),
            finished,
            history,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(self.updated_at)
    }

    /// Appends a history entry and moves `updated_at`.
    pub fn record(
        &mut self,
        at: Timestamp,
        event: &str,
        agent: Option<&str>,
        note: Option<String>,
    ) {
        self.updated_at = at;
        self.history.push(HistoryEntry {
            at,
            event: event.to_string(),
            agent: agent.map(str::to_string),
            note,
            extra: Map::new(),
        });
    }

    /// The agent that holds the claim, if the task is in progress.
    pub fn holder(&self) -> Option<&str> {
        match self.status {
            Status::InProgress => self.assignee.as_deref(),
            _ => None,
        }
    }
}
