//! `fed queue edit` and `fed queue lead`: change what an unfinished task
//! says (title, description, type, priority, agent, lead, context,
//! dependencies).
//!
//! Every value is checked before the task is touched; the change itself
//! goes through the one transaction ([`super::change`]), which compares
//! the wanted values with the task actually taken, so concurrent edits of
//! one task serialize and none is lost. An edit is recorded as an `edited`
//! history entry and log event with each changed field before and after.

use super::change::{RETRIES, change_if, finished, may_manage};
use super::edit_fields::{Wanted, event_changes, summary};
use super::recover::recover;
use super::rules::{self, agent_param, pending_for, refuse_cycle, refuse_over_limit};
use crate::error::{Error, Kind, Param, Result};
use crate::model::id::validate_id;
use crate::model::{Priority, Status, Task};
use crate::op::Op;
use crate::store::cache::Reading;
use crate::store::locate::resolve;
use crate::store::snapshot::Snapshot;
use std::cell::RefCell;

pub use super::edit_fields::Change;

/// What to change; `None` (or empty) leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct EditRequest {
    pub id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub task_type: Option<String>,
    pub priority: Option<Priority>,
    /// The agent it is for; `Some(None)` for anyone.
    pub to: Option<Option<String>>,
    /// Its lead; `Some(None)` for none.
    pub lead: Option<Option<String>>,
    /// Context keys to set, or with `None` to remove.
    pub context: Vec<(String, Option<String>)>,
    /// Tasks (ids or shortenings) to wait for as well.
    pub after: Vec<String>,
    /// Tasks (ids or shortenings) to wait for no longer.
    pub drop_after: Vec<String>,
    /// The files it reserves, replacing those it had; `Some(vec![])`
    /// reserves none.
    pub files: Option<Vec<String>>,
    /// The caller checked a whole batch (`fed plan import`): `after` and
    /// `drop_after` hold full ids of tasks it just read (none failed or
    /// cancelled among those added), and no cycle is closed and no agent
    /// goes over its pending limit. None of that is checked again here.
    pub prechecked: bool,
}

/// An edited task and the fields that changed (none when it said all
/// that already: then nothing was written or logged).
#[derive(Debug, Clone)]
pub struct Edited {
    pub task: Task,
    pub changes: Vec<Change>,
}

/// Edits an unfinished task: its creator, its lead or an overseer, and
/// the agent holding it in progress.
pub fn edit(op: &Op, request: EditRequest) -> Result<Edited> {
    op.agent()?;
    recover(op);
    let id = resolve(op.store, &request.id, Param::Id)?;
    let wanted = check(op, &request, &id)?;
    // Checks of the other tasks, read as `queue add` reads them: the
    // unfinished tasks as the views read them (a finished one the cycle
    // walk reaches from its file), the limit from the claim index.
    let graph = (!wanted.after.is_empty() && !request.prechecked)
        .then(|| Snapshot::load(op.store, Reading::VIEW).graph());
    let pending = match &wanted.to {
        Some(Some(agent)) if !request.prechecked => Some(pending_for(op.store, agent, Some(&id))),
        _ => None,
    };
    let changes = RefCell::new(Vec::new());
    let (task, changed) = change_if(
        op,
        &id,
        RETRIES,
        |found| {
            finished(&id, found)?;
            may_manage(op, "queue edit", &found.task, true)
        },
        |mut task| {
            let to_before = task.to_agent.clone();
            let found = wanted.apply(&mut task)?;
            if found.is_empty() {
                return Ok(None);
            }
            if let Some(graph) = &graph {
                refuse_cycle(op, &mut graph.clone(), &id, &task.dependencies)?;
            }
            if let (Some(pending), Some(agent)) = (pending, task.to_agent.as_deref())
                && task.status == Status::Pending
                && to_before.as_deref() != Some(agent)
            {
                refuse_over_limit(op, pending, agent)?;
            }
            task.record(
                op.now(),
                "edited",
                op.agent.as_deref(),
                Some(summary(&found)),
            );
            *changes.borrow_mut() = found;
            Ok(Some(task))
        },
    )?;
    let changes = if changed {
        changes.into_inner()
    } else {
        Vec::new()
    };
    if !changes.is_empty() {
        op.log(
            op.event("edited", &id)
                .with("changes", event_changes(&changes)),
        );
    }
    Ok(Edited { task, changes })
}

