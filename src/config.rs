//! `config.yaml`: who the agents and overseers are, limits, leases, votes
//! and routing. Every key is optional; unknown keys are refused (a typo must
//! not silently fall back to a default).

use crate::error::{Error, Kind, Label, Param, Result};
use crate::model::rule::Rule;
use crate::model::{AgentName, Duration};
use serde::Deserialize;
use std::collections::BTreeMap;

mod measures;
pub use measures::{AgentList, Availability, Goals, LogConfig};

/// Config files larger than this are refused before parsing.
pub const MAX_CONFIG_BYTES: u64 = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[derive(Default)]
pub struct Config {
    /// Known agent names (with their capacity); when non-empty, other
    /// names are refused.
    pub agents: AgentList,
    /// Names allowed to run override commands; when empty, anyone may.
    pub overseers: Vec<String>,
    pub limits: Limits,
    pub leases: Leases,
    pub votes: Votes,
    pub routing: Routing,
    /// Rules that queue follow-up work when a task finishes.
    pub handoffs: Vec<Rule>,
    pub escalation: Escalation,
    /// What `fed report` measures against.
    pub goals: Goals,
    pub availability: Availability,
    pub log: LogConfig,
}

/// When a blocked task is escalated (`fed inbox`, docs/views.md): to its
/// lead once it has been blocked `after`, to the overseers after `after`
/// again.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Escalation {
    pub after: Duration,
}

