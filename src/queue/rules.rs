//! The checks that adding a task and editing one share: its description
//! and type, the agents it names, its dependencies, dependency cycles and
//! the pending limit per agent. Each error names the parameter it is about.

use crate::error::{Error, Kind, Param, Result};
use crate::graph::{Graph, cycle_through_by};
use crate::model::id::validate_id;
use crate::model::{AgentName, Status};
use crate::op::Op;
use crate::store::Store;
use crate::store::cache::{Reading, Row};
use crate::store::claim_index::Opened;
use crate::store::layout::Folder;
use crate::store::locate::{self, resolve};
use crate::store::scan::read_task_at;
use crate::store::snapshot::Snapshot;

/// Longest description accepted (a task file must stay small and readable).
pub const MAX_DESCRIPTION: usize = 64 * 1024;

/// A description, trimmed: not empty, at most [`MAX_DESCRIPTION`] bytes.
pub(super) fn description(raw: &str) -> Result<String> {
    let description = raw.trim().to_string();
    if description.is_empty() {
        return Err(Error::invalid("the description is empty").on(Param::Description));
    }
    if description.len() > MAX_DESCRIPTION {
        return Err(Error::invalid(format!(
            "{} bytes is too long (the limit is {MAX_DESCRIPTION})",
            description.len()
        ))
        .on(Param::Description));
    }
    Ok(description)
}

/// A task type: a valid id, lower-cased.
pub(super) fn task_type(raw: &str) -> Result<String> {
    let t = raw.trim().to_ascii_lowercase();
    validate_id(&t, Param::Type)?;
    Ok(t)
}

/// An agent named by a parameter, checked against the config.
pub(super) fn agent_param(op: &Op, raw: Option<&str>, param: Param) -> Result<Option<String>> {
    raw.map(|raw| {
        let name = AgentName::parse(raw, param)?;
        op.config.check_agent(name.as_str(), param)?;
        Ok(name.as_str().to_string())
    })
    .transpose()
}

/// A `KEY=VALUE` pair's key, trimmed and not empty.
pub(super) fn context_key(key: &str, value: &str) -> Result<String> {
    let key = key.trim();
    if key.is_empty() {
        return Err(
            Error::invalid(format!("'={value}' has no key (write KEY=VALUE)")).on(Param::Context),
        );
    }
    Ok(key.to_string())
}

/// The full id of a task that task `id` is to wait for: it must exist,
/// be another task, and not have failed or been cancelled (the waiting
/// task could never be ready).
pub(super) fn dependency(op: &Op, raw: &str, id: &str) -> Result<String> {
    let dep = resolve(op.store, raw, Param::After)?;
    if dep == id {
        return Err(Error::invalid(format!("task {id} cannot depend on itself")).on(Param::After));
    }
    // A dependency that cannot be read, failed or was cancelled could
    // never let the task become ready.
    let found = locate::find(op.store, &dep).map_err(|e| match e.kind {
        Kind::Invalid => Error::invalid(format!(
            "'{raw}': task {dep} cannot be read ({})",
            e.message
        ))
        .on(Param::After),
        _ => e,
    })?;
    if let Some(found) = found
        && matches!(found.task.status, Status::Failed | Status::Cancelled)
    {
        return Err(Error::invalid(format!(
            "'{raw}': task {dep} is {}, so the task waiting for it could never be ready",
            found.task.status
        ))
        .on(Param::After));
    }
    Ok(dep)
}

/// Refuses `id` waiting for `dependencies` when that closes a cycle (the
/// cycle is printed). `graph` holds the unfinished tasks; a finished one
/// the walk reaches is read from its file, since a task recorded done may
/// still wait on an unfinished one (a ticked plan item), and `fed check`
/// reports a cycle through it.
pub(super) fn refuse_cycle(
    op: &Op,
    graph: &mut Graph,
    id: &str,
    dependencies: &[String],
) -> Result<()> {
    if dependencies.is_empty() {
        return Ok(());
    }
    graph.insert(id.to_string(), dependencies.to_vec());
    let deps_of = |node: &str| match graph.get(node) {
        Some(deps) => deps.clone(),
        None => finished_dependencies(op, node),
    };
    let Some(cycle) = cycle_through_by(id, deps_of) else {
        return Ok(());
    };
    Err(Error::invalid(format!(
        "this would close a dependency cycle: {}",
        cycle.join(" -> ")
    ))
    .on(Param::After))
}

/// The dependencies of the finished task `id`, read from its file (none
/// when it is not there or unreadable: `fed check` reports that).
fn finished_dependencies(op: &Op, id: &str) -> Vec<String> {
    let path = op.store.task_path(Folder::Completed, id, None);
    read_task_at(&path, Folder::Completed)
        .map(|task| task.dependencies)
        .unwrap_or_default()
}

/// How many pending tasks are addressed to `agent`, `except` one: from
/// the claim index while a listing matched it recently (it reads that
/// agent's sections alone, so the count costs the same with 100 or
/// 100,000 pending tasks), else from a listing of `pending/` read as the
/// views read it. A check of the others, never authoritative: two adds
/// at once may both pass it.
pub fn pending_for(store: &Store, agent: &str, except: Option<&str>) -> usize {
    let counts = |r: &Row| {
        r.summary.status == Status::Pending
            && r.summary.to_agent.as_deref() == Some(agent)
            && Some(r.summary.task_id.as_str()) != except
    };
    match store.claim_index() {
        Opened::Fresh(index) => index.addressed_to(store, agent).filter(counts).count(),
        Opened::List(_listing) => {
            let snapshot = Snapshot::load_folders(store, &[Folder::Pending], Reading::VIEW);
            snapshot.rows.iter().filter(|r| counts(r)).count()
        }
    }
}

/// Refuses one more pending task for `agent` when it has `pending`
/// already (`limits.max_pending_per_agent`).
pub(super) fn refuse_over_limit(op: &Op, pending: usize, agent: &str) -> Result<()> {
    let limit = op.config.limits.max_pending_per_agent as usize;
    if pending >= limit {
        return Err(Error::forbidden(format!(
            "{agent} already has {pending} pending tasks (limits.max_pending_per_agent is {limit})"
        ))
        .on(Param::To));
    }
    Ok(())
}
