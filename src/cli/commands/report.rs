//! `fed report`

use crate::cli::context::Ctx;
use crate::cli::grid::Color;
use crate::cli::grid::{Cell, Column, Fit, Grid};
use crate::cli::text::line;
use anyhow::Result;
use fed::model::Duration;
use fed::model::time::{Timestamp, format_time, parse_time};
use fed::view::report::{Report, report};

/// Measure the federation against its goals (config `goals:`).
///
/// Six measures over the window (default: the last 7 days), from the log
/// and the task files: interventions_per_day (events by overseers, per
/// day; fewer than 3), agent_queued_share (tasks added by agents or
/// handoff rules; at least 0.5), votes_without_escalation (at least 0.8),
/// routing_accuracy (routed tasks finished done by the agent routed to;
/// at least 0.92), median_completion_change (claim-to-done against the
/// window before; at most -0.20) and lost_tasks (tasks the log added whose
/// file is gone or in another state than logged; 0). A measure without
/// data says so (null in --json). Exit 0 whatever the values.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed report
  fed report --since 24h
  fed report --since 2026-11-01T00:00:00Z
  fed report --json | jq '.metrics[] | select(.met == false)'
  fed report --json | jq -r '.lost[].task_id'")]
pub struct Args {
    /// The window's start: a duration back from now (7d, 24h), a day
    /// (2026-11-01) or a time (RFC 3339)
    #[arg(long, value_name = "WHEN", default_value = "7d")]
    pub since: String,
}

/// `--since` of `fed log`, `report` and `analytics`: a duration back from
/// `now` (7d, 24h), a day (2026-11-01, from its midnight UTC), or a time
/// (RFC 3339), before `now`.
pub fn since(raw: &str, now: Timestamp) -> Result<Timestamp> {
    let raw = raw.trim();
    let is_day = raw.len() == 10
        && raw.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let start = match Duration::parse(raw) {
        Ok(d) => now - d.to_chrono(),
        Err(_) if is_day => parse_time(
            &format!("{raw}T00:00:00Z"),
            fed::error::Label::Field("--since"),
        )?,
        Err(_) if raw.contains('T') => parse_time(raw, fed::error::Label::Field("--since"))?,
        Err(_) => anyhow::bail!(
            "--since: '{}' is neither a duration (7d, 24h), a day (2026-11-01) nor a time (2026-11-01T09:00:00Z)",
            raw.escape_debug()
        ),
    };
    if start >= now {
        anyhow::bail!(
            "--since: '{}' is not before now ({})",
            raw.escape_debug(),
            format_time(now)
        );
    }
    Ok(start)
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let start = since(&args.since, ctx.now)?;
    let report = report(store, config, start, ctx.now)?;
    if report.skipped_lines > 0 {
        ctx.out.warn(format!(
            "skipped {} unreadable line(s) of log.jsonl",
            report.skipped_lines
        ));
    }
    if ctx.out.json {
        ctx.out.json_value(&report)?;
    } else {
        ctx.out.data(text(&report, ctx.out.color))?;
    }
    Ok(())
}

fn text(report: &Report, color: bool) -> String {
    let mut table = Grid::new(
        vec![
            Column::keep("MEASURE"),
            Column::keep("VALUE"),
            Column::keep("TARGET"),
            Column::keep("STATUS"),
            Column::new("FROM", Fit::Wrap(20)),
        ],
        color,
    );
    for m in &report.metrics {
        let (status, c) = match m.met {
            Some(true) => ("met", Color::Green),
            Some(false) => ("missed", Color::Red),
            None => ("no data", Color::DarkGrey),
        };
        table.row(vec![
            m.name.into(),
            m.value.map_or("-".to_string(), |v| format!("{v}")).into(),
            format!("{} {}", m.goal, m.target).into(),
            Cell::new(status).color(Some(c)),
            line(&m.detail).into_owned().into(),
        ]);
    }
    let mut out = format!(
        "From {} to {}\n{table}",
        format_time(report.since),
        format_time(report.until)
    );
    for lost in &report.lost {
        out.push_str(&format!(
            "\nlost: {} (the log says {}; {})",
            line(&lost.task_id),
            lost.logged,
            lost.found
                .map_or("its file is gone".to_string(), |s| format!(
                    "its file is {s}"
                ))
        ));
    }
    out
}
