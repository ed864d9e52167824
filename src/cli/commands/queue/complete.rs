//! `fed queue complete`

use super::report;
use crate::cli::context::Ctx;
use anyhow::Result;
use fed::queue::complete::{CompleteRequest, complete};

/// Finish a task you hold, as done (or failed with --failed).
///
/// Only the current lease holder can complete: if your lease expired and
/// the task was reaped or claimed again, this exits 5 and changes nothing.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed --agent kimi queue complete 3f9k2a --summary \"Merged in #42\"
  fed --agent kimi queue complete 3f9k2a --failed --summary \"No test database\"")]
pub struct Args {
    /// The task id, or a unique suffix of it
    #[arg(add = crate::cli::complete::held_tasks())]
    pub id: String,
    /// Record the task as failed instead of done
    #[arg(long)]
    pub failed: bool,
    /// What came of it
    #[arg(long)]
    pub summary: Option<String>,
    /// Only if you hold this exact claim (the lease token `queue claim
    /// --json` shows): for several workers sharing one agent name
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let (task, handoffs) = complete(
        &ctx.op(store, config),
        CompleteRequest {
            id: args.id,
            failed: args.failed,
            summary: args.summary,
            token: args.token,
            output: None,
        },
    )?;
    let paused = store.state().is_ok_and(|s| s.paused);
    for h in &handoffs {
        ctx.out.note(format!(
            "Handoff: {} {} for {}: {}",
            if paused {
                "held back until `fed resume`:"
            } else {
                "queued"
            },
            h.task_id,
            h.to_agent.as_deref().unwrap_or("anyone"),
            h.title
        ));
    }
    report(
        ctx,
        &task,
        format!("Task {} is {}", task.task_id, task.status),
    )
}
