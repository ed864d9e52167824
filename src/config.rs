//! `config.yaml`: who the agents and overseers are, limits, leases, votes
//! and routing. Every key is optional; unknown keys are refused (a typo must
//! not silently fall back to a default).

use crate::error::{Error, Kind, Label, Param, Result};
use crate::model::rule::Rule;
use crate::model::{AgentName, Duration};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Config files larger than this are refused before parsing.
pub const MAX_CONFIG_BYTES: u64 = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[derive(Default)]
pub struct Config {
    /// Known agent names; when non-empty, other names are refused.
    pub agents: Vec<String>,
    /// Names allowed to run override commands; when empty, anyone may.
    pub overseers: Vec<String>,
    pub limits: Limits,
    pub leases: Leases,
    pub votes: Votes,
    pub routing: Routing,
    /// Rules that queue follow-up work when a task finishes.
    pub handoffs: Vec<Rule>,
    pub escalation: Escalation,
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
        for (field, names) in [("agents", &self.agents), ("overseers", &self.overseers)] {
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
mod tests {
    use super::*;

    #[test]
    fn default_text_parses_to_defaults() {
        assert_eq!(
            Config::parse(DEFAULT_CONFIG, "config.yaml").unwrap(),
            Config::default()
        );
        assert_eq!(Config::parse("", "config.yaml").unwrap(), Config::default());
    }

    #[test]
    fn partial_config_keeps_other_defaults() {
        let c = Config::parse("leases:\n  ttl: 90s\nagents: [claude, kimi]\n", "c").unwrap();
        assert_eq!(c.leases.ttl.as_secs(), 90);
        assert_eq!(c.leases.max_attempts, 3);
        assert!(c.knows_agent("kimi") && !c.knows_agent("bob"));
    }

    #[test]
    fn errors_name_the_file_and_field() {
        for (text, needle) in [
            ("leases:\n  tll: 5m\n", "unknown field `tll`"),
            ("leases:\n  ttl: soon\n", "not a duration"),
            ("votes:\n  min_confidence: 2\n", "votes.min_confidence"),
            ("agents: [Bad Name]\n", "agents"),
            ("agents: {a: 1}\n", "agents"),
            ("limits: [1, 2\n", "config.yaml"),
        ] {
            let err = Config::parse(text, "config.yaml").unwrap_err();
            assert!(err.message.starts_with("config.yaml: "), "{}", err.message);
            assert!(
                err.message.contains(needle),
                "{text:?} gave {}",
                err.message
            );
            assert!(!err.message.contains('\n'));
        }
    }

    #[test]
    fn yaml_bombs_are_refused() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        assert!(Config::parse(bomb, "config.yaml").is_err());
        let deep = format!("agents: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = Config::parse(&deep, "config.yaml").unwrap_err();
        assert!(
            err.message.contains("nesting deeper than 64"),
            "{}",
            err.message
        );
    }

    fn rule(when_type: Option<&str>, then_type: &str) -> Rule {
        let mut rule: Rule = crate::yaml::parse(&format!(
            "name: {}-to-{then_type}\nthen: {{type: {then_type}, to: kimi, description: 'Follow up on {{task_id}}'}}\n",
            when_type.unwrap_or("any")
        ))
        .unwrap();
        rule.when.task_type = when_type.map(str::to_string);
        rule
    }

    #[test]
    fn loops_are_found_through_typed_and_untyped_rules() {
        assert_eq!(
            find_loop(&[
                rule(Some("research"), "implement"),
                rule(Some("implement"), "review")
            ]),
            None
        );
        let cycle = find_loop(&[
            rule(Some("research"), "implement"),
            rule(Some("implement"), "research"),
        ])
        .unwrap();
        assert_eq!(cycle.first(), cycle.last());
        assert!(
            find_loop(&[rule(None, "review")]).is_some(),
            "an untyped rule feeds itself"
        );
    }
}
