//! Table builders: pure functions from core structs to a [`Grid`] that
//! fits the terminal. Ids are shown as the [`ShortIds`] given (the
//! federation's shortest unique suffixes, or whole with `--full-ids`).

use super::grid::{Cell, Column, Fit, Grid};
use super::text::line;
use crate::cli::grid::Color;
use fed::model::time::Timestamp;
use fed::model::{Priority, Status, TaskSummary};
use fed::store::events::Event;
use fed::store::scan::{Problem, Severity};
use fed::view::short::ShortIds;

pub fn status_color(status: Status) -> Color {
    match status {
        Status::Pending => Color::Reset,
        Status::InProgress => Color::Cyan,
        Status::Blocked => Color::Yellow,
        Status::Done => Color::Green,
        Status::Failed => Color::Red,
        Status::Cancelled => Color::DarkGrey,
    }
}

/// Age in the largest unit: `45s`, `12m`, `3h`, `2d`.
pub fn age(since: Timestamp, now: Timestamp) -> String {
    let s = (now - since).num_seconds().max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86400),
    }
}

/// A priority's cell: coloured when it matters, `crit`/`norm` when short.
pub fn priority(p: Priority) -> Cell {
    let color = match p {
        Priority::Critical => Some(Color::Red),
        Priority::High => Some(Color::Yellow),
        _ => None,
    };
    let text = p.to_string();
    let short: String = text.chars().take(4).collect();
    Cell::new(text).or(short).color(color)
}

/// A time to the second (`2026-11-21 09:00:00`), or to the minute without
/// the year when short (`11-21 09:00`); the exact time is in `--json`.
pub fn time(at: Timestamp) -> Cell {
    Cell::new(at.format("%Y-%m-%d %H:%M:%S").to_string()).or(at.format("%m-%d %H:%M").to_string())
}

/// Who a task is with: its holder, or `→AGENT` when addressed to one.
fn agent(task: &TaskSummary) -> String {
    match (&task.assignee, &task.to_agent) {
        (Some(holder), _) if !task.status.is_finished() || task.status == Status::Done => {
            holder.clone()
        }
        (_, Some(to)) => format!("→{to}"),
        (Some(holder), None) => holder.clone(),
        (None, None) => "-".to_string(),
    }
}

/// Tasks: id, state, priority, type, agent, age, title.
pub fn tasks(tasks: &[&TaskSummary], ids: &ShortIds, now: Timestamp, color: bool) -> Grid {
    let mut grid = Grid::new(
        vec![
            Column::keep("ID"),
            Column::keep("STATE"),
            Column::keep("PRIORITY").or("PRI"),
            Column::new("TYPE", Fit::Drop(1)),
            Column::new("AGENT", Fit::Drop(2)),
            Column::new("AGE", Fit::Drop(0)),
            Column::new("TITLE", Fit::Cut(12)),
        ],
        color,
    );
    for task in tasks {
        grid.row(vec![
            ids.of(&task.task_id).into(),
            Cell::new(task.status.to_string()).color(Some(status_color(task.status))),
            priority(task.priority),
            line(&task.task_type).into_owned().into(),
            line(&agent(task)).into_owned().into(),
            age(task.created_at, now).into(),
            line(&task.title).into_owned().into(),
        ]);
    }
    grid
}

/// Events: when, who, what, about which task or vote, details.
pub fn events(events: &[&Event], ids: &ShortIds, color: bool) -> Grid {
    let mut grid = Grid::new(
        vec![
            Column::keep("AT").or("AT"),
            Column::keep("AGENT"),
            Column::keep("EVENT"),
            Column::keep("ID"),
            Column::new("DETAILS", Fit::Cut(10)),
        ],
        color,
    );
    for event in events {
        let id = ids.of(event.subject());
        grid.row(vec![
            time(event.at),
            line(event.agent.as_deref().unwrap_or("-"))
                .into_owned()
                .into(),
            line(&event.event).into_owned().into(),
            line(id).into_owned().into(),
            line(&event.details_text()).into_owned().into(),
        ]);
    }
    grid
}

/// Problems `fed check` found: the message wraps, never cut.
pub fn problems(problems: &[Problem], color: bool) -> Grid {
    let mut grid = Grid::new(
        vec![
            Column::keep("SEVERITY"),
            Column::keep("KIND"),
            Column::new("PROBLEM", Fit::Wrap(20)),
        ],
        color,
    );
    for p in problems {
        let (text, c) = match p.severity {
            Severity::Error => ("error", Color::Red),
            Severity::Warning => ("warning", Color::Yellow),
        };
        grid.row(vec![
            Cell::new(text).color(Some(c)),
            p.kind.into(),
            line(&p.message).into_owned().into(),
        ]);
    }
    grid
}
