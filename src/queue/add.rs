//! `fed queue add`: a new pending task.

use crate::error::{Error, Kind, Param, Result};
use crate::graph::find_cycle;
use crate::learn::recommend::recommend;
use crate::model::files::validate_patterns;
use crate::model::id::validate_id;
use crate::model::{AgentName, Handoff, Priority, RoutingChoice, Status, Task, new_task_id};
use crate::op::Op;
use crate::store::layout::Folder;
use crate::store::locate::{self, place, resolve};
use crate::store::snapshot::Snapshot;
use serde_json::{Map, Value};

/// Longest description accepted (a task file must stay small and readable).
pub const MAX_DESCRIPTION: usize = 64 * 1024;
/// Largest new task file: a quarter of what fed reads back
/// (`store::layout::MAX_TASK_BYTES`), so that thousands of history entries
/// still fit.
pub const MAX_NEW_TASK_BYTES: usize = 256 * 1024;

/// Everything `queue add` can say about a new task.
#[derive(Debug, Clone, Default)]
pub struct NewTask {
    pub description: String,
    pub title: Option<String>,
    pub task_type: Option<String>,
    /// The agent it is for; `None` for anyone.
    pub to: Option<String>,
    /// Who queues it; defaults to the caller.
    pub from: Option<String>,
    pub lead: Option<String>,
    pub priority: Priority,
    /// Ids (or shortenings) of tasks that must be done first.
    pub after: Vec<String>,
    pub context: Vec<(String, String)>,
    /// An explicit id instead of a generated one.
    pub id: Option<String>,
    /// The finished task this one fixes (id or shortening).
    pub reworks: Option<String>,
    /// Glob patterns of the files the task will touch (a reservation).
    pub files: Vec<String>,
    /// A shell command that accepts the work (run by `fed work`).
    pub check: Option<String>,
    /// Set when a handoff rule queues the task.
    pub handoff: Option<Handoff>,
    /// Prepare the task in `handoffs/` instead of queueing it (a handoff;
    /// `queue::handoff::publish` queues it when its task is finished).
    pub defer: bool,
}

pub fn add(op: &Op, new: NewTask) -> Result<Task> {
    let mut task = draft(op, &new)?;
    address(op, &mut task, new.to.as_deref())?;
    task.reworks = new
        .reworks
        .as_deref()
        .map(|raw| reworked(op, raw))
        .transpose()?;
    task.task_id = choose_id(op, &new)?;
    task.dependencies = dependencies(op, &new, &task.task_id)?;
    // A generated id is new, so nothing can depend on it yet; an explicit
    // one may already be named by others, and then an edge can close a
    // cycle. A handoff's id is derived and new.
    let explicit = new.id.is_some() && new.handoff.is_none();
    if explicit || task.to_agent.is_some() {
        let snapshot = if explicit {
            Snapshot::load_folders(op.store, &Folder::ALL)
        } else {
            Snapshot::load_folders(op.store, &[Folder::Pending])
        };
        if explicit {
            refuse_cycle(&snapshot, &task)?;
        }
        if let Some(agent) = &task.to_agent {
            refuse_over_limit(op, &snapshot, agent)?;
        }
    }
    task.handoff = new.handoff;
    task.record(op.now(), "added", op.agent.as_deref(), None);
    let size = task.to_json().len();
    if size > MAX_NEW_TASK_BYTES {
        return Err(Error::invalid(format!(
            "the task would be {size} bytes; a new task may be at most {MAX_NEW_TASK_BYTES} (room is kept for the history later changes add)"
        )));
    }
    publish(op, &task, new.defer)?;
    Ok(task)
}

