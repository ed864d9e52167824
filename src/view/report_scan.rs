//! One pass over `log.jsonl` for `fed report`: each line parsed for the few
//! fields the measures need (borrowed, no map of the rest), tallied into
//! the window, the window before it, and the state each task should be in.

use crate::model::Status;
use crate::model::time::Timestamp;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The fields of a log line the report reads; the rest are skipped.
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    at: Cow<'a, str>,
    #[serde(borrow, default)]
    agent: Option<Cow<'a, str>>,
    #[serde(borrow)]
    event: Cow<'a, str>,
    #[serde(borrow, default)]
    task_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    vote_id: Option<Cow<'a, str>>,
    #[serde(default)]
    to: Option<serde_json::Value>,
    #[serde(default)]
    routed: Option<bool>,
    #[serde(borrow, default)]
    rule: Option<Cow<'a, str>>,
    #[serde(default)]
    recorded: Option<bool>,
}

/// The state the log says a task is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Exactly(Status),
    /// Restored into `completed/` by recovery: done, failed or cancelled.
    Finished,
}

impl Expected {
    pub fn allows(self, status: Status) -> bool {
        match self {
            Expected::Exactly(s) => s == status,
            Expected::Finished => status.is_finished(),
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            Expected::Exactly(s) => s.as_str(),
            Expected::Finished => "finished",
        }
    }
}

/// A task as the log tells it.
#[derive(Default)]
struct Track {
    /// The agent a routing decision (`--to auto`, a handoff rule) chose.
    routed_to: Option<String>,
    claimed_at: Option<Timestamp>,
    expected: Option<Expected>,
}

/// What the pass counted.
#[derive(Default)]
pub struct Tally {
    pub window_events: usize,
    pub overseer_events: usize,
    pub added: usize,
    pub added_by_agents: usize,
    /// Votes resolved in the window: true when decided without escalation.
    pub votes: HashMap<String, bool>,
    pub routed_finished: usize,
    pub routed_done: usize,
    /// Claim-to-done minutes in the window and in the window before it.
    pub durations: Vec<f64>,
    pub durations_before: Vec<f64>,
    /// Every task the log says was added, with the state it should be in.
    pub expected: HashMap<String, Expected>,
    pub bad_lines: usize,
}

/// The window `[since, until)` and the one of equal length before it.
pub struct Window {
    pub since: Timestamp,
    pub until: Timestamp,
    pub before: Timestamp,
}

/// Tallies the log `bytes` for `window`; `overseers` are the names whose
/// events are interventions.
pub fn tally(bytes: &[u8], window: &Window, overseers: &HashSet<&str>) -> Tally {
    let mut tally = Tally::default();
    let mut tracks: HashMap<String, Track> = HashMap::new();
    for raw in bytes.split(|b| *b == b'\n') {
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Ok(line) = serde_json::from_slice::<Line>(raw) else {
            tally.bad_lines += 1;
            continue;
        };
        let Ok(at) = chrono::DateTime::parse_from_rfc3339(&line.at) else {
            tally.bad_lines += 1;
            continue;
        };
        let at = at.with_timezone(&chrono::Utc);
        let in_window = at >= window.since && at < window.until;
        let by_overseer = line.agent.as_deref().is_some_and(|a| overseers.contains(a));
        if in_window {
            tally.window_events += 1;
            tally.overseer_events += usize::from(by_overseer);
            if let Some(vote) = &line.vote_id {
                count_vote(&mut tally, &line.event, vote);
            }
        }
        if let Some(id) = &line.task_id {
            let track = tracks.entry(id.to_string()).or_default();
            follow(&mut tally, track, &line, at, window, in_window, by_overseer);
            if let Some(expected) = track.expected {
                tally.expected.insert(id.to_string(), expected);
            }
        }
    }
    tally
}

fn count_vote(tally: &mut Tally, event: &str, vote: &str) {
    match event {
        "vote-decided" => {
            tally.votes.entry(vote.to_string()).or_insert(true);
        }
        "vote-escalated" | "vote-overridden" => {
            tally.votes.insert(vote.to_string(), false);
        }
        _ => {}
    }
}

/// One event of a task: its expected state, and what it adds to the
/// measures when it falls in the window (or, for completion times, in the
/// window before).
fn follow(
    tally: &mut Tally,
    track: &mut Track,
    line: &Line,
    at: Timestamp,
    window: &Window,
    in_window: bool,
    by_overseer: bool,
) {
    let to = line.to.as_ref().and_then(|v| v.as_str());
    let state = |s| Some(Expected::Exactly(s));
    match &*line.event {
        "added" => {
            track.expected = state(Status::Pending);
            let handoff = line.rule.is_some();
            if line.routed == Some(true) || handoff {
                track.routed_to = to.map(str::to_string);
            }
            if in_window {
                tally.added += 1;
                tally.added_by_agents += usize::from(handoff || !by_overseer);
            }
        }
        "claimed" => {
            track.expected = state(Status::InProgress);
            track.claimed_at = Some(at);
        }
        "completed" => {
            track.expected = state(Status::Done);
            if line.recorded != Some(true) {
                finished(tally, track, line, at, window, in_window, true);
            }
        }
        "failed" => {
            track.expected = state(Status::Failed);
            finished(tally, track, line, at, window, in_window, false);
        }
        "cancelled" => track.expected = state(Status::Cancelled),
        "released" | "retried" => track.expected = state(Status::Pending),
        "blocked" => track.expected = state(Status::Blocked),
        "unblocked" | "reaped" => {
            if let Some(status) = to.and_then(Status::parse) {
                track.expected = state(status);
            }
        }
        "recovered" => track.expected = recovered(to).or(track.expected),
        _ => {}
    }
}

/// A finished task's share of the routing and completion-time measures.
fn finished(
    tally: &mut Tally,
    track: &Track,
    line: &Line,
    at: Timestamp,
    window: &Window,
    in_window: bool,
    done: bool,
) {
    if in_window && let Some(routed) = &track.routed_to {
        tally.routed_finished += 1;
        tally.routed_done += usize::from(done && line.agent.as_deref() == Some(routed.as_str()));
    }
    let Some(claimed) = track.claimed_at.filter(|_| done) else {
        return;
    };
    let minutes = (at - claimed).num_milliseconds() as f64 / 60_000.0;
    if in_window {
        tally.durations.push(minutes);
    } else if at >= window.before && at < window.since {
        tally.durations_before.push(minutes);
    }
}

/// The state a `recovered` event put a task in, from the folder it went to.
fn recovered(to: Option<&str>) -> Option<Expected> {
    let folder = to?.strip_prefix("queue/")?.split('/').next()?;
    match folder {
        "pending" => Some(Expected::Exactly(Status::Pending)),
        "in-progress" => Some(Expected::Exactly(Status::InProgress)),
        "blocked" => Some(Expected::Exactly(Status::Blocked)),
        "completed" => Some(Expected::Finished),
        _ => None,
    }
}
