//! Writing a checked change set: new tasks first, each after those it
//! waits for (through `queue add`), then the changed ones (through `queue
//! edit`, and recorded as done when their item was ticked).
//!
//! Each step is one of the queue's own operations, with its transaction
//! and its log event. Many files cannot change at once: when a step fails
//! (a task changed underneath, a full disk), the import stops and says
//! what landed; running it again finishes it, since the new tasks' ids
//! come from their items' keys and nothing is created twice.

use super::changeset::{ChangeSet, Create};
use super::report::{ImportError, Report};
use super::{CONTEXT_FUZZY_KEY, CONTEXT_KEY, CONTEXT_PHASE, CONTEXT_PLAN, Plan};
use crate::error::Error;
use crate::model::Task;
use crate::op::Op;
use crate::queue::add::{NewTask, add};
use crate::queue::done::record_done;
use crate::queue::edit::edit;

/// What a task recorded as done because its item was ticked says.
const TICKED: &str = "ticked in the plan";

/// The plan being applied: what each new task needs besides its item.
pub(super) struct Source<'a> {
    pub plan: &'a Plan,
    /// The plan's path (`context.plan`).
    pub path: &'a str,
    /// `--lead`: the lead of the new tasks.
    pub lead: Option<&'a str>,
}

/// Writes `set`; `report` collects what landed.
pub(super) fn apply(
    op: &Op,
    source: &Source,
    set: &ChangeSet,
    mut report: Report,
    tasks: &[Task],
) -> Result<Report, ImportError> {
    let plan = source.plan;
    let stop = |mut report: Report, e: Error| {
        let landed = format!(
            "{} created, {} updated",
            report.created.len(),
            report.updated.len()
        );
        report.finish(plan, set, tasks);
        ImportError {
            landed: Box::new(report),
            error: Error::new(
                e.kind,
                format!(
                    "{} (the import stopped with {landed}; run it again to finish: it creates nothing twice)",
                    e.message
                ),
            ),
        }
    };
    for create in &set.creates {
        match add(op, new_task(source, create)) {
            Ok(task) => report.note_created(plan, create.item, &task.task_id),
            Err(e) => return Err(stop(report, e)),
        }
    }
    for update in &set.updates {
        if let Some(request) = &update.edit
            && let Err(e) = edit(op, request.clone())
        {
            return Err(stop(report, e));
        }
        if update.done
            && let Err(e) = record_done(op, &update.id, TICKED)
        {
            return Err(stop(report, e));
        }
        report.note_updated(plan, update.item, &update.id, &update.fields);
    }
    report.finish(plan, set, tasks);
    Ok(report)
}

/// The `queue add` request for a new task.
fn new_task(source: &Source, create: &Create) -> NewTask {
    let item = &source.plan.items[create.item];
    let mut context = vec![
        (CONTEXT_PLAN.to_string(), source.path.to_string()),
        (CONTEXT_KEY.to_string(), item.key.clone()),
        (CONTEXT_FUZZY_KEY.to_string(), item.fuzzy_key.clone()),
    ];
    let phase = item.phase_text();
    if !phase.is_empty() {
        context.push((CONTEXT_PHASE.to_string(), phase));
    }
    NewTask {
        description: item.task_description(),
        title: Some(item.title.clone()),
        task_type: item.task_type.clone(),
        to: item.to_agent.clone(),
        lead: source.lead.map(str::to_string),
        priority: item.priority.unwrap_or_default(),
        after: create.after.clone(),
        context,
        id: Some(create.id.clone()),
        done: item.done,
        prechecked: true,
        ..NewTask::default()
    }
}
