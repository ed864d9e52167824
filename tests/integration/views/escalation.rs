//! Blocker escalation moved with `FED_NOW`: to the lead after
//! `escalation.after`, to the overseers after as long again; logged once
//! by `fed inbox` however often it runs; cleared by unblocking.

use super::fixture::at;
use crate::common::Env;

fn escalated_events(env: &Env) -> Vec<serde_json::Value> {
    let log = std::fs::read_to_string(env.path("log.jsonl")).unwrap();
    log.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["event"] == "escalated")
        .collect()
}

fn inbox_at(env: &Env, now: &str) -> serde_json::Value {
    let out = env.clean(now, &["--json", "inbox"]).output().unwrap();
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn blocked_item(inbox: &serde_json::Value) -> serde_json::Value {
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "blocked")
        .cloned()
        .unwrap_or_default()
}

/// A task led by kimi, blocked at 09:00, escalated after 2h.
fn blocked_at_nine() -> Env {
    let env = Env::new();
    env.config("overseers: [reuben]\nescalation:\n  after: 2h\n");
    at(
        &env,
        "2026-11-21T08:00:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "Migrate the sessions",
            "--id",
            "task-000001",
            "--lead",
            "kimi",
            "--to",
            "kimi",
        ],
    );
    at(
        &env,
        "2026-11-21T08:00:00Z",
        "kimi",
        &["queue", "claim", "task-000001"],
    );
    at(
        &env,
        "2026-11-21T09:00:00Z",
        "kimi",
        &["queue", "block", "task-000001", "--reason", "needs a DBA"],
    );

    env
}

#[test]
fn a_blocker_is_escalated_to_the_lead_then_the_overseers() {
    let env = blocked_at_nine();
    // Just before the first stage: blocked, not escalated, nothing logged.
    let early = blocked_item(&inbox_at(&env, "2026-11-21T10:59:59Z"));
    assert_eq!(early["age_seconds"], 7199);
    assert!(early["escalation"].is_null(), "{early}");
    assert!(escalated_events(&env).is_empty());

    // At `after`: to the lead, logged once however often the inbox runs.
    for _ in 0..3 {
        let item = blocked_item(&inbox_at(&env, "2026-11-21T11:00:00Z"));
        assert_eq!(item["escalation"]["stage"], "lead");
        assert_eq!(item["escalation"]["to"], serde_json::json!(["kimi"]));
    }
    let events = escalated_events(&env);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["task_id"], "task-000001");
    assert_eq!(events[0]["stage"], "lead");

    // Status and board show it too.
    let status: serde_json::Value = serde_json::from_slice(
        &env.clean("2026-11-21T11:00:00Z", &["--json", "status"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(status["escalated"][0]["task_id"], "task-000001");
    let board: serde_json::Value = serde_json::from_slice(
        &env.clean("2026-11-21T11:00:00Z", &["--json", "board"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(board["blocked"][0]["escalation"]["stage"], "lead");

    // After as long again: to the overseers, logged once more.
    let item = blocked_item(&inbox_at(&env, "2026-11-21T13:00:00Z"));
    assert_eq!(item["escalation"]["stage"], "overseers");
    assert_eq!(item["escalation"]["to"], serde_json::json!(["reuben"]));
    inbox_at(&env, "2026-11-21T13:30:00Z");
    let events = escalated_events(&env);
    assert_eq!(
        events
            .iter()
            .map(|e| e["stage"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["lead", "overseers"]
    );
}

#[test]
fn unblocking_clears_an_escalation_and_a_new_blocking_starts_over() {
    let env = blocked_at_nine();
    inbox_at(&env, "2026-11-21T13:00:00Z");
    assert_eq!(escalated_events(&env).len(), 1);
    at(
        &env,
        "2026-11-21T13:40:00Z",
        "kimi",
        &["queue", "unblock", "task-000001"],
    );
    let inbox = inbox_at(&env, "2026-11-21T14:00:00Z");
    assert!(blocked_item(&inbox).is_null(), "{inbox}");
    at(
        &env,
        "2026-11-21T14:00:00Z",
        "kimi",
        &["queue", "block", "task-000001", "--reason", "again"],
    );
    let item = blocked_item(&inbox_at(&env, "2026-11-21T15:00:00Z"));
    assert!(item["escalation"].is_null(), "{item}");
    let item = blocked_item(&inbox_at(&env, "2026-11-21T16:00:00Z"));
    assert_eq!(item["escalation"]["stage"], "lead");
    assert_eq!(escalated_events(&env).len(), 2);
}

#[test]
fn without_a_lead_the_overseers_hear_first_and_concurrent_inboxes_log_once() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    at(
        &env,
        "2026-11-21T08:00:00Z",
        "reuben",
        &["queue", "add", "Rotate the keys", "--id", "task-000002"],
    );
    at(
        &env,
        "2026-11-21T08:00:00Z",
        "kimi",
        &[
            "queue",
            "block",
            "task-000002",
            "--reason",
            "who owns the keys?",
        ],
    );
    let now = "2026-11-21T12:00:00Z";
    let children: Vec<_> = (0..6)
        .map(|_| {
            env.clean(now, &["inbox"])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let events = escalated_events(&env);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["stage"], "overseers");
    let text = crate::common::stdout(&env.clean(now, &["inbox"]).output().unwrap());
    assert!(
        text.contains("! escalated to the overseers (reuben)"),
        "{text}"
    );
}
