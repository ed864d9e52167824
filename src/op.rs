//! What every operation needs: the store, the config, the caller and the
//! clock (`queue::recover` is the recovery every changing operation runs
//! first).

use crate::config::Config;
use crate::error::{Error, Param, Result};
use crate::model::time::Timestamp;
use crate::store::Store;
use crate::store::events::Event;
use std::cell::Cell;

/// Who does what, where, and when.
pub struct Op<'a> {
    pub store: &'a Store,
    pub config: &'a Config,
    /// The caller's identity (`--agent` / `FED_AGENT`), already validated.
    pub agent: Option<String>,
    /// The caller named itself with an empty name (`FED_AGENT=`): that is
    /// no identity, and it is refused wherever an unknown name is.
    pub empty_name: bool,
    /// The time of this operation's events: read at the edge, and moved
    /// past the facts a change depends on ([`Op::after`]).
    now: Cell<Timestamp>,
    /// Reads the clock again; `None` when the time is fixed (`FED_NOW`).
    clock: Option<fn() -> Timestamp>,
}

impl<'a> Op<'a> {
    /// An operation at `now`; with `clock`, later readings come from it.
    pub fn new(
        store: &'a Store,
        config: &'a Config,
        agent: Option<String>,
        now: Timestamp,
        clock: Option<fn() -> Timestamp>,
    ) -> Op<'a> {
        Op {
            store,
            config,
            agent,
            empty_name: false,
            now: Cell::new(now),
            clock,
        }
    }

    /// The time of the operation's events so far.
    pub fn now(&self) -> Timestamp {
        self.now.get()
    }

    /// Reads the clock after the facts a change depends on (the times in
    /// the document it took, its dependencies' completions), so that
    /// every event it records comes after them: history times never run
    /// backwards, whatever the clocks of the processes that wrote them.
    pub fn after(&self, facts: Timestamp) -> Timestamp {
        let read = self.clock.map_or(self.now.get(), |clock| clock());
        let now = read.max(facts).max(self.now.get());
        self.now.set(now);
        now
    }
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
            None if self.empty_name => {
                self.config.check_agent("", Param::Identity)?;
                Ok(None)
            }
            None => Ok(None),
        }
    }

    /// How long after its expiry a lease may be taken back: `leases.skew`
    /// when machines with their own clocks share the federation (a
    /// remote), nothing on one machine (one clock).
    pub fn lease_margin(&self) -> chrono::TimeDelta {
        if self.store.is_shared() {
            self.config.leases.skew.to_chrono()
        } else {
            chrono::TimeDelta::zero()
        }
    }

    /// Whether `task`'s lease expired long enough ago to be taken back.
    pub fn lease_lapsed(&self, task: &crate::model::Task) -> bool {
        task.lease
            .as_ref()
            .is_some_and(|l| l.expires_at + self.lease_margin() <= self.now())
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

    /// Logs several events with one write and one flush.
    pub fn log_many(&self, events: &[Event]) {
        if events.is_empty() {
            return;
        }
        if let Err(e) = self.store.append_events(events) {
            self.store
                .warn(format!("the changes landed, but {}", e.message));
        }
    }

    pub fn event(&self, name: &str, task_id: &str) -> Event {
        Event::new(self.now(), self.agent.as_deref(), name).task(task_id)
    }
}
