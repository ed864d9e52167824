//! Whether an agent can take work now (SPEC "Measures and availability"):
//! `away` (it said so, until a time or until it is back), `silent` (not
//! seen in the log for `availability.silent_after`), `busy` (at its
//! `max_in_progress`), else `available`. Routing passes over the
//! unavailable; `fed agents` shows them; `fed agent away|back` sets the
//! word an agent gives.

use crate::error::{Param, Result};
use crate::model::time::{Timestamp, format_time};
use crate::op::Op;
use crate::store::away::Away;
use crate::store::layout::Folder;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum State {
    Available,
    Busy {
        in_progress: usize,
        max_in_progress: u32,
    },
    Away {
        #[serde(with = "crate::model::time::serde_time_opt")]
        until: Option<Timestamp>,
        reason: Option<String>,
    },
    Silent {
        #[serde(with = "crate::model::time::serde_time")]
        last_seen: Timestamp,
    },
}

impl State {
    pub fn name(&self) -> &'static str {
        match self {
            State::Available => "available",
            State::Busy { .. } => "busy",
            State::Away { .. } => "away",
            State::Silent { .. } => "silent",
        }
    }

    pub fn is_available(&self) -> bool {
        *self == State::Available
    }

    /// Why the agent cannot take work, for people (`route --explain`, the
    /// inbox).
    pub fn reason(&self, silent_after: crate::model::Duration) -> String {
        match self {
            State::Available => "available".to_string(),
            State::Busy {
                in_progress,
                max_in_progress,
            } => {
                format!("busy: {in_progress} tasks in progress, max_in_progress {max_in_progress}")
            }
            State::Away { until, reason } => {
                let until = until.map_or("until it is back".to_string(), |u| {
                    format!("until {}", format_time(u))
                });
                match reason {
                    Some(r) => format!("away {until} ({r})"),
                    None => format!("away {until}"),
                }
            }
            State::Silent { last_seen } => format!(
                "silent: not seen since {} (availability.silent_after {silent_after})",
                format_time(*last_seen)
            ),
        }
    }
}

/// What availability is computed from, read once.
pub struct Facts {
    pub aways: BTreeMap<String, Away>,
    pub last_seen: BTreeMap<String, Timestamp>,
    /// Tasks in progress per holder.
    pub in_progress: BTreeMap<String, usize>,
}

impl Facts {
    /// Reads what the availability of `agents` (every agent when `None`)
    /// depends on.
    pub fn read(op: &Op, agents: Option<&BTreeSet<String>>) -> Facts {
        let store = op.store;
        let mut in_progress = BTreeMap::new();
        for row in store.list_folder(Folder::InProgress).rows {
            if let Some(holder) = row.summary.assignee {
                *in_progress.entry(holder).or_insert(0) += 1;
            }
        }
        Facts {
            aways: store.aways(),
            last_seen: store.last_seen(agents),
            in_progress,
        }
    }

    /// The state of `agent` at `op.now()`.
    pub fn state(&self, op: &Op, agent: &str) -> State {
        let now = op.now();
        if let Some(away) = self.aways.get(agent)
            && away.until.is_none_or(|u| u > now)
        {
            return State::Away {
                until: away.until,
                reason: away.reason.clone(),
            };
        }
        let silent_after = op.config.availability.silent_after.to_chrono();
        if let Some(seen) = self.last_seen.get(agent)
            && now - *seen > silent_after
        {
            return State::Silent { last_seen: *seen };
        }
        let held = self.in_progress.get(agent).copied().unwrap_or(0);
        match op.config.agents.capacity(agent) {
            Some(max) if held >= max as usize => State::Busy {
                in_progress: held,
                max_in_progress: max,
            },
            _ => State::Available,
        }
    }
}

/// `fed agent away`: records `agent` (the caller, or another agent when
/// an overseer names it) as away until `until` (none: until back).
pub fn set_away(
    op: &Op,
    name: Option<&str>,
    until: Option<Timestamp>,
    reason: Option<String>,
) -> Result<String> {
    let agent = subject(op, name, "agent away --name")?;
    let away = Away {
        since: op.now(),
        until,
        reason: reason.clone(),
        by: op.agent.clone(),
    };
    op.store.set_away(&agent, &away)?;
    let mut event = crate::store::events::Event::new(op.now(), op.agent.as_deref(), "agent-away")
        .with("name", agent.as_str());
    if let Some(u) = until {
        event = event.with("until", format_time(u));
    }
    if let Some(r) = reason {
        event = event.with("reason", r);
    }
    op.log(event);
    Ok(agent)
}

/// `fed agent back`: the agent takes work again. True when it was away.
pub fn set_back(op: &Op, name: Option<&str>) -> Result<(String, bool)> {
    let agent = subject(op, name, "agent back --name")?;
    let was = op.store.clear_away(&agent)?;
    op.log(
        crate::store::events::Event::new(op.now(), op.agent.as_deref(), "agent-back")
            .with("name", agent.as_str()),
    );
    Ok((agent, was))
}

/// The agent a command is about: the caller, or (for an overseer) `name`.
fn subject(op: &Op, name: Option<&str>, action: &str) -> Result<String> {
    let caller = op.require_agent("fed agent")?.to_string();
    let Some(raw) = name else {
        return Ok(caller);
    };
    let named = crate::model::AgentName::parse(raw, Param::Agent)?;
    let named = named.as_str().to_string();
    if named != caller {
        op.config.check_overseer(op.agent.as_deref(), action)?;
        op.config.check_agent(&named, Param::Agent)?;
    }
    Ok(named)
}
