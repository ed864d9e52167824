//! `fed log --follow`: the log's events as they are appended, one a line,
//! woken by file-system notifications (with a slow safety re-check), until
//! interrupted or until stdout closes. In a federation shared through a
//! git remote, other machines' events follow as a sync brings them (seen
//! at the next re-check).

use crate::cli::context::Ctx;
use crate::cli::text::line;
use anyhow::Result;
use fed::store::Store;
use fed::store::events::{BadLine, Event};
use fed::store::tail::LogTails;
use fed::store::wake::Scope;
use std::time::Duration;

/// How often the log is looked at when no notification came.
const RECHECK: Duration = Duration::from_secs(2);

/// `FED_RECHECK_SECS`: a test's way to make the safety re-check of `log
/// --follow` and `fed serve` slow enough that only notifications can wake
/// them in time (docs/views.md).
pub fn recheck_override() -> Option<Duration> {
    let secs = std::env::var("FED_RECHECK_SECS")
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()?;
    (secs > 0).then(|| Duration::from_secs(secs))
}

/// One event as one line of text.
pub fn event_line(event: &Event) -> String {
    format!(
        "{}  {:<10} {:<12} {}  {}",
        fed::model::time::format_time(event.at),
        line(event.agent.as_deref().unwrap_or("-")),
        line(&event.event),
        line(event.subject()),
        line(&event.details_text())
    )
    .trim_end()
    .to_string()
}

/// The events there are now, and the lines that could not be read.
pub fn read_all(store: &Store, tails: &mut LogTails) -> Result<(Vec<Event>, Vec<BadLine>)> {
    let mut events = Vec::new();
    let mut bad = Vec::new();
    let mut counts: std::collections::HashMap<std::path::PathBuf, usize> = Default::default();
    for (file, read) in tails.read_new(store)? {
        let line = counts.entry(file.clone()).or_default();
        *line += 1;
        match read {
            Ok(event) => events.push(event),
            Err(message) => bad.push(BadLine {
                file,
                line: *line,
                message,
            }),
        }
    }
    Ok((events, bad))
}

/// Prints `event` as a line (JSON with `--json`).
pub fn print(ctx: &Ctx, event: &Event) -> std::io::Result<()> {
    if ctx.out.json {
        let text = serde_json::to_string(event).map_err(std::io::Error::other)?;
        ctx.out.data(text)
    } else {
        ctx.out.data(event_line(event))
    }
}

/// Follows every machine's log from `tails` on, printing the events
/// `keep` accepts.
pub fn follow(ctx: &Ctx, mut tails: LogTails, keep: impl Fn(&Event) -> bool) -> Result<()> {
    let store = ctx.store()?;
    let wake = store.wake_on_change(Scope::Root)?;
    let recheck = recheck_override().unwrap_or(RECHECK);
    loop {
        for (file, read) in tails.read_new(store)? {
            match read {
                Ok(event) if keep(&event) => print(ctx, &event)?,
                Ok(_) => {}
                Err(message) => ctx.out.warn(format!(
                    "skipped an unreadable line of {}: {message}",
                    file.strip_prefix(store.root()).unwrap_or(&file).display()
                )),
            }
        }
        wake.wait(recheck);
    }
}
