//! `fed vote create`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::vote::create::{NewVote, create};

/// Ask the agents a question; prints the vote id alone on stdout.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed --agent claude vote create \"Which router?\" --option app --option pages
  fed vote create \"Ship?\" --option yes --option no --deadline 2h --high-stakes
  fed vote create \"Adopt?\" --option yes --option no --context plan.md --quorum 3")]
pub struct Args {
    /// The question
    pub question: String,
    /// A possible answer (give two or more)
    #[arg(long = "option", value_name = "OPTION", required = true)]
    pub options: Vec<String>,
    /// A document the voters should read
    #[arg(long, value_name = "PATH")]
    pub context: Option<String>,
    /// When it closes: a duration from now (90s, 30m, 2h, 1d) or an RFC 3339 time
    #[arg(long, value_name = "WHEN")]
    pub deadline: Option<String>,
    /// Ballots needed before it can be decided [default: votes.quorum]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub quorum: Option<u32>,
    /// Always escalate to the overseers, with the ballots as a recommendation
    #[arg(long)]
    pub high_stakes: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let vote = create(
        &ctx.op(store, config),
        NewVote {
            question: args.question,
            options: args.options,
            context: args.context,
            deadline: args.deadline,
            quorum: args.quorum,
            high_stakes: args.high_stakes,
        },
    )?;
    if ctx.out.json {
        ctx.out.json_value(&vote)?;
    } else {
        ctx.out.data(&vote.vote_id)?;
    }
    Ok(())
}
