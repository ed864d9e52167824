//! The command line: global flags, the command tree, and the run loop.

mod commands;
mod complete;
mod context;
mod exit;
mod grid;
mod json;
mod lanes;
mod output;
mod table;
mod text;
mod width;

use clap::{Parser, ValueEnum};
use std::path::PathBuf;

pub use commands::Command;

/// Coordinate a team of coding agents through a file-based queue.
///
/// Agents queue tasks for each other with dependencies and priorities,
/// claim the best ready task atomically, and complete, fail, block or
/// cancel it. The overseer keeps control with override commands. Everything
/// lives in a `.federation/` directory: no server, no database.
#[derive(Debug, Parser)]
#[command(name = "fed", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Examples:
  fed init
  fed queue add \"Write the login page\" --to kimi --priority high
  FED_AGENT=kimi fed queue claim
  FED_AGENT=kimi fed queue complete 3f9k2a --summary \"Merged in #42\"
  fed status

Exit codes: 0 ok, 1 error, 2 usage, 3 nothing to do, 4 paused, 5 conflict.")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// The federation directory itself (default: the nearest .federation/
    /// in this directory or a parent)
    #[arg(long, global = true, env = "FED_DIR", value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Who you are: the agent name commands act as
    #[arg(long, global = true, env = "FED_AGENT", value_name = "NAME", add = complete::agents())]
    pub agent: Option<String>,
    /// Print one JSON document on stdout instead of text
    #[arg(long, global = true)]
    pub json: bool,
    /// When to use colour (auto: on a terminal, unless NO_COLOR is set)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print no messages on stderr: data, warnings and errors still appear,
    /// but not the "nothing to do" of exit 3 (e.g. no ready task)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Show ids whole in tables and views (default: the shortest unique
    /// suffix, at least six characters, which every command accepts)
    #[arg(long, global = true)]
    pub full_ids: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

pub fn main() -> std::process::ExitCode {
    complete::on_request();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return exit::usage(from_whole_tree(e)),
    };
    let out = output::Output::new(&cli.global);
    let result = context::Ctx::new(cli.global, out.clone()).and_then(|ctx| {
        let result = commands::run(&ctx, cli.command);
        for warning in ctx.take_warnings() {
            out.warn(warning);
        }
        result
    });
    exit::finish(result, &out)
}

/// Parsing builds only the arguments of the command run (each subcommand
/// enum defers its commands', for a faster start), and a command's
/// description comes with its arguments: a help text listing commands
/// would list them bare. So help, version and usage errors are made again
/// from the whole tree, built: the same answer, complete. (Only when
/// parsing fails: a command that runs still builds its own arguments
/// alone.) The version lists no commands: it is answered as parsed,
/// without building the tree (`fed --version` is what scripts and the
/// benchmark call to time a bare start).
fn from_whole_tree(first: clap::Error) -> clap::Error {
    if first.kind() == clap::error::ErrorKind::DisplayVersion {
        return first;
    }
    whole_command()
        .try_get_matches_from(std::env::args_os())
        .err()
        .unwrap_or(first)
}

/// The whole command tree, built, for help, completion scripts and manual
/// pages. clap copies `fed help`'s subtree, and lists of commands take
/// their descriptions, before it builds the deferred arguments a command's
/// description comes with; so the descriptions are read from one built
/// tree and set on a fresh one before it is built. (`route`'s `eval`,
/// inside its deferred arguments, stays out of `fed help`'s static copy.)
pub fn whole_command() -> clap::Command {
    use clap::CommandFactory;
    fn describe(fresh: clap::Command, built: &clap::Command) -> clap::Command {
        let mut fresh = fresh;
        for sub in built.get_subcommands().filter(|s| s.get_name() != "help") {
            if fresh.find_subcommand(sub.get_name()).is_some() {
                fresh = fresh.mut_subcommand(sub.get_name(), |f| {
                    let f = match sub.get_about() {
                        Some(about) => f.about(about.clone()),
                        None => f,
                    };
                    describe(f, sub)
                });
            }
        }
        fresh
    }
    let mut built = Cli::command();
    built.build();
    let mut whole = describe(Cli::command(), &built);
    whole.build();
    whole
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn command_tree_is_consistent() {
        Cli::command().debug_assert();
    }
}
