//! An import's whole change set, made concrete and checked before
//! anything is written: the id of every new task, the dependencies of
//! each (never on a task that failed or was cancelled, which would strand
//! it), the edit of every changed task and whether the caller may make
//! it, no dependency cycle, and no agent over its pending limit.

use super::{CONTEXT_FUZZY_KEY, CONTEXT_KEY, CONTEXT_PHASE, Changes, Dep, FieldChange, Plan};
use crate::error::{Error, Result};
use crate::graph::{Graph, cycle_through, find_cycle};
use crate::model::{Status, Task};
use crate::op::Op;
use crate::queue::done::may_record;
use crate::queue::edit::{EditRequest, may_edit};
use crate::store::locate::place;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A task to create for item `item`, with id `id`, waiting for `after`
/// (full ids of existing tasks, or of tasks created before it).
#[derive(Debug, Clone)]
pub(super) struct Create {
    pub item: usize,
    pub id: String,
    pub after: Vec<String>,
}

/// A task of the plan to change: an edit, and whether it is then
/// recorded as done; `fields` names what changes, for the report.
#[derive(Debug, Clone)]
pub(super) struct Update {
    pub item: usize,
    pub id: String,
    pub edit: Option<EditRequest>,
    pub done: bool,
    pub fields: Vec<String>,
}

/// Everything an import writes, in the order it writes it.
#[derive(Debug, Clone, Default)]
pub(super) struct ChangeSet {
    /// In dependency order: each after the new tasks it waits for.
    pub creates: Vec<Create>,
    pub updates: Vec<Update>,
    pub unchanged: Vec<(usize, String)>,
    pub removed: Vec<String>,
    pub warnings: Vec<String>,
}

/// Makes `changes` concrete and checks it against the federation's
/// `tasks` (all of them, read in full).
pub(super) fn check(op: &Op, plan: &Plan, changes: Changes, tasks: &[Task]) -> Result<ChangeSet> {
    let by_id: HashMap<&str, &Task> = tasks.iter().map(|t| (t.task_id.as_str(), t)).collect();
    let mut task_of: HashMap<usize, String> = changes.unchanged.iter().cloned().collect();
    task_of.extend(changes.update.iter().map(|(i, id, _)| (*i, id.clone())));
    let mut chosen = HashSet::new();
    for &i in &changes.create {
        let id = choose_id(op, &format!("plan-{}", plan.items[i].key), &by_id, &chosen)?;
        chosen.insert(id.clone());
        task_of.insert(i, id);
    }
    let deps = Deps {
        plan,
        by_id: &by_id,
        task_of: &task_of,
        warnings: RefCell::new(Vec::new()),
    };
    let creates = changes
        .create
        .iter()
        .map(|&i| Create {
            item: i,
            id: task_of[&i].clone(),
            after: deps.wanted(
                i,
                &[],
                plan.items[i].depends_on.iter().map(|&d| Dep::New(d)),
            ),
        })
        .collect();
    let mut set = ChangeSet {
        unchanged: changes.unchanged,
        removed: changes.removed,
        ..ChangeSet::default()
    };
    for (i, id, fields) in changes.update {
        let task = by_id[id.as_str()];
        let update = update(i, id.clone(), &fields, &deps);
        if update.fields.is_empty() {
            set.unchanged.push((i, id));
            continue;
        }
        if update.edit.is_some() {
            may_edit(op, "plan import", task)?;
        }
        if update.done {
            may_record(op, task)?;
        }
        set.updates.push(update);
    }
    set.unchanged.sort();
    set.warnings = deps.warnings.into_inner();
    set.creates = in_dependency_order(creates, &chosen)?;
    refuse_cycle(&set, tasks)?;
    refuse_over_limit(op, plan, &set, &by_id)?;
    Ok(set)
}

/// The dependencies the plan wants, as task ids.
struct Deps<'a> {
    plan: &'a Plan,
    by_id: &'a HashMap<&'a str, &'a Task>,
    /// The task of every item: matched, or the id chosen for it.
    task_of: &'a HashMap<usize, String>,
    warnings: RefCell<Vec<String>>,
}

