//! The one way an existing task changes: [`change`] finds the task, checks
//! the rule on the document as read (so a refused caller never disturbs
//! the task), takes the file (the exclusive, fencing step), checks the rule
//! again on the document actually taken, and writes the new version. A task
//! that moved between the read and the take is looked up again; its new
//! state decides. The rules shared by several commands live here too.

use super::recover::recover;
use crate::error::{Error, Param, Result};
use crate::model::{Status, Task};
use crate::op::Op;
use crate::store::locate::{self, Found};

/// How many times a task that keeps moving is looked up again.
pub(super) const RETRIES: usize = 16;

/// Finds task `id`, checks `rule`, and commits `apply`'s new version.
pub(super) fn change(
    op: &Op,
    id: &str,
    rule: impl Fn(&Found) -> Result<()>,
    apply: impl Fn(Task) -> Result<Task>,
) -> Result<Task> {
    change_if(op, id, RETRIES, rule, |task| apply(task).map(Some)).map(|(task, _)| task)
}

/// Like [`change`], but `apply` may find nothing to change (`Ok(None)`):
/// the file is then put back untouched, and the task as taken is returned
/// with `false`. A task that keeps moving is looked up `retries` times.
pub(super) fn change_if(
    op: &Op,
    id: &str,
    retries: usize,
    rule: impl Fn(&Found) -> Result<()>,
    apply: impl Fn(Task) -> Result<Option<Task>>,
) -> Result<(Task, bool)> {
    for _ in 0..retries {
        // The id was resolved, so the task exists; missing it now means it
        // was moving, and the caller lost a race.
        let found = locate::find_waiting(op.store, id, || recover(op))?.ok_or_else(|| {
            Error::conflict(format!(
                "task {id} changed underneath (it was being moved); try again"
            ))
        })?;
        rule(&found)?;
        let Some(taken) = op.store.take(&found.path, id)? else {
            continue; // moved meanwhile: look again
        };
        rule(&Found {
            task: taken.doc.clone(),
            ..found
        })?;
        op.after(taken.doc.last_change());
        let Some(task) = apply(taken.doc.clone())? else {
            let task = taken.doc.clone();
            taken.abort()?;
            return Ok((task, false));
        };
        taken.commit(&task)?;
        return Ok((task, true));
    }
    Err(Error::conflict(format!(
        "task {id} kept changing underneath; try again"
    )))
}

/// Refuses anyone but an overseer, the task's creator or its lead (and,
/// with `holder`, the agent holding it in progress): who may change what
/// a task says, retry it or cancel it. `action` names the command.
pub(super) fn may_manage(op: &Op, action: &str, task: &Task, holder: bool) -> Result<()> {
    let agent = op.agent.as_deref();
    if op.config.check_overseer(agent, action).is_ok() {
        return Ok(());
    }
    let Some(agent) = agent else {
        return Err(Error::forbidden(format!(
            "{action}: only an overseer, the task's creator or its lead may change task {}, and no agent was named",
            task.task_id
        ))
        .on(Param::Identity));
    };
    let is = |who: &Option<String>| who.as_deref() == Some(agent);
    if is(&task.from_agent)
        || is(&task.lead)
        || (holder && task.status == Status::InProgress && is(&task.assignee))
    {
        return Ok(());
    }
    let mut who = vec![
        format!("an overseer ({})", op.config.overseers.join(", ")),
        format!(
            "the task's creator ({})",
            task.from_agent.as_deref().unwrap_or("unknown")
        ),
        format!("its lead ({})", task.lead.as_deref().unwrap_or("none")),
    ];
    if holder {
        who.push("the agent holding it in progress".to_string());
    }
    let last = who.pop().unwrap_or_default();
    Err(Error::forbidden(format!(
        "{action}: only {} or {last} may change task {}, not {agent}",
        who.join(", "),
        task.task_id
    )))
}

/// The claim a caller says it holds: its agent name and, optionally, the
/// exact claim token (for agents that run several workers under one name).
#[derive(Debug, Clone, Copy)]
pub struct Holder<'a> {
    pub agent: &'a str,
    pub token: Option<&'a str>,
}

pub(super) fn held_by(holder: Holder, id: &str, found: &Found) -> Result<()> {
    let task = &found.task;
    let agent = holder.agent;
    let token = task.lease.as_ref().map(|l| l.token.as_str());
    match task.status {
        Status::InProgress
            if task.assignee.as_deref() == Some(agent)
                && holder.token.is_some_and(|t| Some(t) != token) =>
        {
            Err(Error::conflict(format!(
                "task {id} is held by {agent} under claim {}, not {} (a mistyped token, or that claim expired and the task was claimed again)",
                token.unwrap_or("-"),
                holder.token.unwrap_or("-")
            )))
        }
        Status::InProgress if task.assignee.as_deref() == Some(agent) => Ok(()),
        Status::InProgress => Err(Error::conflict(format!(
            "task {id} is held by {}, not by {agent} (if {agent} held it, its lease expired and the task was claimed again)",
            task.assignee.as_deref().unwrap_or("nobody")
        ))),
        Status::Pending if task.attempts == 0 => Err(Error::conflict(format!(
            "task {id} is pending and was never claimed; claim it first (`fed queue claim {id}`)"
        ))),
        Status::Pending => Err(Error::conflict(format!(
            "task {id} is pending, not in progress (if {agent} held it, its lease expired and was reaped)"
        ))),
        Status::Blocked => Err(Error::conflict(format!(
            "task {id} is blocked, not in progress"
        ))),
        done => Err(Error::conflict(format!(
            "task {id} is already finished ({done})"
        ))),
    }
}

pub(super) fn finished(id: &str, found: &Found) -> Result<()> {
    if found.task.status.is_finished() {
        Err(Error::conflict(format!(
            "task {id} is already finished ({})",
            found.task.status
        )))
    } else {
        Ok(())
    }
}
