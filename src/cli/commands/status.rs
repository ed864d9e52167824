//! `fed status`

use crate::cli::context::Ctx;
use crate::cli::table::new_table;
use crate::cli::text::line;
use anyhow::Result;
use fed::store::snapshot::Snapshot;
use fed::view::overview::{Inputs, Summary, count_leads, summarize};

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
    let snapshot = Snapshot::load(store);
    let in_flight = fed::store::scan::in_flight_count(store);
    let (votes, vote_problems) = store.list_votes();
    let votes = fed::view::overview::summarize_votes(&votes, ctx.now);
    let leads = count_leads(&snapshot);
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
    if ctx.out.json {
        ctx.out.json_value(&summary)?;
    } else {
        ctx.out
            .data(render(&summary, &store.root().display().to_string(), ctx))?;
    }
    Ok(())
}

fn render(s: &Summary, root: &str, ctx: &Ctx) -> String {
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
    out.push_str(&format!(
        "Tasks: {} pending ({} ready), {} in progress, {} blocked, {} done, {} failed, {} cancelled\n",
        c("pending"),
        s.ready,
        c("in-progress"),
        c("blocked"),
        c("done"),
        c("failed"),
        c("cancelled")
    ));
    out.push_str(&agents_table(s, ctx));
    out.push_str(&ready_list(s));
    out.push_str(&notes(s));
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

/// Each agent's load, as a table (empty when no agent is known).
fn agents_table(s: &Summary, ctx: &Ctx) -> String {
    let mut out = String::new();
    if !s.agents.is_empty() {
        let mut table = new_table(
            &["AGENT", "PENDING", "IN PROGRESS", "BLOCKED", "LEADS"],
            ctx.out.color,
        );
        for a in &s.agents {
            table.add_row(vec![
                a.agent.clone(),
                a.pending.to_string(),
                a.in_progress.to_string(),
                a.blocked.to_string(),
                a.led.to_string(),
            ]);
        }
        out.push_str(&format!("\n{table}\n"));
    }
    out
}

/// The lists of tasks and votes that need attention.
fn notes(s: &Summary) -> String {
    let mut out = String::new();
    for (title, notes) in [
        ("Blocked", &s.blocked),
        ("Escalated (see `fed inbox`)", &s.escalated),
        ("Stranded", &s.stranded),
        ("Expired leases", &s.expired_leases),
        ("Queued automatically", &s.automatic),
        ("Not routed", &s.unrouted),
    ] {
        if notes.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title}:\n"));
        for n in notes.iter() {
            out.push_str(&format!(
                "  {} {}{}: {}\n",
                n.task_id,
                line(&n.title),
                n.agent
                    .as_ref()
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default(),
                line(&n.note)
            ));
        }
    }
    if s.votes.active > 0 || !s.votes.escalated.is_empty() {
        out.push_str(&format!(
            "\nVotes: {} active, {} past their deadline, {} escalated to the overseers\n",
            s.votes.active,
            s.votes.due.len(),
            s.votes.escalated.len()
        ));
        for (label, notes) in [("due", &s.votes.due), ("escalated", &s.votes.escalated)] {
            for n in notes.iter() {
                out.push_str(&format!(
                    "  {label}: {} {}: {}\n",
                    n.vote_id,
                    line(&n.question),
                    line(&n.note)
                ));
            }
        }
    }
    out
}

/// The ready tasks, best first: the first ten, and how many more.
fn ready_list(s: &Summary) -> String {
    const SHOWN: usize = 10;
    if s.ready_tasks.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nReady:\n");
    for n in s.ready_tasks.iter().take(SHOWN) {
        out.push_str(&format!(
            "  {} {} [{}]{}\n",
            n.task_id,
            line(&n.title),
            n.priority,
            n.agent
                .as_ref()
                .map(|a| format!(" (for {a})"))
                .unwrap_or_default()
        ));
    }
    if s.ready_tasks.len() > SHOWN {
        out.push_str(&format!(
            "  ... and {} more (`fed queue list --ready`)\n",
            s.ready_tasks.len() - SHOWN
        ));
    }
    out
}
