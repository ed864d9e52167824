//! `fed analytics`

use crate::cli::context::Ctx;
use crate::cli::grid::{Column, Fit, Grid};
use crate::cli::text::line;
use anyhow::Result;
use fed::view::analytics::{Report, analytics};

/// Who does which kind of work best, and how the federation is doing.
///
/// Per agent and task type, from finished tasks: count, success_rate,
/// avg_minutes (claim to finish), rework_rate (share later fixed by a task
/// added with --reworks) and boost (the router's adjustment). Then the
/// federation's figures: tasks queued per day by overseers and
/// automatically, the automatic share, votes settled without escalation,
/// completion time and its weekly trend, tasks that needed more than one
/// attempt. Writes metrics.json.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed analytics
  fed analytics --since 2026-11-01 --json | jq .routing_performance")]
pub struct Args {
    /// Only tasks and votes since a duration ago (7d, 24h), a day
    /// (2026-11-01) or a time (RFC 3339)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let since = match args.since.as_deref() {
        Some(raw) => Some(super::report::since(raw, ctx.now)?),
        None => None,
    };
    let report = analytics(&ctx.op(store, config), since)?;
    if report.skipped_history_lines > 0 {
        ctx.out.warn(format!(
            "skipped {} unreadable line(s) of routing-history.jsonl",
            report.skipped_history_lines
        ));
    }
    if ctx.out.json {
        ctx.out.json_value(&report)?;
    } else {
        ctx.out.data(render(&report, ctx.out.color))?;
    }
    Ok(())
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A bar of `width` cells for a share from 0 to 1.
fn bar(share: f64, width: usize) -> String {
    let filled = (share.clamp(0.0, 1.0) * width as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "·".repeat(width - filled))
}

/// A sparkline of the values (gaps for missing ones).
fn sparkline(values: &[Option<f64>]) -> String {
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let (lo, hi) = present
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(*v), h.max(*v)));
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(v) if hi > lo => BARS[(((v - lo) / (hi - lo)) * 7.0).round() as usize],
            Some(_) => BARS[3],
        })
        .collect()
}

/// Per agent and task type: tasks, success (with a bar), time, rework,
/// boost.
fn performance(r: &Report, color: bool) -> Grid {
    let mut table = Grid::new(
        vec![
            Column::keep("AGENT"),
            Column::keep("TYPE"),
            Column::keep("TASKS"),
            Column::keep("SUCCESS"),
            Column::new("", Fit::Drop(0)),
            Column::keep("AVG MIN").or("MIN"),
            Column::new("REWORK", Fit::Drop(1)),
            Column::keep("BOOST"),
        ],
        color,
    );
    for (agent, kinds) in &r.routing_performance {
        for (kind, s) in kinds {
            table.row(vec![
                line(agent).into_owned().into(),
                line(kind).into_owned().into(),
                s.count.to_string().into(),
                format!("{:.0}%", s.success_rate * 100.0).into(),
                bar(s.success_rate, 10).into(),
                s.avg_minutes
                    .map(|m| format!("{m:.1}"))
                    .unwrap_or_else(|| "-".into())
                    .into(),
                format!("{:.0}%", s.rework_rate * 100.0).into(),
                format!("{:+.3}", s.boost).into(),
            ]);
        }
    }
    table
}

/// Tasks queued per day, newest first: by overseers, automatically, other.
fn per_day(r: &Report, color: bool) -> Grid {
    let mut table = Grid::new(
        vec![
            Column::keep("DAY"),
            Column::keep("BY OVERSEERS").or("OVERSEERS"),
            Column::keep("AUTOMATIC"),
            Column::keep("OTHER"),
        ],
        color,
    );
    for d in r.federation.queued_per_day.iter().rev().take(14) {
        table.row(vec![
            d.date.clone().into(),
            d.by_overseers.to_string().into(),
            d.automatic.to_string().into(),
            d.other.to_string().into(),
        ]);
    }
    table
}

fn render(r: &Report, color: bool) -> String {
    let mut out = String::new();
    if r.routing_performance.is_empty() {
        out.push_str("No finished tasks yet.\n");
    } else {
        out.push_str(&format!("{}\n", performance(r, color)));
    }
    let f = &r.federation;
    out.push_str(&format!("\nFinished tasks: {}", f.finished));
    if let Some(m) = f.avg_completion_minutes {
        out.push_str(&format!(", {m:.1} min on average from claim to finish"));
    }
    out.push('\n');
    out.push_str(&format!(
        "Completion time per week (8 weeks, oldest first): {}\n",
        sparkline(&f.completion_trend)
    ));
    out.push_str(&format!(
        "Needed more than one attempt: {} ({:.0}%)\n",
        f.retried,
        f.retried_share * 100.0
    ));
    out.push_str(&format!(
        "Queued automatically: {:.0}% of tasks\n",
        f.automatic_share * 100.0
    ));
    if let Some(v) = f.votes_without_escalation {
        out.push_str(&format!(
            "Votes decided without escalation: {:.0}%\n",
            v * 100.0
        ));
    }
    if !f.queued_per_day.is_empty() {
        out.push_str(&format!(
            "\nTasks queued per day (last 14 days with tasks):\n{}",
            per_day(r, color)
        ));
    }
    out.trim_end().to_string()
}
