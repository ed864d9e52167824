//! `fed queue unblock`

use super::report;
use crate::cli::context::Ctx;
use anyhow::Result;

/// Return a blocked task to the state it was blocked from.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  fed queue unblock 3f9k2a")]
pub struct Args {
    /// The task id, or a unique suffix of it
    #[arg(add = crate::cli::complete::blocked_tasks())]
    pub id: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let task = fed::queue::block::unblock(&ctx.op(store, config), &args.id)?;
    report(
        ctx,
        &task,
        format!("Task {} is {} again", task.task_id, task.status),
    )
}
