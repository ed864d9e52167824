//! Table builders: pure functions from core structs to `comfy_table::Table`.

use super::text::line;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};
use fed::model::time::Timestamp;
use fed::model::{Priority, Status, TaskSummary};
use fed::store::events::Event;
use fed::store::scan::{Problem, Severity};

/// A borderless table like `docker ps`; wraps to the terminal (or
/// `COLUMNS`) only when there is one.
pub fn new_table(header: &[&str], color: bool) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::NOTHING);
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|w| *w > 0)
        .or_else(zero_sized_terminal);
    match width {
        Some(w) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(w);
        }
        None if color => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {}
    }
    if color {
        table.enforce_styling();
        table.set_header(
            header
                .iter()
                .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
        );
    } else {
        table.force_no_tty();
        table.set_header(header.to_vec());
    }
    table
}

/// 80 columns when stdout is a terminal that reports no size (0x0, as
/// `script` and some CI runners do), where fitting the table to the
/// terminal would give one-character columns; `None` otherwise.
fn zero_sized_terminal() -> Option<u16> {
    use std::os::fd::AsRawFd;
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: TIOCGWINSZ fills a winsize for a terminal descriptor.
    let rc = unsafe { libc::ioctl(std::io::stdout().as_raw_fd(), libc::TIOCGWINSZ, &mut size) };
    (rc == 0 && size.ws_col == 0).then_some(80)
}

fn status_color(status: Status) -> Color {
    match status {
        Status::Pending => Color::Reset,
        Status::InProgress => Color::Cyan,
        Status::Blocked => Color::Yellow,
        Status::Done => Color::Green,
        Status::Failed => Color::Red,
        Status::Cancelled => Color::DarkGrey,
    }
}

fn styled(text: impl ToString, color: Option<Color>) -> Cell {
    let cell = Cell::new(text.to_string());
    match color {
        Some(c) => cell.fg(c),
        None => cell,
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

/// Tasks: id, state, priority, type, agent, age, title.
pub fn tasks(tasks: &[&TaskSummary], now: Timestamp, color: bool) -> Table {
    let mut table = new_table(
        &["ID", "STATE", "PRIORITY", "TYPE", "AGENT", "AGE", "TITLE"],
        color,
    );
    for task in tasks {
        let agent = match (&task.assignee, &task.to_agent) {
            (Some(holder), _) if !task.status.is_finished() || task.status == Status::Done => {
                holder.clone()
            }
            (_, Some(to)) => format!("→{to}"),
            (Some(holder), None) => holder.clone(),
            (None, None) => "-".to_string(),
        };
        let priority_color = match task.priority {
            Priority::Critical => Some(Color::Red),
            Priority::High => Some(Color::Yellow),
            _ => None,
        };
        table.add_row(vec![
            Cell::new(&task.task_id),
            styled(task.status, color.then(|| status_color(task.status))),
            styled(task.priority, priority_color.filter(|_| color)),
            Cell::new(&task.task_type),
            Cell::new(agent),
            Cell::new(age(task.created_at, now)),
            Cell::new(line(&task.title)),
        ]);
    }
    table
}

pub fn events(events: &[&Event], color: bool) -> Table {
    let mut table = new_table(&["AT", "AGENT", "EVENT", "ID", "DETAILS"], color);
    for event in events {
        table.add_row(vec![
            Cell::new(fed::model::time::format_time(event.at)),
            Cell::new(event.agent.as_deref().unwrap_or("-")),
            Cell::new(&event.event),
            Cell::new(line(event.subject())),
            Cell::new(line(&event.details_text())),
        ]);
    }
    table
}

pub fn problems(problems: &[Problem], color: bool) -> Table {
    let mut table = new_table(&["SEVERITY", "KIND", "PROBLEM"], color);
    for p in problems {
        let (text, c) = match p.severity {
            Severity::Error => ("error", Color::Red),
            Severity::Warning => ("warning", Color::Yellow),
        };
        table.add_row(vec![
            styled(text, color.then_some(c)),
            Cell::new(p.kind),
            Cell::new(line(&p.message)),
        ]);
    }
    table
}
