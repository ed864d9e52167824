//! `fed status`

use crate::cli::context::Ctx;
use crate::cli::grid::{Column, Fit, Grid};
use crate::cli::table::priority;
use crate::cli::text::line;
use crate::cli::width;
use anyhow::Result;
use fed::store::cache::Reading;
use fed::store::snapshot::Snapshot;
use fed::view::overview::{Inputs, Summary, TaskNote, VoteNote, count_leads, summarize};
use fed::view::short::ShortIds;

/// The federation at a glance: paused or not, counts per status, ready
/// tasks, per-agent load, blocked and stranded tasks, expired leases,
/// active votes.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed status
  fed status --json | jq .counts")]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let state = store.state()?;
    let snapshot = Snapshot::load(store, Reading::VIEW);
    let in_flight = fed::store::scan::in_flight_count(store);
    let (raw_votes, vote_problems) = store.list_votes();
    let votes = fed::view::overview::summarize_votes(&raw_votes, ctx.now);
    let leads = count_leads(&snapshot);
    // People see short ids; --json keeps them whole.
    let ids = if ctx.out.json {
        ShortIds::default()
    } else {
        let vote_ids = raw_votes.iter().map(|v| v.vote_id.as_str());
        ShortIds::of_snapshot(&snapshot, vote_ids, ctx.id_form())
    };
    let summary = summarize(
        &snapshot,
        Inputs {
            state: &state,
            now: ctx.now,
            known_agents: &config.agents,
            in_flight,
            votes,
            deferred_handoffs: store.prepared_count(),
            leads: &leads,
            ids: &ids,
            // The text shows the best few; --json lists every ready task.
            ready_notes: (!ctx.out.json).then_some(READY_SHOWN),
        },
    );
    let blocked = store.read_rows(
        snapshot
            .rows
            .iter()
            .filter(|r| r.summary.status == fed::model::Status::Blocked),
    );
    let mut summary = summary;
    summary.escalated = fed::view::overview::escalated_notes(&blocked, config, ctx.now);
    // Freeing ten thousand summaries one by one costs more than the exit.
    std::mem::forget(snapshot);
    summary.problems += vote_problems.len();
    let remote = super::remote::show::status(store.root(), ctx.now);
    if ctx.out.json {
        let mut value = serde_json::to_value(&summary)?;
        value["remote"] = remote.json;
        ctx.out.json_value(&value)?;
    } else {
        let root = store.root().display().to_string();
        let text = render(&summary, &root, &ids, ctx.out.color);
        ctx.out.data(match remote.line {
            Some(line) => text.replacen('\n', &format!("\n{line}\n"), 1),
            None => text,
        })?;
    }
    Ok(())
}

fn render(s: &Summary, root: &str, ids: &ShortIds, color: bool) -> String {
    let mut out = String::new();
    let paused = if s.paused {
        format!(
            "PAUSED{}{}{}",
            s.paused_by
                .as_ref()
                .map(|b| format!(" by {b}"))
                .unwrap_or_default(),
            s.paused_since
                .map(|t| format!(" since {}", fed::model::time::format_time(t)))
                .unwrap_or_default(),
            s.pause_reason
                .as_ref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        )
    } else {
        "running".to_string()
    };
    out.push_str(&format!("Federation {root}: {paused}\n"));
    let c = |k: &str| s.counts.get(k).copied().unwrap_or(0);
    let counts = [
        format!("{} pending ({} ready)", c("pending"), s.ready),
        format!("{} in progress", c("in-progress")),
        format!("{} blocked", c("blocked")),
        format!("{} done", c("done")),
        format!("{} failed", c("failed")),
        format!("{} cancelled", c("cancelled")),
    ];
    out.push_str(&hanging("Tasks: ", &counts, width::terminal()));
    out.push_str(&agents_table(s, color));
    out.push_str(&ready_list(s, ids, color));
    out.push_str(&notes(s, ids, color));
    if s.deferred_handoffs > 0 {
        out.push_str(&format!(
            "\nHandoffs held back while paused: {} (queued on `fed resume`)\n",
            s.deferred_handoffs
        ));
    }
    if s.in_flight > 0 {
        out.push_str(&format!(
            "\nIn flight: {} file(s) being changed right now, or left by a killed process\n",
            s.in_flight
        ));
    }
    if s.problems > 0 {
        out.push_str(&format!(
            "\nProblems: {} file(s) could not be used; run `fed check`\n",
            s.problems
        ));
    }
    out.trim_end().to_string()
}

/// `head` and the parts joined with commas, wrapped between parts to
/// `room` columns under the first part.
fn hanging(head: &str, parts: &[String], room: Option<usize>) -> String {
    let room = room.unwrap_or(usize::MAX);
    let indent = " ".repeat(head.len());
    let mut out = head.to_string();
    let mut line = head.len();
    for (i, part) in parts.iter().enumerate() {
        let part = if i + 1 < parts.len() {
            format!("{part},")
        } else {
            part.clone()
        };
        if i > 0 && line + 1 + part.len() > room {
            out.push_str(&format!("\n{indent}"));
            line = indent.len();
        } else if i > 0 {
            out.push(' ');
            line += 1;
        }
        line += part.len();
        out.push_str(&part);
    }
    out.push('\n');
    out
}

