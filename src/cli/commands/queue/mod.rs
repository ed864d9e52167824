//! `fed queue ...`: add, list, show, claim and change tasks.

pub(super) mod add;
mod add_file;
mod assign;
mod block;
mod cancel;
mod claim;
mod complete;
mod edit;
mod heartbeat;
mod lead;
mod list;
mod note;
mod reap;
mod release;
mod retry;
mod show;
mod unblock;

use crate::cli::context::Ctx;
use anyhow::Result;
use clap::Subcommand;
use fed::model::Task;

/// Add, list, claim and finish tasks.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum QueueCommand {
    Add(add::Args),
    List(list::Args),
    Show(show::Args),
    Claim(claim::Args),
    Heartbeat(heartbeat::Args),
    Complete(complete::Args),
    Release(release::Args),
    Block(block::Args),
    Unblock(unblock::Args),
    Cancel(cancel::Args),
    Assign(assign::Args),
    Reap(reap::Args),
    Edit(edit::Args),
    Lead(lead::Args),
    Retry(retry::Args),
    Note(note::Args),
}

pub fn run(ctx: &Ctx, command: QueueCommand) -> Result<()> {
    match command {
        QueueCommand::Add(args) => add::run(ctx, args),
        QueueCommand::List(args) => list::run(ctx, &args),
        QueueCommand::Show(args) => show::run(ctx, &args),
        QueueCommand::Claim(args) => claim::run(ctx, args),
        QueueCommand::Heartbeat(args) => heartbeat::run(ctx, &args),
        QueueCommand::Complete(args) => complete::run(ctx, args),
        QueueCommand::Release(args) => release::run(ctx, &args),
        QueueCommand::Block(args) => block::run(ctx, &args),
        QueueCommand::Unblock(args) => unblock::run(ctx, &args),
        QueueCommand::Cancel(args) => cancel::run(ctx, args),
        QueueCommand::Assign(args) => assign::run(ctx, &args),
        QueueCommand::Reap(args) => reap::run(ctx, &args),
        QueueCommand::Edit(args) => edit::run(ctx, args),
        QueueCommand::Lead(args) => lead::run(ctx, &args),
        QueueCommand::Retry(args) => retry::run(ctx, &args),
        QueueCommand::Note(args) => note::run(ctx, &args),
    }
}

/// How a changed task is reported: the document with `--json`, else a
/// message on stderr.
fn report(ctx: &Ctx, task: &Task, message: String) -> Result<()> {
    if ctx.out.json {
        ctx.out.json_value(task)?;
    } else {
        ctx.out.note(message);
    }
    Ok(())
}
