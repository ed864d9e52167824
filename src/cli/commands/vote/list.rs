//! `fed vote list`

use crate::cli::context::Ctx;
use crate::cli::table::new_table;
use crate::cli::text::line;
use anyhow::{Result, bail};
use fed::model::time::format_time;

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
        let mut table = new_table(
            &["ID", "STATUS", "BALLOTS", "DEADLINE", "OUTCOME", "QUESTION"],
            ctx.out.color,
        );
        for v in chosen {
            let outcome = match &v.result {
                Some(r) => r
                    .decision
                    .clone()
                    .or_else(|| r.recommendation.as_ref().map(|c| format!("({c}?)")))
                    .unwrap_or_else(|| "-".to_string()),
                None if v.is_due(ctx.now) => "due".to_string(),
                None => "-".to_string(),
            };
            table.add_row(vec![
                v.vote_id.clone(),
                v.status.to_string(),
                format!("{}/{}", v.votes.len(), v.quorum),
                v.deadline
                    .map(format_time)
                    .unwrap_or_else(|| "-".to_string()),
                line(&outcome).into_owned(),
                line(&v.question).into_owned(),
            ]);
        }
        ctx.out.data(table)?;
    }
    Ok(())
}
