//! `fed agents` and `fed agent away|back`

use crate::cli::context::Ctx;
use crate::cli::grid::Color;
use crate::cli::grid::{Cell, Column, Fit, Grid};
use crate::cli::table::age;
use crate::cli::text::line;
use anyhow::Result;
use clap::Subcommand;
use fed::learn::availability::{set_away, set_back};
use fed::model::Duration;
use fed::model::time::{format_time, parse_time};
use fed::view::agents::{AgentRow, agents};

/// Every agent with its availability, its work and its record.
///
/// Availability: available; busy (at its max_in_progress, config
/// `agents: [{name, max_in_progress}]`); away (it said so with `fed agent
/// away`, until a time or until `fed agent back`); silent (no event in the
/// log for availability.silent_after, default 2h). Routing (`--to auto`,
/// handoff rules with `to: auto`) chooses only available agents.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed agents
  fed agents --json | jq -r '.[] | select(.availability == \"away\") | .name'")]
pub struct AgentsArgs {}

/// Say that you (or, for an overseer, another agent) are away or back.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum AgentCommand {
    Away(AwayArgs),
    Back(BackArgs),
}

/// Stop being routed work: away for a while, until a time, or until
/// `fed agent back`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed --agent kimi agent away --for 2h --reason 'rate limited'
  fed --agent kimi agent away --until 2026-11-22T09:00:00Z
  fed --agent reuben agent away --name claude --reason 'quota spent'")]
pub struct AwayArgs {
    /// Away for this long
    #[arg(long = "for", value_name = "DURATION", value_parser = super::parse_duration, conflicts_with = "until")]
    pub for_: Option<Duration>,
    /// Away until this time (RFC 3339)
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Why (shown by fed agents and route --explain)
    #[arg(long)]
    pub reason: Option<String>,
    /// Another agent (overseers only)
    #[arg(long, value_name = "AGENT")]
    pub name: Option<String>,
}

/// Take work again after `fed agent away`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed --agent kimi agent back
  fed --agent reuben agent back --name claude")]
pub struct BackArgs {
    /// Another agent (overseers only)
    #[arg(long, value_name = "AGENT")]
    pub name: Option<String>,
}

pub fn run_agents(ctx: &Ctx, _args: &AgentsArgs) -> Result<()> {
    let (store, config) = ctx.open()?;
    let op = ctx.op(store, config);
    let rows = agents(&op)?;
    if ctx.out.json {
        ctx.out.json_value(&rows)?;
    } else if rows.is_empty() {
        ctx.out
            .note("No agents yet: name them in config.yaml, or let them act");
    } else {
        ctx.out.data(table(&rows, ctx))?;
    }
    Ok(())
}

fn table(rows: &[AgentRow], ctx: &Ctx) -> Grid {
    let mut table = Grid::new(
        vec![
            Column::keep("AGENT"),
            Column::keep("AVAILABILITY").or("STATE"),
            Column::keep("IN PROGRESS").or("PROG"),
            Column::new("WAITING", Fit::Drop(2)),
            Column::new("LAST SEEN", Fit::Drop(1)),
            Column::new("SUCCESS", Fit::Drop(0)),
            Column::new("WHY", Fit::Wrap(16)),
        ],
        ctx.out.color,
    );
    for r in rows {
        let c = match r.availability {
            "available" => Color::Green,
            "busy" => Color::Yellow,
            _ => Color::Red,
        };
        let cap = r.max_in_progress.map_or(String::new(), |m| format!("/{m}"));
        let mut name = line(&r.name).into_owned();
        if r.overseer {
            name.push_str(" (overseer)");
        }
        table.row(vec![
            name.into(),
            Cell::new(r.availability).color(Some(c)),
            format!("{}{cap}", r.in_progress).into(),
            r.waiting.to_string().into(),
            r.last_seen
                .map_or("never".to_string(), |t| format!("{} ago", age(t, ctx.now)))
                .into(),
            r.success_rate
                .map_or("-".to_string(), |s| {
                    format!("{:.0}% of {}", s * 100.0, r.finished)
                })
                .into(),
            line(r.reason.as_deref().unwrap_or("")).into_owned().into(),
        ]);
    }
    table
}

pub fn run_agent(ctx: &Ctx, command: AgentCommand) -> Result<()> {
    let (store, config) = ctx.open()?;
    let op = ctx.op(store, config);
    match command {
        AgentCommand::Away(args) => {
            let until = match (&args.until, args.for_) {
                (Some(raw), _) => {
                    let t = parse_time(raw, fed::error::Label::Field("--until"))?;
                    if t <= ctx.now {
                        anyhow::bail!("--until: {} is not in the future", format_time(t));
                    }
                    Some(t)
                }
                (None, Some(d)) => Some(ctx.now + d.to_chrono()),
                (None, None) => None,
            };
            let reason = args.reason.filter(|r| !r.trim().is_empty());
            let agent = set_away(&op, args.name.as_deref(), until, reason)?;
            let until = until.map_or("until `fed agent back`".to_string(), |u| {
                format!("until {}", format_time(u))
            });
            ctx.out
                .note(format!("{agent} is away {until}: routing passes it over"));
        }
        AgentCommand::Back(args) => {
            let (agent, was) = set_back(&op, args.name.as_deref())?;
            if was {
                ctx.out.note(format!("{agent} is back"));
            } else {
                ctx.out.note(format!("{agent} was not away"));
            }
        }
    }
    Ok(())
}
