//! The federation's tasks as the plan core sees them: [`Existing`] tasks
//! of one plan for an import, [`ExportTask`]s for an export; and where a
//! plan file is in a project (the path its tasks carry in
//! `context.plan`).

use super::{CONTEXT_FUZZY_KEY, CONTEXT_KEY, CONTEXT_PHASE, CONTEXT_PLAN, Existing, ExportTask};
use crate::model::{Status, Task};
use crate::store::Store;
use crate::store::scan::Problem;
use std::path::Path;

/// A context value as text (`""` when absent or not text).
pub(super) fn context_text<'t>(task: &'t Task, key: &str) -> &'t str {
    task.context.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

/// Whether `task` was imported from the plan at `plan_path`.
pub(super) fn from_plan(task: &Task, plan_path: &str) -> bool {
    context_text(task, CONTEXT_PLAN) == plan_path
}

/// Every task of the federation, read in full, and the files that could
/// not be read.
pub(super) fn all_tasks(store: &Store) -> (Vec<Task>, Vec<Problem>) {
    let scan = store.scan_all();
    (
        scan.tasks.into_iter().map(|f| f.task).collect(),
        scan.problems,
    )
}

/// What reconciling needs of a task imported before.
pub(super) fn existing(task: &Task) -> Existing {
    Existing {
        task_id: task.task_id.clone(),
        key: context_text(task, CONTEXT_KEY).to_string(),
        fuzzy_key: context_text(task, CONTEXT_FUZZY_KEY).to_string(),
        phase: context_text(task, CONTEXT_PHASE).to_string(),
        title: task.title.clone(),
        description: task.description.clone(),
        done_or_finished: task.status.is_finished(),
        status: task.status.as_str().to_string(),
        to_agent: task.to_agent.clone(),
        task_type: task.task_type.clone(),
        priority: task.priority,
        dependencies: task.dependencies.clone(),
    }
}

/// What export needs of a task.
fn export_task(task: &Task) -> ExportTask {
    ExportTask {
        title: task.title.clone(),
        description: task.description.clone(),
        done: task.status == Status::Done,
        phase: context_text(task, CONTEXT_PHASE).to_string(),
        to_agent: task.to_agent.clone(),
        task_type: task.task_type.clone(),
        priority: task.priority,
    }
}

/// The path a plan's tasks carry in `context.plan` for `file`: as
/// [`super::read_plan`] keys it when the file exists (its real path
/// relative to `root`), else the path as given, relative to `root` when
/// it is inside it.
pub fn plan_path(file: &Path, root: &Path) -> String {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let real = file.canonicalize().unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|cwd| cwd.join(file))
            .unwrap_or_else(|_| file.to_path_buf())
    });
    match real.strip_prefix(&real_root) {
        Ok(rel) => super::normalize_path(&rel.to_string_lossy()),
        Err(_) => real.to_string_lossy().into_owned(),
    }
}

/// `fed plan export`: the federation's tasks as a checklist by phase
/// (cancelled tasks left out; with `plan`, only the tasks imported from
/// that plan path), in the order they were created; and how many tasks it
/// holds, and the files that could not be read.
pub fn export_tasks(store: &Store, plan: Option<&str>) -> (String, usize, Vec<Problem>) {
    let (mut tasks, problems) = all_tasks(store);
    tasks.retain(|t| t.status != Status::Cancelled && plan.is_none_or(|p| from_plan(t, p)));
    tasks.sort_by(|a, b| (a.created_at, &a.task_id).cmp(&(b.created_at, &b.task_id)));
    let export: Vec<ExportTask> = tasks.iter().map(export_task).collect();
    (super::export(&export), export.len(), problems)
}
