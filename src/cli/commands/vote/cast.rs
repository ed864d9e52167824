//! `fed vote cast`

use super::outcome_line;
use crate::cli::context::Ctx;
use anyhow::Result;
use fed::vote::cast::{CastRequest, cast};

/// Cast (or recast) your ballot on an active vote.
///
/// One ballot per agent: a recast replaces yours while the vote is active.
/// Exit 5 when the vote is already finished.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  fed --agent kimi vote cast 4k2p9x --choice app --confidence 0.9 \\
      --reasoning \"Server components fit the data loading we need\"")]
pub struct Args {
    /// The vote id, or a unique suffix of it
    #[arg(add = crate::cli::complete::active_votes())]
    pub id: String,
    /// One of the vote's options
    #[arg(long)]
    pub choice: String,
    /// How sure you are, from 0 to 1
    #[arg(long, allow_negative_numbers = true, value_parser = confidence)]
    pub confidence: f64,
    /// Why
    #[arg(long)]
    pub reasoning: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let vote = cast(
        &ctx.op(store, config),
        CastRequest {
            id: args.id,
            choice: args.choice,
            confidence: args.confidence,
            reasoning: args.reasoning,
        },
    )?;
    if ctx.out.json {
        ctx.out.json_value(&vote)?;
    } else {
        ctx.out.note(format!(
            "{}: {} ballot(s), quorum {}",
            outcome_line(&vote),
            vote.votes.len(),
            vote.quorum
        ));
    }
    Ok(())
}

/// A confidence between 0 and 1, or a usage error (exit 2) like every
/// other value out of its flag's range.
fn confidence(raw: &str) -> Result<f64, String> {
    let value: f64 = raw
        .trim()
        .parse()
        .map_err(|_| format!("'{raw}' is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{raw} is outside 0 to 1"))
    }
}
