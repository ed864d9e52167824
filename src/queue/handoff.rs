//! Handoffs: the follow-up tasks that the rules in `config.yaml` queue
//! when a task finishes (see `model::rule` for matching and templates).
//!
//! A follow-up is prepared in `handoffs/` before the completion that
//! causes it commits, so that a process dying between the two loses
//! nothing; [`publish`] (run by the completion, by `resume` and by every
//! changing command's recovery) queues a prepared handoff once its task is
//! finished and the federation is not paused, and drops it if the task was
//! cancelled instead. Ids are derived from (task, rule), so preparing twice
//! prepares once.

use super::add::{NewTask, add};
use crate::error::{Kind, Result};
use crate::model::rule::{Rule, render};
use crate::model::{Handoff, Status, Task};
use crate::op::Op;
use crate::store::handoffs::{Prepared, Queued};
use crate::store::layout::Folder;
use crate::store::locate::{Place, place};
use crate::store::scan::read_task;
use serde_json::Map;

/// Prepares the follow-ups the handoff rules ask for after `task` (its
/// finished document, before that is published) by `agent`: each is
/// written to `handoffs/`, never straight into the queue. Refusals are
/// logged, never an error of the completion itself.
pub fn prepare(op: &Op, task: &Task, agent: &str) -> Vec<Task> {
    let paused = op.store.state().map(|s| s.paused).unwrap_or(false);
    let mut prepared = Vec::new();
    for rule in op.config.handoffs.iter().filter(|r| r.matches(task, agent)) {
        let refuse = |reason: String| {
            op.log(
                op.event("handoff-refused", &task.task_id)
                    .with("rule", rule.name.as_str())
                    .with("reason", reason),
            );
        };
        let new = match follow_up(op, rule, task, agent) {
            Ok(new) => new,
            Err(reason) => {
                refuse(reason);
                continue;
            }
        };
        match add_replacing_stale(op, new, task) {
            Ok(task_added) => {
                if paused {
                    op.log(
                        op.event("handoff-deferred", &task_added.task_id)
                            .with("from_task", task.task_id.as_str())
                            .with("rule", rule.name.as_str()),
                    );
                }
                prepared.push(task_added);
            }
            // Prepared or queued already (a retried completion).
            Err(e) if e.kind == Kind::Conflict => {}
            Err(e) => refuse(e.to_string()),
        }
    }
    prepared
}

/// Prepares `new`; a follow-up of the same task and rule prepared for
/// another completion (one that never landed: the process died, or its
/// swap failed) is dropped and replaced by this one.
fn add_replacing_stale(op: &Op, new: NewTask, task: &Task) -> Result<Task> {
    match add(op, new.clone()) {
        Err(e) if e.kind == Kind::Conflict => {
            let id = new.id.clone().unwrap_or_default();
            let stale = op
                .store
                .prepared_handoffs()
                .into_iter()
                .find(|p| p.id == id)
                .filter(|p| {
                    let prepared = op.store.read_prepared(p);
                    !prepared.is_some_and(|p| prepared_for(&p, task))
                });
            match stale {
                Some(file) if op.store.drop_prepared(&file) => add(op, new),
                _ => Err(e),
            }
        }
        other => other,
    }
}

/// Whether a prepared follow-up was prepared for exactly this completion
/// of its task (same outcome, same time), or, for a follow-up prepared by
/// an older version that did not record the completion, for this outcome.
fn prepared_for(follow_up: &Task, parent: &Task) -> bool {
    let Some(h) = &follow_up.handoff else {
        return false;
    };
    let finished_at = parent.result.as_ref().map(|r| r.finished_at);
    match (h.outcome, h.finished_at) {
        (Some(outcome), Some(at)) => outcome == parent.status && Some(at) == finished_at,
        _ => matches!(parent.status, Status::Done | Status::Failed),
    }
}

/// Withdraws the follow-ups this process prepared for a completion that
/// did not land (its change failed): a command that says "nothing
/// changed" leaves nothing behind. A follow-up whose task did finish as
/// prepared stays (the change landed after all).
pub fn withdraw(op: &Op, prepared: &[Task]) {
    for follow_up in prepared {
        let Some(h) = &follow_up.handoff else {
            continue;
        };
        let landed = crate::store::locate::find(op.store, &h.from_task)
            .ok()
            .flatten()
            .is_some_and(|found| prepared_for(follow_up, &found.task));
        if landed {
            continue;
        }
        let file = op
            .store
            .prepared_handoffs()
            .into_iter()
            .find(|p| p.id == follow_up.task_id);
        if let Some(file) = file {
            op.store.drop_prepared(&file);
        }
    }
}