impl Deps<'_> {
    /// The ids item `item` should wait for, given those it waits for now
    /// (`from`): a new one that failed or was cancelled is left out (it
    /// would strand the item's task), with a warning.
    fn wanted(&self, item: usize, from: &[String], to: impl Iterator<Item = Dep>) -> Vec<String> {
        let mut out = Vec::new();
        for dep in to {
            let id = match dep {
                Dep::Task(id) => id,
                Dep::New(n) => self.task_of[&n].clone(),
            };
            let status = self.by_id.get(id.as_str()).map(|t| t.status);
            match status {
                Some(s @ (Status::Failed | Status::Cancelled)) if !from.contains(&id) => {
                    let item = &self.plan.items[item];
                    self.warnings.borrow_mut().push(format!(
                        "line {}: '{}' does not wait for task {id}, which is {s}",
                        item.line, item.title
                    ));
                }
                _ if out.contains(&id) => {}
                _ => out.push(id),
            }
        }
        out
    }

    /// The dependencies to add and to drop to go from `from` to `to`.
    fn moves(&self, item: usize, from: &[String], to: &[Dep]) -> (Vec<String>, Vec<String>) {
        let want = self.wanted(item, from, to.iter().cloned());
        let after = want.iter().filter(|d| !from.contains(d)).cloned().collect();
        let drop = from.iter().filter(|d| !want.contains(d)).cloned().collect();
        (after, drop)
    }
}

/// The edit (and the completion) an update makes; `deps` gives the
/// dependencies to add and to drop.
fn update(item: usize, id: String, fields: &[FieldChange], deps: &Deps) -> Update {
    let mut edit = EditRequest {
        id: id.clone(),
        prechecked: true,
        ..EditRequest::default()
    };
    let mut names = Vec::new();
    let mut done = false;
    for field in fields {
        let name = match field {
            FieldChange::Title { to, .. } => {
                edit.title = Some(to.clone());
                "title"
            }
            FieldChange::Description { to, .. } => {
                edit.description = Some(to.clone());
                "description"
            }
            FieldChange::ToAgent { to, .. } => {
                edit.to = Some(to.clone());
                "to_agent"
            }
            FieldChange::TaskType { to, .. } => {
                edit.task_type = Some(to.clone());
                "task_type"
            }
            FieldChange::Priority { to, .. } => {
                edit.priority = Some(*to);
                "priority"
            }
            FieldChange::Phase { to, .. } => {
                let phase = (!to.is_empty()).then(|| to.clone());
                edit.context.push((CONTEXT_PHASE.to_string(), phase));
                "phase"
            }
            FieldChange::Keys { key, fuzzy_key } => {
                edit.context
                    .push((CONTEXT_KEY.to_string(), Some(key.clone())));
                edit.context
                    .push((CONTEXT_FUZZY_KEY.to_string(), Some(fuzzy_key.clone())));
                "keys"
            }
            FieldChange::Dependencies { from, to } => {
                let (after, drop) = deps.moves(item, from, to);
                if after.is_empty() && drop.is_empty() {
                    continue;
                }
                (edit.after, edit.drop_after) = (after, drop);
                "dependencies"
            }
            FieldChange::Done => {
                done = true;
                "done"
            }
        };
        names.push(name.to_string());
    }
    let edits = names.iter().any(|n| n != "done");
    Update {
        item,
        id,
        edit: edits.then_some(edit),
        done,
        fields: names,
    }
}

/// `base`, or `base-2`, `base-3`...: the first id no task has. A task
/// that holds it but that the scan did not see was moving meanwhile: the
/// plan must be read again.
fn choose_id(
    op: &Op,
    base: &str,
    by_id: &HashMap<&str, &Task>,
    chosen: &HashSet<String>,
) -> Result<String> {
    for n in 1.. {
        let id = match n {
            1 => base.to_string(),
            n => format!("{base}-{n}"),
        };
        if chosen.contains(&id) || by_id.contains_key(id.as_str()) {
            continue;
        }
        if place(op.store, &id)?.is_some() {
            return Err(Error::conflict(format!(
                "task {id} changed while the plan was being read; nothing was imported: run the import again"
            )));
        }
        return Ok(id);
    }
    unreachable!("an id is always free")
}

