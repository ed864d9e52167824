//! Tests of the plan module on realistic plans (`tests/fixtures/plans/`)
//! and on hostile or malformed ones.

mod fixtures;
mod malformed;
mod reimport;
mod roundtrip;
mod rules;

use super::{Existing, Item, Plan, parse};

pub(super) const LAUNCH: &str = include_str!("../../../tests/fixtures/plans/launch.md");
pub(super) const LAUNCH_EDITED: &str =
    include_str!("../../../tests/fixtures/plans/launch-edited.md");
pub(super) const ROADMAP: &str = include_str!("../../../tests/fixtures/plans/roadmap.md");
pub(super) const NO_HEADINGS: &str = include_str!("../../../tests/fixtures/plans/no-headings.md");

pub(super) fn titles(plan: &Plan) -> Vec<&str> {
    plan.items.iter().map(|i| i.title.as_str()).collect()
}

pub(super) fn item<'p>(plan: &'p Plan, title: &str) -> &'p Item {
    plan.items
        .iter()
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no item {title:?} in {:?}", titles(plan)))
}

/// The tasks a first import of `plan` would have made: task `t{i}` for
/// item i, open items pending.
pub(super) fn imported(plan: &Plan) -> Vec<Existing> {
    plan.items
        .iter()
        .enumerate()
        .map(|(i, item)| Existing {
            task_id: format!("t{i}"),
            key: item.key.clone(),
            fuzzy_key: item.fuzzy_key.clone(),
            phase: item.phase_text(),
            title: item.title.clone(),
            description: item.task_description(),
            done_or_finished: item.done,
            status: if item.done { "done" } else { "pending" }.to_string(),
            to_agent: item.to_agent.clone(),
            task_type: item.task_type.clone().unwrap_or_else(|| "general".into()),
            priority: item.priority.unwrap_or_default(),
            dependencies: item.depends_on.iter().map(|d| format!("t{d}")).collect(),
        })
        .collect()
}

pub(super) fn parse_ok(text: &str) -> Plan {
    parse(text, "plan.md").unwrap_or_else(|e| panic!("{e}"))
}
