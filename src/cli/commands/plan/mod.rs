//! `fed plan ...`: markdown plans to tasks, and tasks back to a plan.

mod export;
mod import;

use crate::cli::context::Ctx;
use anyhow::Result;
use clap::Subcommand;
use fed::store::Store;
use std::path::PathBuf;

/// Import a markdown plan as tasks, and export tasks as a plan.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum PlanCommand {
    Import(import::Args),
    Export(export::Args),
}

pub fn run(ctx: &Ctx, command: PlanCommand) -> Result<()> {
    match command {
        PlanCommand::Import(args) => import::run(ctx, &args),
        PlanCommand::Export(args) => export::run(ctx, &args),
    }
}

/// The project root: see [`fed::plan::import::project_root`].
pub(super) fn project_root(store: &Store) -> Result<PathBuf> {
    Ok(fed::plan::import::project_root(store)?)
}
