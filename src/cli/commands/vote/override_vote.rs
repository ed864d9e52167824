//! `fed vote override`

use super::outcome_line;
use crate::cli::context::Ctx;
use anyhow::Result;
use fed::vote::resolve::override_vote;

/// Set a vote's result (overseer), before or after it is resolved.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  fed --agent reuben vote override 4k2p9x --choice pages --reason \"too risky\"")]
pub struct Args {
    /// The vote id, or a unique suffix of it
    #[arg(add = crate::cli::complete::all_votes())]
    pub id: String,
    /// The option that stands
    #[arg(long)]
    pub choice: String,
    /// Why
    #[arg(long)]
    pub reason: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let vote = override_vote(
        &ctx.op(store, config),
        &args.id,
        &args.choice,
        args.reason.as_deref(),
    )?;
    if ctx.out.json {
        ctx.out.json_value(&vote)?;
    } else {
        ctx.out.note(outcome_line(&vote));
    }
    Ok(())
}
