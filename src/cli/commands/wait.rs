//! `fed wait`

use crate::cli::context::Ctx;
use crate::cli::exit::Silent;
use anyhow::Result;
use fed::model::Duration;
use fed::queue::batch::{Batch, select, wait_for};

/// Wait until every selected task is finished.
///
/// Selects tasks by id, every open task (--all), a context value (a
/// plan's tasks carry plan, phase and plan_key) or a plan file (--plan),
/// then blocks, woken by file-system notifications as `queue claim --wait`
/// is, until each is finished. A task stranded by a failed or cancelled
/// dependency ends the wait too. Exit 0 when all are done; 1 when any
/// failed, was cancelled or is stranded (named on stderr), or when a task
/// does not exist; 3 at the timeout.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed wait 3f9k2a 7hq2mc
  fed wait --all --timeout 2h
  fed wait --plan PLAN.md && echo 'the plan is done'
  fed wait --context phase='Phase 1' --json")]
#[command(group(clap::ArgGroup::new("batch").required(true).args(["ids", "all", "context", "plan"])))]
pub struct Args {
    /// Task ids (or unique suffixes)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// Every task open now (pending, in progress, blocked)
    #[arg(long)]
    pub all: bool,
    /// Every task whose context has KEY=VALUE
    #[arg(long, value_name = "KEY=VALUE", value_parser = super::queue::add::parse_pair)]
    pub context: Option<(String, String)>,
    /// Every task imported from this plan file
    #[arg(long, value_name = "FILE")]
    pub plan: Option<std::path::PathBuf>,
    /// Give up after this long (exit 3); default: wait for ever
    #[arg(long, value_name = "DURATION", value_parser = super::parse_duration)]
    pub timeout: Option<Duration>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let op = ctx.op(store, config);
    // The watch starts before the first look, so no change is missed.
    let watch = store.watch()?;
    let batch = if args.all {
        Batch::All
    } else if let Some((key, value)) = &args.context {
        Batch::Context(key.clone(), value.clone())
    } else if let Some(plan) = &args.plan {
        let root = super::plan::project_root(store)?;
        Batch::Context(
            fed::plan::CONTEXT_PLAN.to_string(),
            fed::plan::plan_path(plan, &root),
        )
    } else {
        Batch::Ids(args.ids.clone())
    };
    let ids = select(&op, &batch)?;
    let until = args
        .timeout
        .map(|d| std::time::Instant::now() + std::time::Duration::from_secs(d.as_secs() as u64));
    let ended = wait_for(&op, &ids, &watch, until)?;
    if ctx.out.json {
        ctx.out.json_value(&ended)?;
    } else {
        ctx.out
            .note(format!("{} of {} tasks done", ended.done.len(), ids.len()));
    }
    if ended.all_done() {
        return Ok(());
    }
    for (what, list) in [
        ("failed", &ended.failed),
        ("was cancelled", &ended.cancelled),
        (
            "is stranded by a failed or cancelled dependency",
            &ended.stranded,
        ),
    ] {
        for id in list {
            ctx.out.error(format!("task {id} {what}"));
        }
    }
    Err(Silent(1).into())
}
