//! `fed queue assign`

use super::report;
use crate::cli::context::Ctx;
use anyhow::Result;

/// Re-target a pending task to another agent (overseer).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  fed --agent reuben queue assign 3f9k2a copilot")]
pub struct Args {
    /// The task id, or a unique suffix of it
    #[arg(add = crate::cli::complete::pending_tasks())]
    pub id: String,
    /// The agent it is for from now on
    #[arg(add = crate::cli::complete::agents(), value_name = "AGENT")]
    pub target: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let task = fed::queue::assign::assign(&ctx.op(store, config), &args.id, &args.target)?;
    report(
        ctx,
        &task,
        format!(
            "Task {} is now for {}",
            task.task_id,
            task.to_agent.as_deref().unwrap_or("anyone")
        ),
    )
}
