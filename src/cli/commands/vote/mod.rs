//! `fed vote ...`: agents decide together, the overseer keeps the last word.

mod cast;
mod create;
mod list;
mod override_vote;
mod resolve;
mod show;

use crate::cli::context::Ctx;
use anyhow::Result;
use clap::Subcommand;
use fed::model::Vote;

/// Create votes, cast ballots, resolve them by the rules, override them.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum VoteCommand {
    Create(create::Args),
    Cast(cast::Args),
    Resolve(resolve::Args),
    Override(override_vote::Args),
    List(list::Args),
    Show(show::Args),
}

pub fn run(ctx: &Ctx, command: VoteCommand) -> Result<()> {
    match command {
        VoteCommand::Create(args) => create::run(ctx, args),
        VoteCommand::Cast(args) => cast::run(ctx, args),
        VoteCommand::Resolve(args) => resolve::run(ctx, &args),
        VoteCommand::Override(args) => override_vote::run(ctx, &args),
        VoteCommand::List(args) => list::run(ctx, &args),
        VoteCommand::Show(args) => show::run(ctx, &args),
    }
}

/// One line on how a vote stands, for messages.
fn outcome_line(vote: &Vote) -> String {
    match &vote.result {
        Some(result) => format!(
            "Vote {} is {}: {}",
            vote.vote_id, vote.status, result.reason
        ),
        None => format!("Vote {} is {}", vote.vote_id, vote.status),
    }
}