impl Default for Escalation {
    fn default() -> Self {
        Escalation {
            after: Duration::from_secs(4 * 3600),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    pub max_pending_per_agent: u32,
    pub max_handoff_depth: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Leases {
    pub ttl: Duration,
    /// The lease of a `fed work` claim, renewed every quarter of it: a
    /// dead worker's task is claimable again this soon.
    pub worker_ttl: Duration,
    /// Claims a task may have; a lease that expires on the last one fails it.
    pub max_attempts: u32,
    /// With a remote: how far the clocks of the machines may differ. A
    /// lease is taken back only once it expired this long ago.
    pub skew: Duration,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Votes {
    pub quorum: u32,
    pub min_confidence: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Routing {
    pub boost_factor: f64,
    /// Below this confidence, `--to auto` leaves a task for anyone.
    pub min_confidence: f64,
    /// Keyword → agent hints.
    pub rules: BTreeMap<String, String>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pending_per_agent: 20,
            max_handoff_depth: 5,
        }
    }
}

impl Default for Leases {
    fn default() -> Self {
        Leases {
            ttl: Duration::from_secs(30 * 60),
            worker_ttl: Duration::from_secs(2 * 60),
            max_attempts: 3,
            skew: Duration::from_secs(60),
        }
    }
}

impl Default for Votes {
    fn default() -> Self {
        Votes {
            quorum: 2,
            min_confidence: 0.70,
        }
    }
}

impl Default for Routing {
    fn default() -> Self {
        Routing {
            boost_factor: 0.10,
            min_confidence: 0.50,
            rules: BTreeMap::new(),
        }
    }
}

impl Config {
    /// A chain of handoff rules that can feed each other forever, as a path
    /// of task types (`research -> implement -> research`), if there is
    /// one. A rule without `when.type` follows any type.
    pub fn handoff_loop(&self) -> Option<Vec<String>> {
        find_loop(&self.handoffs)
    }

    /// Parses and validates config text; `origin` (the file) prefixes errors.
    pub fn parse(text: &str, origin: &str) -> Result<Config> {
        let config: Config = if text.trim().is_empty() {
            Config::default()
        } else {
            crate::yaml::parse::<Option<Config>>(text)
                .map_err(|e| Error::invalid(format!("{origin}: {e}")))?
                .unwrap_or_default()
        };
        config
            .validate()
            .map_err(|msg| Error::invalid(format!("{origin}: {msg}")))?;
        Ok(config)
    }

    fn validate(&self) -> std::result::Result<(), String> {
        for (field, names) in [("agents", &*self.agents), ("overseers", &self.overseers)] {
            for name in names {
                let parsed = AgentName::parse(name, field).map_err(|e| e.message)?;
                if parsed.as_str() != name {
                    return Err(format!("{field}: write '{name}' in lower case"));
                }
            }
        }
        for (keyword, agent) in &self.routing.rules {
            AgentName::parse(agent, &format!("routing.rules.{keyword}")).map_err(|e| e.message)?;
        }
        self.goals.validate()?;
        self.log.validate()?;
        if self.limits.max_pending_per_agent == 0 {
            return Err("limits.max_pending_per_agent: must be at least 1".to_string());
        }
        if self.leases.max_attempts == 0 {
            return Err("leases.max_attempts: must be at least 1".to_string());
        }
        if self.votes.quorum == 0 {
            return Err("votes.quorum: must be at least 1".to_string());
        }
        if !(0.0..=1.0).contains(&self.votes.min_confidence) {
            return Err(format!(
                "votes.min_confidence: {} is outside 0 to 1",
                self.votes.min_confidence
            ));
        }
        if !(0.0..=1.0).contains(&self.routing.min_confidence) {
            return Err(format!(
                "routing.min_confidence: {} is outside 0 to 1",
                self.routing.min_confidence
            ));
        }
        let mut names = std::collections::BTreeSet::new();
        for rule in &self.handoffs {
            rule.validate()?;
            if !names.insert(&rule.name) {
                return Err(format!("handoffs: two rules are named '{}'", rule.name));
            }
        }
        if !self.routing.boost_factor.is_finite() || self.routing.boost_factor < 0.0 {
            return Err(format!(
                "routing.boost_factor: {} must be a number of at least 0",
                self.routing.boost_factor
            ));
        }
        Ok(())
    }

    /// Whether `name` may act here: any name when `agents` is empty, else
    /// the agents and the overseers.
    pub fn knows_agent(&self, name: &str) -> bool {
        self.agents.is_empty() || self.agents.iter().chain(&self.overseers).any(|a| a == name)
    }

    /// Refuses a name that the `agents` list does not hold.
    pub fn check_agent<'a>(&self, name: &str, what: impl Into<Label<'a>>) -> Result<()> {
        if self.knows_agent(name) {
            Ok(())
        } else {
            Err(Error::about(
                Kind::Forbidden,
                what,
                format!(
                    "'{name}' is not one of the agents in config.yaml ({})",
                    self.agents.join(", ")
                ),
            ))
        }
    }

    /// Refuses override commands from anyone but the overseers (when named).
    pub fn check_overseer(&self, caller: Option<&str>, action: &str) -> Result<()> {
        if self.overseers.is_empty() {
            return Ok(());
        }
        match caller {
            Some(name) if self.overseers.iter().any(|o| o == name) => Ok(()),
            Some(name) => Err(Error::forbidden(format!(
                "{action} is an overseer command and '{name}' is not an overseer ({})",
                self.overseers.join(", ")
            ))),
            None => Err(Error::forbidden(format!(
                "{action} is an overseer command (overseers: {}), and no agent was named",
                self.overseers.join(", ")
            ))
            .on(Param::Identity)),
        }
    }
}

/// The commented `config.yaml` that `fed init` writes.
pub const DEFAULT_CONFIG: &str = r#"# fed federation config. Every key is optional; the values below are the
# defaults. Durations are written 90s, 30m, 2h or 1d.

# Known agent names. When the list is non-empty, other names are refused.
# An entry may give the agent's capacity: {name: kimi, max_in_progress: 2}
# (at that many tasks in progress it is busy, and routing passes it over).
agents: []

# Names allowed to run override commands (cancel others' tasks, assign,
# pause, resume, vote override). When empty, anyone may.
overseers: []

limits:
  # At most this many pending tasks addressed to one agent.
  max_pending_per_agent: 20
  # Longest chain of automatic handoffs.
  max_handoff_depth: 5

leases:
  # How long a claim lasts without a heartbeat.
  ttl: 30m
  # The lease of `fed work`, renewed every quarter of it: the task of a
  # worker that died is claimable again this soon.
  worker_ttl: 2m
  # Claims a task may have; when the lease of the last one expires, the
  # task fails instead of going back to pending.
  max_attempts: 3
  # With a remote (several machines): how far their clocks may differ. A
  # lease is taken back only once it expired this long ago.
  skew: 1m

votes:
  # Ballots needed before a vote can be resolved.
  quorum: 2
  # Mean confidence the winning choice's voters need; below it, the vote
  # goes to the overseers.
  min_confidence: 0.70

escalation:
  # A task blocked this long is escalated to its lead (to the overseers
  # when it has none), and after as long again to the overseers: `fed
  # inbox`, `fed status` and `fed board` show it.
  after: 4h

routing:
  # How much an agent's track record moves its routing score.
  boost_factor: 0.10
  # Below this confidence, `fed queue add --to auto` leaves the task for
  # anyone (and `fed status` says so).
  min_confidence: 0.50
  # Keyword -> agent hints, e.g.
  #   research: claude
  rules: {}

# The targets `fed report` measures the federation against.
goals:
  # Overseer events per day: fewer than this.
  interventions_per_day: 3
  # Share of tasks queued by agents or handoffs: at least this.
  agent_queued_share: 0.5
  # Share of resolved votes decided without escalation: at least this.
  votes_without_escalation: 0.8
  # Share of routed tasks the routed agent finished done: at least this.
  routing_accuracy: 0.92
  # Change of the median claim-to-done time against the window before:
  # at most this (-0.20 is 20% faster).
  median_completion_change: -0.20
  # Tasks lost (added, then gone or in another state than logged): at most.
  lost_tasks: 0

availability:
  # An agent not seen in the log for this long is silent: routing passes
  # it over.
  silent_after: 2h

log:
  # A markdown rendering of the log kept current after every change, e.g.
  #   markdown: FEDERATION_LOG.md   (relative to the folder holding the
  # federation). `fed log --format markdown > FILE` rebuilds it.
  markdown: null

# Follow-up work queued automatically when a task finishes, e.g.
#   - name: research-to-implementation
#     when: {type: research, agent: claude, outcome: done, context: artifact_path}
#     then:
#       type: implement
#       to: kimi            # or auto: the router picks
#       description: "Implement design from {context.artifact_path}"
#       priority: high
# Chains stop at limits.max_handoff_depth; nothing is queued while paused.
handoffs: []
"#;

fn find_loop(rules: &[Rule]) -> Option<Vec<String>> {
    let mut types: Vec<String> = rules
        .iter()
        .flat_map(|r| [r.when.task_type.clone(), Some(r.then.task_type.clone())])
        .flatten()
        .collect();
    types.sort();
    types.dedup();
    let graph: crate::graph::Graph = types
        .iter()
        .map(|t| {
            let next: Vec<String> = rules
                .iter()
                .filter(|r| r.when.task_type.as_ref().is_none_or(|w| w == t))
                .map(|r| r.then.task_type.clone())
                .collect();
            (t.clone(), next)
        })
        .collect();
    crate::graph::find_cycle(&graph)
}

#[cfg(test)]
mod tests;
