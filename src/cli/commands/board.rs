//! `fed board`

use crate::cli::context::Ctx;
use crate::cli::lanes::{Card, Lane, render};
use crate::cli::table::age;
use crate::cli::text::line;
use crate::cli::width;
use anyhow::Result;
use fed::model::{Priority, Status};
use fed::view::board::{Board, Card as Task};
use fed::view::load::load_board;

/// Open work as columns: ready, waiting on dependencies, in progress
/// (holder, lease left), blocked (reason, age, escalation) and recently
/// finished.
///
/// The columns stand side by side when the terminal (or COLUMNS) is wide
/// enough, one after another otherwise. Ids are the shortest unique
/// suffixes (at least six characters): every command takes them.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed board
  fed board --for kimi
  COLUMNS=120 fed board
  fed board --json | jq '.blocked[].task_id'")]
pub struct Args {
    /// Only tasks addressed to or held by AGENT
    #[arg(add = crate::cli::complete::agents(), long = "for", value_name = "AGENT")]
    pub for_agent: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let for_agent = args
        .for_agent
        .as_deref()
        .map(|a| fed::model::AgentName::parse(a, "--for").map(|n| n.as_str().to_string()))
        .transpose()?;
    let b = load_board(store, config, ctx.now, for_agent.as_deref(), ctx.id_form())?;
    if ctx.out.json {
        ctx.out.json_value(&b)?;
    } else {
        ctx.out.data(text(&b))?;
    }
    Ok(())
}

/// The board as lanes of cards.
pub fn text(b: &Board) -> String {
    let now = b.at;
    let lanes = [
        ("READY", &b.ready),
        ("WAITING", &b.waiting),
        ("IN PROGRESS", &b.in_progress),
        ("BLOCKED", &b.blocked),
        ("DONE RECENTLY", &b.done),
    ];
    let lanes: Vec<Lane> = lanes
        .into_iter()
        .map(|(name, tasks)| Lane {
            name: name.to_string(),
            cards: tasks.iter().map(|t| card(t, now)).collect(),
        })
        .collect();
    let mut out = String::new();
    if b.paused {
        out.push_str("PAUSED: nothing is claimed until `fed resume`\n\n");
    }
    out.push_str(&render(
        &lanes,
        width::terminal().unwrap_or(width::FALLBACK),
    ));
    out
}

fn card(t: &Task, now: fed::model::time::Timestamp) -> Card {
    let head = match t.priority {
        Priority::Normal => t.short_id.clone(),
        p => format!("{} [{p}]", t.short_id),
    };
    let mut details = Vec::new();
    match t.status {
        Status::Pending => {
            if let Some(to) = &t.to_agent {
                details.push(format!("for {to}"));
            }
            if !t.waiting_on.is_empty() {
                details.push(format!("after {}", t.waiting_on.join(", ")));
            }
            if !t.stranded_by.is_empty() {
                details.push(format!("stranded by {}", t.stranded_by.join(", ")));
            }
        }
        Status::InProgress => {
            let holder = t.assignee.as_deref().unwrap_or("?");
            details.push(match t.lease_expires_at {
                Some(end) if end > now => format!("{holder}, {} left", age(now, end)),
                Some(end) => format!("{holder}, lease expired {} ago", age(end, now)),
                None => holder.to_string(),
            });
        }
        Status::Blocked => {
            let since = t.blocked_since.map(|s| age(s, now)).unwrap_or_default();
            let reason = t.blocked_reason.as_deref().unwrap_or("");
            details.push(format!("{since}: {}", line(reason)));
            if let Some(e) = &t.escalation {
                details.push(format!("! {}", e.describe()));
            }
        }
        status => {
            let when = t.finished_at.map(|f| age(f, now)).unwrap_or_default();
            let by = t
                .assignee
                .as_deref()
                .map(|a| format!(" by {a}"))
                .unwrap_or_default();
            details.push(format!("{status}{by}, {when} ago"));
        }
    }
    Card {
        head,
        title: line(&t.title).into_owned(),
        details,
    }
}
