//! The federation at a glance: what `fed status` shows. Pure: computed from
//! a snapshot, the pause state and the clock.

use super::short::ShortIds;
use crate::gate::{Gate, gate};
use crate::model::time::{Timestamp, relative, serde_time_opt};
use crate::model::{Origin, Priority, Status, TaskSummary};
use crate::model::{Vote, VoteStatus};
use crate::queue::reserve::Held;
use crate::store::snapshot::Snapshot;
use crate::store::state::State;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub paused: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pause_reason: Option<String>,
    #[serde(with = "serde_time_opt", skip_serializing_if = "Option::is_none")]
    pub paused_since: Option<Timestamp>,
    /// Tasks per status; every status is present.
    pub counts: BTreeMap<&'static str, usize>,
    /// Pending tasks whose dependencies are all done.
    pub ready: usize,
    /// Those tasks, best first (priority, then oldest).
    pub ready_tasks: Vec<TaskNote>,
    pub agents: Vec<AgentLoad>,
    pub blocked: Vec<TaskNote>,
    /// Blocked tasks escalated to their lead or the overseers (see
    /// [`super::escalation`]; filled by [`escalated_notes`]).
    pub escalated: Vec<TaskNote>,
    /// Pending or blocked tasks whose dependency failed or was cancelled.
    pub stranded: Vec<TaskNote>,
    pub expired_leases: Vec<TaskNote>,
    /// Unfinished tasks a handoff rule queued or `--to auto` addressed.
    pub automatic: Vec<TaskNote>,
    /// Pending tasks `--to auto` left for anyone (confidence too low).
    pub unrouted: Vec<TaskNote>,
    /// Handoffs held back while paused, queued on `fed resume`.
    pub deferred_handoffs: usize,
    /// Tasks some process is changing right now (or a killed one left).
    pub in_flight: usize,
    pub votes: VoteSummary,
    /// Files the queue could not use (see `fed check`).
    pub problems: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AgentLoad {
    pub agent: String,
    /// Pending tasks addressed to the agent.
    pub pending: usize,
    /// Tasks the agent holds.
    pub in_progress: usize,
    pub blocked: usize,
    /// Unfinished tasks the agent leads.
    pub led: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TaskNote {
    pub task_id: String,
    pub title: String,
    pub priority: Priority,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    pub note: String,
}

/// Votes at a glance: how many take ballots, which are past their deadline
/// (`fed vote resolve --due` settles them), which wait for the overseers.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct VoteSummary {
    pub active: usize,
    pub due: Vec<VoteNote>,
    pub escalated: Vec<VoteNote>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VoteNote {
    pub vote_id: String,
    pub question: String,
    pub note: String,
}

/// Summarizes the votes at `now`.
pub fn summarize_votes(votes: &[Vote], now: Timestamp) -> VoteSummary {
    let note = |v: &Vote, text: String| VoteNote {
        vote_id: v.vote_id.clone(),
        question: v.question.clone(),
        note: text,
    };
    VoteSummary {
        active: votes.iter().filter(|v| v.is_active()).count(),
        due: votes
            .iter()
            .filter(|v| v.is_due(now))
            .map(|v| {
                note(
                    v,
                    format!(
                        "{} of {} ballots; past its deadline",
                        v.votes.len(),
                        v.quorum
                    ),
                )
            })
            .collect(),
        escalated: votes
            .iter()
            .filter(|v| v.status == VoteStatus::Escalated)
            .map(|v| {
                let reason = v
                    .result
                    .as_ref()
                    .map(|r| r.reason.clone())
                    .unwrap_or_default();
                note(v, reason)
            })
            .collect(),
    }
}

/// Everything the summary needs besides the snapshot.
pub struct Inputs<'a> {
    pub state: &'a State,
    pub now: Timestamp,
    pub known_agents: &'a [String],
    pub in_flight: usize,
    pub votes: VoteSummary,
    pub deferred_handoffs: usize,
    /// Unfinished tasks per lead (see [`count_leads`]).
    pub leads: &'a BTreeMap<String, usize>,
    /// How the notes name other tasks (`ShortIds::default()`: whole).
    pub ids: &'a ShortIds,
    /// How many ready tasks get a note, best first (`None`: every one, as
    /// `status --json` lists them; the count is `Summary::ready` either
    /// way).
    pub ready_notes: Option<usize>,
}

