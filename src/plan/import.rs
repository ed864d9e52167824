//! `fed plan import`: a plan's items made tasks, and imported again as the
//! plan changes.
//!
//! 1. The plan is read ([`read_plan`]) and parsed whole ([`parse`]); the
//!    defaults (`--to`, `--type`) are applied, and every agent it names is
//!    checked against the config.
//! 2. The tasks imported from the same plan before (`context.plan`) are
//!    read and reconciled with it ([`reconcile`]).
//! 3. The whole change set is checked before anything is written
//!    ([`super::changeset`]): who may change each task, ids, dependency
//!    cycles, the pending limit per agent.
//! 4. It is written ([`super::apply`]): new tasks in dependency order
//!    (through `queue add`), then the changed ones (through `queue edit`,
//!    and recorded as done when ticked). Removed items are only reported.
//!
//! A new task's id is derived from its item's stable key (`plan-KEY`), so
//! an import cut short (a crash, a full disk, a task changed underneath)
//! is finished by running it again, which creates nothing twice, and two
//! imports of one plan at once cannot both create an item.

use super::apply::Source;
use super::changeset::{self, ChangeSet};
pub use super::report::{ImportError, ItemReport, Report};
use super::tasks::{all_tasks, existing, from_plan};
use super::{Defaults, Plan, parse, read_plan, reconcile};
use crate::error::{Error, Param, Result};
use crate::model::AgentName;
use crate::model::id::validate_id;
use crate::op::Op;
use std::collections::HashMap;
use std::path::PathBuf;

/// What `fed plan import` is asked.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    /// The plan, as the user named it.
    pub file: PathBuf,
    /// The project root: the folder holding the federation directory.
    pub root: PathBuf,
    pub dry_run: bool,
    /// The agent for items that name none.
    pub to: Option<String>,
    /// The lead of the tasks it creates.
    pub lead: Option<String>,
    /// The type of items that name none.
    pub task_type: Option<String>,
}

/// The project a federation belongs to: the folder holding it. Plans are
/// keyed by their path relative to it.
pub fn project_root(store: &crate::store::Store) -> Result<PathBuf> {
    let dir = std::path::absolute(store.root())
        .map_err(|e| Error::invalid(format!("cannot resolve {}: {e}", store.root().display())))?;
    Ok(dir
        .parent()
        .map_or_else(|| PathBuf::from("/"), PathBuf::from))
}

/// Imports (or with `dry_run`, plans the import of) `request.file`.
pub fn import(op: &Op, request: &ImportRequest) -> Result<Report, ImportError> {
    op.agent()?;
    let defaults = defaults(op, request)?;
    let file = read_plan(&request.file, &request.root).map_err(Error::from)?;
    let mut plan = parse(&file.text, &file.path).map_err(Error::from)?;
    plan.apply_defaults(&defaults);
    check_agents(op, &plan, &file.path)?;
    crate::queue::recover::recover(op);
    let (tasks, problems) = all_tasks(op.store);
    if let Some(problem) = problems.first() {
        return Err(Error::invalid(format!(
            "{} file(s) in the queue cannot be read (the first: {}); a task imported from this plan could be among them, so nothing was imported: run `fed check`",
            problems.len(),
            problem.message
        ))
        .into());
    }
    let mine: Vec<_> = tasks.iter().filter(|t| from_plan(t, &file.path)).collect();
    let known: Vec<_> = mine.iter().map(|t| existing(t)).collect();
    let changes = reconcile(&plan, &known);
    let set = changeset::check(op, &plan, changes, &tasks)?;
    let mut report = Report {
        plan: file.path.clone(),
        dry_run: request.dry_run,
        warnings: plan.warnings.clone(),
        ..Report::default()
    };
    report.warnings.extend(set.warnings.iter().cloned());
    if request.dry_run {
        planned(&mut report, &plan, &set, &tasks);
        return Ok(report);
    }
    let source = Source {
        plan: &plan,
        path: &file.path,
        lead: request.lead.as_deref(),
    };
    super::apply::apply(op, &source, &set, report, &tasks)
}

