//! The dependency gate: which tasks are ready, for whom, and in what order.
//!
//! Pure functions over task summaries and a lookup of dependency states.
//! Ready means: pending, addressed to the caller or to anyone, and every
//! dependency `done`. A dependency that failed or was cancelled strands
//! its dependants: they cannot become ready until it is retried
//! (`fed queue retry`) and done.

use crate::model::{Status, TaskSummary};
use std::cmp::Ordering;

/// Where a task stands with respect to its dependencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Every dependency is done.
    Open,
    /// Some dependencies are not finished yet.
    Waiting(Vec<String>),
    /// Some dependencies failed or were cancelled (with their status).
    Stranded(Vec<(String, Status)>),
    /// Some dependencies do not exist.
    Dangling(Vec<String>),
}

/// Evaluates a task's dependencies; `status_of` looks a task up.
pub fn gate(dependencies: &[String], status_of: impl Fn(&str) -> Option<Status>) -> Gate {
    let mut waiting = Vec::new();
    let mut stranded = Vec::new();
    let mut dangling = Vec::new();
    for dep in dependencies {
        match status_of(dep) {
            Some(Status::Done) => {}
            Some(s @ (Status::Failed | Status::Cancelled)) => stranded.push((dep.clone(), s)),
            Some(_) => waiting.push(dep.clone()),
            None => dangling.push(dep.clone()),
        }
    }
    if !stranded.is_empty() {
        Gate::Stranded(stranded)
    } else if !dangling.is_empty() {
        Gate::Dangling(dangling)
    } else if !waiting.is_empty() {
        Gate::Waiting(waiting)
    } else {
        Gate::Open
    }
}

/// The failed or cancelled dependencies of a stranded task, for people:
/// "a1 failed, b2 cancelled".
pub fn stranded_list(deps: &[(String, Status)]) -> String {
    let list: Vec<_> = deps.iter().map(|(d, s)| format!("{d} {s}")).collect();
    list.join(", ")
}

/// Whether `agent` may claim a task addressed to `to_agent`.
pub fn addressed_to(to_agent: Option<&str>, agent: &str) -> bool {
    to_agent.is_none_or(|to| to == agent)
}

/// A pending task `agent` could claim if its dependencies allow.
pub fn is_candidate(task: &TaskSummary, agent: &str, task_type: Option<&str>) -> bool {
    task.status == Status::Pending
        && addressed_to(task.to_agent.as_deref(), agent)
        && task_type.is_none_or(|t| t == task.task_type)
}

/// Claim order for `agent`: highest priority, then tasks addressed to the
/// agent, then oldest, then id (so the order is total).
pub fn claim_order(a: &TaskSummary, b: &TaskSummary, agent: &str) -> Ordering {
    let mine = |t: &TaskSummary| t.to_agent.as_deref() == Some(agent);
    b.priority
        .cmp(&a.priority)
        .then_with(|| mine(b).cmp(&mine(a)))
        .then_with(|| a.created_at.cmp(&b.created_at))
        .then_with(|| a.task_id.cmp(&b.task_id))
}

/// Whether two summaries of one task agree on everything that decides
/// who may claim it and in what order.
pub fn same_claim_keys(a: &TaskSummary, b: &TaskSummary) -> bool {
    a.status == b.status
        && a.priority == b.priority
        && a.to_agent == b.to_agent
        && a.task_type == b.task_type
        && a.created_at == b.created_at
        && a.dependencies == b.dependencies
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Priority, Task};

    pub(crate) fn task(id: &str) -> TaskSummary {
        TaskSummary::from(&Task::from_json(
            format!(
                r#"{{"task_id":"{id}","description":"d","status":"pending","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#
            )
            .as_bytes(),
        )
        .unwrap())
    }

    #[test]
    fn gate_states() {
        let mut t = task("t");
        assert_eq!(gate(&t.dependencies, |_| None), Gate::Open);
        t.dependencies = vec!["a".into(), "b".into()];
        let status = |s: Status| move |_: &str| Some(s);
        assert_eq!(gate(&t.dependencies, status(Status::Done)), Gate::Open);
        assert_eq!(
            gate(&t.dependencies, status(Status::InProgress)),
            Gate::Waiting(vec!["a".into(), "b".into()])
        );
        assert!(matches!(
            gate(&t.dependencies, status(Status::Cancelled)),
            Gate::Stranded(_)
        ));
        assert_eq!(
            gate(&t.dependencies, |d| (d == "a").then_some(Status::Done)),
            Gate::Dangling(vec!["b".into()])
        );
        // A failed dependency strands even when another one is missing.
        assert!(matches!(
            gate(&t.dependencies, |d| (d == "a").then_some(Status::Failed)),
            Gate::Stranded(_)
        ));
    }

    #[test]
    fn order_is_priority_then_mine_then_oldest() {
        let mut low = task("low");
        low.priority = Priority::Low;
        let mut old = task("old");
        old.created_at = "2025-01-01T00:00:00Z".parse().unwrap();
        let mut mine = task("mine");
        mine.to_agent = Some("kimi".into());
        let mut high = task("high");
        high.priority = Priority::High;
        let mut tasks = [low.clone(), mine.clone(), old.clone(), high.clone()];
        tasks.sort_by(|a, b| claim_order(a, b, "kimi"));
        let ids: Vec<_> = tasks.iter().map(|t| t.task_id.as_str()).collect();
        assert_eq!(ids, ["high", "mine", "old", "low"]);
    }

    #[test]
    fn addressing() {
        let mut t = task("t");
        assert!(is_candidate(&t, "a", None));
        t.to_agent = Some("b".into());
        assert!(!is_candidate(&t, "a", None));
        assert!(is_candidate(&t, "b", Some("general")));
        assert!(!is_candidate(&t, "b", Some("review")));
    }
}
