//! One file per command; `queue/` holds the queue group.

mod agents;
mod analytics;
mod board;
mod check;
mod clone;
mod completions;
mod conflicts;
mod graph;
mod inbox;
mod init;
mod log;
mod log_follow;
mod man;
mod mcp;
mod pause;
mod plan;
mod prime;
mod queue;
mod remote;
mod report;
mod resume;
mod route;
mod serve;
mod status;
mod sync;
mod vote;
mod wait;
mod work;

use super::context::Ctx;
use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    Init(init::Args),
    #[command(subcommand)]
    Queue(queue::QueueCommand),
    Status(status::Args),
    Pause(pause::Args),
    Resume(resume::Args),
    Check(check::Args),
    Log(log::Args),
    Route(route::Args),
    Analytics(analytics::Args),
    #[command(subcommand)]
    Vote(vote::VoteCommand),
    #[command(subcommand)]
    Plan(plan::PlanCommand),
    Completions(completions::Args),
    Board(board::Args),
    Graph(graph::Args),
    Inbox(inbox::Args),
    Serve(serve::Args),
    Man(man::Args),
    #[command(subcommand)]
    Remote(remote::RemoteCommand),
    Clone(clone::Args),
    Sync(sync::Args),
    Work(work::Args),
    Mcp(mcp::Args),
    Prime(prime::Args),
    Conflicts(conflicts::Args),
    Report(report::Args),
    Wait(wait::Args),
    Agents(agents::AgentsArgs),
    #[command(subcommand)]
    Agent(agents::AgentCommand),
}

/// Runs a command; with a remote set, changing commands sync first and are
/// redone when another machine got there first (`remote::runner`).
pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    remote::runner::run(ctx, command, dispatch)
}

fn dispatch(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Init(args) => init::run(ctx, &args),
        Command::Queue(command) => queue::run(ctx, command),
        Command::Status(args) => status::run(ctx, &args),
        Command::Pause(args) => pause::run(ctx, &args),
        Command::Resume(args) => resume::run(ctx, &args),
        Command::Check(args) => check::run(ctx, &args),
        Command::Log(args) => log::run(ctx, &args),
        Command::Route(args) => route::run(ctx, &args),
        Command::Analytics(args) => analytics::run(ctx, &args),
        Command::Vote(command) => vote::run(ctx, command),
        Command::Plan(command) => plan::run(ctx, command),
        Command::Completions(args) => completions::run(ctx, &args),
        Command::Board(args) => board::run(ctx, &args),
        Command::Graph(args) => graph::run(ctx, &args),
        Command::Inbox(args) => inbox::run(ctx, &args),
        Command::Serve(args) => serve::run(ctx, &args),
        Command::Man(args) => man::run(ctx, &args),
        Command::Remote(command) => remote::run(ctx, command),
        Command::Clone(args) => clone::run(ctx, &args),
        Command::Sync(args) => sync::run(ctx, &args),
        Command::Work(args) => work::run(ctx, &args),
        Command::Mcp(args) => mcp::run(ctx, &args),
        Command::Prime(args) => prime::run(ctx, &args),
        Command::Conflicts(args) => conflicts::run(ctx, &args),
        Command::Report(args) => report::run(ctx, &args),
        Command::Wait(args) => wait::run(ctx, &args),
        Command::Agents(args) => agents::run_agents(ctx, &args),
        Command::Agent(command) => agents::run_agent(ctx, command),
    }
}

/// A `DURATION` flag (`90s`, `30m`, `2h`, `1d`).
pub(crate) fn parse_duration(raw: &str) -> Result<fed::model::Duration, String> {
    fed::model::Duration::parse(raw).map_err(|e| e.message)
}
