//! `fed vote list`

use crate::cli::context::Ctx;
use crate::cli::grid::{Cell, Column, Fit, Grid};
use crate::cli::text::line;
use anyhow::{Result, bail};
use fed::model::Vote;
use fed::model::time::{Timestamp, relative};
use fed::view::short::ShortIds;

/// List votes as a table (default: active ones).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed vote list
  fed vote list --state all --json")]
pub struct Args {
    /// resolved is every state but active
    #[arg(long, value_name = "STATE", default_value = "active", ignore_case = true, value_parser = [
        "active", "decided", "escalated", "overridden", "resolved", "all",
    ])]
    pub state: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let store = ctx.store()?;
    let state = args.state.trim().to_ascii_lowercase();
    if ![
        "active",
        "decided",
        "escalated",
        "overridden",
        "resolved",
        "all",
    ]
    .contains(&state.as_str())
    {
        bail!(fed::Error::invalid(format!(
            "--state: '{state}' is not a vote state (active, decided, escalated, overridden, resolved, all)"
        )));
    }
    let (votes, problems) = store.list_votes();
    let chosen: Vec<_> = votes
        .iter()
        .filter(|v| match state.as_str() {
            "all" => true,
            "resolved" => !v.is_active(),
            s => v.status.as_str() == s,
        })
        .collect();
    if !problems.is_empty() {
        ctx.out.warn(format!(
            "{} vote file(s) could not be read and are not listed; run `fed check`",
            problems.len()
        ));
    }
    if ctx.out.json {
        ctx.out.json_value(&chosen)?;
    } else if chosen.is_empty() {
        ctx.out.note("No votes");
    } else {
        let ids = ctx.short_ids(store);
        ctx.out.data(table(&chosen, &ids, ctx.now, ctx.out.color))?;
    }
    Ok(())
}

/// Votes: id, state, ballots of the quorum, deadline, outcome, question.
fn table(votes: &[&Vote], ids: &ShortIds, now: Timestamp, color: bool) -> Grid {
    let mut grid = Grid::new(
        vec![
            Column::keep("ID"),
            Column::keep("STATUS"),
            Column::keep("BALLOTS"),
            Column::new("DEADLINE", Fit::Drop(0)),
            Column::new("OUTCOME", Fit::Cut(8)),
            Column::new("QUESTION", Fit::Cut(12)),
        ],
        color,
    );
    for v in votes {
        let outcome = match &v.result {
            Some(r) => r
                .decision
                .clone()
                .or_else(|| r.recommendation.as_ref().map(|c| format!("({c}?)")))
                .unwrap_or_else(|| "-".to_string()),
            None if v.is_due(now) => "due".to_string(),
            None => "-".to_string(),
        };
        grid.row(vec![
            ids.of(&v.vote_id).into(),
            v.status.to_string().into(),
            format!("{}/{}", v.votes.len(), v.quorum).into(),
            v.deadline
                .map_or_else(|| "-".to_string(), |d| relative(d, now))
                .into(),
            Cell::new(line(&outcome)),
            Cell::new(line(&v.question)),
        ]);
    }
    grid
}
