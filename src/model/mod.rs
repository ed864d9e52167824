//! The data model: task and vote documents, handoff rules, history
//! records, ids, agent names, priorities, durations.
//!
//! Everything here is pure: parsing and validation of values, no files.

pub mod duration;
pub mod files;
pub mod id;
pub mod name;
pub mod priority;
pub mod record;
pub mod round;
pub mod rule;
pub mod status;
pub mod summary;
pub mod task;
pub mod time;
pub mod vote;

pub use duration::Duration;
pub use id::{TaskId, new_task_id};
pub use name::AgentName;
pub use priority::Priority;
pub use status::Status;
pub use summary::{Origin, TaskSummary};
pub use task::{Blocked, Handoff, HistoryEntry, Lease, Note, Outcome, RoutingChoice, Task};
pub use vote::{Ballot, Vote, VoteResult, VoteStatus};