/// The task as the request describes it, before routing, id and
/// dependencies: every field checked.
fn draft(op: &Op, new: &NewTask) -> Result<Task> {
    let description = new.description.trim().to_string();
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
    let task_type = match &new.task_type {
        Some(t) => {
            let t = t.trim().to_ascii_lowercase();
            validate_id(&t, Param::Type)?;
            t
        }
        None => "general".to_string(),
    };
    let caller = op.agent()?;
    let from = match &new.from {
        Some(_) => agent_param(op, new.from.as_deref(), Param::From)?,
        None => caller.map(str::to_string),
    };
    let title = match new.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => default_title(&description),
    };
    Ok(Task {
        task_id: String::new(),
        title,
        description,
        task_type,
        status: Status::Pending,
        priority: new.priority,
        from_agent: from,
        to_agent: None,
        lead: agent_param(op, new.lead.as_deref(), Param::Lead)?,
        assignee: None,
        dependencies: Vec::new(),
        context: context(&new.context)?,
        files: validate_patterns(&new.files, Param::Files)?,
        check: check_command(new.check.as_deref())?,
        created_at: op.now(),
        updated_at: op.now(),
        attempts: 0,
        lease: None,
        blocked: None,
        result: None,
        history: Vec::new(),
        reworks: None,
        handoff: None,
        routing: None,
        extra: Map::new(),
    })
}

/// An agent named by a parameter, checked against the config.
fn agent_param(op: &Op, raw: Option<&str>, param: Param) -> Result<Option<String>> {
    raw.map(|raw| {
        let name = AgentName::parse(raw, param)?;
        op.config.check_agent(name.as_str(), param)?;
        Ok(name.as_str().to_string())
    })
    .transpose()
}

/// An acceptance check: a non-empty shell command on one line or more.
fn check_command(raw: Option<&str>) -> Result<Option<String>> {
    let Some(raw) = raw else { return Ok(None) };
    let command = raw.trim();
    if command.is_empty() {
        return Err(Error::invalid("the check command is empty").on(Param::Check));
    }
    if command.len() > MAX_DESCRIPTION || command.contains('\0') {
        return Err(Error::invalid(format!(
            "the check command must be text of at most {MAX_DESCRIPTION} bytes"
        ))
        .on(Param::Check));
    }
    Ok(Some(command.to_string()))
}

fn context(pairs: &[(String, String)]) -> Result<Map<String, Value>> {
    let mut context = Map::new();
    for (key, value) in pairs {
        if key.trim().is_empty() {
            return Err(
                Error::invalid(format!("'={value}' has no key (write KEY=VALUE)"))
                    .on(Param::Context),
            );
        }
        context.insert(key.trim().to_string(), Value::String(value.clone()));
    }
    Ok(context)
}

/// Sets who the task is for: the agent named, or with `auto` the router's
/// choice when it is confident enough (else anyone), recorded in `routing`.
fn address(op: &Op, task: &mut Task, to: Option<&str>) -> Result<()> {
    if to.map(str::trim) != Some("auto") {
        task.to_agent = agent_param(op, to, Param::To)?;
        return Ok(());
    }
    let recommendation = recommend(op, &task.description, Some(&task.task_type))?;
    let routed = recommendation.agent.is_some()
        && recommendation.confidence >= op.config.routing.min_confidence;
    task.routing = Some(RoutingChoice {
        recommended: recommendation.agent.clone(),
        confidence: recommendation.confidence,
        routed,
        extra: Map::new(),
    });
    task.to_agent = recommendation.agent.filter(|_| routed);
    Ok(())
}

/// The finished task a rework fixes.
fn reworked(op: &Op, raw: &str) -> Result<String> {
    let id = resolve(op.store, raw, Param::Reworks)?;
    let fixed = locate::get(op.store, &id)?;
    if !matches!(fixed.task.status, Status::Done | Status::Failed) {
        return Err(Error::invalid(format!(
            "'{raw}': task {id} is {}; a rework fixes a finished (done or failed) task",
            fixed.task.status
        ))
        .on(Param::Reworks));
    }
    Ok(id)
}

/// The explicit id, if it is valid and free, or a new one.
fn choose_id(op: &Op, new: &NewTask) -> Result<String> {
    let Some(raw) = &new.id else {
        return Ok(new_task_id(op.now()).as_str().to_string());
    };
    let id = raw.trim().to_ascii_lowercase();
    validate_id(&id, Param::NewId)?;
    if place(op.store, &id)?.is_some() {
        return Err(taken(&id));
    }
    Ok(id)
}

fn taken(id: &str) -> Error {
    Error::conflict(format!("a task '{id}' already exists")).on(Param::NewId)
}