/// The follow-up `rule` asks for after `task`, or why there is none.
fn follow_up(op: &Op, rule: &Rule, task: &Task, agent: &str) -> Result<NewTask, String> {
    let depth = task
        .handoff
        .as_ref()
        .map_or(0, |h| h.depth)
        .saturating_add(1);
    let max = op.config.limits.max_handoff_depth;
    if depth > max {
        return Err(format!(
            "the chain would be {depth} handoffs long (limits.max_handoff_depth is {max})"
        ));
    }
    let description = render(&rule.then.description, task, agent)?;
    let title = match &rule.then.title {
        Some(t) => Some(render(t, task, agent)?),
        None => None,
    };
    let context = task
        .context
        .iter()
        .map(|(k, v)| {
            let text = v.as_str().map(str::to_string);
            (k.clone(), text.unwrap_or_else(|| v.to_string()))
        })
        .collect();
    Ok(NewTask {
        description,
        title,
        task_type: Some(rule.then.task_type.clone()),
        to: Some(rule.then.to.clone()),
        from: Some(agent.to_string()),
        priority: rule.then.priority,
        // A follow-up of a success waits for it; one of a failure (a fix,
        // a report) could never start if it did.
        after: if task.status == Status::Done {
            vec![task.task_id.clone()]
        } else {
            Vec::new()
        },
        context,
        id: Some(handoff_id(&task.task_id, &rule.name)),
        handoff: Some(Handoff {
            from_task: task.task_id.clone(),
            rule: rule.name.clone(),
            depth,
            outcome: Some(task.status),
            finished_at: task.result.as_ref().map(|r| r.finished_at),
            extra: Map::new(),
        }),
        defer: true,
        ..NewTask::default()
    })
}

/// Queues the prepared handoffs whose task is finished (nothing while the
/// federation is paused), drops those whose task was cancelled, and leaves
/// the others (their completion has not landed). Returns the queued tasks.
pub fn publish(op: &Op) -> Result<Vec<Task>> {
    let prepared = op.store.prepared_handoffs();
    if prepared.is_empty() || op.store.state()?.paused {
        return Ok(Vec::new());
    }
    let mut published = Vec::new();
    for file in prepared {
        let Some(task) = op.store.read_prepared(&file) else {
            continue; // taken by another publisher meanwhile, or unreadable
        };
        if let Some(task) = publish_one(op, &file, task)? {
            published.push(task);
        }
    }
    Ok(published)
}

/// Queues or drops one prepared handoff, by what became of its task:
/// queued when the task finished exactly as the follow-up was prepared for
/// (and the agent it is for has room under `limits.max_pending_per_agent`),
/// dropped when the task ended otherwise (cancelled, another outcome, or a
/// completion that never landed), left while the task is unfinished.
fn publish_one(op: &Op, file: &Prepared, task: Task) -> Result<Option<Task>> {
    let Some(handoff) = &task.handoff else {
        return Ok(None);
    };
    let parent = match place(op.store, &handoff.from_task)? {
        Some(Place::Folder {
            folder: Folder::Completed,
            path,
        }) => read_task(&path, Folder::Completed, &handoff.from_task, None).ok(),
        // Not finished (or being changed right now): wait.
        Some(_) => return Ok(None),
        None => None,
    };
    let refusal = match &parent {
        None => Some("its task is gone".to_string()),
        Some(p) if !prepared_for(&task, p) => Some(format!(
            "its task is {}, not the outcome it was prepared for",
            p.status
        )),
        Some(_) => over_limit(op, task.to_agent.as_deref()),
    };
    if let Some(reason) = refusal {
        if op.store.drop_prepared(file) {
            op.log(
                op.event("handoff-dropped", &file.id)
                    .with("from_task", handoff.from_task.as_str())
                    .with("reason", reason),
            );
        }
        return Ok(None);
    }
    if op.store.queue_prepared(file, &task)? != Queued::Published {
        return Ok(None);
    }
    op.log(
        op.event("added", &file.id)
            .with("to", task.to_agent.clone())
            .with("priority", task.priority.as_str())
            .with("from_task", handoff.from_task.as_str())
            .with("rule", handoff.rule.as_str()),
    );
    Ok(Some(task))
}

/// Why a follow-up for `agent` may not be queued now: the agent has
/// `limits.max_pending_per_agent` pending tasks already.
fn over_limit(op: &Op, agent: Option<&str>) -> Option<String> {
    let agent = agent?;
    let limit = op.config.limits.max_pending_per_agent as usize;
    let pending = op
        .store
        .list_folder(Folder::Pending)
        .rows
        .iter()
        .filter(|r| r.summary.to_agent.as_deref() == Some(agent))
        .count();
    (pending >= limit).then(|| {
        format!(
            "{agent} already has {pending} pending tasks (limits.max_pending_per_agent is {limit})"
        )
    })
}

/// The id of the task a rule queues after a finished task: the rule's
/// name and a hash of the pair, the same for the same pair (so a handoff is
/// never queued twice) and short whatever the length of a chain.
fn handoff_id(from_task: &str, rule: &str) -> String {
    // FNV-1a, 64 bits: stable across versions and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in from_task.bytes().chain([0]).chain(rule.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut digits = String::new();
    while digits.len() < 12 {
        digits.push(char::from_digit((hash % 36) as u32, 36).unwrap_or('0'));
        hash /= 36;
    }
    let mut name = rule.to_string();
    name.truncate(crate::model::id::MAX_ID_LEN - digits.len() - 1);
    format!("{name}-{digits}")
}

#[cfg(test)]
mod tests {
    use super::handoff_id;

    #[test]
    fn handoff_ids_are_stable_short_and_distinct() {
        let a = handoff_id("20261121-090000-abc123", "research-to-impl");
        assert_eq!(a, handoff_id("20261121-090000-abc123", "research-to-impl"));
        assert_ne!(a, handoff_id("20261121-090000-abc124", "research-to-impl"));
        assert_ne!(a, handoff_id("20261121-090000-abc123", "review"));
        // Chains do not grow ids: each step hashes the previous id.
        let mut id = a.clone();
        for _ in 0..20 {
            id = handoff_id(&id, &"x".repeat(64));
            assert!(crate::model::id::validate_id(&id, "id").is_ok(), "{id}");
        }
    }
}
