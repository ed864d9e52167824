//! `fed inbox`: everything waiting on an overseer, each item with its age
//! and the exact command that resolves it: escalated votes (and votes past
//! their deadline), blocked tasks (longest first, with their escalation),
//! stranded tasks, recently failed tasks, expired leases, tasks the router
//! left for anyone, and handoffs held by a pause.

use super::escalation::{Escalation, of_task};
use super::facts::Facts;
use crate::config::Config;
use crate::gate::{Gate, gate};
use crate::model::time::{Timestamp, serde_time};
use crate::model::{Origin, Status, Task, Vote, VoteStatus};
use serde::Serialize;

/// Failed tasks stay in the inbox this long after they failed.
pub const FAILED_DAYS: i64 = 7;

#[derive(Debug, Clone, Serialize)]
pub struct Inbox {
    #[serde(with = "serde_time")]
    pub at: Timestamp,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    /// `paused`, `vote-escalated`, `vote-due`, `blocked`, `stranded`,
    /// `failed`, `expired-lease`, `unrouted`, `held-handoff`.
    pub kind: &'static str,
    /// The task or vote; absent for the pause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_id: Option<String>,
    /// The task's title or the vote's question.
    pub title: String,
    /// Why it waits (a reason, the ballots, the dependency), user text
    /// included.
    pub detail: String,
    /// Since when it waits.
    #[serde(with = "serde_time")]
    pub since: Timestamp,
    pub age_seconds: i64,
    /// The command that resolves it.
    pub command: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Escalation>,
}

/// What the inbox reads besides the facts.
pub struct Extra<'a> {
    pub votes: &'a [Vote],
    /// Recently finished task documents (the failed ones count).
    pub finished: &'a [Task],
    /// Handoffs prepared and held (read only while paused).
    pub held: &'a [Task],
    /// Full documents of the tasks the router left for anyone.
    pub unrouted: &'a [Task],
}

/// A word quoted for a POSIX shell (user text in a command).
pub fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.,:/@".contains(&b))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

struct Builder<'a> {
    facts: &'a Facts,
    now: Timestamp,
    items: Vec<Item>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        kind: &'static str,
        id: Option<&str>,
        title: &str,
        detail: String,
        since: Timestamp,
        command: String,
    ) {
        self.items.push(Item {
            kind,
            id: id.map(str::to_string),
            short_id: id.map(|i| self.facts.short(i).to_string()),
            title: title.to_string(),
            detail,
            since,
            age_seconds: (self.now - since).num_seconds().max(0),
            command,
            escalation: None,
        });
    }
}

pub fn inbox(facts: &Facts, extra: &Extra, config: &Config, now: Timestamp) -> Inbox {
    let mut b = Builder {
        facts,
        now,
        items: Vec::new(),
    };
    pause(&mut b);
    votes(&mut b, extra.votes, now);
    blocked(&mut b, config);
    stranded(&mut b);
    failed(&mut b, extra.finished);
    expired(&mut b);
    unrouted(&mut b, extra.unrouted);
    held(&mut b, extra.held);
    Inbox {
        at: now,
        items: b.items,
    }
}

/// Pending and blocked tasks whose dependency failed, was cancelled or
/// does not exist.
fn stranded(b: &mut Builder) {
    let facts = b.facts;
    let snapshot = &facts.snapshot;
    for row in &snapshot.rows {
        let t = &row.summary;
        if !matches!(t.status, Status::Pending | Status::Blocked) {
            continue;
        }
        let short = facts.short(&t.task_id);
        let (detail, command) = match gate(&t.dependencies, |d| snapshot.status_of(d)) {
            Gate::Stranded(deps) => {
                let (dep, status) = &deps[0];
                let command = match status {
                    Status::Failed => format!("fed queue retry {}", facts.short(dep)),
                    _ => format!("fed queue cancel {short}"),
                };
                (format!("dependency {} {status}", facts.short(dep)), command)
            }
            Gate::Dangling(deps) => (
                format!("dependency {} does not exist", deps[0]),
                format!("fed queue cancel {short}"),
            ),
            _ => continue,
        };
        b.push(
            "stranded",
            Some(&t.task_id),
            &t.title,
            detail,
            t.created_at,
            command,
        );
    }
}

/// Tasks in progress whose lease ran out.
fn expired(b: &mut Builder) {
    for row in &b.facts.snapshot.rows {
        let t = &row.summary;
        if let (Status::InProgress, Some(end)) = (t.status, t.lease_expires_at)
            && end <= b.now
        {
            let holder = t.assignee.as_deref().unwrap_or("nobody");
            let detail = format!("held by {holder}");
            b.push(
                "expired-lease",
                Some(&t.task_id),
                &t.title,
                detail,
                end,
                "fed queue reap".to_string(),
            );
        }
    }
}

