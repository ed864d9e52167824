//! What the clients of a storm were told (exit 0) and what they attempted
//! with an unknown outcome (killed, hung), for the invariant checker
//! (`common::invariants`).
//!
//! Every process gets a window `[start, end]` on one global sequence
//! (taken just before the spawn and just after the exit), so the checker
//! can tell "A ended before B began" from "A and B overlapped".

use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) type Time = DateTime<Utc>;

/// Parses an RFC 3339 time as `fed` writes it.
pub(crate) fn time(raw: &str) -> Option<Time> {
    DateTime::parse_from_rfc3339(raw)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A process's life on the global sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub start: u64,
    pub end: u64,
}

impl Window {
    pub(crate) fn before(&self, other: &Window) -> bool {
        self.end < other.start
    }
}

/// An acknowledged claim.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    pub agent: String,
    pub id: String,
    pub attempt: u64,
    pub token: String,
    /// `lease.claimed_at` as answered.
    pub at: Time,
    pub deps: Vec<String>,
    pub window: Window,
}

/// An acknowledged change that must be in a task's history: `event` by
/// `agent` at `at`: exactly (the time the command answered) when `exact`,
/// else at `at` (the process's `FED_NOW`) or later.
#[derive(Debug, Clone)]
pub(crate) struct EventAck {
    pub id: String,
    pub event: String,
    pub agent: Option<String>,
    pub at: Time,
    pub exact: bool,
    pub window: Window,
    /// The command, for messages.
    pub what: String,
}

/// An acknowledged finish: done, failed (complete or reap) or cancelled.
#[derive(Debug, Clone)]
pub(crate) struct Finish {
    pub id: String,
    pub status: String,
    /// `result.by`, when the command determines it.
    pub by: Option<String>,
    pub at: Time,
    pub window: Window,
}

/// An acknowledged heartbeat of the claim `token`, renewed `until`.
#[derive(Debug, Clone)]
pub(crate) struct Beat {
    pub id: String,
    pub token: String,
    pub at: Time,
    pub until: Time,
    pub agent: String,
}

/// A ballot cast, acknowledged or with an unknown outcome.
#[derive(Debug, Clone)]
pub(crate) struct Cast {
    pub vote: String,
    pub agent: String,
    pub choice: String,
    pub confidence: f64,
    /// `cast_at` as answered (unknown when the cast was killed).
    pub at: Option<Time>,
    pub window: Window,
    pub acked: bool,
}

/// An override, acknowledged or with an unknown outcome.
#[derive(Debug, Clone)]
pub(crate) struct Override {
    pub vote: String,
    pub choice: String,
    pub window: Window,
    pub acked: bool,
}

/// Everything the checker needs to know about the clients.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// Add tags (in each description) acknowledged, with the id answered.
    pub added: BTreeMap<String, String>,
    /// Add tags whose outcome is unknown (killed, hung).
    pub maybe_added: BTreeSet<String>,
    pub claims: Vec<Claim>,
    pub events: Vec<EventAck>,
    pub finishes: Vec<Finish>,
    pub beats: Vec<Beat>,
    /// Vote tags (in each question) acknowledged, with the id answered.
    pub votes: BTreeMap<String, String>,
    pub maybe_votes: BTreeSet<String>,
    pub casts: Vec<Cast>,
    /// Acknowledged resolutions (`vote resolve ID`, and each vote
    /// `resolve --due` answered).
    pub resolved: Vec<(String, Time)>,
    pub overrides: Vec<Override>,
    /// Acknowledged pauses.
    pub pauses: Vec<Window>,
    /// Every resume that may have landed (acknowledged or not).
    pub resumes: Vec<Window>,
}
