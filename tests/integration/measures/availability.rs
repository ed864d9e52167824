//! Agent availability: away, busy and silent agents are never routed to
//! while an available one qualifies, and `route --explain` says why.

use super::{at, ok};
use crate::common::{Env, code, stderr};
use serde_json::Value;

const T0: &str = "2026-11-21T09:00:00Z";

/// A federation where claude's history makes it the best match for cache
/// research and kimi, with less, the second.
fn federation(config: &str) -> Env {
    let env = Env::new();
    env.config(config);
    let mut history = String::new();
    for (agent, task) in [
        ("claude", "research the cache layer"),
        ("claude", "research cache eviction"),
        ("claude", "research the cache keys"),
        ("kimi", "research the database"),
    ] {
        history.push_str(&format!(
            "{{\"task\": \"{task}\", \"task_type\": \"research\", \"assigned_to\": \"{agent}\", \"success\": true, \"minutes\": 10}}\n"
        ));
    }
    std::fs::write(env.path("routing-history.jsonl"), history).unwrap();
    env
}

fn route(env: &Env, now: &str) -> Value {
    let out = at(
        env,
        now,
        None,
        &["--json", "route", "research the cache", "--explain"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn passed_over(r: &Value) -> Vec<(String, String)> {
    r["explain"]["passed_over"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["agent"].as_str().unwrap().into(),
                p["reason"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn an_away_agent_is_never_routed_to_until_it_is_back() {
    let env = federation("");
    assert_eq!(route(&env, T0)["agent"], "claude");
    ok(
        &env,
        T0,
        Some("claude"),
        &["agent", "away", "--reason", "quota spent"],
    );
    let r = route(&env, T0);
    assert_eq!(r["agent"], "kimi", "{r}");
    let over = passed_over(&r);
    assert_eq!(over[0].0, "claude");
    assert!(
        over[0].1.contains("away") && over[0].1.contains("quota spent"),
        "{over:?}"
    );
    let text = ok(
        &env,
        T0,
        None,
        &["route", "research the cache", "--explain"],
    );
    assert!(text.contains("passed over claude: away"), "{text}");
    let id = ok(
        &env,
        T0,
        Some("boss"),
        &["queue", "add", "research the cache", "--to", "auto"],
    );
    assert_eq!(env.json(None, &["queue", "show", &id])["to_agent"], "kimi");
    let agents = env.json(None, &["agents"]);
    let claude = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "claude")
        .unwrap();
    assert_eq!(claude["availability"], "away");
    ok(&env, T0, Some("claude"), &["agent", "back"]);
    assert_eq!(route(&env, T0)["agent"], "claude");
    // Away for a while ends by itself.
    ok(&env, T0, Some("claude"), &["agent", "away", "--for", "1h"]);
    assert_eq!(route(&env, T0)["agent"], "kimi");
    assert_eq!(route(&env, "2026-11-21T10:00:01Z")["agent"], "claude");
}

#[test]
fn a_busy_agent_and_a_silent_one_are_passed_over() {
    let env = federation("agents:\n  - {name: claude, max_in_progress: 1}\n  - kimi\n  - boss\n");
    let held = ok(
        &env,
        T0,
        Some("boss"),
        &["queue", "add", "something", "--to", "claude"],
    );
    ok(&env, T0, Some("claude"), &["queue", "claim", &held]);
    let r = route(&env, T0);
    assert_eq!(r["agent"], "kimi", "{r}");
    assert!(passed_over(&r)[0].1.starts_with("busy"), "{r}");
    ok(&env, T0, Some("claude"), &["queue", "complete", &held]);
    assert_eq!(route(&env, T0)["agent"], "claude");
    // Three hours on, only kimi has been seen lately: claude is silent.
    let later = "2026-11-21T12:00:00Z";
    ok(&env, later, Some("kimi"), &["queue", "add", "kimi is here"]);
    let r = route(&env, later);
    assert_eq!(r["agent"], "kimi", "{r}");
    assert!(passed_over(&r)[0].1.starts_with("silent"), "{r}");
    let agents = env.json(None, &["agents"]);
    let find = |n: &str| {
        agents
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(find("claude")["max_in_progress"], 1);
    assert_eq!(find("claude")["success_rate"], 1.0);
}

#[test]
fn with_no_agent_available_the_task_is_for_anyone_and_the_inbox_says_so() {
    let env = federation("overseers: [boss]\n");
    ok(&env, T0, Some("claude"), &["agent", "away"]);
    ok(
        &env,
        T0,
        Some("boss"),
        &[
            "agent",
            "away",
            "--name",
            "kimi",
            "--until",
            "2026-11-22T00:00:00Z",
        ],
    );
    let out = at(
        &env,
        T0,
        Some("kimi"),
        &["agent", "away", "--name", "claude"],
    );
    assert_eq!(
        code(&out),
        1,
        "only an overseer may speak for another agent"
    );
    let id = ok(
        &env,
        T0,
        Some("boss"),
        &["queue", "add", "research the cache", "--to", "auto"],
    );
    let task = env.json(None, &["queue", "show", &id]);
    assert!(task["to_agent"].is_null(), "{task}");
    let inbox = env.json(None, &["inbox"]);
    let item = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "unrouted")
        .unwrap_or_else(|| panic!("{inbox}"));
    let detail = item["detail"].as_str().unwrap();
    assert!(
        detail.contains("no agent was available") && detail.contains("claude"),
        "{detail}"
    );
    let out = at(
        &env,
        T0,
        Some("claude"),
        &["agent", "away", "--until", "2020-01-01T00:00:00Z"],
    );
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("--until"), "{}", stderr(&out));
}
