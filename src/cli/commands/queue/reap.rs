//! `fed queue reap`

use crate::cli::context::Ctx;
use anyhow::Result;
use serde_json::json;

/// Return tasks whose lease expired to the queue (or fail them after
/// leases.max_attempts claims); prints what moved.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed queue reap
  fed queue reap --json")]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let reaped = fed::queue::reap::reap(&ctx.op(store, config))?;
    if ctx.out.json {
        let rows: Vec<_> = reaped
            .iter()
            .map(|r| json!({ "task_id": r.task.task_id, "holder": r.holder, "status": r.task.status, "attempts": r.task.attempts }))
            .collect();
        ctx.out.json_value(&rows)?;
    } else if reaped.is_empty() {
        ctx.out.note("No expired leases");
    } else {
        for r in &reaped {
            ctx.out.data(format!(
                "{}\t{}\t{}",
                r.task.task_id,
                r.holder.as_deref().unwrap_or("-"),
                r.task.status
            ))?;
        }
    }
    Ok(())
}
