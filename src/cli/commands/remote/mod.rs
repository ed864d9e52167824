//! `fed remote ...`: share this federation through a git remote, show
//! which, or stop; and `runner`, how every command runs when one is set.

pub mod runner;
pub mod set;
pub mod show;

use crate::cli::context::Ctx;
use anyhow::Result;
use clap::Subcommand;

/// Share this federation through a git remote (see docs/machines.md).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum RemoteCommand {
    Set(set::Args),
    Show(show::Args),
    Remove(show::RemoveArgs),
}

pub fn run(ctx: &Ctx, command: RemoteCommand) -> Result<()> {
    match command {
        RemoteCommand::Set(args) => set::run(ctx, &args),
        RemoteCommand::Show(args) => show::run(ctx, &args),
        RemoteCommand::Remove(args) => show::remove(ctx, &args),
    }
}
