//! `fed work`: the worker loop. Claims (waiting), runs a command per task,
//! renews the lease while it runs, completes or fails the task by the
//! command's exit (and the task's acceptance check), and takes the next.

mod child;
mod run;
mod signals;

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::Kind;
use fed::model::Duration;
use fed::queue::claim::ClaimRequest;
use fed::queue::wait::{Patience, claim_waiting};
use run::{Outcome, Worker};

/// Run COMMAND for each task you claim: the worker loop.
///
/// Claims the best ready task (waiting while there is none, or while the
/// federation is paused) with a lease of leases.worker_ttl, renewed every
/// quarter of it, and runs COMMAND with FED_TASK_ID, FED_TASK_TITLE,
/// FED_TASK_DESCRIPTION, FED_TASK_TOKEN and FED_TASK_FILE (a JSON copy of
/// the task) in its environment. Exit 0: the task is done, once its
/// acceptance check (queue add --check) passes too; otherwise it fails,
/// with the tail of the output as summary. The full output is kept in
/// outputs/ID@TOKEN.log (the task's result.output). A task cancelled,
/// released or reaped meanwhile stops the command within 2 s and records
/// nothing. SIGINT or SIGTERM stops the command and releases the task.
///
/// Prints one line per task: its id and what became of it.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed --agent claude work -- sh -c 'claude -p \"$FED_TASK_DESCRIPTION\"'
  fed --agent ci work --type review --once -- ./review.sh
  fed --agent kimi work --max 5 --wait 10m -- make -C \"$PWD\" task

Quote $FED_TASK_... so that the command's shell expands them, not yours.")]
pub struct Args {
    /// Only tasks of this type
    #[arg(add = crate::cli::complete::task_types(), long = "type", value_name = "TYPE")]
    pub task_type: Option<String>,
    /// Run one task, then exit
    #[arg(long, conflicts_with = "max")]
    pub once: bool,
    /// Run at most N tasks, then exit
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max: Option<u64>,
    /// Exit when no task could be claimed for this long (default: wait
    /// for ever); exit 3 if no task was run at all
    #[arg(long, value_name = "DURATION", value_parser = crate::cli::commands::parse_duration)]
    pub wait: Option<Duration>,
    /// How long a command has to exit after SIGTERM before SIGKILL, when
    /// fed work itself is stopped
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = crate::cli::commands::parse_duration)]
    pub grace: Duration,
    /// The command to run for each task, after `--`
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    // Before any thread starts: every thread inherits the mask.
    signals::block();
    let (store, config) = ctx.open()?;
    let op = ctx.op(store, config);
    op.require_agent("work")?;
    let watch = store.watch()?;
    let (events_tx, events) = std::sync::mpsc::channel();
    let stop = signals::listen(watch.waker(), events_tx.clone());
    let worker = Worker {
        ctx,
        op: &op,
        args,
        stop: stop.clone(),
        events,
        events_tx,
    };
    let request = ClaimRequest {
        id: None,
        task_type: args.task_type.clone(),
        ttl: Some(config.leases.worker_ttl),
    };
    let limit = if args.once { Some(1) } else { args.max };
    let mut outcomes: Vec<Outcome> = Vec::new();
    while limit.is_none_or(|n| (outcomes.len() as u64) < n) && !stop.asked() {
        let patience = Patience {
            until: args.wait.map(|d| {
                std::time::Instant::now() + std::time::Duration::from_secs(d.as_secs() as u64)
            }),
            stop: &|| stop.asked(),
        };
        let task = match worker.shared(|| claim_waiting(&op, &request, &watch, &patience)) {
            Ok(Some(task)) => task,
            Ok(None) => break,
            Err(e) if e.kind == Kind::NothingToDo && !outcomes.is_empty() => break,
            Err(e) => return Err(e.into()),
        };
        let outcome = worker.run_task(&task)?;
        if !ctx.out.json {
            ctx.out
                .data(format!("{}\t{}", outcome.task_id, outcome.outcome))?;
        }
        outcomes.push(outcome);
    }
    if ctx.out.json {
        ctx.out.json_value(&outcomes)?;
    }
    Ok(())
}