/// Pending tasks `--to auto` left for anyone.
fn unrouted(b: &mut Builder, tasks: &[Task]) {
    let pending = |t: &&Task| t.status == Status::Pending && Origin::of(t) == Origin::Unrouted;
    for task in tasks.iter().filter(pending) {
        let suggestion = task
            .routing
            .as_ref()
            .and_then(|r| r.recommended.clone().map(|a| (a, r.confidence)));
        let (agent, detail) = match suggestion {
            Some((agent, confidence)) => (
                agent.clone(),
                format!("the router suggested {agent} at confidence {confidence:.2}"),
            ),
            None => (
                "AGENT".to_string(),
                "the router had no suggestion".to_string(),
            ),
        };
        let command = format!("fed queue assign {} {agent}", b.facts.short(&task.task_id));
        b.push(
            "unrouted",
            Some(&task.task_id),
            &task.title,
            detail,
            task.created_at,
            command,
        );
    }
}

/// Handoffs prepared while paused, queued by `fed resume`.
fn held(b: &mut Builder, tasks: &[Task]) {
    for task in tasks {
        let since = b.facts.state.since.unwrap_or(task.created_at);
        let detail = "a handoff held back while the federation is paused".to_string();
        b.push(
            "held-handoff",
            None,
            &task.title,
            detail,
            since,
            "fed resume".to_string(),
        );
        if let Some(item) = b.items.last_mut() {
            item.id = Some(task.task_id.clone());
            item.short_id = Some(task.task_id.clone());
        }
    }
}

fn pause(b: &mut Builder) {
    let state = &b.facts.state;
    if state.paused {
        let by = state.paused_by.as_deref().unwrap_or("someone");
        let why = state
            .reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        let since = state.since.unwrap_or(b.now);
        b.push(
            "paused",
            None,
            "The federation is paused",
            format!("paused by {by}{why}"),
            since,
            "fed resume".to_string(),
        );
    }
}

fn votes(b: &mut Builder, votes: &[Vote], now: Timestamp) {
    let facts = b.facts;
    let short = &facts.short;
    let mut escalated: Vec<&Vote> = votes
        .iter()
        .filter(|v| v.status == VoteStatus::Escalated)
        .collect();
    escalated.sort_by_key(|v| v.result.as_ref().map_or(v.created_at, |r| r.at));
    for v in escalated {
        let result = v.result.as_ref();
        let choice = result
            .and_then(|r| r.recommendation.clone())
            .or_else(|| v.options.first().cloned())
            .unwrap_or_default();
        let command = format!(
            "fed vote override {} --choice {}",
            short.of(&v.vote_id),
            shell_quote(&choice)
        );
        let detail = result.map(|r| r.reason.clone()).unwrap_or_default();
        let since = result.map_or(v.created_at, |r| r.at);
        b.push("vote-escalated", None, &v.question, detail, since, command);
        if let Some(item) = b.items.last_mut() {
            item.id = Some(v.vote_id.clone());
            item.short_id = Some(short.of(&v.vote_id).to_string());
        }
    }
    for v in votes.iter().filter(|v| v.is_due(now)) {
        let detail = format!(
            "{} of {} ballots; past its deadline",
            v.votes.len(),
            v.quorum
        );
        let since = v.deadline.unwrap_or(v.created_at);
        let command = format!("fed vote resolve {}", short.of(&v.vote_id));
        b.push("vote-due", None, &v.question, detail, since, command);
        if let Some(item) = b.items.last_mut() {
            item.id = Some(v.vote_id.clone());
            item.short_id = Some(short.of(&v.vote_id).to_string());
        }
    }
}

fn blocked(b: &mut Builder, config: &Config) {
    let mut tasks: Vec<&Task> = b.facts.blocked.iter().collect();
    tasks.sort_by(|x, y| {
        let at = |t: &Task| t.blocked.as_ref().map(|x| x.at);
        at(x).cmp(&at(y)).then(x.task_id.cmp(&y.task_id))
    });
    for task in tasks {
        let Some(blocked) = &task.blocked else {
            continue;
        };
        let by = blocked
            .by
            .as_deref()
            .map(|w| format!(" (by {w})"))
            .unwrap_or_default();
        let detail = format!("{}{by}", blocked.reason);
        let command = format!("fed queue unblock {}", b.facts.short(&task.task_id));
        b.push(
            "blocked",
            Some(&task.task_id),
            &task.title,
            detail,
            blocked.at,
            command,
        );
        if let Some(item) = b.items.last_mut() {
            item.escalation = of_task(task, config, b.now);
        }
    }
}

fn failed(b: &mut Builder, finished: &[Task]) {
    let since = b.now - chrono::TimeDelta::days(FAILED_DAYS);
    let mut failed: Vec<&Task> = finished
        .iter()
        .filter(|t| t.status == Status::Failed)
        .filter(|t| t.result.as_ref().is_some_and(|r| r.finished_at >= since))
        .collect();
    failed.sort_by_key(|t| t.result.as_ref().map(|r| r.finished_at));
    for task in failed {
        let result = task.result.as_ref().expect("filtered on it");
        let by = result.by.as_deref().unwrap_or("nobody");
        let summary = result
            .summary
            .as_deref()
            .map(|s| format!(": {s}"))
            .unwrap_or_default();
        let command = format!("fed queue retry {}", b.facts.short(&task.task_id));
        b.push(
            "failed",
            Some(&task.task_id),
            &task.title,
            format!("failed by {by}{summary}"),
            result.finished_at,
            command,
        );
    }
}
