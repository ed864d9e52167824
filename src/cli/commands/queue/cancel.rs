//! `fed queue cancel`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::queue::cancel::{CancelRequest, cancel};

/// Cancel a task (overseer or the task's creator).
///
/// With --cascade, every unfinished task that depends on it, transitively,
/// is cancelled too; without it, those tasks are stranded (see `fed status`).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed --agent reuben queue cancel 3f9k2a --reason \"superseded by #51\"
  fed --agent reuben queue cancel 3f9k2a --cascade")]
pub struct Args {
    /// The task id, or a unique suffix of it
    #[arg(add = crate::cli::complete::open_tasks())]
    pub id: String,
    /// Why
    #[arg(long)]
    pub reason: Option<String>,
    /// Also cancel every task that depends on it
    #[arg(long)]
    pub cascade: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let tasks = cancel(
        &ctx.op(store, config),
        CancelRequest {
            id: args.id,
            reason: args.reason,
            cascade: args.cascade,
        },
    )?;
    if ctx.out.json {
        ctx.out.json_value(&tasks)?;
    } else {
        for task in &tasks {
            ctx.out
                .note(format!("Cancelled {}: {}", task.task_id, task.title));
        }
    }
    Ok(())
}
