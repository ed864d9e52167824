//! `fed queue note`

use super::report;
use crate::cli::context::Ctx;
use anyhow::Result;

/// Add a note to a task's thread (any agent, any task, finished ones
/// too); `queue show` prints the thread.
///
/// A note is at most 8 KiB, and a task keeps at most 100 notes.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed --agent kimi queue note 3f9k2a \"The migration needs a maintenance window\"
  fed queue show 3f9k2a")]
pub struct Args {
    /// The task id, or a unique suffix of it
    #[arg(add = crate::cli::complete::open_tasks())]
    pub id: String,
    /// What to say
    pub message: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let task = fed::queue::note::note(&ctx.op(store, config), &args.id, &args.message)?;
    report(
        ctx,
        &task,
        format!(
            "Noted on task {} ({} in its thread)",
            task.task_id,
            match task.notes.len() {
                1 => "1 note".to_string(),
                n => format!("{n} notes"),
            }
        ),
    )
}
