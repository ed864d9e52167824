//! `fed queue heartbeat`

use super::report;
use crate::cli::context::Ctx;
use anyhow::Result;
use fed::model::time::format_time;

/// Renew your lease on a task you hold (exit 5 if you no longer hold it).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  while working; do fed --agent kimi queue heartbeat 3f9k2a; sleep 300; done")]
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
    let task =
        fed::queue::lease::heartbeat(&ctx.op(store, config), &args.id, args.token.as_deref())?;
    let until = task
        .lease
        .as_ref()
        .map(|l| format_time(l.expires_at))
        .unwrap_or_default();
    report(
        ctx,
        &task,
        format!("Lease on {} renewed until {until}", task.task_id),
    )
}
