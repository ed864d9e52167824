//! Re-import: what importing a plan changes, given the tasks already
//! imported from it.
//!
//! Items are matched to tasks by exact key first, then by fuzzy key, one
//! to one: a fuzzy key matches only when exactly one unmatched item and
//! exactly one unmatched task share it. Matched tasks that are finished are
//! never changed (they are reported unchanged); open ones get the fields
//! the plan gives that differ. Items without a task are created; tasks
//! without an item are reported as removed, and left alone. Pure: the
//! caller loads the tasks and applies the changes.

use super::{Item, Plan};
use crate::model::Priority;
use std::collections::{HashMap, HashSet};

/// A task already imported from this plan (it carries `context.plan`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Existing {
    pub task_id: String,
    /// `context.plan_key`.
    pub key: String,
    /// `context.plan_fuzzy_key`.
    pub fuzzy_key: String,
    /// `context.phase`.
    pub phase: String,
    pub title: String,
    pub description: String,
    /// Done, failed or cancelled: never updated.
    pub done_or_finished: bool,
    pub status: String,
    pub to_agent: Option<String>,
    pub task_type: String,
    pub priority: Priority,
    pub dependencies: Vec<String>,
}

/// A dependency as the plan wants it: an existing task, or the task to be
/// created for an item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Dep {
    Task(String),
    New(usize),
}

/// One field of an open task to change.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldChange {
    Title {
        from: String,
        to: String,
    },
    Description {
        from: String,
        to: String,
    },
    ToAgent {
        from: Option<String>,
        to: Option<String>,
    },
    TaskType {
        from: String,
        to: String,
    },
    Priority {
        from: Priority,
        to: Priority,
    },
    /// The item was ticked (`- [x]`) since: the caller completes the task.
    Done,
    /// The task's new dependencies: those that are not tasks of this plan
    /// (added by hand) are kept, in front.
    Dependencies {
        from: Vec<String>,
        to: Vec<Dep>,
    },
    /// `context.phase`.
    Phase {
        from: String,
        to: String,
    },
    /// `context.plan_key` and `context.plan_fuzzy_key` (the item matched by
    /// its fuzzy key, or its occurrence number moved).
    Keys {
        key: String,
        fuzzy_key: String,
    },
}

/// What an import does. Indexes are into [`Plan::items`]; every list is
/// in plan order, `removed` in the order the tasks were given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub create: Vec<usize>,
    pub update: Vec<(usize, String, Vec<FieldChange>)>,
    pub unchanged: Vec<(usize, String)>,
    pub removed: Vec<String>,
}

/// Matches `plan` (with defaults applied) against `existing`.
pub fn reconcile(plan: &Plan, existing: &[Existing]) -> Changes {
    let matched = match_items(plan, existing);
    let ids: HashSet<&str> = existing.iter().map(|e| e.task_id.as_str()).collect();
    let mut changes = Changes::default();
    for (i, item) in plan.items.iter().enumerate() {
        let Some(e) = matched[i] else {
            changes.create.push(i);
            continue;
        };
        let task = &existing[e];
        let fields = if task.done_or_finished {
            Vec::new()
        } else {
            let deps = wanted_deps(item, task, existing, &matched, &ids);
            field_changes(item, task, deps)
        };
        if fields.is_empty() {
            changes.unchanged.push((i, task.task_id.clone()));
        } else {
            changes.update.push((i, task.task_id.clone(), fields));
        }
    }
    let used: HashSet<usize> = matched.iter().flatten().copied().collect();
    changes.removed = (0..existing.len())
        .filter(|e| !used.contains(e))
        .map(|e| existing[e].task_id.clone())
        .collect();
    changes
}

/// For each item, the index of its task in `existing`.
fn match_items(plan: &Plan, existing: &[Existing]) -> Vec<Option<usize>> {
    let mut matched: Vec<Option<usize>> = vec![None; plan.items.len()];
    let mut taken = vec![false; existing.len()];
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (e, task) in existing.iter().enumerate().rev() {
        by_key.entry(task.key.as_str()).or_default().push(e);
    }
    for (i, item) in plan.items.iter().enumerate() {
        if let Some(e) = by_key.get_mut(item.key.as_str()).and_then(Vec::pop) {
            matched[i] = Some(e);
            taken[e] = true;
        }
    }
    let mut items_by_fuzzy: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, item) in plan.items.iter().enumerate() {
        if matched[i].is_none() {
            items_by_fuzzy
                .entry(item.fuzzy_key.as_str())
                .or_default()
                .push(i);
        }
    }
    let mut tasks_by_fuzzy: HashMap<&str, Vec<usize>> = HashMap::new();
    for (e, task) in existing.iter().enumerate() {
        if !taken[e] {
            tasks_by_fuzzy
                .entry(task.fuzzy_key.as_str())
                .or_default()
                .push(e);
        }
    }
    for (fuzzy, items) in items_by_fuzzy {
        if let ([i], Some([e])) = (
            items.as_slice(),
            tasks_by_fuzzy.get(fuzzy).map(Vec::as_slice),
        ) {
            matched[*i] = Some(*e);
        }
    }
    matched
}

