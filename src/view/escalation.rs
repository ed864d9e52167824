//! Blocker escalation: a task blocked longer than `escalation.after` is
//! escalated to its lead, and after as long again to the overseers (a task
//! without a lead goes to the overseers at once). Computed from the task's
//! own `blocked.at` and the clock, so every command that reads the
//! federation sees the same escalations, with no daemon; unblocking the
//! task clears them.
//!
//! `fed inbox` also logs each escalation once (an `escalated` event):
//! [`record`] creates a marker per task, stage and blocking with `O_EXCL`
//! (`store::escalations`), so concurrent inboxes log it exactly once.

use crate::config::Config;
use crate::model::Task;
use crate::model::time::{Timestamp, format_time, serde_time};
use crate::store::Store;
use crate::store::events::Event;
use serde::Serialize;
use std::collections::HashMap;

/// Who a blocked task was escalated to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Lead,
    Overseers,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Overseers => "overseers",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Escalation {
    pub stage: Stage,
    /// The names it went to; empty when no overseers are configured
    /// (then anyone may act as one).
    pub to: Vec<String>,
    /// When it was escalated (to this stage).
    #[serde(with = "serde_time")]
    pub since: Timestamp,
}

impl Escalation {
    /// "the lead kimi", "the overseers (reuben)", for people.
    pub fn describe(&self) -> String {
        match (self.stage, self.to.as_slice()) {
            (Stage::Lead, [lead]) => format!("escalated to the lead {lead}"),
            (_, []) => "escalated to the overseers".to_string(),
            (_, names) => format!("escalated to the overseers ({})", names.join(", ")),
        }
    }
}

/// The escalation of a task blocked since `blocked_at`, if it is due.
pub fn escalation(
    blocked_at: Timestamp,
    lead: Option<&str>,
    config: &Config,
    now: Timestamp,
) -> Option<Escalation> {
    let after = config.escalation.after.to_chrono();
    let first = blocked_at + after;
    if now < first {
        return None;
    }
    let second = first + after;
    let overseers = || Escalation {
        stage: Stage::Overseers,
        to: config.overseers.clone(),
        since: if lead.is_some() { second } else { first },
    };
    match lead {
        Some(lead) if now < second => Some(Escalation {
            stage: Stage::Lead,
            to: vec![lead.to_string()],
            since: first,
        }),
        _ => Some(overseers()),
    }
}

/// The escalation of a blocked task document, if any.
pub fn of_task(task: &Task, config: &Config, now: Timestamp) -> Option<Escalation> {
    let blocked = task.blocked.as_ref()?;
    escalation(blocked.at, task.lead.as_deref(), config, now)
}

/// The marker of one escalation: `ID.STAGE.MILLIS` (of the blocking).
fn marker(task_id: &str, stage: Stage, blocked_at: Timestamp) -> String {
    format!(
        "{task_id}.{}.{}",
        stage.as_str(),
        blocked_at.timestamp_millis()
    )
}

/// Logs each escalation of `blocked` (blocked task documents) that was not
/// logged yet, and forgets the markers of tasks no longer blocked as they
/// were: blocked again since, or `settled` (known and not blocked; a task
/// that a listing missed while it moved keeps its markers). Returns how
/// many events it logged.
pub fn record(
    store: &Store,
    blocked: &[Task],
    config: &Config,
    now: Timestamp,
    settled: impl Fn(&str) -> bool,
) -> usize {
    let mut current: HashMap<String, ()> = HashMap::new();
    let mut logged = 0;
    for task in blocked {
        let Some(b) = &task.blocked else { continue };
        // A task escalated to the overseers was first escalated to its
        // lead: both markers belong to the blocking.
        for stage in [Stage::Lead, Stage::Overseers] {
            current.insert(marker(&task.task_id, stage, b.at), ());
        }
        let Some(esc) = of_task(task, config, now) else {
            continue;
        };
        let key = marker(&task.task_id, esc.stage, b.at);
        match store.mark_escalated(&key) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                store.warn(format!(
                    "escalation of {} not logged: {}",
                    task.task_id, e.message
                ));
                continue;
            }
        }
        let event = Event::new(now, None, "escalated")
            .task(&task.task_id)
            .with("stage", esc.stage.as_str())
            .with("to", esc.to.clone())
            .with("blocked_since", format_time(b.at))
            .with("reason", b.reason.clone());
        if let Err(e) = store.append_event(&event) {
            store.warn(format!(
                "escalation of {} not logged: {}",
                task.task_id, e.message
            ));
            continue;
        }
        logged += 1;
    }
    let blocked_ids: HashMap<&str, ()> = blocked.iter().map(|t| (t.task_id.as_str(), ())).collect();
    for key in store.escalation_marks() {
        let id = key.rsplitn(3, '.').nth(2).unwrap_or_default();
        if !current.contains_key(&key) && (blocked_ids.contains_key(id) || settled(id)) {
            store.unmark_escalated(&key);
        }
    }
    logged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::parse_time;

    fn t(s: &str) -> Timestamp {
        parse_time(s, "t").unwrap()
    }

    fn config() -> Config {
        Config {
            overseers: vec!["reuben".into()],
            ..Config::default()
        }
    }

    #[test]
    fn a_blocker_goes_to_the_lead_then_to_the_overseers() {
        let at = t("2026-11-21T08:00:00Z");
        let c = config();
        let lead = Some("kimi");
        assert_eq!(escalation(at, lead, &c, t("2026-11-21T11:59:59Z")), None);
        let first = escalation(at, lead, &c, t("2026-11-21T12:00:00Z")).unwrap();
        assert_eq!(
            (first.stage, first.to.clone()),
            (Stage::Lead, vec!["kimi".into()])
        );
        assert_eq!(first.since, t("2026-11-21T12:00:00Z"));
        let second = escalation(at, lead, &c, t("2026-11-21T16:00:00Z")).unwrap();
        assert_eq!(second.stage, Stage::Overseers);
        assert_eq!(second.to, vec!["reuben".to_string()]);
        assert_eq!(second.since, t("2026-11-21T16:00:00Z"));
    }

    #[test]
    fn without_a_lead_the_overseers_hear_of_it_first() {
        let at = t("2026-11-21T08:00:00Z");
        let esc = escalation(at, None, &config(), t("2026-11-21T12:30:00Z")).unwrap();
        assert_eq!(esc.stage, Stage::Overseers);
        assert_eq!(esc.since, t("2026-11-21T12:00:00Z"));
        assert_eq!(esc.describe(), "escalated to the overseers (reuben)");
    }
}
