//! `fed queue release`

use super::report;
use crate::cli::context::Ctx;
use anyhow::Result;

/// Give a task you hold back to the queue (pending again).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  fed --agent kimi queue release 3f9k2a")]
pub struct Args {
    /// The task id, or a unique suffix of it
    pub id: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let task = fed::queue::change::release(&ctx.op(&store, &config), &args.id)?;
    report(
        ctx,
        &task,
        format!("Task {} is pending again", task.task_id),
    )
}
