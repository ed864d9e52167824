//! `fed queue show`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::model::Task;
use fed::model::time::format_time;
use fed::store::locate::{get, resolve};

/// Show one task in full (id or unique suffix).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed queue show 3f9k2a
  fed queue show 20261121-053555-3f9k2a --json")]
pub struct Args {
    /// The task id, or a unique suffix of it
    pub id: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let store = ctx.store()?;
    let id = resolve(store, &args.id, "ID")?;
    let found = get(store, &id)?;
    if ctx.out.json {
        ctx.out.json_value(&found.task)?;
    } else {
        ctx.out.data(render(&found.task))?;
    }
    Ok(())
}

fn render(t: &Task) -> String {
    let mut lines = vec![
        format!("{}  {}", t.task_id, t.title),
        format!("status:       {}", t.status),
        format!("priority:     {}", t.priority),
        format!("type:         {}", t.task_type),
    ];
    let mut field = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            lines.push(format!("{:<13} {v}", format!("{name}:")));
        }
    };
    field("from", t.from_agent.clone());
    field(
        "to",
        Some(t.to_agent.clone().unwrap_or_else(|| "anyone".to_string())),
    );
    field("lead", t.lead.clone());
    field("assignee", t.assignee.clone());
    if let Some(lease) = &t.lease {
        field(
            "lease",
            Some(format!(
                "{} until {}",
                lease.token,
                format_time(lease.expires_at)
            )),
        );
    }
    if let Some(b) = &t.blocked {
        field("blocked", Some(format!("{} (from {})", b.reason, b.from)));
    }
    if !t.dependencies.is_empty() {
        field("after", Some(t.dependencies.join(", ")));
    }
    field("attempts", Some(t.attempts.to_string()));
    field("reworks", t.reworks.clone());
    if let Some(h) = &t.handoff {
        field(
            "handoff",
            Some(format!(
                "queued by rule {} after {} (chain depth {})",
                h.rule, h.from_task, h.depth
            )),
        );
    }
    if let Some(r) = &t.routing {
        field(
            "routing",
            Some(format!(
                "--to auto recommended {} at confidence {:.2}{}",
                r.recommended.as_deref().unwrap_or("nobody"),
                r.confidence,
                if r.routed {
                    ""
                } else {
                    " (below routing.min_confidence: for anyone)"
                }
            )),
        );
    }
    if let Some(r) = &t.result {
        field("finished", Some(format_time(r.finished_at)));
        field("summary", r.summary.clone());
    }
    for (k, v) in &t.context {
        let v = v
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string());
        field(&format!("context.{k}"), Some(v));
    }
    field("created", Some(format_time(t.created_at)));
    field("updated", Some(format_time(t.updated_at)));
    lines.push(String::new());
    lines.push(t.description.clone());
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
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            ));
        }
    }
    lines.join("\n")
}
