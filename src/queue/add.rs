//! `fed queue add`: a new pending task (or, for `fed plan import`, a task
//! recorded as done from the start).

use super::rules::{self, agent_param, pending_for, refuse_cycle, refuse_over_limit};
use crate::error::{Error, Kind, Param, Result};
use crate::graph::Graph;
use crate::learn::recommend::recommend;
use crate::model::files::validate_patterns;
use crate::model::id::validate_id;
use crate::model::{Handoff, Outcome, Priority, RoutingChoice, Status, Task, new_task_id};
use crate::op::Op;
use crate::store::cache::Reading;
use crate::store::layout::Folder;
use crate::store::locate::{self, place, resolve};
use crate::store::snapshot::Snapshot;
use serde_json::{Map, Value};
use std::collections::HashSet;

pub use super::rules::MAX_DESCRIPTION;
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
    /// Record the task as done from the start, straight into `completed/`
    /// (`fed plan import` of a ticked item): no claim, no handoff, no
    /// routing-history line, since no agent did it through fed.
    pub done: bool,
    /// The caller checked a whole batch of new tasks (`fed plan import`):
    /// `after` holds full ids of tasks that exist and have not failed or
    /// been cancelled, no dependency cycle is closed, no agent goes over
    /// its pending limit, and the explicit id is new. None of that is
    /// checked again task by task.
    pub prechecked: bool,
}

/// What the adds of one batch (`queue add --from-file`) share: the
/// dependency graph their cycle checks read, loaded by the first add that
/// needs it, so that a batch of explicit ids reads the other tasks once
/// instead of once per task. Each check adds its task's edges to it; the
/// batch's other tasks have none or an id no later item can name, and a
/// task another process adds meanwhile can name only tasks that existed,
/// never a new id.
#[derive(Default)]
pub struct Batch {
    edges: Option<Edges>,
}

/// The dependency graph of the unfinished tasks, and every id one of them
/// waits on.
struct Edges {
    graph: Graph,
    named: HashSet<String>,
}

impl Edges {
    fn load(op: &Op) -> Edges {
        let graph = Snapshot::load(op.store, Reading::VIEW).graph();
        let named = graph.values().flatten().cloned().collect();
        Edges { graph, named }
    }

    /// Refuses the new task `id` waiting on `dependencies` when that
    /// closes a cycle, else records its edges. A cycle through a new id
    /// needs a task that already waits on it (named by hand before it
    /// existed), so only then is the graph walked: a chain of new tasks
    /// costs one lookup each, not a walk down the chain. (A finished task
    /// naming a missing id is not looked for: `fed check` reports it as a
    /// dangling dependency.)
    fn add(&mut self, op: &Op, id: &str, dependencies: &[String]) -> Result<()> {
        if self.named.contains(id) {
            refuse_cycle(op, &mut self.graph, id, dependencies)?;
        } else {
            self.graph.insert(id.to_string(), dependencies.to_vec());
        }
        self.named.extend(dependencies.iter().cloned());
        Ok(())
    }
}

/// Queues one task.
pub fn add(op: &Op, new: NewTask) -> Result<Task> {
    add_in(op, new, &mut Batch::default())
}

/// Queues one task of `batch`.
pub fn add_in(op: &Op, new: NewTask, batch: &mut Batch) -> Result<Task> {
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
    // one may already be named by others, and then an edge from it can
    // close a cycle (none without an edge). A handoff's id is derived and
    // new.
    let explicit = new.id.is_some()
        && new.handoff.is_none()
        && !new.prechecked
        && !task.dependencies.is_empty();
    let limited = task.to_agent.is_some() && !new.prechecked && !new.done;
    // Both check the others, not what changes, so they trust the cache as
    // readers do (a stat per file costs milliseconds per thousand tasks):
    // the cycle check reads the unfinished tasks as the views do (and a
    // finished task its walk reaches from its file), the limit counts
    // from the claim index ([`pending_for`]).
    if explicit {
        let edges = batch.edges.get_or_insert_with(|| Edges::load(op));
        edges.add(op, &task.task_id, &task.dependencies)?;
    }
    if let Some(agent) = task.to_agent.as_deref().filter(|_| limited) {
        refuse_over_limit(op, pending_for(op.store, agent, None), agent)?;
    }
    task.handoff = new.handoff;
    task.record(op.now(), "added", op.agent.as_deref(), None);
    if new.done {
        record_done(op, &mut task);
    }
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
    let description = rules::description(&new.description)?;
    let task_type = match &new.task_type {
        Some(t) => rules::task_type(t)?,
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
        notes: Vec::new(),
        extra: Map::new(),
    })
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
        let key = rules::context_key(key, value)?;
        context.insert(key, Value::String(value.clone()));
    }
    Ok(context)
}

/// Makes a new task done from the start (a ticked plan item).
fn record_done(op: &Op, task: &mut Task) {
    const NOTE: &str = "recorded as done when it was queued";
    task.status = Status::Done;
    task.result = Some(Outcome {
        summary: Some(NOTE.to_string()),
        by: op.agent.clone(),
        finished_at: op.now(),
        started_at: None,
        extra: Map::new(),
    });
    task.record(
        op.now(),
        "done",
        op.agent.as_deref(),
        Some(NOTE.to_string()),
    );
}

/// The field of `routing` that says no qualifying agent was available.
pub const UNAVAILABLE: &str = "unavailable";

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
    let mut extra = Map::new();
    if recommendation.agent.is_none() && !recommendation.passed_over.is_empty() {
        // Every agent that qualified is unavailable: the task is for
        // anyone, and the inbox says why.
        let why: Vec<String> = recommendation
            .passed_over
            .iter()
            .map(|p| format!("{} {}", p.agent, p.reason))
            .collect();
        extra.insert(UNAVAILABLE.to_string(), why.join("; ").into());
    }
    task.routing = Some(RoutingChoice {
        recommended: recommendation.agent.clone(),
        confidence: recommendation.confidence,
        routed,
        extra,
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
    // publishing right now (it holds it in .txn/): known, taken as is. A
    // batch checked whole (a plan import) names full ids it just read.
    if new.handoff.is_some() || new.prechecked {
        return Ok(new.after.clone());
    }
    let mut dependencies: Vec<String> = Vec::new();
    for raw in &new.after {
        let dep = rules::dependency(op, raw, id)?;
        if !dependencies.contains(&dep) {
            dependencies.push(dep);
        }
    }
    Ok(dependencies)
}

/// Publishes the task into `pending/` (or, for a handoff, `handoffs/`) and
/// logs it.
fn publish(op: &Op, task: &Task, defer: bool) -> Result<()> {
    let path = if defer {
        op.store.handoff_path(&task.task_id)
    } else {
        op.store
            .task_path(Folder::of(task.status), &task.task_id, None)
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
    if task.status == Status::Done {
        op.log(op.event("completed", &task.task_id).with("recorded", true));
    }
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
