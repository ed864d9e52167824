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
    #[arg(add = crate::cli::complete::held_tasks())]
    pub id: String,
    /// Only if you hold this exact claim (the lease token `queue claim
    /// --json` shows): for several workers sharing one agent name
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let task = fed::queue::lease::release(&ctx.op(store, config), &args.id, args.token.as_deref())?;
    report(
        ctx,
        &task,
        format!("Task {} is pending again", task.task_id),
    )
}
