//! `fed plan ...`: markdown plans to tasks, and tasks back to a plan.

mod export;
mod import;

use crate::cli::context::Ctx;
use anyhow::{Context, Result};
use clap::Subcommand;
use fed::store::Store;
use std::path::PathBuf;

/// Import a markdown plan as tasks, and export tasks as a plan.
#[derive(Debug, Subcommand)]
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

/// The project a federation belongs to: the folder holding it. Plans are
/// keyed by their path relative to it.
pub(super) fn project_root(store: &Store) -> Result<PathBuf> {
    let dir = std::path::absolute(store.root())
        .with_context(|| format!("cannot resolve {}", store.root().display()))?;
    Ok(dir
        .parent()
        .map_or_else(|| PathBuf::from("/"), PathBuf::from))
}
