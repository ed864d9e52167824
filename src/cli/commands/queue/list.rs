//! `fed queue list`

use crate::cli::context::Ctx;
use crate::cli::table;
use anyhow::{Result, bail};
use fed::model::summary::list_json;
use fed::model::{Status, TaskSummary};
use fed::store::cache::Row;
use fed::store::snapshot::Snapshot;
use fed::view::listing::{self, Query};
use fed::view::short::ShortIds;

/// List tasks as a table (default: pending, in progress and blocked).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed queue list
  fed queue list --ready --for kimi
  fed queue list --lead claude --state all
  fed queue list --state completed --type review --json")]
pub struct Args {
    /// completed is done + failed + cancelled
    #[arg(long, value_name = "STATE", ignore_case = true, value_parser = [
        "pending", "in-progress", "blocked", "done", "failed", "cancelled", "completed", "all",
    ])]
    pub state: Option<String>,
    /// Tasks addressed to or held by AGENT
    #[arg(add = crate::cli::complete::agents(), long = "for", value_name = "AGENT")]
    pub for_agent: Option<String>,
    /// Only tasks of this type
    #[arg(add = crate::cli::complete::task_types(), long = "type", value_name = "TYPE")]
    pub task_type: Option<String>,
    /// Only tasks led by AGENT
    #[arg(add = crate::cli::complete::agents(), long, value_name = "AGENT")]
    pub lead: Option<String>,
    /// Only ready tasks: pending, dependencies done, no reserved file in use
    #[arg(long)]
    pub ready: bool,
}

/// The states `--state` names (default: the unfinished ones).
fn states(state: Option<&str>) -> Result<Vec<Status>> {
    Ok(match state.map(|s| s.trim().to_ascii_lowercase()) {
        None => vec![Status::Pending, Status::InProgress, Status::Blocked],
        Some(s) if s == "all" => Status::ALL.to_vec(),
        Some(s) if s == "completed" => vec![Status::Done, Status::Failed, Status::Cancelled],
        Some(s) => match Status::parse(&s) {
            Some(status) => vec![status],
            None => bail!(fed::Error::invalid(format!(
                "--state: '{s}' is not a state (pending, in-progress, blocked, done, failed, cancelled, completed, all)"
            ))),
        },
    })
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let store = ctx.store()?;
    let states = states(args.state.as_deref())?;
    if args.ready && !states.contains(&Status::Pending) {
        bail!(fed::Error::invalid(
            "--ready lists pending tasks; it cannot be combined with that --state"
        ));
    }
    let query = Query {
        states,
        ready: args.ready,
        for_agent: args.for_agent.clone(),
        task_type: args.task_type.clone(),
        lead: args.lead.clone(),
        docs: ctx.out.json,
    };
    let snapshot = listing::load(store, &query);
    let rows = listing::select(&snapshot, &query);
    if !snapshot.problems.is_empty() {
        ctx.out.warn(format!(
            "{} file(s) in the queue could not be read and are not listed; run `fed check`",
            snapshot.problems.len()
        ));
    }
    if ctx.out.json {
        ctx.out
            .data(crate::cli::json::pretty_array(&list_docs(&rows)))?;
    } else if rows.is_empty() {
        ctx.out.note("No tasks");
    } else {
        let summaries: Vec<&TaskSummary> = rows.iter().map(|r| &r.summary).collect();
        let ids = short_ids(ctx, &snapshot, args.ready)?;
        ctx.out
            .data(table::tasks(&summaries, &ids, ctx.now, ctx.out.color))?;
    }
    // Freeing thousands of rows one by one costs more than the exit.
    std::mem::forget(snapshot);
    Ok(())
}

/// Each listed document without its history, from the cache where it is
/// current, else read from its file (a task that moved since the listing
/// is left out).
fn list_docs(rows: &[&Row]) -> Vec<String> {
    rows.iter()
        .filter_map(|r| {
            r.doc
                .clone()
                .or_else(|| r.read().ok().map(|t| list_json(&t)))
        })
        .collect()
}

/// The federation's short ids: from the snapshot when it was read whole
/// (`--ready`), else from a listing of every folder.
fn short_ids(ctx: &Ctx, snapshot: &Snapshot, whole: bool) -> Result<ShortIds> {
    let store = ctx.store()?;
    Ok(if whole {
        let votes = store.vote_ids();
        ShortIds::of_snapshot(snapshot, votes.iter().map(String::as_str), ctx.id_form())
    } else {
        ctx.short_ids(store)
    })
}
