//! Automatic handoffs: when a finished task matches a rule in
//! `config.yaml`, a follow-up task is queued for another agent, depending
//! on the finished one.
//!
//! ```yaml
//! handoffs:
//!   - name: research-to-implementation
//!     when: {type: research, agent: claude, outcome: done, context: artifact_path}
//!     then:
//!       type: implement
//!       to: kimi                 # an agent, or auto (the router picks)
//!       description: "Implement design from {context.artifact_path}"
//!       priority: high
//! ```
//!
//! Templates may use `{task_id}`, `{title}`, `{description}`,
//! `{task_type}`, `{agent}` (who finished it), `{summary}` and
//! `{context.KEY}`. This module is pure: matching and rendering
//! (`queue::handoff` prepares and queues the tasks, `Config::handoff_loop`
//! finds rule sets that can loop).

use super::{Priority, Status, Task};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    #[serde(default)]
    pub when: When,
    pub then: Then,
}

/// What a finished task must be for the rule to fire; every part is optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    #[serde(default, rename = "type")]
    pub task_type: Option<String>,
    /// Who finished it.
    #[serde(default)]
    pub agent: Option<String>,
    #[serde(default)]
    pub outcome: OutcomeFilter,
    /// A context key the finished task must have (e.g. `artifact_path`).
    #[serde(default)]
    pub context: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeFilter {
    #[default]
    Done,
    Failed,
    Any,
}

/// The follow-up task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Then {
    #[serde(rename = "type", default = "general")]
    pub task_type: String,
    /// An agent name, or `auto` for the router's choice.
    pub to: String,
    pub description: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub priority: Priority,
}

fn general() -> String {
    "general".to_string()
}

const FIELDS: [&str; 6] = [
    "task_id",
    "title",
    "description",
    "task_type",
    "agent",
    "summary",
];

impl Rule {
    /// Checks names and templates (run when the config loads).
    pub fn validate(&self) -> Result<(), String> {
        let at = format!("handoffs.{}", self.name);
        super::id::validate_id(&self.name, "handoffs.name").map_err(|e| e.message)?;
        if self.then.to != "auto" {
            super::AgentName::parse(&self.then.to, &format!("{at}.then.to"))
                .map_err(|e| e.message)?;
        }
        super::id::validate_id(&self.then.task_type, &format!("{at}.then.type"))
            .map_err(|e| e.message)?;
        for template in std::iter::once(&self.then.description).chain(self.then.title.as_ref()) {
            placeholders(template).map_err(|e| format!("{at}: {e}"))?;
        }
        if self.then.description.trim().is_empty() {
            return Err(format!("{at}.then.description is empty"));
        }
        Ok(())
    }

    /// Whether the rule fires for `task`, just finished by `agent`.
    pub fn matches(&self, task: &Task, agent: &str) -> bool {
        let w = &self.when;
        let outcome = match w.outcome {
            OutcomeFilter::Done => task.status == Status::Done,
            OutcomeFilter::Failed => task.status == Status::Failed,
            OutcomeFilter::Any => matches!(task.status, Status::Done | Status::Failed),
        };
        outcome
            && w.task_type.as_ref().is_none_or(|t| *t == task.task_type)
            && w.agent.as_ref().is_none_or(|a| a == agent)
            && w.context
                .as_ref()
                .is_none_or(|k| task.context.contains_key(k))
    }
}

/// The placeholders a template uses; an error names an unknown one.
fn placeholders(template: &str) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            return Err(format!("'{template}' has a '{{' without '}}'"));
        };
        let name = &rest[open + 1..open + len];
        if !(FIELDS.contains(&name) || name.strip_prefix("context.").is_some_and(|k| !k.is_empty()))
        {
            return Err(format!(
                "'{{{name}}}' is not a template field ({}, context.KEY)",
                FIELDS.join(", ")
            ));
        }
        found.push(name.to_string());
        rest = &rest[open + len + 1..];
    }
    Ok(found)
}

/// Fills a template from the finished task; `Err` names a field the task
/// does not have (then no handoff is queued).
pub fn render(template: &str, task: &Task, agent: &str) -> Result<String, String> {
    let mut out = template.to_string();
    for name in placeholders(template)? {
        let value = match name.as_str() {
            "task_id" => task.task_id.clone(),
            "title" => task.title.clone(),
            "description" => task.description.clone(),
            "task_type" => task.task_type.clone(),
            "agent" => agent.to_string(),
            "summary" => task
                .result
                .as_ref()
                .and_then(|r| r.summary.clone())
                .ok_or("the finished task has no summary")?,
            context => {
                let key = context.trim_start_matches("context.");
                match task.context.get(key) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => return Err(format!("the finished task has no context.{key}")),
                }
            }
        };
        out = out.replace(&format!("{{{name}}}"), &value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(when_type: Option<&str>, then_type: &str) -> Rule {
        Rule {
            name: format!("{}-to-{then_type}", when_type.unwrap_or("any")),
            when: When {
                task_type: when_type.map(str::to_string),
                ..When::default()
            },
            then: Then {
                task_type: then_type.into(),
                to: "kimi".into(),
                description: "Follow up on {task_id}".into(),
                title: None,
                priority: Priority::Normal,
            },
        }
    }

    fn done_task() -> Task {
        let mut t = Task::from_json(
            br#"{"task_id":"r1","description":"Research OAuth","task_type":"research","status":"done","created_at":"2026-11-20T09:00:00Z","updated_at":"2026-11-20T10:00:00Z","context":{"artifact_path":"docs/oauth.md"}}"#,
        )
        .unwrap();
        t.title = "Research OAuth".into();
        t
    }

    #[test]
    fn templates_render_fields_and_context() {
        let t = done_task();
        assert_eq!(
            render(
                "Implement design from {context.artifact_path} ({task_id} by {agent})",
                &t,
                "claude"
            )
            .unwrap(),
            "Implement design from docs/oauth.md (r1 by claude)"
        );
        assert!(
            render("{context.missing}", &t, "claude")
                .unwrap_err()
                .contains("context.missing")
        );
        assert!(render("{summary}", &t, "claude").is_err());
    }

    #[test]
    fn unknown_placeholders_are_refused_at_load() {
        let mut r = rule(Some("research"), "implement");
        r.then.description = "Do {nonsense}".into();
        assert!(r.validate().unwrap_err().contains("{nonsense}"));
        r.then.description = "Do {task_id".into();
        assert!(r.validate().is_err());
        r.then.description = "Do {context.artifact_path}".into();
        assert!(r.validate().is_ok());
    }

    #[test]
    fn matching_follows_type_agent_outcome_and_context() {
        let t = done_task();
        let mut r = rule(Some("research"), "implement");
        assert!(r.matches(&t, "claude"));
        r.when.agent = Some("kimi".into());
        assert!(!r.matches(&t, "claude"));
        r.when.agent = None;
        r.when.context = Some("artifact_path".into());
        assert!(r.matches(&t, "claude"));
        r.when.outcome = OutcomeFilter::Failed;
        assert!(!r.matches(&t, "claude"));
        r.when.outcome = OutcomeFilter::Any;
        assert!(r.matches(&t, "claude"));
    }
}