/// How many unfinished tasks each agent leads (from the listing's
/// summaries: the cache holds the lead).
pub fn count_leads(snapshot: &Snapshot) -> BTreeMap<String, usize> {
    let mut leads = BTreeMap::new();
    for row in &snapshot.rows {
        if let Some(lead) = row.summary.lead.as_ref()
            && !row.summary.status.is_finished()
        {
            *leads.entry(lead.clone()).or_default() += 1;
        }
    }
    leads
}

pub fn summarize(snapshot: &Snapshot, inputs: Inputs) -> Summary {
    let mut counts: BTreeMap<&'static str, usize> =
        Status::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for (status, n) in snapshot.counts() {
        *counts.entry(status.as_str()).or_default() += n;
    }
    let mut tally = Tally {
        ready_limit: inputs.ready_notes,
        ..Tally::default()
    };
    for agent in inputs.known_agents {
        load(&mut tally.loads, agent);
    }
    for (agent, led) in inputs.leads {
        load(&mut tally.loads, agent).led = *led;
    }
    let held = Held::from_rows(&snapshot.rows);
    for row in &snapshot.rows {
        tally.origin(&row.summary);
        tally.state(&row.summary, snapshot, &held, inputs.now, inputs.ids);
    }
    tally.keep_best_ready();
    Summary {
        paused: inputs.state.paused,
        paused_by: inputs.state.paused_by.clone(),
        pause_reason: inputs.state.reason.clone(),
        paused_since: inputs.state.since,
        counts,
        ready: tally.ready,
        ready_tasks: tally.ready_tasks,
        agents: tally.loads.into_values().collect(),
        blocked: tally.blocked,
        escalated: Vec::new(),
        stranded: tally.stranded,
        expired_leases: tally.expired,
        automatic: tally.automatic,
        unrouted: tally.unrouted,
        deferred_handoffs: inputs.deferred_handoffs,
        in_flight: inputs.in_flight,
        votes: inputs.votes,
        problems: snapshot.problems.len(),
    }
}

/// What the summary collects task by task.
#[derive(Default)]
struct Tally {
    ready: usize,
    ready_tasks: Vec<TaskNote>,
    /// Notes kept of the ready tasks, the best (`Inputs::ready_notes`).
    ready_limit: Option<usize>,
    loads: BTreeMap<String, AgentLoad>,
    blocked: Vec<TaskNote>,
    stranded: Vec<TaskNote>,
    expired: Vec<TaskNote>,
    automatic: Vec<TaskNote>,
    unrouted: Vec<TaskNote>,
}

fn note(task: &TaskSummary, text: String, agent: Option<&String>) -> TaskNote {
    TaskNote {
        task_id: task.task_id.clone(),
        title: task.title.clone(),
        priority: task.priority,
        agent: agent.cloned(),
        note: text,
    }
}

impl Tally {
    /// Sorts the ready notes best first (highest priority, then id) and
    /// keeps as many as asked. Ids are unique, so no two notes tie and an
    /// unstable sort gives the one order.
    fn keep_best_ready(&mut self) {
        self.ready_tasks
            .sort_unstable_by(|a, b| b.priority.cmp(&a.priority).then(a.task_id.cmp(&b.task_id)));
        if let Some(n) = self.ready_limit {
            self.ready_tasks.truncate(n);
        }
    }

    /// Notes a task that was queued automatically, or left for anyone by
    /// the router.
    fn origin(&mut self, task: &TaskSummary) {
        match task.origin {
            Origin::Handoff | Origin::Routed if !task.status.is_finished() => {
                let why = if task.origin == Origin::Handoff {
                    "queued by a handoff rule"
                } else {
                    "addressed by the router (--to auto)"
                };
                let to = task.to_agent.as_ref();
                self.automatic.push(note(task, why.to_string(), to));
            }
            Origin::Unrouted if task.status == Status::Pending => {
                let why =
                    "--to auto was not confident enough (routing.min_confidence): it is for anyone";
                self.unrouted.push(note(task, why.to_string(), None));
            }
            _ => {}
        }
    }

