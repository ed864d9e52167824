//! `fed queue retry`

use super::report;
use crate::cli::context::Ctx;
use anyhow::Result;

/// Put a failed or cancelled task back in the queue (pending again).
///
/// Its history and attempts are kept, its result is cleared; the tasks
/// stranded behind it become ready once it is done. Who may: the task's
/// creator, its lead or an overseer.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed queue retry 3f9k2a
  fed status    # stranded tasks name the retry that frees them")]
pub struct Args {
    /// The task id, or a unique suffix of it
    #[arg(add = crate::cli::complete::finished_tasks())]
    pub id: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let task = fed::queue::retry::retry(&ctx.op(store, config), &args.id)?;
    report(
        ctx,
        &task,
        format!("Task {} is pending again", task.task_id),
    )
}
