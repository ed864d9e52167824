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
  fed log --follow --json --limit 0 | jq -c 'select(.event == \"escalated\")'
  fed log --format markdown --since 7d > FEDERATION_LOG.md")]
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
    /// `text` (a table) or `markdown` (for people: a heading per day, one
    /// line per event, user text escaped; what config log.markdown keeps)
    #[arg(long, value_enum, default_value = "text", conflicts_with_all = ["follow", "json"])]
    pub format: Format,
    /// Only events since a duration ago (7d, 24h), a day (2026-11-01) or a
    /// time (RFC 3339)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let store = ctx.store()?;
    // Following reads each machine's log once, from its start, through
    // one reader: nothing is missed or seen twice.
    let mut tail = if args.follow {
        Some(store.tail_logs(true)?)
    } else {
        None
    };
    let (events, bad) = match &mut tail {
        Some(tail) => super::log_follow::read_all(store, tail)?,
        None => store.read_events()?,
    };
    let task = match args.task.as_deref() {
        Some(t) => Some(task_filter(store, t, &events)?),
        None => None,
    };
    let by = args.by.as_deref().map(|a| a.trim().to_ascii_lowercase());
    let since = match args.since.as_deref() {
        Some(raw) => Some(super::report::since(raw, ctx.now)?),
        None => None,
    };
    let keep = |e: &fed::store::events::Event| {
        since.is_none_or(|s| e.at >= s)
            && task
                .as_ref()
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
            "skipped {} unreadable line(s) of the log (first: {} line {}: {})",
            bad.len(),
            bad[0]
                .file
                .strip_prefix(store.root())
                .unwrap_or(&bad[0].file)
                .display(),
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
    if args.format == Format::Markdown {
        let titles: std::collections::HashMap<String, String> = store
            .scan_all()
            .tasks
            .into_iter()
            .map(|f| (f.task.task_id, f.task.title))
            .collect();
        let text = fed::store::markdown::render(chosen, |id| titles.get(id).cloned());
        // Exactly the file config log.markdown keeps (escaped, so the
        // terminal guard has nothing to do).
        ctx.out.data(text.trim_end_matches('\n'))?;
        return Ok(());
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
