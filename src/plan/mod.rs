//! Plans: markdown checklists and tables turned into tasks, and back.
//!
//! This is the pure core of `fed plan import` and `fed plan export`: it
//! reads a plan's text into [`Item`]s with stable keys and dependencies
//! ([`parse`]), decides what an import changes given the tasks already
//! imported from the same plan ([`reconcile`]), and writes tasks back as a
//! checklist ([`export()`]). It never touches the store and knows nothing of
//! command lines; [`read_plan`] is the one function that reads a file. The
//! format and the rules are documented in `docs/plans.md`.
//!
//! Markdown is read with a real CommonMark parser (pulldown-cmark), never
//! with patterns over lines, so code blocks, raw HTML and escapes mean what
//! they mean when the plan is rendered.

mod apply;
mod changeset;
mod deps;
mod diff;
mod error;
mod export;
pub mod import;
mod inline;
mod key;
mod parse;
mod read;
pub mod report;
mod table;
mod tasks;

#[cfg(test)]
mod tests;

pub use diff::{Changes, Dep, Existing, FieldChange, reconcile};
pub use error::{PlanError, Problem};
pub use export::{ExportTask, export};
pub use key::{fuzzy_key, normalize_path, stable_key};
pub use parse::parse;
pub use read::{PlanFile, read_plan};
pub use tasks::{export_tasks, plan_path};

use crate::model::Priority;

/// Context key holding the plan's path (relative to the project root,
/// `/`-separated) on every task imported from it.
pub const CONTEXT_PLAN: &str = "plan";
/// Context key holding the item's stable key ([`Item::key`]).
pub const CONTEXT_KEY: &str = "plan_key";
/// Context key holding the item's fallback key ([`Item::fuzzy_key`]).
pub const CONTEXT_FUZZY_KEY: &str = "plan_fuzzy_key";
/// Context key holding the item's heading path, joined with
/// [`PHASE_SEPARATOR`].
pub const CONTEXT_PHASE: &str = "phase";
/// What joins the headings of a phase in [`CONTEXT_PHASE`].
pub const PHASE_SEPARATOR: &str = " / ";

/// Largest plan read, in bytes.
pub const MAX_PLAN_BYTES: usize = 4 * 1024 * 1024;
/// Most items (checklist items and table rows) in one plan.
pub const MAX_ITEMS: usize = 20_000;
/// Deepest nesting of list items and block quotes.
pub const MAX_DEPTH: usize = 64;
/// Longest heading, in characters (every item under it carries it).
pub const MAX_HEADING: usize = 300;
/// Longest task description an item may give (as `queue add` accepts).
pub const MAX_DESCRIPTION: usize = 64 * 1024;
/// Most dependencies one item may get.
pub const MAX_DEPENDENCIES: usize = 1_000;
/// Most dependencies all the items of a plan may get together.
pub const MAX_PLAN_DEPENDENCIES: usize = 1_000_000;

/// A parsed plan: its items in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub items: Vec<Item>,
    /// Things that were skipped or ignored, one line each, naming the line
    /// (an empty checklist item, an owner that is not an agent name).
    pub warnings: Vec<String>,
}

/// One checklist item or table row: a task to be.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    /// Stable key: plan path, heading path and title (see [`stable_key`]).
    pub key: String,
    /// Fallback key that survives small rewordings (see [`fuzzy_key`]).
    pub fuzzy_key: String,
    /// The item's first line, annotations removed, spaces collapsed.
    pub title: String,
    /// The item's other lines and blocks (may be empty); see
    /// [`Item::task_description`] for the task's description.
    pub description: String,
    /// `- [x]`, or a done Status cell.
    pub done: bool,
    /// The heading path above the item, outermost first.
    pub phase: Vec<String>,
    /// The heading level (1 to 6) of the item's section; 0 for none.
    pub level: usize,
    pub to_agent: Option<String>,
    pub task_type: Option<String>,
    pub priority: Option<Priority>,
    /// Indexes (into [`Plan::items`]) of the items this one waits for.
    pub depends_on: Vec<usize>,
    /// Index of the checklist item this one is nested in.
    pub parent: Option<usize>,
    /// 1-based line of the item in the plan.
    pub line: usize,
}

impl Item {
    /// The task's description: the title, then a blank line and the
    /// item's other lines when it has any.
    pub fn task_description(&self) -> String {
        if self.description.is_empty() {
            self.title.clone()
        } else {
            format!("{}\n\n{}", self.title, self.description)
        }
    }
    /// The heading path as stored in [`CONTEXT_PHASE`].
    pub fn phase_text(&self) -> String {
        self.phase.join(PHASE_SEPARATOR)
    }
}

/// Values for items whose plan does not give them (`--to`, `--type`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Defaults {
    pub to_agent: Option<String>,
    pub task_type: Option<String>,
}

impl Plan {
    /// Fills the agent and type of items that have none from `defaults`
    /// (already validated by the caller).
    pub fn apply_defaults(&mut self, defaults: &Defaults) {
        for item in &mut self.items {
            if item.to_agent.is_none() {
                item.to_agent.clone_from(&defaults.to_agent);
            }
            if item.task_type.is_none() {
                item.task_type.clone_from(&defaults.task_type);
            }
        }
    }
}

/// Splits a [`CONTEXT_PHASE`] value back into its heading path (an empty
/// value is no phase).
pub fn split_phase(phase: &str) -> Vec<String> {
    if phase.trim().is_empty() {
        return Vec::new();
    }
    phase
        .split(PHASE_SEPARATOR)
        .map(|h| h.trim().to_string())
        .collect()
}
