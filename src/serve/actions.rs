//! The overseer's buttons (`--allow-actions`): pause, resume, cancel,
//! assign and vote override, each a POST that carries the token printed at
//! start-up (header `X-Fed-Token` or form field `token`). Without the
//! right token nothing is changed. The operations are the command line's,
//! with the same rules; the caller is the `--agent` the server runs as.

use crate::config::Config;
use crate::error::{Error, Kind};
use crate::model::time::Timestamp;
use crate::op::Op;
use crate::queue::cancel::{CancelRequest, cancel};
use crate::store::Store;
use crate::store::events::Event;
use std::collections::HashMap;
use std::path::Path;

pub const ACTIONS: [&str; 5] = ["pause", "resume", "cancel", "assign", "override"];

/// Who acts and when.
pub struct Actor<'a> {
    pub agent: Option<String>,
    pub now: Timestamp,
    pub clock: Option<fn() -> Timestamp>,
    pub root: &'a Path,
}

/// Whether `given` is `token`, compared in constant time.
pub fn token_matches(given: &str, token: &str) -> bool {
    let (a, b) = (given.as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn field<'a>(form: &'a HashMap<String, String>, name: &str) -> crate::error::Result<&'a str> {
    form.get(name)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::invalid(format!("the form has no '{name}' field")))
}

/// Runs `action` with the form's fields; a one-line message either way.
pub fn run(
    actor: &Actor,
    action: &str,
    form: &HashMap<String, String>,
) -> crate::error::Result<String> {
    let store = Store::open(actor.root)?;
    let config = store.config()?;
    let op = Op::new(&store, &config, actor.agent.clone(), actor.now, actor.clock);
    match action {
        "pause" => pause(
            &op,
            &config,
            form.get("reason")
                .map(|r| r.trim())
                .filter(|r| !r.is_empty()),
        ),
        "resume" => resume(&op, &config),
        "cancel" => {
            let id = field(form, "task")?;
            let reason = form.get("reason").cloned().filter(|r| !r.trim().is_empty());
            let done = cancel(
                &op,
                CancelRequest {
                    id: id.to_string(),
                    reason,
                    cascade: false,
                },
            )?;
            Ok(format!(
                "cancelled {}",
                done.first().map_or(id, |t| t.task_id.as_str())
            ))
        }
        "assign" => {
            let task =
                crate::queue::assign::assign(&op, field(form, "task")?, field(form, "agent")?)?;
            Ok(format!(
                "assigned {} to {}",
                task.task_id,
                task.to_agent.unwrap_or_default()
            ))
        }
        "override" => {
            let choice = field(form, "choice")?;
            let reason = Some("overridden from the dashboard");
            let vote =
                crate::vote::resolve::override_vote(&op, field(form, "vote")?, choice, reason)?;
            Ok(format!("vote {} overridden: {choice}", vote.vote_id))
        }
        other => Err(Error::new(Kind::NotFound, format!("no action '{other}'"))),
    }
}

fn pause(op: &Op, config: &Config, reason: Option<&str>) -> crate::error::Result<String> {
    config.check_overseer(op.agent.as_deref(), "pause")?;
    let mut state = op.store.state()?;
    state.paused = true;
    state.paused_by = op.agent.clone();
    state.reason = reason.map(str::to_string);
    state.since = Some(op.now());
    op.store.set_state(&state)?;
    let event =
        Event::new(op.now(), op.agent.as_deref(), "paused").with("reason", state.reason.clone());
    if let Err(e) = op.store.append_event(&event) {
        op.store.warn(e.message);
    }
    Ok("paused".to_string())
}

fn resume(op: &Op, config: &Config) -> crate::error::Result<String> {
    config.check_overseer(op.agent.as_deref(), "resume")?;
    let old = op.store.state()?;
    let state = crate::store::state::State {
        paused: false,
        extra: old.extra.clone(),
        ..Default::default()
    };
    op.store.set_state(&state)?;
    if let Err(e) = op
        .store
        .append_event(&Event::new(op.now(), op.agent.as_deref(), "resumed"))
    {
        op.store.warn(e.message);
    }
    // Held handoffs are queued now, or by the next changing command.
    let queued = crate::queue::handoff::publish(op)
        .map(|p| p.len())
        .unwrap_or(0);
    Ok(format!("resumed; {queued} held handoff(s) queued"))
}