/// The dependencies `item`'s task should have: those of `task` that are
/// not tasks of this plan (added by hand), then the plan's.
fn wanted_deps(
    item: &Item,
    task: &Existing,
    existing: &[Existing],
    matched: &[Option<usize>],
    plan_ids: &HashSet<&str>,
) -> Vec<Dep> {
    let mut deps: Vec<Dep> = task
        .dependencies
        .iter()
        .filter(|d| !plan_ids.contains(d.as_str()))
        .map(|d| Dep::Task(d.clone()))
        .collect();
    let mut seen: HashSet<Dep> = deps.iter().cloned().collect();
    for &d in &item.depends_on {
        let dep = matched[d].map_or(Dep::New(d), |e| Dep::Task(existing[e].task_id.clone()));
        if seen.insert(dep.clone()) {
            deps.push(dep);
        }
    }
    deps
}

fn field_changes(item: &Item, task: &Existing, deps: Vec<Dep>) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if item.title != task.title {
        out.push(FieldChange::Title {
            from: task.title.clone(),
            to: item.title.clone(),
        });
    }
    let description = item.task_description();
    if description != task.description {
        out.push(FieldChange::Description {
            from: task.description.clone(),
            to: description,
        });
    }
    out.extend(given_fields(item, task));
    if item.done {
        out.push(FieldChange::Done);
    }
    let phase = item.phase_text();
    if phase != task.phase {
        out.push(FieldChange::Phase {
            from: task.phase.clone(),
            to: phase,
        });
    }
    if item.key != task.key || item.fuzzy_key != task.fuzzy_key {
        out.push(FieldChange::Keys {
            key: item.key.clone(),
            fuzzy_key: item.fuzzy_key.clone(),
        });
    }
    let have: HashSet<Dep> = task.dependencies.iter().cloned().map(Dep::Task).collect();
    let want: HashSet<Dep> = deps.iter().cloned().collect();
    // A ticked item is completed: its dependencies no longer matter.
    if have != want && !item.done {
        out.push(FieldChange::Dependencies {
            from: task.dependencies.clone(),
            to: deps,
        });
    }
    out
}

/// Agent, type and priority, compared only when the plan gives them.
fn given_fields(item: &Item, task: &Existing) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if let Some(agent) = &item.to_agent
        && task.to_agent.as_ref() != Some(agent)
    {
        out.push(FieldChange::ToAgent {
            from: task.to_agent.clone(),
            to: Some(agent.clone()),
        });
    }
    if let Some(t) = &item.task_type
        && *t != task.task_type
    {
        out.push(FieldChange::TaskType {
            from: task.task_type.clone(),
            to: t.clone(),
        });
    }
    if let Some(p) = item.priority
        && p != task.priority
    {
        out.push(FieldChange::Priority {
            from: task.priority,
            to: p,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, key: &str, fuzzy: &str) -> Item {
        Item {
            title: title.into(),
            key: key.into(),
            fuzzy_key: fuzzy.into(),
            ..Item::default()
        }
    }

    fn task(id: &str, title: &str, key: &str, fuzzy: &str) -> Existing {
        Existing {
            task_id: id.into(),
            title: title.into(),
            description: title.into(),
            key: key.into(),
            fuzzy_key: fuzzy.into(),
            task_type: "general".into(),
            ..Existing::default()
        }
    }

    #[test]
    fn exact_keys_first_then_unique_fuzzy_keys() {
        let plan = Plan {
            items: vec![
                item("a", "k1", "f1"),
                item("b2", "k9", "f2"),
                item("c", "k3", "f3"),
            ],
            warnings: Vec::new(),
        };
        let existing = [
            task("t1", "a", "k1", "f1"),
            task("t2", "b", "k2", "f2"),
            task("t4", "d", "k4", "f3"),
            task("t5", "e", "k5", "f3"),
        ];
        let changes = reconcile(&plan, &existing);
        assert_eq!(changes.unchanged, [(0, "t1".to_string())]);
        assert_eq!(changes.update.len(), 1);
        let (i, id, fields) = &changes.update[0];
        assert_eq!((i, id.as_str()), (&1, "t2"));
        assert_eq!(
            fields[0],
            FieldChange::Title {
                from: "b".into(),
                to: "b2".into()
            }
        );
        assert!(matches!(fields.last(), Some(FieldChange::Keys { key, .. }) if key == "k9"));
        // f3 is shared by two tasks: ambiguous, so "c" is created.
        assert_eq!(changes.create, [2]);
        assert_eq!(changes.removed, ["t4", "t5"]);
    }

    #[test]
    fn a_task_is_matched_once() {
        let plan = Plan {
            items: vec![item("a", "k1", "f1"), item("a", "k1", "f1")],
            warnings: Vec::new(),
        };
        let changes = reconcile(&plan, &[task("t1", "a", "k1", "f1")]);
        assert_eq!(changes.unchanged, [(0, "t1".to_string())]);
        assert_eq!(changes.create, [1]);
    }
}
