//! The tools' parameters: JSON-schema'd structs (their doc comments are
//! the descriptions clients show). Every tool takes an optional `agent`,
//! used when the server was started without an identity.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Add {
    /// What to do
    pub description: String,
    /// A short title (default: the first line of the description)
    pub title: Option<String>,
    /// The kind of work: research, implement, review, ... (default: general)
    #[serde(rename = "type")]
    pub task_type: Option<String>,
    /// The agent it is for, or "auto" to let the router choose (default: anyone)
    pub to: Option<String>,
    /// The agent leading the larger piece of work
    pub lead: Option<String>,
    /// critical, high, normal (default) or low
    pub priority: Option<String>,
    /// Ids of tasks that must be done first
    #[serde(default)]
    pub after: Vec<String>,
    /// Extra context, e.g. {"artifact_path": "docs/design.md"}
    #[serde(default)]
    pub context: BTreeMap<String, String>,
    /// Files the task will touch (paths or globs): claims pass over it
    /// while a task in progress reserves an overlapping file
    #[serde(default)]
    pub files: Vec<String>,
    /// A shell command that accepts the work (`fed work` runs it)
    pub check: Option<String>,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// A specific task (id or unique suffix) instead of the best ready one
    pub id: Option<String>,
    /// Only tasks of this type
    #[serde(rename = "type")]
    pub task_type: Option<String>,
    /// When nothing is ready, wait up to this many seconds for a task
    /// (woken by changes to the queue) instead of answering at once
    #[schemars(range(min = 0, max = 3600))]
    pub wait_seconds: Option<u32>,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Complete {
    /// The task you hold (id or unique suffix)
    pub id: String,
    /// Finish it as failed instead of done
    #[serde(default)]
    pub failed: bool,
    /// What was done, or why it failed
    pub summary: Option<String>,
    /// The claim token, for strict fencing (from claim's lease.token)
    pub token: Option<String>,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

/// A task and, where it applies, a reason.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskReason {
    /// The task (id or unique suffix)
    pub id: String,
    /// Why (required to block)
    pub reason: Option<String>,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// The task you hold (id or unique suffix)
    pub id: String,
    /// The claim token, for strict fencing
    pub token: Option<String>,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancel {
    /// The task (id or unique suffix)
    pub id: String,
    pub reason: Option<String>,
    /// Also cancel every task that depends on it, transitively
    #[serde(default)]
    pub cascade: bool,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assign {
    /// The pending task (id or unique suffix)
    pub id: String,
    /// The agent it is now for
    pub to: String,
    /// Who you are (an overseer), if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct List {
    /// pending, in-progress, blocked, done, failed, cancelled, completed or
    /// all (default: pending, in-progress and blocked)
    pub state: Option<String>,
    /// Tasks addressed to or held by this agent
    #[serde(rename = "for")]
    pub for_agent: Option<String>,
    /// Only tasks of this type
    #[serde(rename = "type")]
    pub task_type: Option<String>,
    /// Only pending tasks whose dependencies are all done
    #[serde(default)]
    pub ready: bool,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Board {
    /// Only tasks addressed to or held by this agent
    #[serde(rename = "for")]
    pub for_agent: Option<String>,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanImport {
    /// The markdown plan (a path, relative to the server's working
    /// directory)
    pub file: String,
    /// Report what the import would do, and change nothing
    #[serde(default)]
    pub dry_run: bool,
    /// The agent for items that name none
    pub to: Option<String>,
    /// The lead of the tasks it creates
    pub lead: Option<String>,
    /// The type of items that name none (default: general)
    #[serde(rename = "type")]
    pub task_type: Option<String>,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Show {
    /// The task (id or unique suffix)
    pub id: String,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Status {
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteCreate {
    /// The question to decide
    pub question: String,
    /// The choices (at least two)
    pub options: Vec<String>,
    /// A file or link the voters should read
    pub context: Option<String>,
    /// How long the vote stays open, e.g. 30m, 2h (default: 24h)
    pub deadline: Option<String>,
    /// Ballots needed (default: votes.quorum)
    pub quorum: Option<u32>,
    /// Always escalate to the overseers
    #[serde(default)]
    pub high_stakes: bool,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteCast {
    /// The vote (id or unique suffix)
    pub id: String,
    /// One of the vote's options
    pub choice: String,
    /// How sure you are, from 0 to 1
    pub confidence: f64,
    pub reasoning: Option<String>,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteResolve {
    /// The vote (id or unique suffix); omit it and set `due` to resolve
    /// every vote whose deadline passed
    pub id: Option<String>,
    #[serde(default)]
    pub due: bool,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The work to route
    pub description: String,
    /// Its type, if known
    #[serde(rename = "type")]
    pub task_type: Option<String>,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The task (id or unique suffix); finished tasks take notes too
    pub id: String,
    /// The note: appended to the task's thread with your name and the time
    pub message: String,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lead {
    /// The task (id or unique suffix)
    pub id: String,
    /// The agent who leads the larger piece of work it belongs to
    pub lead: String,
    /// Who you are, if the server was started without --agent
    pub agent: Option<String>,
}
