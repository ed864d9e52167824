//! `fed report`: the federation measured against the goals in config
//! `goals:` over a window (docs/report.md). Everything comes from one pass
//! over the log ([`report_scan`](super::report_scan)) and one read of the
//! queue's folders (for the lost-task audit).

use super::report_scan::{Expected, Tally, Window, tally};
use crate::config::Config;
use crate::error::Result;
use crate::model::Status;
use crate::model::round::round;
use crate::model::time::{Timestamp, serde_time};
use crate::store::Store;
use crate::store::cache::Reading;
use crate::store::snapshot::Snapshot;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    #[serde(with = "serde_time")]
    pub since: Timestamp,
    #[serde(with = "serde_time")]
    pub until: Timestamp,
    pub metrics: Vec<Metric>,
    /// The tasks `lost_tasks` counts, each with what the log and the
    /// folders say.
    pub lost: Vec<Lost>,
    /// Log lines that could not be read (left out of every measure).
    pub skipped_lines: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    pub name: &'static str,
    /// None: no data in the window.
    pub value: Option<f64>,
    pub target: f64,
    /// How the value is compared with the target: `<`, `>=` or `<=`.
    pub goal: &'static str,
    pub met: Option<bool>,
    /// What the value was computed from, for people.
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Lost {
    pub task_id: String,
    /// The state of the task's last logged change.
    pub logged: &'static str,
    /// The state its file is in, or null when it is gone.
    pub found: Option<Status>,
}

/// Measures the federation between `since` and `until`.
pub fn report(
    store: &Store,
    config: &Config,
    since: Timestamp,
    until: Timestamp,
) -> Result<Report> {
    let bytes = store.read_log_bytes()?;
    let overseers: HashSet<&str> = config.overseers.iter().map(String::as_str).collect();
    let window = Window {
        since,
        until,
        before: since - (until - since),
    };
    let t = tally(&bytes, &window, &overseers);
    let lost = audit(store, &t.expected);
    let goals = &config.goals;
    let days = ((until - since).num_seconds() as f64 / 86_400.0).max(1.0 / 24.0);
    let named = !config.overseers.is_empty();
    let metrics = vec![
        interventions(&t, days, named, goals.interventions_per_day),
        share(
            "agent_queued_share",
            named.then_some((t.added_by_agents, t.added)),
            goals.agent_queued_share,
            "tasks added by agents or handoff rules",
        ),
        share(
            "votes_without_escalation",
            Some((t.votes.values().filter(|d| **d).count(), t.votes.len())),
            goals.votes_without_escalation,
            "votes resolved without escalation",
        ),
        share(
            "routing_accuracy",
            Some((t.routed_done, t.routed_finished)),
            goals.routing_accuracy,
            "routed tasks finished done by the agent routed to",
        ),
        completion(&t, goals.median_completion_change),
        lost_metric(&t, &lost, goals.lost_tasks),
    ];
    Ok(Report {
        since,
        until,
        metrics,
        lost,
        skipped_lines: t.bad_lines,
    })
}

fn metric(name: &'static str, value: Option<f64>, target: f64, goal: &'static str) -> Metric {
    let met = value.map(|v| match goal {
        "<" => v < target,
        ">=" => v >= target,
        _ => v <= target,
    });
    Metric {
        name,
        value: value.map(round),
        target,
        goal,
        met,
        detail: String::new(),
    }
}

fn interventions(t: &Tally, days: f64, named: bool, target: f64) -> Metric {
    let value = (named && t.window_events > 0).then(|| t.overseer_events as f64 / days);
    let mut m = metric("interventions_per_day", value, target, "<");
    m.detail = if !named {
        "no overseers in config.yaml: name them to measure this".to_string()
    } else if t.window_events == 0 {
        "no events in the window".to_string()
    } else {
        format!(
            "{} overseer events over {:.1} days",
            t.overseer_events, days
        )
    };
    m
}

fn share(name: &'static str, counts: Option<(usize, usize)>, target: f64, what: &str) -> Metric {
    let value = counts.and_then(|(n, of)| (of > 0).then(|| n as f64 / of as f64));
    let mut m = metric(name, value, target, ">=");
    m.detail = match counts {
        None => "no overseers in config.yaml: name them to measure this".to_string(),
        Some((_, 0)) => "no data in the window".to_string(),
        Some((n, of)) => format!("{n} of {of} {what}"),
    };
    m
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

fn completion(t: &Tally, target: f64) -> Metric {
    let now = median(&mut t.durations.clone());
    let before = median(&mut t.durations_before.clone());
    let value = match (now, before) {
        (Some(now), Some(before)) if before > 0.0 => Some((now - before) / before),
        _ => None,
    };
    let mut m = metric("median_completion_change", value, target, "<=");
    let show = |m: Option<f64>| m.map_or("none".to_string(), |v| format!("{v:.1} min"));
    m.detail = format!(
        "median claim-to-done {} ({} tasks), window before {} ({} tasks)",
        show(now),
        t.durations.len(),
        show(before),
        t.durations_before.len()
    );
    m
}

fn lost_metric(t: &Tally, lost: &[Lost], target: f64) -> Metric {
    let value = (!t.expected.is_empty()).then_some(lost.len() as f64);
    let mut m = metric("lost_tasks", value, target, "<=");
    m.detail = if t.expected.is_empty() {
        "no task was ever added".to_string()
    } else {
        let names: Vec<&str> = lost.iter().take(5).map(|l| l.task_id.as_str()).collect();
        let more = lost.len().saturating_sub(names.len());
        match (names.is_empty(), more) {
            (true, _) => format!(
                "all {} tasks the log added are where it says",
                t.expected.len()
            ),
            (false, 0) => format!("lost: {}", names.join(", ")),
            (false, n) => format!("lost: {} and {n} more", names.join(", ")),
        }
    };
    m
}

/// Every task the log added, compared with the folders: gone, or in
/// another state than the log's last change of it.
fn audit(store: &Store, expected: &HashMap<String, Expected>) -> Vec<Lost> {
    let snapshot = Snapshot::load(store, Reading::VIEW);
    let open: HashMap<&str, Status> = snapshot
        .rows
        .iter()
        .map(|row| (row.summary.task_id.as_str(), row.summary.status))
        .collect();
    let mut lost: Vec<Lost> = expected
        .iter()
        .filter_map(|(id, want)| {
            let is = open
                .get(id.as_str())
                .copied()
                .or_else(|| snapshot.finished.get(id));
            (!is.is_some_and(|s| want.allows(s))).then(|| Lost {
                task_id: id.clone(),
                logged: want.describe(),
                found: is,
            })
        })
        .collect();
    lost.sort_by(|a, b| a.task_id.cmp(&b.task_id));
    lost
}
