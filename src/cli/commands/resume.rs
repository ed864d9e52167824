//! `fed resume`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::store::events::Event;
use fed::store::state::State;

/// Resume a paused federation (overseer).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  fed --agent reuben resume")]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    config.check_overseer(ctx.agent.as_deref(), "resume")?;
    let old = store.state()?;
    let state = State {
        paused: false,
        extra: old.extra.clone(),
        ..State::default()
    };
    store.set_state(&state)?;
    if let Err(e) = store.append_event(&Event::new(ctx.now, ctx.agent.as_deref(), "resumed")) {
        ctx.out.warn(e);
    }
    // Handoffs held back while paused are queued now: none is lost. The
    // resume has landed whatever happens here; a failure is a warning, and
    // the next changing command queues what is left.
    let published = match fed::queue::handoff::publish(&ctx.op(store, config)) {
        Ok(published) => published,
        Err(e) => {
            ctx.out.warn(format!("resumed, but queueing held-back handoffs failed: {e}; the next fed command queues them"));
            Vec::new()
        }
    };
    if !published.is_empty() {
        ctx.out.note(format!(
            "Queued {} handoff(s) held back while paused",
            published.len()
        ));
    }
    if ctx.out.json {
        ctx.out.json_value(&state)?;
    } else {
        ctx.out.note(if old.paused {
            "Resumed: agents can claim again"
        } else {
            "The federation was not paused"
        });
    }
    Ok(())
}
