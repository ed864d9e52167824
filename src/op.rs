//! What every operation needs: the store, the config, the caller and the
//! clock (`queue::recover` is the recovery every changing operation runs
//! first).

use crate::config::Config;
use crate::error::{Error, Param, Result};
use crate::model::time::Timestamp;
use crate::store::Store;
use crate::store::events::Event;

/// Who does what, where, and when.
pub struct Op<'a> {
    pub store: &'a Store,
    pub config: &'a Config,
    /// The caller's identity (`--agent` / `FED_AGENT`), already validated.
    pub agent: Option<String>,
    /// The clock (`FED_NOW` or the system time), read once at the edge.
    pub now: Timestamp,
}

impl Op<'_> {
    /// The caller's name, or a clear error for commands that act as an agent.
    pub fn require_agent(&self, command: &str) -> Result<&str> {
        let agent = self.agent.as_deref().ok_or_else(|| {
            Error::invalid(format!(
                "{command} acts as an agent, and no agent was named"
            ))
            .on(Param::Identity)
        })?;
        self.config.check_agent(agent, Param::Identity)?;
        Ok(agent)
    }

    /// The caller's name if given (checked against `agents`).
    pub fn agent(&self) -> Result<Option<&str>> {
        match self.agent.as_deref() {
            Some(agent) => {
                self.config.check_agent(agent, Param::Identity)?;
                Ok(Some(agent))
            }
            None => Ok(None),
        }
    }

    /// Whether the caller may run override commands.
    pub fn is_overseer(&self) -> bool {
        self.config
            .check_overseer(self.agent.as_deref(), "")
            .is_ok()
    }

    /// Appends an event; a failure becomes a warning on the store, never
    /// undoing the change the event describes.
    pub fn log(&self, event: Event) {
        if let Err(e) = self.store.append_event(&event) {
            self.store
                .warn(format!("the change landed, but {}", e.message));
        }
    }

    pub fn event(&self, name: &str, task_id: &str) -> Event {
        Event::new(self.now, self.agent.as_deref(), name).task(task_id)
    }
}
