//! Tables of work: a table whose header has a Task, Feature or Title
//! column is read as items, one per row (roadmaps are often written so).
//!
//! Columns are recognised by their header, case and surrounding spaces or
//! punctuation ignored: the item's title from Task/Feature/Title (the first
//! such column; annotations in it count as in a checklist item), and when
//! present Priority/Prio, Owner/Agent/Source/Assignee, Status/State/Done,
//! Type, and Description/Detail/Note (a plural `s` is ignored). A column's value overrides an
//! annotation of the same kind in the title cell. Values that mean nothing
//! to fed (an owner that is not an agent name, an unknown priority) are
//! ignored with a warning.

use super::inline::{Annotated, Inline, agent_annotation, annotate, collapse, valid_type};
use crate::model::{AgentName, Priority};

/// A table being read: its rows of cells, the header first.
#[derive(Debug, Default)]
pub(super) struct Table {
    rows: Vec<(usize, Vec<Inline>)>,
    cell: Inline,
}

/// One row turned into an item.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    pub line: usize,
    pub fields: Annotated,
    pub description: String,
    pub done: bool,
}

#[derive(Debug, Default)]
struct Columns {
    title: Option<usize>,
    priority: Option<usize>,
    agent: Option<usize>,
    status: Option<usize>,
    task_type: Option<usize>,
    description: Option<usize>,
}

impl Table {
    pub fn start_row(&mut self, line: usize) {
        self.rows.push((line, Vec::new()));
    }
    pub fn cell(&mut self) -> &mut Inline {
        &mut self.cell
    }
    pub fn end_cell(&mut self) {
        let cell = std::mem::take(&mut self.cell);
        if let Some((_, cells)) = self.rows.last_mut() {
            cells.push(cell);
        }
    }
    /// The rows as items (none when the header has no title column), and
    /// warnings (without the file name) for values that were ignored.
    pub fn finish(self) -> (Vec<Row>, Vec<String>) {
        let mut rows = self.rows.into_iter();
        let Some((_, header)) = rows.next() else {
            return (Vec::new(), Vec::new());
        };
        let columns = columns(&header);
        let Some(title) = columns.title else {
            return (Vec::new(), Vec::new());
        };
        let mut out = Vec::new();
        let mut warnings = Vec::new();
        for (line, cells) in rows {
            let Some(cell) = cells.get(title) else {
                continue;
            };
            let mut fields = annotate(cell);
            if fields.title.is_empty() {
                continue;
            }
            let text = |col: Option<usize>| {
                col.and_then(|c| cells.get(c))
                    .map(Inline::plain)
                    .unwrap_or_default()
            };
            let mut warn = |what: &str, value: &str| {
                warnings.push(format!("line {line}: {what} '{value}' is ignored"));
            };
            let raw = text(columns.priority);
            match priority_cell(&raw) {
                Some(p) => fields.priority = Some(p),
                None if !raw.is_empty() => warn("priority", &raw),
                None => {}
            }
            let raw = text(columns.agent);
            match agent_cell(&raw) {
                Some(a) => fields.to_agent = Some(a),
                None if !raw.is_empty() => warn("owner (not an agent name)", &raw),
                None => {}
            }
            let raw = text(columns.task_type);
            match valid_type(&raw) {
                Some(t) => fields.task_type = Some(t),
                None if !raw.is_empty() => warn("type", &raw),
                None => {}
            }
            out.push(Row {
                line,
                fields,
                description: text(columns.description),
                done: status_done(&text(columns.status)),
            });
        }
        (out, warnings)
    }
}

fn columns(header: &[Inline]) -> Columns {
    let mut columns = Columns::default();
    for (i, cell) in header.iter().enumerate() {
        let name = cell
            .plain()
            .to_lowercase()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        let singular = name.strip_suffix('s').unwrap_or(&name);
        let slot = match (name.as_str(), singular) {
            ("status", _) => &mut columns.status,
            (_, "task" | "feature" | "title") => &mut columns.title,
            (_, "priority" | "prio") => &mut columns.priority,
            (_, "owner" | "agent" | "source" | "assignee") => &mut columns.agent,
            (_, "state" | "done") => &mut columns.status,
            (_, "type") => &mut columns.task_type,
            (_, "description" | "detail" | "note") => &mut columns.description,
            _ => continue,
        };
        slot.get_or_insert(i);
    }
    columns
}