/// Refuses a caller that may not edit `task` (`action` names the
/// command): anyone but its creator, its lead, an overseer, or the agent
/// holding it in progress.
pub fn may_edit(op: &Op, action: &str, task: &Task) -> Result<()> {
    may_manage(op, action, task, true)
}

/// `fed queue lead ID AGENT`: names the task's lead (`none` for none);
/// an edit of the lead, with an edit's rules.
pub fn lead(op: &Op, raw_id: &str, raw_agent: &str) -> Result<Edited> {
    let lead = match raw_agent.trim() {
        none if none.eq_ignore_ascii_case("none") => None,
        agent => Some(agent.to_string()),
    };
    edit(
        op,
        EditRequest {
            id: raw_id.to_string(),
            lead: Some(lead),
            ..EditRequest::default()
        },
    )
    .map_err(|e| match e.param {
        Some(Param::Lead) => Error {
            param: Some(Param::Agent),
            ..e
        },
        _ => e,
    })
}

/// Every value of the request checked; the dependencies resolved.
fn check(op: &Op, request: &EditRequest, id: &str) -> Result<Wanted> {
    let title = match request.title.as_deref().map(str::trim) {
        Some("") => return Err(Error::invalid("the title is empty").on(Param::Title)),
        title => title.map(str::to_string),
    };
    let agent = |value: &Option<Option<String>>, param| -> Result<Option<Option<String>>> {
        value
            .as_ref()
            .map(|v| agent_param(op, v.as_deref(), param))
            .transpose()
    };
    let mut wanted = Wanted {
        title,
        description: request
            .description
            .as_deref()
            .map(rules::description)
            .transpose()?,
        task_type: request
            .task_type
            .as_deref()
            .map(rules::task_type)
            .transpose()?,
        priority: request.priority,
        to: agent(&request.to, Param::To)?,
        lead: agent(&request.lead, Param::Lead)?,
        files: request
            .files
            .as_deref()
            .map(|f| crate::model::files::validate_patterns(f, Param::Files))
            .transpose()?,
        ..Wanted::default()
    };
    for (key, value) in &request.context {
        let key = rules::context_key(key, value.as_deref().unwrap_or(""))?;
        wanted.context.push((key, value.clone()));
    }
    for raw in &request.after {
        let dep = if request.prechecked {
            raw.clone()
        } else {
            rules::dependency(op, raw, id)?
        };
        if !wanted.after.contains(&dep) {
            wanted.after.push(dep);
        }
    }
    for raw in &request.drop_after {
        let dep = if request.prechecked {
            raw.clone()
        } else {
            dropped(op, raw)?
        };
        if wanted.after.contains(&dep) {
            return Err(Error::invalid(format!(
                "'{raw}': task {dep} cannot be both waited for and dropped"
            ))
            .on(Param::DropAfter));
        }
        wanted.drop_after.push(dep);
    }
    if wanted.is_empty() {
        return Err(Error::invalid(
            "nothing to change: name at least one field to edit",
        ));
    }
    Ok(wanted)
}

/// The full id of a dependency to drop: a task's id or shortening, or
/// the exact id of one that no longer exists (a dangling dependency).
fn dropped(op: &Op, raw: &str) -> Result<String> {
    match resolve(op.store, raw, Param::DropAfter) {
        Ok(id) => Ok(id),
        Err(e) if e.kind == Kind::NotFound => {
            let id = raw.trim().to_ascii_lowercase();
            validate_id(&id, Param::DropAfter)?;
            Ok(id)
        }
        Err(e) => Err(e),
    }
}
