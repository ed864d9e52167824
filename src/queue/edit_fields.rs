//! What an edit asks for, once checked, and what it changes in a task.
//!
//! The wanted values are compared with the task actually taken (not the
//! one read before the take), so an edit records exactly the fields it
//! changed, each with its value before and after, and two edits of one
//! task that race never undo each other's fields.

use crate::error::{Error, Param, Result};
use crate::model::{Priority, Task};
use serde::Serialize;
use serde_json::{Map, Value};

/// The checked values of an edit; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub(super) struct Wanted {
    pub title: Option<String>,
    pub description: Option<String>,
    pub task_type: Option<String>,
    pub priority: Option<Priority>,
    /// `Some(None)`: for anyone.
    pub to: Option<Option<String>>,
    /// `Some(None)`: no lead.
    pub lead: Option<Option<String>>,
    /// Keys to set (`Some`) or remove (`None`).
    pub context: Vec<(String, Option<String>)>,
    /// Full ids of tasks to wait for.
    pub after: Vec<String>,
    /// Full ids of tasks to wait for no longer.
    pub drop_after: Vec<String>,
    /// The reserved files, replacing the task's.
    pub files: Option<Vec<String>>,
}

/// One field an edit changed: `title`, `description`, `task_type`,
/// `priority`, `to_agent`, `lead`, `context.KEY`, `dependencies` or `files`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub field: String,
    pub from: Value,
    pub to: Value,
}

fn text(value: &str) -> Value {
    Value::String(value.to_string())
}

fn optional(value: Option<&str>) -> Value {
    value.map_or(Value::Null, text)
}

impl Wanted {
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.description.is_none()
            && self.task_type.is_none()
            && self.priority.is_none()
            && self.to.is_none()
            && self.lead.is_none()
            && self.context.is_empty()
            && self.after.is_empty()
            && self.drop_after.is_empty()
            && self.files.is_none()
    }

    /// Applies the wanted values to `task`; returns the fields that
    /// changed (none when the task says all this already).
    pub fn apply(&self, task: &mut Task) -> Result<Vec<Change>> {
        let mut changes = Vec::new();
        let mut note = |field: &str, from: Value, to: Value| {
            if from != to {
                changes.push(Change {
                    field: field.to_string(),
                    from,
                    to,
                });
            }
        };
        for (field, slot, wanted) in [
            ("title", &mut task.title, &self.title),
            ("description", &mut task.description, &self.description),
            ("task_type", &mut task.task_type, &self.task_type),
        ] {
            if let Some(wanted) = wanted {
                note(field, text(slot), text(wanted));
                slot.clone_from(wanted);
            }
        }
        if let Some(p) = self.priority {
            note("priority", text(task.priority.as_str()), text(p.as_str()));
            task.priority = p;
        }
        for (field, slot, wanted) in [
            ("to_agent", &mut task.to_agent, &self.to),
            ("lead", &mut task.lead, &self.lead),
        ] {
            if let Some(wanted) = wanted {
                note(
                    field,
                    optional(slot.as_deref()),
                    optional(wanted.as_deref()),
                );
                slot.clone_from(wanted);
            }
        }
        for (key, value) in &self.context {
            let from = task.context.get(key).cloned().unwrap_or(Value::Null);
            let to = optional(value.as_deref());
            note(&format!("context.{key}"), from, to.clone());
            match value {
                Some(_) => task.context.insert(key.clone(), to),
                None => task.context.remove(key),
            };
        }
        if let Some(files) = &self.files {
            note(
                "files",
                Value::from(task.files.clone()),
                Value::from(files.clone()),
            );
            task.files.clone_from(files);
        }
        if let Some(deps) = self.dependencies(task)? {
            note(
                "dependencies",
                Value::from(task.dependencies.clone()),
                Value::from(deps.clone()),
            );
            task.dependencies = deps;
        }
        Ok(changes)
    }

    /// The task's dependencies after the edit, `None` when it names none.
    fn dependencies(&self, task: &Task) -> Result<Option<Vec<String>>> {
        if self.after.is_empty() && self.drop_after.is_empty() {
            return Ok(None);
        }
        if let Some(missing) = self
            .drop_after
            .iter()
            .find(|d| !task.dependencies.contains(d))
        {
            return Err(Error::invalid(format!(
                "task {} does not wait for {missing}",
                task.task_id
            ))
            .on(Param::DropAfter));
        }
        let mut deps: Vec<String> = task
            .dependencies
            .iter()
            .filter(|d| !self.drop_after.contains(d))
            .cloned()
            .collect();
        for dep in &self.after {
            if !deps.contains(dep) {
                deps.push(dep.clone());
            }
        }
        Ok(Some(deps))
    }
}

