//! `fed mcp`: a Model Context Protocol server on stdin/stdout that offers
//! fed's operations as tools. It calls the same library operations as the
//! commands (never a `fed` process), with the same rules and guarantees.
//!
//! The async runtime and the MCP machinery exist only here: the runtime is
//! built when `fed mcp` runs, never by another command.

mod call;
mod params;
mod server;
mod views;

use crate::cli::context::Ctx;
use anyhow::{Context as _, Result};
use rmcp::ServiceExt;

/// Serve fed's operations as MCP tools on stdin/stdout.
///
/// Tools: add, claim, complete, block, release, cancel, assign, note,
/// lead, list, show, status, board, vote_create, vote_cast, vote_resolve,
/// route, plan_import. Results are JSON (the documents `--json` prints);
/// a refused call is a tool error carrying fed's error kind and exit
/// code, e.g. {"kind": "conflict", "exit_code": 5, "message": "..."}.
///
/// Identity: the server acts as --agent / FED_AGENT. Started without one,
/// every call names its agent in an `agent` argument. See docs/mcp.md for
/// the configuration of Claude Code, Codex, Gemini CLI and other clients.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed --agent claude mcp
  claude mcp add fed -- fed --dir \"$PWD/.federation\" --agent claude mcp
  FED_DIR=/srv/team/.federation fed mcp   # each call names its agent")]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: &Args) -> Result<()> {
    let env = call::Env::new(ctx)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the MCP server's runtime")?;
    runtime.block_on(async move {
        let service = server::FedServer::new(env)
            .serve(rmcp::transport::stdio())
            .await
            .context("the MCP client did not initialize the session")?;
        service.waiting().await.context("the MCP session failed")?;
        Ok(())
    })
}
