//! `fed queue block`

use super::report;
use crate::cli::context::Ctx;
use anyhow::Result;

/// Set a pending or in-progress task aside until `fed queue unblock`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  fed --agent kimi queue block 3f9k2a --reason \"waiting for API keys\"")]
pub struct Args {
    /// The task id, or a unique suffix of it
    #[arg(add = crate::cli::complete::open_tasks())]
    pub id: String,
    /// Why it cannot go on
    #[arg(long)]
    pub reason: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let task = fed::queue::block::block(&ctx.op(store, config), &args.id, &args.reason)?;
    report(ctx, &task, format!("Task {} is blocked", task.task_id))
}
