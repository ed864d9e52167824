//! `fed queue show`

use crate::cli::context::Ctx;
use crate::cli::grid::{Column, Fit, Grid};
use crate::cli::text::{block, line};
use anyhow::Result;
use fed::model::Task;
use fed::model::time::{format_time, relative};
use fed::queue::reserve::Held;
use fed::store::locate::{get, resolve};

/// Show one task in full (id or unique suffix).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed queue show 3f9k2a
  fed queue show 20261121-053555-3f9k2a --json")]
pub struct Args {
    /// The task id, or a unique suffix of it
    #[arg(add = crate::cli::complete::open_tasks())]
    pub id: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let store = ctx.store()?;
    let id = resolve(store, &args.id, "ID")?;
    let found = get(store, &id)?;
    if ctx.out.json {
        ctx.out.json_value(&found.task)?;
    } else {
        let mut text = render(&found.task, ctx.now);
        if let Some(why) = held_back(store, &found.task) {
            text.insert_str(text.find('\n').map_or(text.len(), |i| i + 1), &why);
        }
        text.push_str(&links_text(ctx, store, &found.task)?);
        ctx.out.data(text)?;
    }
    Ok(())
}

/// "not ready: ..." when a reservation holds a pending task back.
fn held_back(store: &fed::store::Store, t: &Task) -> Option<String> {
    if t.status != fed::model::Status::Pending || t.files.is_empty() {
        return None;
    }
    let overlap = Held::load(store).blocking(&t.task_id, &t.files)?;
    Some(format!("not ready:    {}\n", overlap.describe()))
}

fn render(t: &Task, now: fed::model::time::Timestamp) -> String {
    let mut lines = vec![
        format!("{}  {}", t.task_id, line(&t.title)),
        format!("status:       {}", t.status),
        format!("priority:     {}", t.priority),
        format!("type:         {}", t.task_type),
    ];
    for (name, value) in fields(t, now) {
        lines.push(format!("{:<13} {}", format!("{name}:"), line(&value)));
    }
    lines.push(String::new());
    lines.push(block(&t.description).into_owned());
    if !t.notes.is_empty() {
        lines.push(String::new());
        lines.push(format!("notes ({}):", t.notes.len()));
        for n in &t.notes {
            lines.push(format!("  {}  {}:", format_time(n.at), n.agent));
            for text in block(&n.text).lines() {
                lines.push(format!("    {text}"));
            }
        }
    }
    if !t.history.is_empty() {
        lines.push(String::new());
        lines.push("history:".to_string());
        for h in &t.history {
            lines.push(format!(
                "  {}  {:<10} {}{}",
                format_time(h.at),
                h.event,
                h.agent.as_deref().unwrap_or("-"),
                h.note
                    .as_ref()
                    .map(|n| format!(": {}", line(n)))
                    .unwrap_or_default()
            ));
        }
    }
    lines.join("\n")
}

/// The task's fields after status, priority and type, as (name, value),
/// leaving out those it does not have.
fn fields(t: &Task, now: fed::model::time::Timestamp) -> Vec<(String, String)> {
    let mut fields: Vec<(String, Option<String>)> = vec![
        ("from".into(), t.from_agent.clone()),
        (
            "to".into(),
            Some(t.to_agent.clone().unwrap_or_else(|| "anyone".into())),
        ),
        ("lead".into(), t.lead.clone()),
        ("assignee".into(), t.assignee.clone()),
        (
            "lease".into(),
            t.lease.as_ref().map(|l| {
                format!(
                    "{} until {} ({})",
                    l.token,
                    format_time(l.expires_at),
                    relative(l.expires_at, now)
                )
            }),
        ),
        (
            "blocked".into(),
            t.blocked
                .as_ref()
                .map(|b| format!("{} (from {})", b.reason, b.from)),
        ),
        ("attempts".into(), Some(t.attempts.to_string())),
        ("reworks".into(), t.reworks.clone()),
        (
            "handoff".into(),
            t.handoff.as_ref().map(|h| {
                format!(
                    "queued by rule {} after {} (chain depth {})",
                    h.rule, h.from_task, h.depth
                )
            }),
        ),
        (
            "routing".into(),
            t.routing.as_ref().map(|r| {
                format!(
                    "--to auto recommended {} at confidence {:.2}{}",
                    r.recommended.as_deref().unwrap_or("nobody"),
                    r.confidence,
                    if r.routed {
                        ""
                    } else {
                        " (below routing.min_confidence: for anyone)"
                    }
                )
            }),
        ),
        (
            "finished".into(),
            t.result.as_ref().map(|r| format_time(r.finished_at)),
        ),
        (
            "summary".into(),
            t.result.as_ref().and_then(|r| r.summary.clone()),
        ),
    ];
    fields.extend(work_fields(t));
    for (k, v) in &t.context {
        let v = v
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string());
        fields.push((format!("context.{k}"), Some(v)));
    }
    fields.push(("created".into(), Some(format_time(t.created_at))));
    fields.push(("updated".into(), Some(format_time(t.updated_at))));
    fields
        .into_iter()
        .filter_map(|(n, v)| Some((n, v?)))
        .collect()
}

/// What the task waits on and what waits on it, with titles and states.
fn links_text(ctx: &Ctx, store: &fed::store::Store, t: &Task) -> Result<String> {
    let facts = fed::view::facts::Facts::load(store, ctx.id_form())?;
    let (deps, dependants) = fed::view::graph::links(store, &facts, &t.task_id, &t.dependencies);
    let mut out = String::new();
    for (title, nodes) in [("waits on", deps), ("waited on by", dependants)] {
        if nodes.is_empty() {
            continue;
        }
        let mut grid = Grid::new(
            vec![
                Column::keep("ID"),
                Column::new("TITLE", Fit::Cut(12)),
                Column::keep("STATE"),
            ],
            ctx.out.color,
        )
        .headless()
        .indent(2);
        for n in nodes {
            grid.row(vec![
                n.short_id.clone().into(),
                line(&n.title).into_owned().into(),
                format!("[{}]", n.state()).into(),
            ]);
        }
        out.push_str(&format!("\n\n{title}:\n{grid}"));
    }
    Ok(out)
}

/// The files a task reserves and its acceptance check.
fn work_fields(t: &Task) -> [(String, Option<String>); 2] {
    [
        (
            "files".into(),
            (!t.files.is_empty()).then(|| t.files.join(" ")),
        ),
        ("check".into(), t.check.clone()),
    ]
}
