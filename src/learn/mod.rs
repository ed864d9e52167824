//! Learning from outcomes: the history of finished tasks, analytics per
//! agent and task type, the router that recommends an agent for new work,
//! and the handoff rules that queue follow-up work automatically.

pub mod analytics;
pub mod handoff;
pub mod history;
pub mod ops;
pub mod route;
pub mod tfidf;
