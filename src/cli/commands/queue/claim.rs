//! `fed queue claim`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::model::time::format_time;
use fed::queue::claim::{ClaimRequest, claim};

/// Claim the best ready task for you (or a named one); prints its id.
///
/// Ready: pending, addressed to you or to anyone, every dependency done.
/// Best: highest priority, then addressed to you, then oldest. Exit 3 when
/// nothing is ready, 4 when the federation is paused, 5 when another agent
/// won the named task.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  id=$(FED_AGENT=kimi fed queue claim) && echo \"working on $id\"
  fed --agent kimi queue claim --type review
  fed --agent kimi queue claim 3f9k2a --json")]
pub struct Args {
    /// A specific task (id or unique suffix) instead of the best ready one
    pub id: Option<String>,
    /// Only tasks of this type
    #[arg(long = "type", value_name = "TYPE")]
    pub task_type: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let task = claim(
        &ctx.op(store, config),
        ClaimRequest {
            id: args.id,
            task_type: args.task_type,
        },
    )?;
    if ctx.out.json {
        ctx.out.json_value(&task)?;
    } else {
        ctx.out.data(&task.task_id)?;
        if let Some(lease) = &task.lease {
            ctx.out.note(format!(
                "Claimed {}: {} (claim {} until {}, {}; renew with `fed queue heartbeat`)",
                task.task_id,
                crate::cli::text::line(&task.title),
                lease.token,
                format_time(lease.expires_at),
                fed::model::time::relative(lease.expires_at, ctx.now)
            ));
        }
    }
    Ok(())
}
