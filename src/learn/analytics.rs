//! Analytics: what the finished work says about each agent, per task type,
//! and how the federation as a whole is doing. Pure functions of the
//! history, the tasks and the votes.
//!
//! Definitions:
//! - `count`: tasks the agent finished (done or failed) of that type;
//! - `success_rate`: the share of them that are done;
//! - `avg_minutes`: mean minutes from the last claim to the finish;
//! - `rework_rate`: the share of them that a later task was added to fix
//!   (`fed queue add --reworks ID`): a rework counts against the agent that
//!   finished ID, once however many fixes it needed;
//! - `boost`: `(success_rate - 0.80) * routing.boost_factor` once
//!   `count > 5`, else 0.

use crate::model::record::Record;
use crate::model::round::{round, round1};
use crate::model::time::Timestamp;
use crate::model::{Status, TaskSummary, Vote, VoteStatus};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Stats {
    pub count: usize,
    pub success_rate: f64,
    pub avg_minutes: Option<f64>,
    pub rework_rate: f64,
    pub boost: f64,
}

/// `agent -> task type -> stats`.
pub type Performance = BTreeMap<String, BTreeMap<String, Stats>>;

pub fn boost(success_rate: f64, count: usize, factor: f64) -> f64 {
    if count > 5 {
        round((success_rate - 0.80) * factor)
    } else {
        0.0
    }
}

/// Per agent and task type, from finished tasks; `reworked` holds every
/// task id that some task was added to fix.
pub fn performance(records: &[&Record], reworked: &BTreeSet<String>, factor: f64) -> Performance {
    #[derive(Default)]
    struct Acc {
        count: usize,
        done: usize,
        minutes: Vec<f64>,
        reworked: usize,
    }
    let mut acc: BTreeMap<(&str, &str), Acc> = BTreeMap::new();
    for r in records {
        let a = acc
            .entry((r.assigned_to.as_str(), r.task_type.as_str()))
            .or_default();
        a.count += 1;
        a.done += usize::from(r.success);
        a.minutes.extend(r.minutes);
        a.reworked += usize::from(r.task_id.as_ref().is_some_and(|id| reworked.contains(id)));
    }
    let mut out: Performance = BTreeMap::new();
    for ((agent, kind), a) in acc {
        let success_rate = round(a.done as f64 / a.count as f64);
        out.entry(agent.to_string()).or_default().insert(
            kind.to_string(),
            Stats {
                count: a.count,
                success_rate,
                avg_minutes: mean(&a.minutes).map(round1),
                rework_rate: round(a.reworked as f64 / a.count as f64),
                boost: boost(success_rate, a.count, factor),
            },
        );
    }
    out
}

/// The boosts the router adds, per agent and task type, with the agent's
/// overall record for tasks of unknown type.
#[derive(Debug, Clone, Default)]
pub struct Boosts {
    by_type: BTreeMap<(String, String), f64>,
    overall: BTreeMap<String, f64>,
}

impl Boosts {
    pub fn from_records(records: &[&Record], factor: f64) -> Boosts {
        Boosts::from_counts(&crate::learn::corpus::counts(records), factor)
    }

    /// From the tasks finished and done per agent and type (counted, not
    /// rebuilt from rounded rates).
    pub fn from_counts(counts: &crate::learn::corpus::Counts, factor: f64) -> Boosts {
        let mut boosts = Boosts::default();
        let mut overall: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for ((agent, kind), &(count, done)) in counts {
            let rate = round(done as f64 / count.max(1) as f64);
            boosts
                .by_type
                .insert((agent.clone(), kind.clone()), boost(rate, count, factor));
            let all = overall.entry(agent).or_default();
            all.0 += count;
            all.1 += done;
        }
        for (agent, (count, done)) in overall {
            let rate = done as f64 / count.max(1) as f64;
            boosts
                .overall
                .insert(agent.to_string(), boost(rate, count, factor));
        }
        boosts
    }

    pub fn of(&self, agent: &str, task_type: Option<&str>) -> f64 {
        task_type
            .and_then(|t| {
                self.by_type
                    .get(&(agent.to_string(), t.to_string()))
                    .copied()
            })
            .or_else(|| self.overall.get(agent).copied())
            .unwrap_or(0.0)
    }
}

/// How the federation is doing (the figures of its success table).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Federation {
    /// Tasks queued per day (UTC), by overseers and automatically.
    pub queued_per_day: Vec<Day>,
    /// Share of all tasks queued automatically (handoff rules, `--to auto`).
    pub automatic_share: f64,
    /// Share of finished votes decided by their ballots, without escalation.
    pub votes_without_escalation: Option<f64>,
    pub avg_completion_minutes: Option<f64>,
    /// Mean completion minutes per week, oldest first (up to 8 weeks).
    pub completion_trend: Vec<Option<f64>>,
    /// Finished tasks that needed more than one claim.
    pub retried: usize,
    pub retried_share: f64,
    pub finished: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Day {
    pub date: String,
    pub by_overseers: usize,
    pub automatic: usize,
    pub other: usize,
}

