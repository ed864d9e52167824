//! `fed queue claim`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::model::Duration;
use fed::model::time::format_time;
use fed::queue::claim::{ClaimRequest, claim};
use fed::queue::wait::{Patience, claim_waiting};

/// Claim the best ready task for you (or a named one); prints its id.
///
/// Ready: pending, addressed to you or to anyone, every dependency done,
/// and no file it reserves (--files) in use by a task in progress. Best:
/// highest priority, then addressed to you, then oldest. Exit 3 when
/// nothing is ready, 4 when the federation is paused, 5 when another agent
/// won the named task.
///
/// With --wait, nothing ready (or a pause) is not an answer: the claim
/// waits, woken by changes to the queue, until it holds a task; exit 3
/// once DURATION has passed (default: wait for ever).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  id=$(FED_AGENT=kimi fed queue claim) && echo \"working on $id\"
  fed --agent kimi queue claim --type review
  fed --agent kimi queue claim 3f9k2a --json
  id=$(fed --agent kimi queue claim --wait 10m) || echo \"nothing for 10 minutes\"")]
pub struct Args {
    /// A specific task (id or unique suffix) instead of the best ready one
    #[arg(add = crate::cli::complete::pending_tasks())]
    pub id: Option<String>,
    /// Only tasks of this type
    #[arg(add = crate::cli::complete::task_types(), long = "type", value_name = "TYPE")]
    pub task_type: Option<String>,
    /// Wait until a task can be claimed, at most DURATION (90s, 30m, 2h;
    /// none: for ever). Name a task before --wait, not after it
    #[arg(long, value_name = "DURATION", num_args = 0..=1, default_missing_value = "",
          value_parser = parse_wait)]
    pub wait: Option<Wait>,
}

/// How long `--wait` waits.
#[derive(Debug, Clone, Copy)]
pub enum Wait {
    Forever,
    For(Duration),
}

fn parse_wait(raw: &str) -> Result<Wait, String> {
    if raw.trim().is_empty() {
        return Ok(Wait::Forever);
    }
    Duration::parse(raw).map(Wait::For).map_err(|e| e.message)
}

impl Wait {
    /// The moment waiting ends, if it does.
    pub fn deadline(self) -> Option<std::time::Instant> {
        match self {
            Wait::Forever => None,
            Wait::For(d) => {
                Some(std::time::Instant::now() + std::time::Duration::from_secs(d.as_secs() as u64))
            }
        }
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let op = ctx.op(store, config);
    let request = ClaimRequest {
        id: args.id,
        task_type: args.task_type,
        ttl: None,
    };
    let task = match args.wait {
        None => claim(&op, request)?,
        Some(wait) => {
            // The watch comes first: a change after the first look wakes it.
            let watch = store.watch()?;
            let patience = Patience {
                until: wait.deadline(),
                stop: &|| false,
            };
            claim_waiting(&op, &request, &watch, &patience)?
                .ok_or_else(|| anyhow::anyhow!("the wait was interrupted"))?
        }
    };
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
