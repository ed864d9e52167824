//! Recovery, as every changing operation runs it first: what a killed
//! process left in `.txn/` goes back where it belongs (`store::recover`
//! does the work; this logs it), and handoffs prepared by a completion that
//! a crash cut short (or held back while paused) are queued once their
//! task is finished.

use super::handoff;
use crate::op::Op;
use crate::store::events::Event;
use crate::store::recover::Recovery;
use std::path::Path;

/// Runs recovery and reports what it put back to the log.
pub fn recover(op: &Op) {
    // Paths in the log are relative to the federation, like everything in it.
    let relative = |path: &Path| {
        path.strip_prefix(op.store.root())
            .unwrap_or(path)
            .display()
            .to_string()
    };
    for done in op.store.recover(op.now(), op.config.leases.ttl) {
        let event = match done {
            Recovery::Restored { kind, id, to } => {
                let event = Event::new(op.now(), op.agent.as_deref(), "recovered")
                    .with("to", relative(&to));
                match kind {
                    "vote" => event.vote(&id),
                    _ => event.task(&id),
                }
            }
            Recovery::Gone => continue,
            Recovery::Stuck { path, reason } => {
                Event::new(op.now(), op.agent.as_deref(), "recovery-failed")
                    .with("path", relative(&path))
                    .with("reason", reason)
            }
        };
        op.log(event);
    }
    if let Err(e) = handoff::publish(op) {
        op.store
            .warn(format!("queueing prepared handoffs failed: {}", e.message));
    }
}
