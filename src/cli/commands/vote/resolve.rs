//! `fed vote resolve`

use super::outcome_line;
use crate::cli::context::Ctx;
use anyhow::{Result, bail};
use fed::vote::resolve::{resolve_due, resolve_one};

/// Resolve a vote by the rules, or every vote past its deadline.
///
/// Below the quorum a vote waits (exit 3) until its deadline, then is
/// escalated. Otherwise the leading choice wins with more than half of the
/// ballots and a mean confidence of its voters of at least
/// votes.min_confidence; a tie, no majority, low confidence or a
/// high-stakes vote is escalated to the overseers. While the federation is
/// paused, --due decides nothing: due votes are escalated instead.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed vote resolve 4k2p9x
  fed vote resolve --due          # e.g. from cron, every few minutes")]
pub struct Args {
    /// The vote id, or a unique suffix of it
    #[arg(add = crate::cli::complete::active_votes(), required_unless_present = "due", conflicts_with = "due")]
    pub id: Option<String>,
    /// Every active vote whose deadline has passed
    #[arg(long)]
    pub due: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let op = ctx.op(store, config);
    let votes = match &args.id {
        Some(id) => vec![resolve_one(&op, id)?],
        None if args.due => resolve_due(&op)?,
        None => bail!(fed::Error::invalid("give a vote id or --due")),
    };
    if ctx.out.json {
        ctx.out.json_value(&votes)?;
    } else if votes.is_empty() {
        ctx.out.note("No vote is past its deadline");
    } else {
        for vote in &votes {
            ctx.out.note(outcome_line(vote));
        }
    }
    Ok(())
}