/// `--to`, `--type` and `--lead`, checked.
fn defaults(op: &Op, request: &ImportRequest) -> Result<Defaults> {
    let agent = |raw: Option<&str>, param| -> Result<Option<String>> {
        raw.map(|raw| {
            let name = AgentName::parse(raw, param)?;
            op.config.check_agent(name.as_str(), param)?;
            Ok(name.as_str().to_string())
        })
        .transpose()
    };
    agent(request.lead.as_deref(), Param::Lead)?;
    let task_type = match request.task_type.as_deref() {
        Some(raw) => {
            let t = raw.trim().to_ascii_lowercase();
            validate_id(&t, Param::Type)?;
            Some(t)
        }
        None => None,
    };
    if request.to.as_deref().map(str::trim) == Some("auto") {
        return Err(Error::invalid(
            "a plan names its agents: routing (auto) is for `queue add --to auto`",
        )
        .on(Param::To));
    }
    Ok(Defaults {
        to_agent: agent(request.to.as_deref(), Param::To)?,
        task_type,
    })
}

/// Refuses a plan that names an agent the config does not know, naming
/// the line.
fn check_agents(op: &Op, plan: &Plan, path: &str) -> Result<()> {
    for item in &plan.items {
        let Some(agent) = &item.to_agent else {
            continue;
        };
        if agent == "auto" {
            return Err(Error::invalid(format!(
                "{path}: line {}: @auto: a plan names its agents (routing is for `queue add --to auto`)",
                item.line
            )));
        }
        if !op.config.knows_agent(agent) {
            return Err(Error::forbidden(format!(
                "{path}: line {}: @{agent} is not one of the agents in config.yaml ({})",
                item.line,
                op.config.agents.join(", ")
            )));
        }
    }
    Ok(())
}

/// The report of a dry run: what the import would do.
fn planned(report: &mut Report, plan: &Plan, set: &ChangeSet, tasks: &[crate::model::Task]) {
    for create in &set.creates {
        report.note_created(plan, create.item, &create.id);
    }
    for update in &set.updates {
        report.note_updated(plan, update.item, &update.id, &update.fields);
    }
    report.finish(plan, set, tasks);
}

impl Report {
    pub(super) fn note_created(&mut self, plan: &Plan, item: usize, id: &str) {
        self.created.push(id.to_string());
        self.items
            .push(item_report(plan, item, "created", id, Vec::new()));
    }

    pub(super) fn note_updated(&mut self, plan: &Plan, item: usize, id: &str, fields: &[String]) {
        self.updated.push(id.to_string());
        self.items
            .push(item_report(plan, item, "updated", id, fields.to_vec()));
    }

    /// Adds the unchanged and removed tasks, and puts every list in plan
    /// order.
    pub(super) fn finish(&mut self, plan: &Plan, set: &ChangeSet, tasks: &[crate::model::Task]) {
        for (item, id) in &set.unchanged {
            self.unchanged.push(id.clone());
            self.items
                .push(item_report(plan, *item, "unchanged", id, Vec::new()));
        }
        for id in &set.removed {
            self.removed.push(id.clone());
            let title = tasks
                .iter()
                .find(|t| &t.task_id == id)
                .map(|t| t.title.clone())
                .unwrap_or_default();
            self.items.push(ItemReport {
                action: "removed",
                task_id: id.clone(),
                title,
                line: None,
                changed: Vec::new(),
            });
        }
        let lines: HashMap<String, usize> = self
            .items
            .iter()
            .filter_map(|i| Some((i.task_id.clone(), i.line?)))
            .collect();
        for ids in [&mut self.created, &mut self.updated, &mut self.unchanged] {
            ids.sort_by_key(|id| lines.get(id).copied());
        }
        self.removed.sort();
        self.items
            .sort_by_key(|i| (i.line.is_none(), i.line, i.task_id.clone()));
    }
}

fn item_report(
    plan: &Plan,
    item: usize,
    action: &'static str,
    id: &str,
    changed: Vec<String>,
) -> ItemReport {
    let item = &plan.items[item];
    ItemReport {
        action,
        task_id: id.to_string(),
        title: item.title.clone(),
        line: Some(item.line),
        changed,
    }
}