/// The new tasks ordered so that each comes after those of them it waits
/// for (plan order otherwise).
fn in_dependency_order(creates: Vec<Create>, new: &HashSet<String>) -> Result<Vec<Create>> {
    let mut waiting: Vec<usize> = creates
        .iter()
        .map(|c| c.after.iter().filter(|d| new.contains(*d)).count())
        .collect();
    let index: HashMap<&str, usize> = creates
        .iter()
        .enumerate()
        .map(|(n, c)| (c.id.as_str(), n))
        .collect();
    let mut waiters: Vec<Vec<usize>> = vec![Vec::new(); creates.len()];
    for (n, c) in creates.iter().enumerate() {
        for dep in &c.after {
            if let Some(&d) = index.get(dep.as_str()) {
                waiters[d].push(n);
            }
        }
    }
    let mut ready: std::collections::BTreeSet<usize> =
        (0..creates.len()).filter(|&n| waiting[n] == 0).collect();
    let mut order = Vec::with_capacity(creates.len());
    while let Some(n) = ready.pop_first() {
        order.push(n);
        for &w in &waiters[n] {
            waiting[w] -= 1;
            if waiting[w] == 0 {
                ready.insert(w);
            }
        }
    }
    if order.len() != creates.len() {
        return Err(Error::invalid(
            "the plan's new items wait for each other in a cycle; nothing was imported",
        ));
    }
    let mut slots: Vec<Option<Create>> = creates.into_iter().map(Some).collect();
    Ok(order.into_iter().filter_map(|n| slots[n].take()).collect())
}

/// Refuses a change set that would close a dependency cycle (through
/// dependencies a person added to the plan's tasks, say).
fn refuse_cycle(set: &ChangeSet, tasks: &[Task]) -> Result<()> {
    let mut graph: Graph = tasks
        .iter()
        .map(|t| (t.task_id.clone(), t.dependencies.clone()))
        .collect();
    let mut touched = HashSet::new();
    for c in &set.creates {
        graph.insert(c.id.clone(), c.after.clone());
        touched.insert(c.id.as_str());
    }
    for u in &set.updates {
        let Some(edit) = &u.edit else { continue };
        if let Some(deps) = graph.get_mut(&u.id) {
            deps.retain(|d| !edit.drop_after.contains(d));
            deps.extend(edit.after.iter().cloned());
            touched.insert(u.id.as_str());
        }
    }
    let ours = |c: &Vec<String>| c.iter().any(|id| touched.contains(id.as_str()));
    // A cycle the federation had already (`fed check` reports it) can hide
    // a new one from the search: then each changed task is looked at.
    let cycle = match find_cycle(&graph) {
        Some(c) if !ours(&c) => touched.iter().find_map(|id| cycle_through(&graph, id)),
        found => found,
    };
    match cycle {
        Some(cycle) => Err(Error::invalid(format!(
            "importing the plan would close a dependency cycle: {}; nothing was imported",
            cycle.join(" -> ")
        ))),
        None => Ok(()),
    }
}

/// Refuses a change set that would leave an agent with more pending tasks
/// than `limits.max_pending_per_agent` (and more than it has now).
fn refuse_over_limit(
    op: &Op,
    plan: &Plan,
    set: &ChangeSet,
    by_id: &HashMap<&str, &Task>,
) -> Result<()> {
    let mut now: BTreeMap<&str, usize> = BTreeMap::new();
    for task in by_id.values().filter(|t| t.status == Status::Pending) {
        if let Some(agent) = task.to_agent.as_deref() {
            *now.entry(agent).or_default() += 1;
        }
    }
    let mut after = now.clone();
    for c in &set.creates {
        let item = &plan.items[c.item];
        if let Some(agent) = item.to_agent.as_deref().filter(|_| !item.done) {
            *after.entry(agent).or_default() += 1;
        }
    }
    for u in &set.updates {
        let task = by_id[u.id.as_str()];
        let to = u.edit.as_ref().and_then(|e| e.to.as_ref());
        if let (Some(Some(agent)), Status::Pending) = (to, task.status) {
            *after.entry(agent).or_default() += 1;
            if let Some(old) = task.to_agent.as_deref() {
                *after.entry(old).or_default() -= 1;
            }
        }
    }
    let limit = op.config.limits.max_pending_per_agent as usize;
    for (agent, n) in after {
        if n > limit && n > now.get(agent).copied().unwrap_or(0) {
            return Err(Error::forbidden(format!(
                "the plan would give {agent} {n} pending tasks (limits.max_pending_per_agent is {limit}); nothing was imported"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(id: &str, after: &[&str]) -> Create {
        Create {
            item: 0,
            id: id.into(),
            after: after.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn new_tasks_come_after_the_new_tasks_they_wait_for() {
        let new: HashSet<String> = ["a", "b", "c", "d"].map(String::from).into();
        let creates = vec![
            create("a", &["b", "old"]),
            create("b", &["c"]),
            create("d", &[]),
            create("c", &["old"]),
        ];
        let order: Vec<String> = in_dependency_order(creates, &new)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(order, ["d", "c", "b", "a"]);
        let looped = vec![create("a", &["b"]), create("b", &["a"])];
        assert!(in_dependency_order(looped, &new).is_err());
    }
}
