//! `fed board`: open work as columns by state: ready, waiting on
//! dependencies, in progress (holder, lease left), blocked (reason, age,
//! escalation) and recently finished. Pure once the facts are read.

use super::escalation::{Escalation, of_task};
use super::facts::Facts;
use crate::config::Config;
use crate::gate::{Gate, gate};
use crate::model::time::{Timestamp, serde_time, serde_time_opt};
use crate::model::{Priority, Status, Task, TaskSummary};
use serde::Serialize;

/// Finished tasks are "recent" for this long.
pub const RECENT_HOURS: i64 = 24;
/// At most this many recently finished tasks are shown.
pub const RECENT_LIMIT: usize = 8;

#[derive(Debug, Clone, Serialize)]
pub struct Board {
    #[serde(with = "serde_time")]
    pub at: Timestamp,
    pub paused: bool,
    #[serde(rename = "for", skip_serializing_if = "Option::is_none")]
    pub for_agent: Option<String>,
    pub ready: Vec<Card>,
    pub waiting: Vec<Card>,
    pub in_progress: Vec<Card>,
    pub blocked: Vec<Card>,
    pub done: Vec<Card>,
}

/// One task on the board.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Card {
    pub task_id: String,
    pub short_id: String,
    pub title: String,
    pub status: Status,
    pub priority: Priority,
    pub task_type: String,
    pub to_agent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Waiting: the unfinished dependencies (short ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waiting_on: Vec<String>,
    /// Waiting: dependencies that failed, were cancelled or do not exist;
    /// the task cannot become ready by itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stranded_by: Vec<String>,
    #[serde(with = "serde_time_opt", skip_serializing_if = "Option::is_none")]
    pub lease_expires_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_reason: Option<String>,
    #[serde(with = "serde_time_opt", skip_serializing_if = "Option::is_none")]
    pub blocked_since: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Escalation>,
    #[serde(with = "serde_time_opt", skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Timestamp>,
}

/// The board of `facts` (and the recently finished tasks `finished`) at
/// `now`, of the tasks addressed to or held by `for_agent` when given.
pub fn board(
    facts: &Facts,
    finished: &[Task],
    config: &Config,
    now: Timestamp,
    for_agent: Option<&str>,
) -> Board {
    let mine = |to: &Option<String>, holder: &Option<String>| {
        for_agent.is_none_or(|a| to.as_deref() == Some(a) || holder.as_deref() == Some(a))
    };
    let mut b = Board {
        at: now,
        paused: facts.state.paused,
        for_agent: for_agent.map(str::to_string),
        ready: Vec::new(),
        waiting: Vec::new(),
        in_progress: Vec::new(),
        blocked: Vec::new(),
        done: Vec::new(),
    };
    let snapshot = &facts.snapshot;
    for row in &snapshot.rows {
        let t = &row.summary;
        if !mine(&t.to_agent, &t.assignee) {
            continue;
        }
        let mut card = card(facts, t);
        match t.status {
            Status::Pending => match gate(&t.dependencies, |d| snapshot.status_of(d)) {
                Gate::Open => b.ready.push(card),
                Gate::Waiting(deps) => {
                    card.waiting_on = shorts(facts, &deps);
                    b.waiting.push(card);
                }
                Gate::Stranded(deps) => {
                    let ids: Vec<String> = deps.into_iter().map(|(d, _)| d).collect();
                    card.stranded_by = shorts(facts, &ids);
                    b.waiting.push(card);
                }
                Gate::Dangling(deps) => {
                    card.stranded_by = shorts(facts, &deps);
                    b.waiting.push(card);
                }
            },
            Status::InProgress => {
                card.lease_expires_at = t.lease_expires_at;
                b.in_progress.push(card);
            }
            _ => {}
        }
    }
    for task in &facts.blocked {
        if !mine(&task.to_agent, &task.assignee) {
            continue;
        }
        let mut card = card(facts, &TaskSummary::from(task));
        card.blocked_reason = task.blocked.as_ref().map(|x| x.reason.clone());
        card.blocked_since = task.blocked.as_ref().map(|x| x.at);
        card.escalation = of_task(task, config, now);
        b.blocked.push(card);
    }
    b.done = done(facts, finished, now, &mine);
    sort(&mut b);
    b
}

/// The tasks finished in the last [`RECENT_HOURS`] (of those given).
fn done(
    facts: &Facts,
    finished: &[Task],
    now: Timestamp,
    mine: &impl Fn(&Option<String>, &Option<String>) -> bool,
) -> Vec<Card> {
    let since = now - chrono::TimeDelta::hours(RECENT_HOURS);
    let mut out = Vec::new();
    for task in finished {
        let by = task.result.as_ref().and_then(|r| r.by.clone());
        if !mine(&task.to_agent, &task.assignee.clone().or(by.clone())) {
            continue;
        }
        let Some(at) = task.result.as_ref().map(|r| r.finished_at) else {
            continue;
        };
        if at >= since && at <= now && task.status.is_finished() {
            let mut card = card(facts, &TaskSummary::from(task));
            card.finished_at = Some(at);
            card.assignee = by;
            out.push(card);
        }
    }
    out
}

fn card(facts: &Facts, t: &TaskSummary) -> Card {
    Card {
        task_id: t.task_id.clone(),
        short_id: facts.short(&t.task_id).to_string(),
        title: t.title.clone(),
        status: t.status,
        priority: t.priority,
        task_type: t.task_type.clone(),
        to_agent: t.to_agent.clone(),
        assignee: t.assignee.clone(),
        waiting_on: Vec::new(),
        stranded_by: Vec::new(),
        lease_expires_at: None,
        blocked_reason: None,
        blocked_since: None,
        escalation: None,
        finished_at: None,
    }
}

fn shorts(facts: &Facts, ids: &[String]) -> Vec<String> {
    ids.iter().map(|id| facts.short(id).to_string()).collect()
}

/// Most urgent first: ready and waiting by priority then age (claim
/// order), in progress by lease end, blocked longest first, finished
/// newest first.
fn sort(b: &mut Board) {
    let by_priority =
        |a: &Card, c: &Card| c.priority.cmp(&a.priority).then(a.task_id.cmp(&c.task_id));
    b.ready.sort_by(by_priority);
    b.waiting.sort_by(by_priority);
    b.in_progress.sort_by(|a, c| {
        a.lease_expires_at
            .cmp(&c.lease_expires_at)
            .then(a.task_id.cmp(&c.task_id))
    });
    b.blocked.sort_by(|a, c| {
        a.blocked_since
            .cmp(&c.blocked_since)
            .then(a.task_id.cmp(&c.task_id))
    });
    b.done.sort_by(|a, c| {
        c.finished_at
            .cmp(&a.finished_at)
            .then(a.task_id.cmp(&c.task_id))
    });
    b.done.truncate(RECENT_LIMIT);
}
