//! Views: what the read-only commands show, computed from the store
//! (`overview` for `fed status`, `check` for `fed check`, `analytics` for
//! `fed analytics`). They read through the store and the operations'
//! types and change nothing but derived files (`metrics.json`).

pub mod analytics;
pub mod check;
pub mod overview;
pub mod prime;