/// Longest value a history note shows of a field, in characters.
const NOTE_CLIP: usize = 80;
/// Longest value the log's `edited` event keeps of a field, in characters
/// (a log line must stay well under the 64 KiB `fed log` reads).
const EVENT_CLIP: usize = 2_000;

/// The history note of an edit: `title: 'a' -> 'b'; priority: normal ->
/// high; dependencies: +x -y`.
pub(super) fn summary(changes: &[Change]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .map(|c| match (c.field.as_str(), &c.from, &c.to) {
            ("dependencies", Value::Array(from), Value::Array(to)) => {
                let mut moved: Vec<String> = to
                    .iter()
                    .filter(|d| !from.contains(d))
                    .map(|d| format!("+{}", shown(d, NOTE_CLIP)))
                    .collect();
                moved.extend(
                    from.iter()
                        .filter(|d| !to.contains(d))
                        .map(|d| format!("-{}", shown(d, NOTE_CLIP))),
                );
                format!("dependencies: {}", moved.join(" "))
            }
            (field, from, to) => format!(
                "{field}: {} -> {}",
                shown(from, NOTE_CLIP),
                shown(to, NOTE_CLIP)
            ),
        })
        .collect();
    parts.join("; ")
}

/// The `changes` of the log's `edited` event: `{FIELD: {"from", "to"}}`,
/// long text cut to [`EVENT_CLIP`] characters.
pub(super) fn event_changes(changes: &[Change]) -> Value {
    let mut out = Map::new();
    for c in changes {
        let mut pair = Map::new();
        pair.insert("from".into(), clipped(&c.from, EVENT_CLIP));
        pair.insert("to".into(), clipped(&c.to, EVENT_CLIP));
        out.insert(c.field.clone(), Value::Object(pair));
    }
    Value::Object(out)
}

/// A value for a person: text quoted, nothing as `none`.
fn shown(value: &Value, max: usize) -> String {
    match value {
        Value::Null => "none".to_string(),
        Value::String(s)
            if s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c)) =>
        {
            clip(s, max)
        }
        Value::String(s) => format!("'{}'", clip(s, max)),
        other => clip(&other.to_string(), max),
    }
}

fn clipped(value: &Value, max: usize) -> Value {
    match value {
        Value::String(s) => Value::String(clip(s, max)),
        other => other.clone(),
    }
}

/// `text` cut to `max` characters, saying how long it was.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}... ({} bytes in all)", text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> Task {
        Task::from_json(
            br#"{"task_id":"t1","title":"Old","description":"Old","status":"pending","dependencies":["a","b"],"created_at":"2026-11-20T09:00:00Z","updated_at":"2026-11-20T09:00:00Z","context":{"pr":"1"}}"#,
        )
        .unwrap()
    }

    #[test]
    fn only_fields_that_differ_are_changes() {
        let mut t = task();
        let wanted = Wanted {
            title: Some("New".into()),
            description: Some("Old".into()),
            priority: Some(Priority::High),
            to: Some(Some("kimi".into())),
            context: vec![("pr".into(), None), ("repo".into(), Some("web".into()))],
            after: vec!["c".into(), "a".into()],
            drop_after: vec!["b".into()],
            ..Wanted::default()
        };
        let changes = wanted.apply(&mut t).unwrap();
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "priority",
                "to_agent",
                "context.pr",
                "context.repo",
                "dependencies"
            ]
        );
        assert_eq!(t.dependencies, ["a", "c"]);
        assert!(!t.context.contains_key("pr"));
        assert_eq!(
            summary(&changes),
            "title: Old -> New; priority: normal -> high; to_agent: none -> kimi; \
             context.pr: 1 -> none; context.repo: none -> web; dependencies: +c -b"
        );
        // The same edit again changes nothing.
        let again = Wanted {
            drop_after: Vec::new(),
            ..wanted
        };
        assert!(again.apply(&mut t).unwrap().is_empty());
    }

    #[test]
    fn dropping_a_dependency_the_task_lacks_is_refused() {
        let wanted = Wanted {
            drop_after: vec!["zz".into()],
            ..Wanted::default()
        };
        let err = wanted.apply(&mut task()).unwrap_err();
        assert_eq!(err.param, Some(Param::DropAfter));
        assert_eq!(err.message, "task t1 does not wait for zz");
    }

    #[test]
    fn long_values_are_clipped() {
        let long = "x".repeat(3_000);
        let changes = [Change {
            field: "description".into(),
            from: text("short"),
            to: text(&long),
        }];
        let event = event_changes(&changes);
        let to = event["description"]["to"].as_str().unwrap();
        assert!(to.ends_with("... (3000 bytes in all)") && to.len() < 2_100);
        assert!(summary(&changes).len() < 200);
    }
}