/// Each agent's load, as a table (empty when no agent is known).
fn agents_table(s: &Summary, color: bool) -> String {
    if s.agents.is_empty() {
        return String::new();
    }
    let mut grid = Grid::new(
        vec![
            Column::keep("AGENT"),
            Column::keep("PENDING"),
            Column::keep("IN PROGRESS").or("HELD"),
            Column::keep("BLOCKED"),
            Column::new("LEADS", Fit::Drop(0)),
        ],
        color,
    );
    for a in &s.agents {
        grid.row(vec![
            line(&a.agent).into_owned().into(),
            a.pending.to_string().into(),
            a.in_progress.to_string().into(),
            a.blocked.to_string().into(),
            a.led.to_string().into(),
        ]);
    }
    format!("\n{grid}\n")
}

/// Tasks under a heading, one a line: short id, title, then who and what.
fn task_notes(notes: &[TaskNote], ids: &ShortIds, color: bool) -> Grid {
    let mut grid = Grid::new(
        vec![
            Column::keep("ID"),
            Column::new("TITLE", Fit::Cut(12)),
            Column::new("AGENT", Fit::Drop(0)),
            Column::new("NOTE", Fit::Wrap(24)),
        ],
        color,
    )
    .headless()
    .indent(2);
    for n in notes {
        grid.row(vec![
            ids.of(&n.task_id).into(),
            line(&n.title).into_owned().into(),
            n.agent
                .as_ref()
                .map(|a| format!("({})", line(a)))
                .unwrap_or_default()
                .into(),
            line(&n.note).into_owned().into(),
        ]);
    }
    grid
}

/// Votes under a heading: due or escalated, short id, question, note.
fn vote_notes(notes: &[(&str, &VoteNote)], ids: &ShortIds, color: bool) -> Grid {
    let mut grid = Grid::new(
        vec![
            Column::keep("WHAT"),
            Column::keep("ID"),
            Column::new("QUESTION", Fit::Cut(12)),
            Column::new("NOTE", Fit::Wrap(24)),
        ],
        color,
    )
    .headless()
    .indent(2);
    for (label, n) in notes {
        grid.row(vec![
            format!("{label}:").into(),
            ids.of(&n.vote_id).into(),
            line(&n.question).into_owned().into(),
            line(&n.note).into_owned().into(),
        ]);
    }
    grid
}

/// The lists of tasks and votes that need attention.
fn notes(s: &Summary, ids: &ShortIds, color: bool) -> String {
    let mut out = String::new();
    for (title, notes) in [
        ("Blocked", &s.blocked),
        ("Escalated (see `fed inbox`)", &s.escalated),
        ("Stranded", &s.stranded),
        ("Expired leases", &s.expired_leases),
        ("Queued automatically", &s.automatic),
        ("Not routed", &s.unrouted),
    ] {
        if !notes.is_empty() {
            out.push_str(&format!("\n{title}:\n{}\n", task_notes(notes, ids, color)));
        }
    }
    if s.votes.active > 0 || !s.votes.escalated.is_empty() {
        out.push_str(&format!(
            "\nVotes: {} active, {} past their deadline, {} escalated to the overseers\n",
            s.votes.active,
            s.votes.due.len(),
            s.votes.escalated.len()
        ));
        let notes: Vec<(&str, &VoteNote)> = s
            .votes
            .due
            .iter()
            .map(|n| ("due", n))
            .chain(s.votes.escalated.iter().map(|n| ("escalated", n)))
            .collect();
        if !notes.is_empty() {
            out.push_str(&format!("{}\n", vote_notes(&notes, ids, color)));
        }
    }
    out
}

/// Ready tasks the text shows.
const READY_SHOWN: usize = 10;

/// The ready tasks, best first: the first ten, and how many more.
fn ready_list(s: &Summary, ids: &ShortIds, color: bool) -> String {
    if s.ready_tasks.is_empty() {
        return String::new();
    }
    let mut grid = Grid::new(
        vec![
            Column::keep("ID"),
            Column::new("TITLE", Fit::Cut(12)),
            Column::keep("PRIORITY").or("PRI"),
            Column::new("FOR", Fit::Drop(0)),
        ],
        color,
    )
    .headless()
    .indent(2);
    for n in s.ready_tasks.iter().take(READY_SHOWN) {
        grid.row(vec![
            ids.of(&n.task_id).into(),
            line(&n.title).into_owned().into(),
            priority(n.priority),
            n.agent
                .as_ref()
                .map(|a| format!("for {}", line(a)))
                .unwrap_or_default()
                .into(),
        ]);
    }
    let mut out = format!("\nReady:\n{grid}\n");
    if s.ready > READY_SHOWN {
        out.push_str(&format!(
            "  ... and {} more (`fed queue list --ready`)\n",
            s.ready - READY_SHOWN
        ));
    }
    out
}
