//! `fed log`

use crate::cli::context::Ctx;
use crate::cli::table;
use anyhow::Result;

/// Show the event log, newest last.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed log
  fed log --limit 20 --task 3f9k2a
  fed log --json | jq 'map(select(.event == \"claimed\"))'
  fed log --follow
  fed log --follow --json --limit 0 | jq -c 'select(.event == \"escalated\")'")]
pub struct Args {
    /// Only the last N events
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
    /// Only events about this task (id or unique suffix)
    #[arg(add = crate::cli::complete::open_tasks(), long, value_name = "ID")]
    pub task: Option<String>,
    /// Only events by this agent
    #[arg(add = crate::cli::complete::agents(), long = "by", value_name = "AGENT")]
    pub by: Option<String>,
    /// Keep printing events as they are appended, one a line (with --json,
    /// one JSON object a line), until interrupted
    #[arg(long, short = 'f')]
    pub follow: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let store = ctx.store()?;
    // Following reads the log once, from its start, through one reader:
    // nothing is missed or seen twice.
    let mut tail = if args.follow {
        Some(store.tail_log(true)?)
    } else {
        None
    };
    let (events, bad) = match &mut tail {
        Some(tail) => super::log_follow::read_all(tail)?,
        None => store.read_events()?,
    };
    let task = match args.task.as_deref() {
        Some(t) => Some(task_filter(store, t, &events)?),
        None => None,
    };
    let by = args.by.as_deref().map(|a| a.trim().to_ascii_lowercase());
    let keep = |e: &fed::store::events::Event| {
        task.as_ref()
            .is_none_or(|t| e.task_id.as_deref() == Some(t.as_str()))
            && by
                .as_ref()
                .is_none_or(|a| e.agent.as_deref() == Some(a.as_str()))
    };
    let mut chosen: Vec<_> = events.iter().filter(|e| keep(e)).collect();
    if let Some(limit) = args.limit {
        let skip = chosen.len().saturating_sub(limit);
        chosen.drain(..skip);
    }
    if !bad.is_empty() {
        ctx.out.warn(format!(
            "skipped {} unreadable line(s) of log.jsonl (first: line {}: {})",
            bad.len(),
            bad[0].line,
            bad[0].message
        ));
    }
    if let Some(tail) = tail {
        for event in &chosen {
            super::log_follow::print(ctx, event)?;
        }
        return super::log_follow::follow(ctx, tail, keep);
    }
    if ctx.out.json {
        ctx.out.json_value(&chosen)?;
    } else if chosen.is_empty() {
        ctx.out.note("No events");
    } else {
        let ids = ctx.short_ids(store);
        ctx.out.data(table::events(&chosen, &ids, ctx.out.color))?;
    }
    Ok(())
}

/// The task `--task` names: a task that still exists is matched by its
/// full id (so a suffix works); one whose file is gone may still have a
/// history, matched by exactly what was given; a name the log never saw
/// is "no task", as for `queue show`.
fn task_filter(
    store: &fed::store::Store,
    given: &str,
    events: &[fed::store::events::Event],
) -> Result<String> {
    match fed::store::locate::resolve(store, given, "--task") {
        Ok(id) => Ok(id),
        Err(e) if e.kind == fed::Kind::NotFound => {
            let id = given.trim().to_ascii_lowercase();
            if events
                .iter()
                .any(|ev| ev.task_id.as_deref() == Some(id.as_str()))
            {
                Ok(id)
            } else {
                Err(e.into())
            }
        }
        Err(e) => Err(e.into()),
    }
}
