//! `fed queue add`: a new pending task.

use super::Op;
use super::locate::{place, resolve};
use super::snapshot::Snapshot;
use crate::error::{Error, Result};
use crate::graph::find_cycle;
use crate::model::id::validate_id;
use crate::model::{AgentName, Handoff, Priority, RoutingChoice, Status, Task, new_task_id};
use crate::store::layout::Folder;
use serde_json::{Map, Value};

/// Longest description accepted (a task file must stay small and readable).
pub const MAX_DESCRIPTION: usize = 64 * 1024;

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
    /// Set when a handoff rule queues the task.
    pub handoff: Option<Handoff>,
    /// Prepare the task in `handoffs/` instead of queueing it (a handoff;
    /// `learn::ops::publish_deferred` queues it when its task is finished).
    pub defer: bool,
}

pub fn add(op: &Op, new: NewTask) -> Result<Task> {
    let description = new.description.trim().to_string();
    if description.is_empty() {
        return Err(Error::invalid("DESCRIPTION: the description is empty"));
    }
    if description.len() > MAX_DESCRIPTION {
        return Err(Error::invalid(format!(
            "DESCRIPTION: {} bytes is too long (the limit is {MAX_DESCRIPTION})",
            description.len()
        )));
    }
    let task_type = match new.task_type {
        Some(t) => {
            let t = t.trim().to_lowercase();
            validate_id(&t, "--type")?;
            t
        }
        None => "general".to_string(),
    };
    let caller = op.agent()?;
    let agent_flag = |raw: Option<String>, flag: &str| -> Result<Option<String>> {
        raw.map(|raw| {
            let name = AgentName::parse(&raw, flag)?;
            op.config.check_agent(name.as_str(), flag)?;
            Ok(name.as_str().to_string())
        })
        .transpose()
    };
    let mut routing = None;
    let to = match new.to.as_deref().map(str::trim) {
        Some("auto") => {
            let recommendation = crate::learn::ops::recommend(op, &description, Some(&task_type))?;
            let routed = recommendation.agent.is_some()
                && recommendation.confidence >= op.config.routing.min_confidence;
            routing = Some(RoutingChoice {
                recommended: recommendation.agent.clone(),
                confidence: recommendation.confidence,
                routed,
                extra: Map::new(),
            });
            if routed { recommendation.agent } else { None }
        }
        _ => agent_flag(new.to, "--to")?,
    };
    let reworks = match &new.reworks {
        Some(raw) => {
            let id = resolve(op.store, raw, "--reworks")?;
            let fixed = super::locate::get(op.store, &id)?;
            if !matches!(fixed.task.status, Status::Done | Status::Failed) {
                return Err(Error::invalid(format!(
                    "--reworks {raw}: task {id} is {}; a rework fixes a finished (done or failed) task",
                    fixed.task.status
                )));
            }
            Some(id)
        }
        None => None,
    };
    let from = match new.from {
        Some(_) => agent_flag(new.from, "--from")?,
        None => caller.map(str::to_string),
    };
    let lead = agent_flag(new.lead, "--lead")?;
    let mut context = Map::new();
    for (key, value) in new.context {
        if key.trim().is_empty() {
            return Err(Error::invalid(format!(
                "--context: '={value}' has no key (write KEY=VALUE)"
            )));
        }
        context.insert(key.trim().to_string(), Value::String(value));
    }

    // A handoff's id is derived and new: no task can depend on it yet.
    let explicit = new.id.is_some() && new.handoff.is_none();
    let id = match new.id {
        Some(raw) => {
            let id = raw.trim().to_lowercase();
            validate_id(&id, "--id")?;
            if place(op.store, &id)?.is_some() {
                return Err(Error::conflict(format!(
                    "--id: a task '{id}' already exists"
                )));
            }
            id
        }
        None => new_task_id(op.now).as_str().to_string(),
    };
    let mut dependencies: Vec<String> = Vec::new();
    for raw in &new.after {
        // A handoff depends on the task whose completion this process is
        // publishing right now (it holds it in .txn/): known, taken as is.
        if new.handoff.is_some() {
            dependencies.push(raw.clone());
            continue;
        }
        let dep = resolve(op.store, raw, "--after")?;
        if dep == id {
            return Err(Error::invalid(format!(
                "--after: task {id} cannot depend on itself"
            )));
        }
        // An unreadable dependency is reported by `check`; only a readable
        // failed or cancelled one is refused here.
        if let Ok(Some(found)) = super::locate::find(op.store, &dep)
            && matches!(found.task.status, Status::Failed | Status::Cancelled)
        {
            return Err(Error::invalid(format!(
                "--after {raw}: task {dep} is {}, so the new task could never be ready",
                found.task.status
            )));
        }
        if !dependencies.contains(&dep) {
            dependencies.push(dep);
        }
    }
    // A generated id is new, so nothing can depend on it yet; an explicit
    // one may already be named by others, and then an edge can close a cycle.
    if explicit || to.is_some() {
        let snapshot = if explicit {
            Snapshot::load_folders(op.store, &Folder::ALL)
        } else {
            Snapshot::load_folders(op.store, &[Folder::Pending])
        };
        if explicit && !dependencies.is_empty() {
            let mut graph = snapshot.graph();
            graph.insert(id.clone(), dependencies.clone());
            if let Some(cycle) = find_cycle(&graph).filter(|c| c.contains(&id)) {
                return Err(Error::invalid(format!(
                    "--after: this would close a dependency cycle: {}",
                    cycle.join(" -> ")
                )));
            }
        }
        if let Some(agent) = &to {
            let pending = snapshot
                .rows
                .iter()
                .filter(|r| {
                    r.summary.status == Status::Pending
                        && r.summary.to_agent.as_ref() == Some(agent)
                })
                .count();
            let limit = op.config.limits.max_pending_per_agent as usize;
            if pending >= limit {
                return Err(Error::forbidden(format!(
                    "--to {agent}: {agent} already has {pending} pending tasks (limits.max_pending_per_agent is {limit})"
                )));
            }
        }
    }

    let title = match new.title.map(|t| t.trim().to_string()) {
        Some(t) if !t.is_empty() => t,
        _ => default_title(&description),
    };
    let mut task = Task {
        task_id: id,
        title,
        description,
        task_type,
        status: Status::Pending,
        priority: new.priority,
        from_agent: from,
        to_agent: to,
        lead,
        assignee: None,
        dependencies,
        context,
        created_at: op.now,
        updated_at: op.now,
        attempts: 0,
        lease: None,
        blocked: None,
        result: None,
        history: Vec::new(),
        reworks,
        handoff: new.handoff,
        routing,
        extra: Map::new(),
    };
    task.record(op.now, "added", op.agent.as_deref(), None);
    let path = if new.defer {
        crate::learn::ops::deferred_path(op.store, &task.task_id)
    } else {
        op.store.task_path(Folder::Pending, &task.task_id, None)
    };
    op.store.publish_new(&path, &task.to_json()).map_err(|e| {
        if e.kind == crate::error::Kind::Conflict {
            Error::conflict(format!("--id: a task '{}' already exists", task.task_id))
        } else {
            e
        }
    })?;
    if new.defer {
        // Prepared in handoffs/: logged when it is queued (or held back).
        return Ok(task);
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
    Ok(task)
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