pub fn federation(
    records: &[&Record],
    tasks: &[&TaskSummary],
    votes: &[&Vote],
    overseers: &[String],
    now: Timestamp,
) -> Federation {
    let mut days: BTreeMap<String, Day> = BTreeMap::new();
    for t in tasks {
        let date = t.created_at.format("%Y-%m-%d").to_string();
        let day = days.entry(date.clone()).or_insert_with(|| Day {
            date,
            by_overseers: 0,
            automatic: 0,
            other: 0,
        });
        if t.origin.automatic() {
            day.automatic += 1;
        } else if t.from_agent.as_ref().is_some_and(|f| overseers.contains(f)) {
            day.by_overseers += 1;
        } else {
            day.other += 1;
        }
    }
    let finished_votes: Vec<&&Vote> = votes
        .iter()
        .filter(|v| v.status != VoteStatus::Active)
        .collect();
    let decided = finished_votes
        .iter()
        .filter(|v| v.status == VoteStatus::Decided)
        .count();
    let minutes: Vec<f64> = records.iter().filter_map(|r| r.minutes).collect();
    let weeks = 8;
    let mut buckets: Vec<Vec<f64>> = vec![Vec::new(); weeks];
    for r in records {
        if let (Some(m), Some(at)) = (r.minutes, r.finished_at) {
            let age = (now - at).num_days();
            if (0..weeks as i64 * 7).contains(&age) {
                buckets[weeks - 1 - (age / 7) as usize].push(m);
            }
        }
    }
    let retried = records
        .iter()
        .filter(|r| r.attempts.is_some_and(|a| a > 1))
        .count();
    Federation {
        queued_per_day: days.into_values().collect(),
        automatic_share: share(
            tasks.iter().filter(|t| t.origin.automatic()).count(),
            tasks.len(),
        ),
        votes_without_escalation: (!finished_votes.is_empty())
            .then(|| share(decided, finished_votes.len())),
        avg_completion_minutes: mean(&minutes).map(round1),
        completion_trend: buckets.iter().map(|b| mean(b).map(round1)).collect(),
        retried,
        retried_share: share(retried, records.len()),
        finished: records.len(),
    }
}

/// Every task id that a task (finished or not) was added to fix.
pub fn reworked_ids<'a>(
    records: &[&'a Record],
    tasks: impl IntoIterator<Item = &'a str>,
) -> BTreeSet<String> {
    records
        .iter()
        .filter_map(|r| r.reworks.as_deref())
        .chain(tasks)
        .map(str::to_string)
        .collect()
}

/// Whether a task counts as finished for analytics (cancelled ones are not
/// an agent's outcome).
pub fn is_outcome(status: Status) -> bool {
    matches!(status, Status::Done | Status::Failed)
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round(part as f64 / whole as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn record(agent: &str, kind: &str, success: bool, id: &str) -> Record {
        Record {
            task: format!("{kind} work"),
            task_type: kind.into(),
            assigned_to: agent.into(),
            success,
            minutes: Some(30.0),
            task_id: Some(id.into()),
            finished_at: Some("2026-11-20T10:00:00Z".parse().unwrap()),
            attempts: Some(1),
            reworks: None,
            automatic: false,
            from_agent: None,
        }
    }

    #[test]
    fn boost_follows_the_formula_only_after_five_tasks() {
        assert_eq!(boost(1.0, 5, 0.1), 0.0);
        assert_eq!(boost(1.0, 6, 0.1), 0.02);
        assert_eq!(boost(0.5, 10, 0.1), -0.03);
    }

    #[test]
    fn performance_counts_success_minutes_and_rework() {
        let records: Vec<Record> = (0..8)
            .map(|i| record("kimi", "implement", i < 6, &format!("t{i}")))
            .chain([record("claude", "research", true, "r1")])
            .collect();
        let refs: Vec<&Record> = records.iter().collect();
        let reworked: BTreeSet<String> = ["t0".to_string(), "t1".to_string()].into();
        let perf = performance(&refs, &reworked, 0.1);
        let kimi = perf["kimi"]["implement"];
        assert_eq!(kimi.count, 8);
        assert_eq!(kimi.success_rate, 0.75);
        assert_eq!(kimi.rework_rate, 0.25);
        assert_eq!(kimi.avg_minutes, Some(30.0));
        assert_eq!(kimi.boost, -0.005);
        assert_eq!(perf["claude"]["research"].boost, 0.0);
        let boosts = Boosts::from_records(&refs, 0.1);
        assert_eq!(boosts.of("kimi", Some("implement")), -0.005);
        assert_eq!(boosts.of("kimi", None), -0.005);
        assert_eq!(boosts.of("nobody", None), 0.0);
    }

    #[test]
    fn reworks_are_counted_once_per_task() {
        let mut fix = record("kimi", "implement", true, "fix1");
        fix.reworks = Some("t0".into());
        let records = [fix];
        let refs: Vec<&Record> = records.iter().collect();
        let ids = reworked_ids(&refs, ["t0", "t9"]);
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["t0", "t9"]);
    }
}
