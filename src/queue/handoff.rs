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
        match add(op, new) {
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

/// The follow-up `rule` asks for after `task`, or why there is none.
fn follow_up(op: &Op, rule: &Rule, task: &Task, agent: &str) -> Result<NewTask, String> {
    let depth = task.handoff.as_ref().map_or(0, |h| h.depth) + 1;
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

/// Queues or drops one prepared handoff, by what became of its task.
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
    match parent.map(|p| p.status) {
        Some(Status::Done | Status::Failed) => {}
        other => {
            // The task was cancelled (or is gone): the handoff never fires.
            if op.store.drop_prepared(file) {
                let reason = match other {
                    Some(status) => format!("its task is {status}"),
                    None => "its task is gone".to_string(),
                };
                op.log(
                    op.event("handoff-dropped", &file.id)
                        .with("from_task", handoff.from_task.as_str())
                        .with("reason", reason),
                );
            }
            return Ok(None);
        }
    }
    if op.store.queue_prepared(file)? != Queued::Published {
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
