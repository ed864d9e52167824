//! Views: what the read-only commands show, computed from the store
//! (`overview` for `fed status`, `check` for `fed check`, `analytics` for
//! `fed analytics`; `board`, `graph` and `inbox` for the overseer's views
//! and the dashboard). They read through the store and the operations'
//! types and change nothing but derived files (`metrics.json`) and the
//! one `escalated` event per escalation that `fed inbox` logs.

pub mod agents;
pub mod analytics;
pub mod board;
pub mod check;
pub mod dashboard;
pub mod escalation;
pub mod facts;
pub mod graph;
pub mod graph_format;
pub mod inbox;
pub mod listing;
pub mod load;
pub mod overview;
pub mod prime;
pub mod report;
pub mod report_scan;
pub mod short;