    /// Counts a task by its state: ready, load, blocked, stranded, expired.
    fn state(
        &mut self,
        task: &TaskSummary,
        snapshot: &Snapshot,
        held: &Held,
        now: Timestamp,
        ids: &ShortIds,
    ) {
        let gate = || gate(&task.dependencies, |d| snapshot.status_of(d));
        match task.status {
            Status::Pending => {
                if let Some(to) = &task.to_agent {
                    load(&mut self.loads, to).pending += 1;
                }
                match gate() {
                    // Pending with its dependencies done: ready (as
                    // `is_ready` says) unless a reservation holds it back;
                    // the gate is not computed twice.
                    Gate::Open if held.holds_back(task) => {}
                    Gate::Open => {
                        self.ready += 1;
                        let to = task.to_agent.as_ref();
                        self.ready_tasks.push(note(task, "ready".to_string(), to));
                        if self
                            .ready_limit
                            .is_some_and(|n| self.ready_tasks.len() >= 2 * n.max(8))
                        {
                            self.keep_best_ready();
                        }
                    }
                    Gate::Stranded(deps) => {
                        let text = stranded_text(&deps, ids);
                        self.stranded.push(note(task, text, task.to_agent.as_ref()));
                    }
                    _ => {}
                }
            }
            Status::InProgress => {
                if let Some(holder) = &task.assignee {
                    load(&mut self.loads, holder).in_progress += 1;
                }
                if let Some(expires_at) = task.lease_expires_at
                    && expires_at <= now
                {
                    let ago = relative(expires_at, now);
                    let text =
                        format!("lease expired {ago}; `fed queue reap` returns it to the queue");
                    self.expired.push(note(task, text, task.assignee.as_ref()));
                }
            }
            Status::Blocked => {
                let who = task.assignee.as_ref().or(task.to_agent.as_ref());
                if let Some(who) = who {
                    load(&mut self.loads, who).blocked += 1;
                }
                let reason = task.blocked_reason.clone().unwrap_or_default();
                self.blocked.push(note(task, reason, who));
                if let Gate::Stranded(deps) = gate() {
                    self.stranded
                        .push(note(task, stranded_text(&deps, ids), who));
                }
            }
            _ => {}
        }
    }
}

/// The escalated blocked tasks among `blocked` (full documents) at `now`.
pub fn escalated_notes(
    blocked: &[crate::model::Task],
    config: &crate::config::Config,
    now: Timestamp,
) -> Vec<TaskNote> {
    blocked
        .iter()
        .filter_map(|t| {
            let e = super::escalation::of_task(t, config, now)?;
            let mut n = note(&TaskSummary::from(t), e.describe(), None);
            n.agent = e.to.first().cloned().filter(|_| e.to.len() == 1);
            Some(n)
        })
        .collect()
}

fn load<'a>(loads: &'a mut BTreeMap<String, AgentLoad>, name: &str) -> &'a mut AgentLoad {
    loads.entry(name.to_string()).or_insert_with(|| AgentLoad {
        agent: name.to_string(),
        pending: 0,
        in_progress: 0,
        blocked: 0,
        led: 0,
    })
}

fn stranded_text(deps: &[(String, Status)], ids: &ShortIds) -> String {
    let retries: Vec<String> = deps
        .iter()
        .map(|(d, _)| format!("`fed queue retry {}`", ids.of(d)))
        .collect();
    let list: Vec<String> = deps
        .iter()
        .map(|(d, s)| format!("{} {s}", ids.of(d)))
        .collect();
    let (noun, verb, it) = match deps.len() {
        1 => ("dependency", "puts", "it"),
        _ => ("dependencies", "put", "them"),
    };
    format!(
        "{noun} {}; {} {verb} {it} back in the queue, or cancel this task",
        list.join(", "),
        retries.join(" and ")
    )
}
