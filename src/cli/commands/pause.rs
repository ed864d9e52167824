//! `fed pause`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::store::events::Event;

/// Pause the federation (overseer): claims exit 4 and nothing is queued
/// automatically until `fed resume`. Everything else keeps working.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  fed --agent reuben pause --reason \"reviewing the auth design\"")]
pub struct Args {
    /// Why, shown by `fed status` and in refusals
    #[arg(long)]
    pub reason: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    config.check_overseer(ctx.agent.as_deref(), "pause")?;
    let mut state = store.state()?;
    let was = state.paused;
    state.paused = true;
    state.paused_by = ctx.agent.clone();
    state.reason = args.reason.clone().filter(|r| !r.trim().is_empty());
    state.since = Some(ctx.now);
    store.set_state(&state)?;
    if let Err(e) = store.append_event(
        &Event::new(ctx.now, ctx.agent.as_deref(), "paused").with("reason", state.reason.clone()),
    ) {
        ctx.out.warn(e);
    }
    if ctx.out.json {
        ctx.out.json_value(&state)?;
    } else {
        ctx.out.note(if was {
            "The federation was already paused; reason updated"
        } else {
            "Paused: claims now exit 4 until `fed resume`"
        });
    }
    Ok(())
}
