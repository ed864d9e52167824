//! What listings, claims and status need to know of a task: a small,
//! cacheable projection of the task document.

use super::priority::Priority;
use super::status::Status;
use super::task::Task;
use super::time::Timestamp;

#[derive(Debug, Clone, PartialEq)]
pub struct TaskSummary {
    pub task_id: String,
    pub title: String,
    pub status: Status,
    pub priority: Priority,
    pub task_type: String,
    pub from_agent: Option<String>,
    pub to_agent: Option<String>,
    pub assignee: Option<String>,
    pub created_at: Timestamp,
    pub lease_expires_at: Option<Timestamp>,
    pub dependencies: Vec<String>,
    pub blocked_reason: Option<String>,
    /// How the task came to be queued and addressed.
    pub origin: Origin,
    /// The files it reserves (glob patterns).
    pub files: Vec<String>,
    /// Who leads it (`status` counts the unfinished tasks each agent leads).
    pub lead: Option<String>,
}

/// How a task came to be queued and addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Queued and addressed by hand.
    Manual,
    /// Queued by a handoff rule.
    Handoff,
    /// `--to auto` addressed it to the router's choice.
    Routed,
    /// `--to auto` left it for anyone: the router was not confident enough.
    Unrouted,
}

impl Origin {
    pub fn of(task: &Task) -> Origin {
        match (&task.handoff, &task.routing) {
            (Some(_), _) => Origin::Handoff,
            (None, Some(r)) if r.routed => Origin::Routed,
            (None, Some(_)) => Origin::Unrouted,
            (None, None) => Origin::Manual,
        }
    }
    /// Queued or addressed without a person choosing the agent.
    pub fn automatic(self) -> bool {
        matches!(self, Origin::Handoff | Origin::Routed)
    }
    pub fn code(self) -> &'static str {
        match self {
            Origin::Manual => "m",
            Origin::Handoff => "h",
            Origin::Routed => "r",
            Origin::Unrouted => "u",
        }
    }
    pub fn from_code(code: &str) -> Option<Origin> {
        [
            Origin::Manual,
            Origin::Handoff,
            Origin::Routed,
            Origin::Unrouted,
        ]
        .into_iter()
        .find(|o| o.code() == code)
    }
}

/// What `queue list --json` prints of a task: its document without the
/// history, as compact JSON (`queue show` prints the whole document).
pub fn list_json(task: &Task) -> String {
    let mut doc = serde_json::to_value(task).unwrap_or_default();
    if let Some(fields) = doc.as_object_mut() {
        fields.remove("history");
    }
    doc.to_string()
}

impl From<&Task> for TaskSummary {
    fn from(task: &Task) -> Self {
        TaskSummary {
            task_id: task.task_id.clone(),
            title: task.title.clone(),
            status: task.status,
            priority: task.priority,
            task_type: task.task_type.clone(),
            from_agent: task.from_agent.clone(),
            to_agent: task.to_agent.clone(),
            assignee: task.assignee.clone(),
            created_at: task.created_at,
            lease_expires_at: task.lease.as_ref().map(|l| l.expires_at),
            dependencies: task.dependencies.clone(),
            blocked_reason: task.blocked.as_ref().map(|b| b.reason.clone()),
            origin: Origin::of(task),
            files: task.files.clone(),
            lead: task.lead.clone(),
        }
    }
}