/// The tasks the new one waits for: each must exist, and none may have
/// failed or been cancelled (the new task could never be ready).
fn dependencies(op: &Op, new: &NewTask, id: &str) -> Result<Vec<String>> {
    // A handoff depends on the task whose completion this process is
    // publishing right now (it holds it in .txn/): known, taken as is.
    if new.handoff.is_some() {
        return Ok(new.after.clone());
    }
    let mut dependencies: Vec<String> = Vec::new();
    for raw in &new.after {
        let dep = resolve(op.store, raw, Param::After)?;
        if dep == id {
            return Err(
                Error::invalid(format!("task {id} cannot depend on itself")).on(Param::After)
            );
        }
        // A dependency that cannot be read, failed or was cancelled could
        // never let the new task become ready.
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
                "'{raw}': task {dep} is {}, so the new task could never be ready",
                found.task.status
            ))
            .on(Param::After));
        }
        if !dependencies.contains(&dep) {
            dependencies.push(dep);
        }
    }
    Ok(dependencies)
}

fn refuse_cycle(snapshot: &Snapshot, task: &Task) -> Result<()> {
    if task.dependencies.is_empty() {
        return Ok(());
    }
    let mut graph = snapshot.graph();
    graph.insert(task.task_id.clone(), task.dependencies.clone());
    match find_cycle(&graph).filter(|c| c.contains(&task.task_id)) {
        Some(cycle) => Err(Error::invalid(format!(
            "this would close a dependency cycle: {}",
            cycle.join(" -> ")
        ))
        .on(Param::After)),
        None => Ok(()),
    }
}

fn refuse_over_limit(op: &Op, snapshot: &Snapshot, agent: &str) -> Result<()> {
    let pending = snapshot
        .rows
        .iter()
        .filter(|r| {
            r.summary.status == Status::Pending && r.summary.to_agent.as_deref() == Some(agent)
        })
        .count();
    let limit = op.config.limits.max_pending_per_agent as usize;
    if pending >= limit {
        return Err(Error::forbidden(format!(
            "{agent} already has {pending} pending tasks (limits.max_pending_per_agent is {limit})"
        ))
        .on(Param::To));
    }
    Ok(())
}

/// Publishes the task into `pending/` (or, for a handoff, `handoffs/`) and
/// logs it.
fn publish(op: &Op, task: &Task, defer: bool) -> Result<()> {
    let path = if defer {
        op.store.handoff_path(&task.task_id)
    } else {
        op.store.task_path(Folder::Pending, &task.task_id, None)
    };
    op.store
        .publish_doc(&path, task)
        .map_err(|e| match e.kind {
            Kind::Conflict => taken(&task.task_id),
            _ => e,
        })?;
    if defer {
        // Prepared in handoffs/: logged when it is queued (or held back).
        return Ok(());
    }
    let mut event = op
        .event("added", &task.task_id)
        .with("to", task.to_agent.clone())
        .with("priority", task.priority.as_str());
    if let Some(r) = &task.routing {
        event = event
            .with("routed", r.routed)
            .with("recommended", r.recommended.clone())
            .with("confidence", r.confidence);
    }
    if let Some(h) = &task.handoff {
        event = event
            .with("from_task", h.from_task.clone())
            .with("rule", h.rule.clone());
    }
    op.log(event);
    Ok(())
}

/// The first line of the description, cut at a word near 72 characters.
fn default_title(description: &str) -> String {
    let line = description.lines().next().unwrap_or("").trim();
    if line.chars().count() <= 72 {
        return line.to_string();
    }
    let cut: String = line.chars().take(72).collect();
    match cut.rfind(' ') {
        Some(at) if at > 30 => format!("{}...", &cut[..at]),
        _ => format!("{cut}..."),
    }
}

#[cfg(test)]
mod tests {
    use super::default_title;

    #[test]
    fn titles_come_from_the_first_line() {
        assert_eq!(default_title("Fix login\nmore"), "Fix login");
        let long = "word ".repeat(40);
        let title = default_title(&long);
        assert!(title.ends_with("...") && title.len() <= 75, "{title}");
    }
}