/// critical, high, normal (or medium), low, with or without `!`; P0 is
/// critical, P1 high, P2 normal, P3 and beyond low.
pub(super) fn priority_cell(raw: &str) -> Option<Priority> {
    let value = raw.trim().trim_start_matches('!').to_lowercase();
    if let Some(p) = Priority::ALL.into_iter().find(|p| p.as_str() == value) {
        return Some(p);
    }
    match value.as_str() {
        "medium" | "p2" => Some(Priority::Normal),
        "p0" => Some(Priority::Critical),
        "p1" => Some(Priority::High),
        v if v.len() > 1 && v.starts_with('p') && v[1..].chars().all(|c| c.is_ascii_digit()) => {
            Some(Priority::Low)
        }
        _ => None,
    }
}

/// An agent name, with or without `@`.
fn agent_cell(raw: &str) -> Option<String> {
    let value = raw.trim();
    if value.starts_with('@') {
        return agent_annotation(value);
    }
    AgentName::parse(value, "owner")
        .ok()
        .map(|a| a.as_str().to_string())
}

/// done, complete, completed, finished, yes, x, [x], or starting with ✅,
/// ✔ or ☑ (any case).
pub(super) fn status_done(raw: &str) -> bool {
    let value = collapse(raw).to_lowercase();
    matches!(
        value.as_str(),
        "done" | "complete" | "completed" | "finished" | "yes" | "x" | "[x]"
    ) || value.starts_with(['✅', '✔', '☑'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Table {
        let mut t = Table::default();
        for (n, row) in rows.iter().enumerate() {
            t.start_row(n + 1);
            for cell in *row {
                t.cell().push(cell, false, false);
                t.end_cell();
            }
        }
        t
    }

    #[test]
    fn maps_the_known_columns() {
        let (rows, warnings) = table(&[
            &["Feature", "Prio", "**Owner**", "Status", "Notes"],
            &["SSO login #auth", "P1", "@Kimi", "✅ Done", "SAML first"],
            &["Audit log", "medium", "Platform team", "in progress", ""],
            &["", "P0", "", "", ""],
            &["Exports", "urgent", "claude", "todo"],
        ])
        .finish();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].fields.title, "SSO login");
        assert_eq!(rows[0].fields.task_type.as_deref(), Some("auth"));
        assert_eq!(rows[0].fields.priority, Some(Priority::High));
        assert_eq!(rows[0].fields.to_agent.as_deref(), Some("kimi"));
        assert!(rows[0].done && !rows[1].done && !rows[2].done);
        assert_eq!(rows[0].description, "SAML first");
        assert_eq!(rows[1].fields.priority, Some(Priority::Normal));
        assert_eq!(rows[1].fields.to_agent, None);
        assert_eq!(rows[2].fields.to_agent.as_deref(), Some("claude"));
        assert_eq!(rows[2].line, 5);
        assert_eq!(
            warnings,
            [
                "line 3: owner (not an agent name) 'Platform team' is ignored",
                "line 5: priority 'urgent' is ignored"
            ]
        );
    }

    #[test]
    fn other_tables_are_not_work() {
        let (rows, _) = table(&[&["Metric", "Target"], &["p95", "200ms"]]).finish();
        assert!(rows.is_empty());
        let (rows, _) = table(&[&["Tasks:", "Owners", "Status"], &["x", "kimi", "Done"]]).finish();
        assert_eq!(rows[0].fields.to_agent.as_deref(), Some("kimi"));
        assert!(rows[0].done);
        assert_eq!(priority_cell("P7"), Some(Priority::Low));
        assert_eq!(priority_cell("!Critical"), Some(Priority::Critical));
        assert_eq!(priority_cell("p"), None);
    }
}
