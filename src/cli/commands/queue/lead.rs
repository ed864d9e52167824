//! `fed queue lead`

use crate::cli::context::Ctx;
use anyhow::Result;

/// Name the agent leading a task (`none` for no lead); the lead may then
/// edit and cancel it, and `queue list --lead AGENT` finds it.
///
/// Who may: the task's creator, its current lead or an overseer (and the
/// agent holding it in progress), as for `queue edit --lead`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed --agent reuben queue lead 3f9k2a claude
  fed queue list --lead claude
  fed --agent reuben queue lead 3f9k2a none")]
pub struct Args {
    /// The task id, or a unique suffix of it
    #[arg(add = crate::cli::complete::open_tasks())]
    pub id: String,
    /// The agent leading it from now on, or `none`
    #[arg(add = crate::cli::complete::agents(), value_name = "AGENT")]
    pub lead: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let edited = fed::queue::edit::lead(&ctx.op(store, config), &args.id, &args.lead)?;
    let task = &edited.task;
    if ctx.out.json {
        ctx.out.json_value(task)?;
    } else {
        let lead = task.lead.as_deref().unwrap_or("nobody");
        ctx.out.note(if edited.changes.is_empty() {
            format!("Task {} is led by {lead} already", task.task_id)
        } else {
            format!("Task {} is now led by {lead}", task.task_id)
        });
    }
    Ok(())
}
