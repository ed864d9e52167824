//! Learning through the real binary: the routing history that `queue
//! complete` (and a reap on the last attempt) appends, `fed analytics` and
//! `metrics.json`, `fed route` (and `route eval`), `queue add --to auto`
//! and `--reworks`, and the handoff rules (depth and pending limits,
//! refusals, config errors, loops, the pause and `fed resume`).

use crate::common::process::{process, run_bounded};
use crate::common::*;
use serde_json::{Value, json};
use std::process::Output;
use std::sync::Barrier;
use std::time::Duration;

// ---- helpers ----

/// `base` moved by `minutes`, as RFC 3339 (the form FED_NOW takes).
fn plus(base: &str, minutes: i64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(base).expect("a time");
    (t + chrono::Duration::minutes(minutes))
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// `fed ARGS` as `agent` (if any) with the clock at `now`.
fn run_at(env: &Env, agent: Option<&str>, now: &str, args: &[&str]) -> Output {
    let mut cmd = match agent {
        Some(a) => env.as_agent(a, args),
        None => env.fed(args),
    };
    cmd.env("FED_NOW", now);
    cmd.output().expect("fed runs")
}

/// Like [`run_at`], failing the test unless the exit code is 0.
fn ok_at(env: &Env, agent: Option<&str>, now: &str, args: &[&str]) -> Output {
    let out = run_at(env, agent, now, args);
    assert_eq!(
        code(&out),
        0,
        "fed {args:?} as {agent:?} at {now}: {}",
        stderr(&out)
    );
    out
}

/// `fed ARGS` (exit 0 required), clock at `env.now`.
fn ok(env: &Env, agent: Option<&str>, args: &[&str]) -> Output {
    ok_at(env, agent, &env.now.clone(), args)
}

/// `queue add ARGS` as `agent` at `now`; returns the new id.
fn add_at(env: &Env, agent: Option<&str>, now: &str, args: &[&str]) -> String {
    let mut all = vec!["queue", "add"];
    all.extend_from_slice(args);
    let id = stdout(&ok_at(env, agent, now, &all)).trim().to_string();
    assert!(!id.is_empty() && !id.contains('\n'), "add printed {id:?}");
    id
}

/// `--json ARGS` parsed, the exit code required to be 0.
fn json_ok(env: &Env, agent: Option<&str>, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = ok(env, agent, &all);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout of {args:?} is not JSON ({e}): {}", stdout(&out)))
}

/// Queues a task for `agent`, which claims it at `start` and finishes it
/// (done, or failed) `minutes` later. Returns its id.
#[allow(clippy::too_many_arguments)]
fn finish(
    env: &Env,
    from: Option<&str>,
    agent: &str,
    description: &str,
    kind: &str,
    success: bool,
    start: &str,
    minutes: i64,
) -> String {
    let id = add_at(
        env,
        from,
        start,
        &["--type", kind, "--to", agent, description],
    );
    ok_at(env, Some(agent), start, &["queue", "claim", &id]);
    let end = plus(start, minutes);
    let mut args = vec!["queue", "complete", id.as_str()];
    if !success {
        args.push("--failed");
    }
    ok_at(env, Some(agent), &end, &args);
    id
}

/// The raw lines of routing-history.jsonl (empty when it does not exist).
fn history_text(env: &Env) -> String {
    std::fs::read_to_string(env.path("routing-history.jsonl")).unwrap_or_default()
}

/// Every line of routing-history.jsonl, parsed (fails on a torn line).
fn history(env: &Env) -> Vec<Value> {
    let text = history_text(env);
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "the history does not end with a newline: {text:?}"
    );
    text.lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("history line {l:?} is torn: {e}"))
        })
        .collect()
}

/// Writes history lines in the contract's minimal form.
fn write_history(env: &Env, rows: &[(&str, &str, &str, bool)]) {
    let mut text = String::new();
    for (task, kind, agent, success) in rows {
        text.push_str(
            &json!({"task": task, "task_type": kind, "assigned_to": agent,
                "success": success, "minutes": 30.0})
            .to_string(),
        );
        text.push('\n');
    }
    std::fs::write(env.path("routing-history.jsonl"), text).expect("write history");
}

/// The event log, parsed.
fn events(env: &Env) -> Vec<Value> {
    std::fs::read_to_string(env.path("log.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a log line parses"))
        .collect()
}

fn events_named(env: &Env, name: &str) -> Vec<Value> {
    events(env)
        .into_iter()
        .filter(|e| e["event"] == name)
        .collect()
}

/// A task file's document, wherever it is.
fn task(env: &Env, id: &str) -> Value {
    json_ok(env, None, &["queue", "show", id])
}

/// The documents of the tasks in a queue folder.
fn tasks_in(env: &Env, folder: &str) -> Vec<Value> {
    env.names(folder)
        .iter()
        .filter(|n| n.ends_with(".json"))
        .map(|n| {
            let text = std::fs::read(env.path(&format!("queue/{folder}/{n}"))).expect("read task");
            serde_json::from_slice(&text).expect("a task parses")
        })
        .collect()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|n| n["task_id"].as_str().expect("task_id").to_string())
        .collect()
}

fn f64_of(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The files in handoffs/ (where handoffs wait while paused).
fn deferred_files(env: &Env) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(env.path("handoffs"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

const T0: &str = "2026-11-21T09:00:00Z";

// ---- 1. the history ----

#[test]
fn complete_appends_one_history_line_with_every_field() {
    let env = Env::new();
    let id = add_at(
        &env,
        Some("reuben"),
        T0,
        &[
            "--type",
            "implement",
            "--to",
            "kimi",
            "Implement the login form",
        ],
    );
    ok_at(&env, Some("kimi"), T0, &["queue", "claim", &id]);
    assert_eq!(history_text(&env), "", "a claim appends nothing");
    let end = plus(T0, 90);
    ok_at(&env, Some("kimi"), &end, &["queue", "complete", &id]);
    let lines = history(&env);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert_eq!(line["task"], "Implement the login form");
    assert_eq!(line["task_type"], "implement");
    assert_eq!(line["assigned_to"], "kimi");
    assert_eq!(line["success"], true);
    assert!(close(f64_of(&line["minutes"]), 90.0), "{line}");
    assert_eq!(line["task_id"], id.as_str());
    let finished = line["finished_at"].as_str().expect("finished_at");
    assert!(
        finished.starts_with("2026-11-21T10:30:00"),
        "finished_at {finished}"
    );
    assert_eq!(line["attempts"], 1);

    // --failed: success false, for the holder.
    let failed = add_at(
        &env,
        None,
        T0,
        &["--type", "review", "Review the login form"],
    );
    ok_at(&env, Some("claude"), T0, &["queue", "claim", &failed]);
    ok_at(
        &env,
        Some("claude"),
        &plus(T0, 15),
        &["queue", "complete", &failed, "--failed", "--summary", "no"],
    );
    let lines = history(&env);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[1]["task_id"], failed.as_str());
    assert_eq!(lines[1]["success"], false);
    assert_eq!(lines[1]["assigned_to"], "claude");
    assert_eq!(lines[1]["task_type"], "review");
    assert!(close(f64_of(&lines[1]["minutes"]), 15.0));

    // Cancelling (pending or in progress) is nobody's outcome.
    let pending = add_at(&env, Some("reuben"), T0, &["Something else"]);
    ok(&env, Some("reuben"), &["queue", "cancel", &pending]);
    let held = add_at(&env, Some("reuben"), T0, &["Something held"]);
    ok(&env, Some("kimi"), &["queue", "claim", &held]);
    ok(&env, Some("reuben"), &["queue", "cancel", &held]);
    // A refused completion (already finished) appends nothing either.
    let again = run_at(&env, Some("kimi"), &end, &["queue", "complete", &id]);
    assert_eq!(code(&again), 5, "{}", stderr(&again));
    assert_eq!(history(&env).len(), 2, "{}", history_text(&env));
}

#[test]
fn a_lease_lost_on_the_last_attempt_is_the_holders_failure() {
    let env = Env::new();
    env.config("leases:\n  ttl: 90s\n  max_attempts: 1\n");
    let id = add_at(
        &env,
        None,
        T0,
        &["--type", "implement", "Implement the exporter"],
    );
    ok_at(&env, Some("kimi"), T0, &["queue", "claim", &id]);
    // Not expired yet: the reap moves nothing and appends nothing.
    ok_at(&env, Some("reuben"), &plus(T0, 1), &["queue", "reap"]);
    assert_eq!(history_text(&env), "");
    ok_at(&env, Some("reuben"), &plus(T0, 2), &["queue", "reap"]);
    assert_eq!(task(&env, &id)["status"], "failed");
    let lines = history(&env);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["task_id"], id.as_str());
    assert_eq!(
        lines[0]["assigned_to"], "kimi",
        "the holder, not the reaper"
    );
    assert_eq!(lines[0]["success"], false);
    assert_eq!(lines[0]["task"], "Implement the exporter");
    assert_eq!(lines[0]["attempts"], 1);
    assert!(close(f64_of(&lines[0]["minutes"]), 2.0), "{}", lines[0]);
    // Reaping again changes nothing.
    ok_at(&env, Some("reuben"), &plus(T0, 3), &["queue", "reap"]);
    assert_eq!(history(&env).len(), 1);
    // A lease lost on an earlier attempt is no outcome: back to pending.
    let env = Env::new();
    env.config("leases:\n  ttl: 90s\n  max_attempts: 2\n");
    let id = add_at(&env, None, T0, &["Implement the importer"]);
    ok_at(&env, Some("kimi"), T0, &["queue", "claim", &id]);
    ok_at(&env, Some("reuben"), &plus(T0, 2), &["queue", "reap"]);
    assert_eq!(task(&env, &id)["status"], "pending");
    assert_eq!(history_text(&env), "");
    ok_at(&env, Some("claude"), &plus(T0, 2), &["queue", "claim", &id]);
    ok_at(&env, Some("reuben"), &plus(T0, 5), &["queue", "reap"]);
    let lines = history(&env);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["assigned_to"], "claude", "the last holder");
    assert_eq!(lines[0]["attempts"], 2);
    assert_eq!(lines[0]["success"], false);
}

#[test]
fn a_rule_for_failed_tasks_fires_on_a_failure() {
    // `when.outcome: failed` exists so that a failure can be followed up;
    // the follow-up must be a task someone can actually claim.
    let env = Env::new();
    env.config(
        "leases:\n  ttl: 90s\n  max_attempts: 1\n\
         handoffs:\n  - name: investigate-failure\n    when: {type: implement, outcome: failed}\n    \
         then: {type: research, to: claude, description: \"Find out why {task_id} failed\"}\n",
    );
    // Failed by its holder...
    let failed = add_at(
        &env,
        None,
        T0,
        &["--type", "implement", "Implement the exporter"],
    );
    ok_at(&env, Some("kimi"), T0, &["queue", "claim", &failed]);
    ok_at(
        &env,
        Some("kimi"),
        T0,
        &["queue", "complete", &failed, "--failed"],
    );
    // ...and by a lease lost on the last attempt.
    let lost = add_at(
        &env,
        None,
        T0,
        &["--type", "implement", "Implement the importer"],
    );
    ok_at(&env, Some("kimi"), T0, &["queue", "claim", &lost]);
    ok_at(&env, Some("reuben"), &plus(T0, 2), &["queue", "reap"]);
    assert_eq!(task(&env, &lost)["status"], "failed");
    let pending = tasks_in(&env, "pending");
    let refused = events_named(&env, "handoff-refused");
    assert_eq!(
        pending.len(),
        2,
        "one follow-up per failure: pending {pending:#?}\nrefused: {refused:#?}"
    );
    for (from, desc) in [(&failed, "exporter"), (&lost, "importer")] {
        let follow = pending
            .iter()
            .find(|t| t["handoff"]["from_task"] == from.as_str())
            .unwrap_or_else(|| panic!("no follow-up of the {desc} task: {pending:#?}"));
        assert_eq!(follow["description"], format!("Find out why {from} failed"));
        assert_eq!(follow["to_agent"], "claude");
    }
    // claude can take them up.
    env.claim("claude");
    env.claim("claude");
}

#[test]
fn sixteen_agents_completing_at_once_leave_sixteen_whole_lines() {
    let env = Env::new();
    let workers = 16;
    let mut held = Vec::new();
    for w in 0..workers {
        let agent = format!("agent{w:02}");
        // Long descriptions: a torn or interleaved append would show.
        let description = format!(
            "Task of {agent}: {}",
            "lorem ipsum dolor ".repeat(200).trim_end()
        );
        let id = add_at(&env, None, T0, &["--to", &agent, &description]);
        ok_at(&env, Some(&agent), T0, &["queue", "claim", &id]);
        held.push((agent, id, description));
    }
    let barrier = Barrier::new(workers);
    let outs: Vec<Output> = std::thread::scope(|s| {
        let handles: Vec<_> = held
            .iter()
            .map(|(agent, id, _)| {
                let (env, barrier) = (&env, &barrier);
                s.spawn(move || {
                    let cmd = process(
                        env,
                        Some(agent.as_str()),
                        &["queue", "complete", id.as_str()],
                    );
                    barrier.wait();
                    run_bounded(cmd, Duration::from_secs(60))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for out in &outs {
        assert_eq!(code(out), 0, "{}", stderr(out));
    }
    let lines = history(&env);
    assert_eq!(lines.len(), workers, "{}", history_text(&env));
    let mut seen: Vec<(String, String, String)> = lines
        .iter()
        .map(|l| {
            (
                l["assigned_to"].as_str().unwrap().to_string(),
                l["task_id"].as_str().unwrap().to_string(),
                l["task"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    seen.sort();
    let mut expected = held.clone();
    expected.sort();
    assert_eq!(seen, expected);
}

// ---- 2. analytics ----

const DAY1: &str = "2026-11-20T08:00:00Z";
const DAY2: &str = "2026-11-21T09:00:00Z";

/// kimi: 8 implement tasks (10, 20, ... 80 minutes; the last two failed),
/// one of them reworked; claude: 3 research tasks of 60 minutes; copilot:
/// one review task reaped once and done on its second claim; one --to
/// auto task; one decided and one escalated vote. Returns kimi's ids.
fn analytics_federation(env: &Env) -> Vec<String> {
    env.config("overseers: [reuben]\nrouting:\n  rules:\n    review: copilot\n");
    let mut kimi = Vec::new();
    for i in 0..8 {
        let start = plus("2026-11-20T09:00:00Z", i * 100);
        let id = add_at(
            env,
            Some("reuben"),
            DAY1,
            &[
                "--type",
                "implement",
                "--to",
                "kimi",
                &format!("Implement feature number {i}"),
            ],
        );
        ok_at(env, Some("kimi"), &start, &["queue", "claim", &id]);
        let mut args = vec!["queue", "complete", id.as_str()];
        if i >= 6 {
            args.push("--failed");
        }
        ok_at(env, Some("kimi"), &plus(&start, (i + 1) * 10), &args);
        kimi.push(id);
    }
    for i in 0..3 {
        let start = plus("2026-11-20T09:00:00Z", i * 100);
        let id = add_at(
            env,
            Some("reuben"),
            DAY1,
            &[
                "--type",
                "research",
                "--to",
                "claude",
                &format!("Research topic number {i}"),
            ],
        );
        ok_at(env, Some("claude"), &start, &["queue", "claim", &id]);
        ok_at(
            env,
            Some("claude"),
            &plus(&start, 60),
            &["queue", "complete", &id],
        );
    }
    // Day 2: a task whose first lease is reaped, then done.
    let retried = add_at(
        env,
        Some("reuben"),
        DAY2,
        &[
            "--type",
            "review",
            "--to",
            "copilot",
            "Review the lease code",
        ],
    );
    ok_at(env, Some("copilot"), DAY2, &["queue", "claim", &retried]);
    let before = history_text(env);
    ok_at(env, Some("reuben"), &plus(DAY2, 60), &["queue", "reap"]);
    assert_eq!(task(env, &retried)["status"], "pending");
    assert_eq!(
        history_text(env),
        before,
        "a reap back to pending is no outcome"
    );
    ok_at(
        env,
        Some("copilot"),
        &plus(DAY2, 60),
        &["queue", "claim", &retried],
    );
    ok_at(
        env,
        Some("copilot"),
        &plus(DAY2, 90),
        &["queue", "complete", &retried],
    );
    assert_eq!(task(env, &retried)["attempts"], 2);
    // A fix of kimi's first task (still open), by claude.
    let suffix = &kimi[0][kimi[0].len() - 6..];
    add_at(
        env,
        Some("claude"),
        &plus(DAY2, 100),
        &[
            "--type",
            "implement",
            "--reworks",
            suffix,
            "Fix feature number 0",
        ],
    );
    // A task the router addresses.
    let auto = add_at(
        env,
        Some("reuben"),
        &plus(DAY2, 110),
        &["--type", "review", "--to", "auto", "Review the retry code"],
    );
    assert_eq!(
        task(env, &auto)["to_agent"],
        "copilot",
        "routed by the rule"
    );
    // Votes: one decided, one escalated (a tie).
    for (second, expect) in [("yes", "decided"), ("no", "escalated")] {
        let out = ok_at(
            env,
            Some("reuben"),
            &plus(DAY2, 120),
            &[
                "vote", "create", "Ship it?", "--option", "yes", "--option", "no",
            ],
        );
        let vote = stdout(&out).trim().to_string();
        for (agent, choice) in [("kimi", "yes"), ("claude", second)] {
            ok_at(
                env,
                Some(agent),
                &plus(DAY2, 121),
                &[
                    "vote",
                    "cast",
                    &vote,
                    "--choice",
                    choice,
                    "--confidence",
                    "0.9",
                ],
            );
        }
        ok_at(
            env,
            Some("reuben"),
            &plus(DAY2, 122),
            &["vote", "resolve", &vote],
        );
        let shown = json_ok(env, None, &["vote", "show", &vote]);
        assert_eq!(shown["status"], expect, "{shown}");
    }
    kimi
}

#[test]
fn analytics_reports_the_history_and_writes_metrics() {
    let mut env = Env::new();
    analytics_federation(&env);
    env.now = plus(DAY2, 180);
    let report = json_ok(&env, None, &["analytics"]);
    let perf = &report["routing_performance"];
    let k = &perf["kimi"]["implement"];
    assert_eq!(k["count"], 8, "{report:#}");
    assert!(close(f64_of(&k["success_rate"]), 0.75), "{k}");
    assert!(close(f64_of(&k["rework_rate"]), 0.125), "{k}");
    assert!(close(f64_of(&k["boost"]), -0.005), "{k}");
    assert!(close(f64_of(&k["avg_minutes"]), 45.0), "{k}");
    let c = &perf["claude"]["research"];
    assert_eq!(c["count"], 3);
    assert!(close(f64_of(&c["success_rate"]), 1.0));
    assert!(close(f64_of(&c["rework_rate"]), 0.0));
    assert!(
        close(f64_of(&c["boost"]), 0.0),
        "count 3: no boost yet: {c}"
    );
    assert!(close(f64_of(&c["avg_minutes"]), 60.0));
    let r = &perf["copilot"]["review"];
    assert_eq!(r["count"], 1);
    assert!(
        close(f64_of(&r["avg_minutes"]), 30.0),
        "from the last claim: {r}"
    );
    assert!(
        perf.get("reuben").is_none(),
        "the overseer finished nothing"
    );

    // metrics.json holds the same figures.
    let metrics: Value =
        serde_json::from_slice(&std::fs::read(env.path("metrics.json")).expect("metrics.json"))
            .expect("metrics.json parses");
    assert_eq!(metrics["routing_performance"], *perf);

    let f = &report["federation"];
    assert_eq!(f["finished"], 12, "{f:#}");
    assert_eq!(f["retried"], 1, "{f:#}");
    // 14 tasks, one of them routed automatically.
    assert!(close(f64_of(&f["automatic_share"]), 0.0714), "{f:#}");
    assert!(close(f64_of(&f["votes_without_escalation"]), 0.5), "{f:#}");
    assert_eq!(
        f["queued_per_day"],
        json!([
            {"date": "2026-11-20", "by_overseers": 11, "automatic": 0, "other": 0},
            {"date": "2026-11-21", "by_overseers": 1, "automatic": 1, "other": 1},
        ]),
        "{f:#}"
    );
    assert_eq!(metrics["federation"], *f);

    // --since leaves out the older tasks.
    let recent = json_ok(&env, None, &["analytics", "--since", "2026-11-21"]);
    let perf = recent["routing_performance"].as_object().unwrap();
    assert_eq!(perf.keys().collect::<Vec<_>>(), ["copilot"], "{recent:#}");
    let f = &recent["federation"];
    assert_eq!(f["finished"], 1);
    assert_eq!(f["retried"], 1);
    assert_eq!(f["queued_per_day"].as_array().unwrap().len(), 1, "{f}");
    assert_eq!(f["queued_per_day"][0]["date"], "2026-11-21");
    assert!(close(f64_of(&f["automatic_share"]), 0.3333), "{f}");

    // The text report.
    let out = ok(&env, None, &["analytics"]);
    let text = stdout(&out);
    for needle in [
        "kimi",
        "claude",
        "copilot",
        "implement",
        "research",
        "█",
        "75%",
    ] {
        assert!(text.contains(needle), "no {needle:?} in:\n{text}");
    }
}

#[test]
fn analytics_skips_malformed_history_lines_with_a_warning() {
    let mut env = Env::new();
    analytics_federation(&env);
    env.now = plus(DAY2, 180);
    let mut text = history_text(&env);
    text.push_str("this is not json\n{\"task\": 1}\n{\"truncated\": \n");
    text.push_str(
        &json!({"task": "Implement feature x", "task_type": "implement",
            "assigned_to": "kimi", "success": true, "minutes": 45.0})
        .to_string(),
    );
    text.push('\n');
    std::fs::write(env.path("routing-history.jsonl"), text).unwrap();
    let out = ok(&env, None, &["--json", "analytics"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["skipped_history_lines"], 3, "{report:#}");
    assert!(
        stderr(&out).contains("routing-history.jsonl"),
        "no warning: {}",
        stderr(&out)
    );
    // The good line after the bad ones counts.
    assert_eq!(
        report["routing_performance"]["kimi"]["implement"]["count"],
        9
    );
    // The router reads past them too.
    let route = json_ok(&env, None, &["route", "Implement feature number 9"]);
    assert_eq!(route["agent"], "kimi", "{route}");
}

// ---- 3. route ----

const ROUTE_HISTORY: &[(&str, &str, &str, bool)] = &[
    (
        "Research session stores for the web API",
        "research",
        "claude",
        true,
    ),
    (
        "Research OAuth providers and their token lifetimes",
        "research",
        "claude",
        true,
    ),
    (
        "Research rate limiting strategies",
        "research",
        "claude",
        true,
    ),
    (
        "Write unit tests for the config parser",
        "test",
        "copilot",
        true,
    ),
    (
        "Write integration tests for the queue",
        "test",
        "copilot",
        true,
    ),
    (
        "Add regression tests for the login redirect",
        "test",
        "copilot",
        true,
    ),
    ("Implement the config parser", "implement", "kimi", true),
    ("Implement the login redirect", "implement", "kimi", true),
    (
        "Implement rate limiting middleware",
        "implement",
        "kimi",
        true,
    ),
];

/// `fed route` answers from the model cache (`.cache/router.model`) once
/// the history has settled, exactly as training would; a damaged cache or
/// a changed history sends it back to training.
#[test]
fn route_answers_from_its_model_cache_as_training_would() {
    let env = Env::new();
    env.config("routing:\n  rules:\n    tests: copilot\n");
    write_history(&env, ROUTE_HISTORY);
    let model = env.path(".cache/router.model");
    let desc = "Research caching strategies for the web API";
    let args = ["route", desc, "--explain"];
    // A history changed within the last 2 s is not cached.
    let trained = json_ok(&env, None, &args);
    assert!(!model.exists());
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(json_ok(&env, None, &args), trained);
    let text = std::fs::read_to_string(&model).expect("the model cache is written");
    // Answered from the cache: an agent renamed in it shows.
    std::fs::write(&model, text.replace("\tclaude\t", "\tzed\t")).unwrap();
    let from_cache = json_ok(&env, None, &args);
    assert!(from_cache.to_string().contains("zed"), "{from_cache}");
    // A torn cache, or one whose postings do not parse: training again.
    std::fs::write(&model, &text[..text.len() / 2]).unwrap();
    assert_eq!(json_ok(&env, None, &args), trained);
    std::fs::write(&model, text.replace(":0.", ":x.")).unwrap();
    assert_eq!(json_ok(&env, None, &args), trained);
    // A history changed since the cache was written: training again.
    std::fs::write(&model, text.replace("\tclaude\t", "\tzed\t")).unwrap();
    let mut more = ROUTE_HISTORY.to_vec();
    more.push(("Research caching layers", "research", "kimi", true));
    write_history(&env, &more);
    let retrained = json_ok(&env, None, &args);
    assert!(!retrained.to_string().contains("zed"), "{retrained}");
    assert!(
        retrained["explain"]["neighbours"]
            .to_string()
            .contains("Research caching layers"),
        "{retrained:#}"
    );
}

fn scores(route: &Value) -> Vec<(String, f64)> {
    route["candidates"]
        .as_array()
        .unwrap_or_else(|| panic!("no candidates: {route}"))
        .iter()
        .map(|c| {
            (
                c["agent"].as_str().unwrap().to_string(),
                f64_of(&c["score"]),
            )
        })
        .collect()
}

fn score_of(route: &Value, agent: &str) -> f64 {
    scores(route)
        .into_iter()
        .find(|(a, _)| a == agent)
        .unwrap_or_else(|| panic!("{agent} is not a candidate: {route}"))
        .1
}

#[test]
fn route_recommends_with_candidates_rules_and_neighbours() {
    let env = Env::new();
    env.config("routing:\n  rules:\n    tests: copilot\n    research: claude\n");
    write_history(&env, ROUTE_HISTORY);
    let desc = "Research caching strategies for the web API";
    let r = json_ok(&env, None, &["route", desc]);
    assert_eq!(r["agent"], "claude", "{r:#}");
    let confidence = f64_of(&r["confidence"]);
    assert!(confidence > 0.0 && confidence <= 1.0, "{r}");
    let s = scores(&r);
    assert_eq!(s.len(), 3, "every agent is a candidate: {s:?}");
    assert!(
        s.windows(2).all(|w| w[0].1 >= w[1].1),
        "not sorted by score: {s:?}"
    );
    assert_eq!(s[0].0, "claude");
    for c in r["candidates"].as_array().unwrap() {
        assert!(c.get("agent").is_some() && c.get("score").is_some(), "{c}");
    }

    // --explain: the rules hit and the similar past tasks.
    let x = json_ok(&env, None, &["route", desc, "--explain"]);
    assert_eq!(x["agent"], "claude");
    assert_eq!(
        x["explain"]["rules_hit"],
        json!([{"keyword": "research", "agent": "claude"}]),
        "{x:#}"
    );
    let neighbours = x["explain"]["neighbours"].as_array().unwrap();
    assert!(!neighbours.is_empty(), "{x:#}");
    assert_eq!(
        neighbours[0]["task"], "Research session stores for the web API",
        "the nearest first: {x:#}"
    );
    assert_eq!(neighbours[0]["agent"], "claude");
    let text = stdout(&ok(&env, None, &["route", desc, "--explain"]));
    assert!(text.starts_with("claude\t"), "{text}");
    assert!(text.contains("'research' -> claude"), "{text}");
    assert!(
        text.contains("Research session stores for the web API"),
        "{text}"
    );

    // A test-writing task goes to copilot (rule and wording agree).
    let t = json_ok(&env, None, &["route", "Write tests for the billing module"]);
    assert_eq!(t["agent"], "copilot", "{t:#}");
}

#[test]
fn similarity_to_past_work_outweighs_one_rule() {
    let env = Env::new();
    env.config("routing:\n  rules:\n    docs: claude\n");
    write_history(
        &env,
        &[
            (
                "Implement the websocket reconnect backoff",
                "implement",
                "kimi",
                true,
            ),
            (
                "Fix the websocket reconnect backoff jitter",
                "implement",
                "kimi",
                true,
            ),
            ("Write the install guide", "docs", "claude", true),
            (
                "Research licensing of the vendored fonts",
                "research",
                "claude",
                true,
            ),
        ],
    );
    let r = json_ok(
        &env,
        None,
        &[
            "route",
            "Update the docs about websocket reconnect backoff",
            "--explain",
        ],
    );
    assert_eq!(
        r["explain"]["rules_hit"],
        json!([{"keyword": "docs", "agent": "claude"}]),
        "the rule does match: {r:#}"
    );
    assert_eq!(r["agent"], "kimi", "{r:#}");
    assert!(score_of(&r, "claude") > 0.0, "the rule still counts: {r}");
    assert!(score_of(&r, "kimi") > score_of(&r, "claude"), "{r}");
}

#[test]
fn failures_push_work_away() {
    let route_with = |copilot_succeeded: bool| {
        let env = Env::new();
        let mut rows = vec![(
            "Fix the flaky integration tests in CI",
            "test",
            "kimi",
            true,
        )];
        for task in [
            "Fix the flaky integration tests in the CI pipeline",
            "Fix flaky CI integration tests on macOS",
            "Fix the flaky CI integration tests for the queue",
        ] {
            rows.push((task, "test", "copilot", copilot_succeeded));
        }
        write_history(&env, &rows);
        json_ok(
            &env,
            None,
            &["route", "Fix the flaky integration tests in CI"],
        )
    };
    let good = route_with(true);
    let bad = route_with(false);
    assert_eq!(
        good["agent"], "copilot",
        "three similar successes win: {good:#}"
    );
    assert_eq!(bad["agent"], "kimi", "three similar failures lose: {bad:#}");
    assert!(score_of(&bad, "copilot") < score_of(&bad, "kimi"), "{bad}");
    assert!(
        score_of(&bad, "copilot") < score_of(&good, "copilot"),
        "failing made copilot score lower: {good} vs {bad}"
    );
    assert!(score_of(&bad, "copilot") < 0.0, "failures push away: {bad}");
}

#[test]
fn without_history_or_rules_there_is_no_recommendation() {
    let env = Env::new();
    let r = json_ok(&env, None, &["route", "Write tests for the parser"]);
    assert_eq!(r["agent"], Value::Null, "{r}");
    assert!(close(f64_of(&r["confidence"]), 0.0), "{r}");
    let out = ok(&env, None, &["route", "Write tests for the parser"]);
    assert_eq!(stdout(&out), "", "no agent on stdout");
    assert!(
        stderr(&out).contains("No recommendation"),
        "{}",
        stderr(&out)
    );
    // Known agents alone say nothing either.
    env.config("agents: [kimi, claude]\n");
    let r = json_ok(&env, None, &["route", "Write tests for the parser"]);
    assert_eq!(r["agent"], Value::Null, "{r}");
}

#[test]
fn route_eval_reports_accuracy_or_exits_3_without_enough_history() {
    let env = Env::new();
    env.config("routing:\n  rules:\n    tests: copilot\n    research: claude\n");
    write_history(&env, ROUTE_HISTORY);
    let e = json_ok(&env, None, &["route", "eval"]);
    assert_eq!(
        e["tested"], 9,
        "every successful task is predicted once: {e}"
    );
    for key in ["hybrid_accuracy", "rules_accuracy"] {
        let a = f64_of(&e[key]);
        assert!((0.0..=1.0).contains(&a), "{key} {a}");
    }
    // The rules name claude and copilot for their 6 tasks (all hit); kimi's
    // 3 have no rule.
    assert!(
        (f64_of(&e["rules_accuracy"]) - 6.0 / 9.0).abs() < 1e-3,
        "{e}"
    );
    let text = ok(&env, None, &["route", "eval", "--folds", "3"]);
    assert!(stdout(&text).contains("kimi"), "{}", stdout(&text));

    let small = Env::new();
    write_history(
        &small,
        &[
            ("Write tests", "test", "copilot", true),
            ("Research things", "research", "claude", true),
            ("Implement things", "implement", "kimi", false),
        ],
    );
    let out = small.run(None, &["route", "eval"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("routing-history.jsonl") && err.contains("at least"),
        "unclear: {err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

// ---- 4. --to auto ----

/// Agents seen in the last day are not silent (the default is 2h).
const SEEN_LATELY: &str = "availability:\n  silent_after: 1d\n";

/// copilot did the test tasks, kimi the implementation, claude research,
/// over the ten hours before T0 (so none of them counts as silent yet).
fn routing_history_through_fed(env: &Env) {
    env.config(SEEN_LATELY);
    let mut start = plus(T0, -600);
    for (agent, kind, description) in [
        ("copilot", "test", "Write unit tests for the config parser"),
        ("copilot", "test", "Write integration tests for the queue"),
        ("copilot", "test", "Write tests for the login redirect"),
        ("kimi", "implement", "Implement the config parser"),
        ("kimi", "implement", "Implement the export command"),
        ("kimi", "implement", "Implement the login redirect"),
        ("claude", "research", "Research session stores"),
        ("claude", "research", "Research OAuth providers"),
    ] {
        finish(env, None, agent, description, kind, true, &start, 20);
        start = plus(&start, 30);
    }
}

#[test]
fn to_auto_addresses_the_recommended_agent() {
    let env = Env::new();
    routing_history_through_fed(&env);
    let id = add_at(
        &env,
        Some("reuben"),
        T0,
        &[
            "--type",
            "test",
            "--to",
            "auto",
            "Write tests for the billing module",
        ],
    );
    let t = task(&env, &id);
    assert_eq!(t["to_agent"], "copilot", "{t:#}");
    let routing = &t["routing"];
    assert_eq!(routing["recommended"], "copilot", "{t:#}");
    assert_eq!(routing["routed"], true);
    let confidence = f64_of(&routing["confidence"]);
    assert!((0.5..=1.0).contains(&confidence), "{routing}");
    // The router says the same thing.
    let r = json_ok(
        &env,
        None,
        &[
            "route",
            "Write tests for the billing module",
            "--type",
            "test",
        ],
    );
    assert_eq!(r["agent"], "copilot");
    assert!(
        close(f64_of(&r["confidence"]), confidence),
        "{r} vs {routing}"
    );
    // The log's added event.
    let added: Vec<Value> = events_named(&env, "added")
        .into_iter()
        .filter(|e| e["task_id"] == id.as_str())
        .collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert_eq!(added[0]["routed"], true, "{}", added[0]);
    assert_eq!(added[0]["recommended"], "copilot");
    assert!(close(f64_of(&added[0]["confidence"]), confidence));
    // status lists it as queued automatically, copilot can claim it.
    let status = json_ok(&env, None, &["status"]);
    assert_eq!(
        ids(&status["automatic"]),
        std::slice::from_ref(&id),
        "{status:#}"
    );
    assert_eq!(ids(&status["unrouted"]), Vec::<String>::new());
    assert_eq!(env.claim("copilot"), id);
}

#[test]
fn to_auto_below_min_confidence_leaves_the_task_for_anyone() {
    let env = Env::new();
    routing_history_through_fed(&env);
    env.config(&format!("{SEEN_LATELY}routing:\n  min_confidence: 0.99\n"));
    let desc = "Rework the config parser";
    let id = add_at(&env, Some("reuben"), T0, &["--to", "auto", desc]);
    let t = task(&env, &id);
    let routing = &t["routing"];
    let confidence = f64_of(&routing["confidence"]);
    assert!(
        confidence < 0.99 && confidence > 0.0,
        "the description should be ambiguous (kimi and copilot both worked on the parser): {routing}"
    );
    assert!(routing["recommended"].is_string(), "{routing}");
    assert_eq!(routing["routed"], false, "{routing}");
    assert_eq!(t["to_agent"], Value::Null, "{t:#}");
    let status = json_ok(&env, None, &["status"]);
    assert_eq!(
        ids(&status["unrouted"]),
        std::slice::from_ref(&id),
        "{status:#}"
    );
    assert_eq!(
        ids(&status["automatic"]),
        Vec::<String>::new(),
        "{status:#}"
    );
    let added: Vec<Value> = events_named(&env, "added")
        .into_iter()
        .filter(|e| e["task_id"] == id.as_str())
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["routed"], false, "{}", added[0]);
    assert_eq!(added[0]["recommended"], routing["recommended"]);
    assert!(close(f64_of(&added[0]["confidence"]), confidence));
    // Anyone may claim it.
    assert_eq!(env.claim("claude"), id);
    // Without any signal, --to auto also leaves the task for anyone.
    let empty = Env::new();
    let id = add_at(&empty, None, T0, &["--to", "auto", "Something brand new"]);
    let t = task(&empty, &id);
    assert_eq!(t["to_agent"], Value::Null);
    assert_eq!(t["routing"]["routed"], false);
    assert_eq!(t["routing"]["recommended"], Value::Null);
}

// ---- 5. --reworks ----

#[test]
fn reworks_must_name_a_finished_task() {
    let env = Env::new();
    let done = finish(
        &env,
        None,
        "kimi",
        "Implement the exporter",
        "implement",
        true,
        T0,
        10,
    );
    let pending = add_at(&env, None, T0, &["Something pending"]);
    let held = add_at(&env, None, T0, &["Something held"]);
    ok(&env, Some("claude"), &["queue", "claim", &held]);
    let before = env.snapshot_files();
    for (target, what) in [
        (pending.as_str(), "pending"),
        (held.as_str(), "in-progress"),
        ("nosuchtask", "unknown"),
    ] {
        let out = env.run(None, &["queue", "add", "Fix it", "--reworks", target]);
        assert_eq!(code(&out), 1, "--reworks {what}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("--reworks"), "{what}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    assert!(
        env.snapshot_files() == before,
        "a refused add changed files"
    );
    // A done task, by a unique suffix.
    let suffix = &done[done.len() - 6..];
    let fix = add_at(
        &env,
        Some("claude"),
        T0,
        &["--reworks", suffix, "Fix the exporter"],
    );
    assert_eq!(task(&env, &fix)["reworks"], done.as_str());
    // And a failed one, by its full id.
    let failed = finish(
        &env,
        None,
        "kimi",
        "Implement the importer",
        "implement",
        false,
        T0,
        10,
    );
    let fix2 = add_at(&env, None, T0, &["--reworks", &failed, "Fix the importer"]);
    assert_eq!(task(&env, &fix2)["reworks"], failed.as_str());
    // Finishing the fix records what it fixed.
    ok(&env, Some("claude"), &["queue", "claim", &fix]);
    ok(&env, Some("claude"), &["queue", "complete", &fix]);
    let last = history(&env).pop().unwrap();
    assert_eq!(last["task_id"], fix.as_str());
    assert_eq!(last["reworks"], done.as_str());
}

// ---- 6. handoffs ----

const RESEARCH_RULE: &str = "handoffs:
  - name: research-to-implementation
    when: {type: research, agent: claude, outcome: done, context: artifact_path}
    then:
      type: implement
      to: kimi
      description: \"Implement design from {context.artifact_path}\"
      priority: high
";

/// A research task for claude with an artifact, claimed by claude.
fn claimed_research(env: &Env, artifact: Option<&str>) -> String {
    let context = artifact.map(|a| format!("artifact_path={a}"));
    let mut args = vec!["--type", "research", "--to", "claude"];
    if let Some(c) = &context {
        args.extend(["--context", c.as_str()]);
    }
    args.push("Research the OAuth design");
    let id = add_at(env, Some("reuben"), T0, &args);
    ok(env, Some("claude"), &["queue", "claim", &id]);
    id
}

#[test]
fn a_finished_research_task_hands_off_to_kimi() {
    let env = Env::new();
    env.config(&format!("overseers: [reuben]\n{RESEARCH_RULE}"));
    let research = claimed_research(&env, Some("docs/oauth.md"));
    let out = ok(&env, Some("claude"), &["queue", "complete", &research]);
    let pending = tasks_in(&env, "pending");
    assert_eq!(pending.len(), 1, "{pending:#?}");
    let h = &pending[0];
    let hid = h["task_id"].as_str().unwrap().to_string();
    assert_eq!(h["description"], "Implement design from docs/oauth.md");
    assert_eq!(h["task_type"], "implement");
    assert_eq!(h["to_agent"], "kimi");
    assert_eq!(h["priority"], "high");
    assert_eq!(h["status"], "pending");
    assert_eq!(h["dependencies"], json!([research.clone()]));
    assert_eq!(h["handoff"]["from_task"], research.as_str());
    assert_eq!(h["handoff"]["rule"], "research-to-implementation");
    assert_eq!(h["handoff"]["depth"], 1);
    let err = stderr(&out);
    assert!(err.contains("Handoff") && err.contains(&hid), "{err}");
    // The log's added event names the rule and the finished task.
    let added: Vec<Value> = events_named(&env, "added")
        .into_iter()
        .filter(|e| e["task_id"] == hid.as_str())
        .collect();
    assert_eq!(added.len(), 1, "{:?}", events(&env));
    assert_eq!(added[0]["from_task"], research.as_str());
    assert_eq!(added[0]["rule"], "research-to-implementation");
    // status lists it as automatic; kimi can claim it (its dependency is done).
    let status = json_ok(&env, None, &["status"]);
    assert_eq!(
        ids(&status["automatic"]),
        std::slice::from_ref(&hid),
        "{status:#}"
    );
    assert_eq!(env.claim("kimi"), hid);

    // The rule's conditions: no artifact, another agent, or a failure: nothing.
    let no_artifact = claimed_research(&env, None);
    ok(&env, Some("claude"), &["queue", "complete", &no_artifact]);
    let failed = claimed_research(&env, Some("docs/a.md"));
    ok(
        &env,
        Some("claude"),
        &["queue", "complete", &failed, "--failed"],
    );
    let by_kimi = add_at(
        &env,
        None,
        T0,
        &[
            "--type",
            "research",
            "--context",
            "artifact_path=x.md",
            "Research by kimi",
        ],
    );
    ok(&env, Some("kimi"), &["queue", "claim", &by_kimi]);
    ok(&env, Some("kimi"), &["queue", "complete", &by_kimi]);
    assert_eq!(
        tasks_in(&env, "pending").len(),
        0,
        "{:#?}",
        tasks_in(&env, "pending")
    );
    assert_eq!(
        ids(&json!(tasks_in(&env, "in-progress"))),
        std::slice::from_ref(&hid)
    );
}

#[test]
fn the_overseer_cancels_an_automatic_task_like_any_other() {
    let env = Env::new();
    env.config(&format!("overseers: [reuben]\n{RESEARCH_RULE}"));
    let research = claimed_research(&env, Some("docs/oauth.md"));
    ok(&env, Some("claude"), &["queue", "complete", &research]);
    let hid = tasks_in(&env, "pending")[0]["task_id"]
        .as_str()
        .unwrap()
        .to_string();
    // Not kimi, which neither created it nor oversees.
    let out = env.run(Some("kimi"), &["queue", "cancel", &hid]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    ok(
        &env,
        Some("reuben"),
        &["queue", "cancel", &hid, "--reason", "not now"],
    );
    assert_eq!(task(&env, &hid)["status"], "cancelled");
    let status = json_ok(&env, None, &["status"]);
    assert_eq!(
        ids(&status["automatic"]),
        Vec::<String>::new(),
        "{status:#}"
    );
    assert_eq!(status["counts"]["cancelled"], 1);
    assert_eq!(tasks_in(&env, "pending").len(), 0);
}

const CHAIN_RULES: &str = "handoffs:
  - name: implement-to-review
    when: {type: implement}
    then: {type: review, to: copilot, description: \"Review {task_id}\"}
  - name: review-to-implement
    when: {type: review}
    then: {type: implement, to: kimi, description: \"Address the review of {task_id}\"}
";

/// Finishes the one in-progress-able pending task (as the agent it is for)
/// until none is pending; returns the ids in the order finished.
fn run_chain(env: &Env) -> Vec<String> {
    let mut finished = Vec::new();
    for _ in 0..20 {
        let pending = tasks_in(env, "pending");
        if pending.is_empty() {
            break;
        }
        assert_eq!(pending.len(), 1, "one link at a time: {pending:#?}");
        let id = pending[0]["task_id"].as_str().unwrap().to_string();
        let agent = pending[0]["to_agent"].as_str().unwrap().to_string();
        ok(env, Some(agent.as_str()), &["queue", "claim", &id]);
        let out = ok(env, Some(agent.as_str()), &["queue", "complete", &id]);
        assert_eq!(code(&out), 0);
        finished.push(id);
    }
    finished
}

#[test]
fn handoff_chains_stop_at_max_handoff_depth() {
    let env = Env::new();
    env.config(&format!("limits:\n  max_handoff_depth: 2\n{CHAIN_RULES}"));
    let first = add_at(
        &env,
        None,
        T0,
        &["--type", "implement", "--to", "kimi", "Implement X"],
    );
    let chain = run_chain(&env);
    assert_eq!(chain.len(), 3, "the first task and two handoffs: {chain:?}");
    assert_eq!(chain[0], first);
    let depths: Vec<Value> = chain[1..]
        .iter()
        .map(|id| task(&env, id)["handoff"]["depth"].clone())
        .collect();
    assert_eq!(depths, [json!(1), json!(2)]);
    let refused = events_named(&env, "handoff-refused");
    assert_eq!(refused.len(), 1, "{:?}", events(&env));
    assert_eq!(refused[0]["task_id"], chain[2].as_str());
    assert_eq!(refused[0]["rule"], "implement-to-review");
    assert!(
        refused[0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("max_handoff_depth"),
        "{}",
        refused[0]
    );
}

#[test]
fn handoff_chains_reach_the_default_depth_of_five() {
    // The default limit is 5: a chain of long rule names must still get
    // there (handoff ids grow with every link and are cut at 64
    // characters), and the sixth link is refused in the log.
    let env = Env::new();
    env.config(CHAIN_RULES);
    add_at(
        &env,
        None,
        T0,
        &["--type", "implement", "--to", "kimi", "Implement X"],
    );
    let chain = run_chain(&env);
    assert_eq!(
        chain.len(),
        6,
        "the first task and five handoffs: {chain:?}\nlog: {:#?}",
        events(&env)
    );
    let depths: Vec<Value> = chain[1..]
        .iter()
        .map(|id| task(&env, id)["handoff"]["depth"].clone())
        .collect();
    assert_eq!(depths, [json!(1), json!(2), json!(3), json!(4), json!(5)]);
    let refused = events_named(&env, "handoff-refused");
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["task_id"], chain[5].as_str());
}

#[test]
fn a_handoff_over_the_pending_limit_is_refused_and_logged() {
    let env = Env::new();
    env.config(&format!(
        "limits:\n  max_pending_per_agent: 1\n{RESEARCH_RULE}"
    ));
    let waiting = add_at(&env, None, T0, &["--to", "kimi", "Something kimi has"]);
    let research = claimed_research(&env, Some("docs/oauth.md"));
    let out = ok(&env, Some("claude"), &["queue", "complete", &research]);
    assert_eq!(task(&env, &research)["status"], "done");
    let pending = tasks_in(&env, "pending");
    assert_eq!(pending.len(), 1, "{pending:#?}");
    assert_eq!(pending[0]["task_id"], waiting.as_str());
    let refused = events_named(&env, "handoff-refused");
    assert_eq!(refused.len(), 1, "{:?}", events(&env));
    assert_eq!(refused[0]["task_id"], research.as_str());
    assert_eq!(refused[0]["rule"], "research-to-implementation");
    assert!(
        refused[0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("max_pending_per_agent"),
        "{}",
        refused[0]
    );
    assert!(!stderr(&out).contains("Handoff:"), "{}", stderr(&out));
    assert_eq!(history(&env).len(), 1, "the completion itself is recorded");
}

#[test]
fn a_template_naming_a_missing_context_key_is_refused_not_fatal() {
    let env = Env::new();
    env.config(
        "handoffs:
  - name: needs-missing
    when: {type: research}
    then: {type: implement, to: kimi, description: \"Implement {context.missing}\"}
",
    );
    let research = claimed_research(&env, Some("docs/oauth.md"));
    ok(&env, Some("claude"), &["queue", "complete", &research]);
    assert_eq!(task(&env, &research)["status"], "done");
    assert_eq!(tasks_in(&env, "pending").len(), 0);
    let refused = events_named(&env, "handoff-refused");
    assert_eq!(refused.len(), 1, "{:?}", events(&env));
    assert_eq!(refused[0]["task_id"], research.as_str());
    assert_eq!(refused[0]["rule"], "needs-missing");
    assert!(
        refused[0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("context.missing"),
        "{}",
        refused[0]
    );
}

#[test]
fn an_invalid_handoff_rule_fails_commands_with_a_config_error() {
    let env = Env::new();
    // A task held before the config goes bad.
    let held = claimed_research(&env, Some("docs/oauth.md"));
    for (rule, needle) in [
        (
            "  - name: bad-field\n    when: {type: research}\n    then: {type: implement, to: kimi, description: \"Do {nonsense}\"}\n",
            "{nonsense}",
        ),
        (
            "  - name: bad-to\n    when: {type: research}\n    then: {type: implement, to: \"Bad Name\", description: \"Do {task_id}\"}\n",
            "Bad Name",
        ),
    ] {
        env.config(&format!("handoffs:\n{rule}"));
        let before = env.snapshot_files();
        for (agent, args) in [
            (None, vec!["status"]),
            (None, vec!["queue", "add", "More work"]),
            (Some("kimi"), vec!["queue", "claim"]),
            (Some("claude"), vec!["queue", "complete", held.as_str()]),
            (None, vec!["route", "More work"]),
            (None, vec!["analytics"]),
        ] {
            let out = env.run(agent, &args);
            let err = stderr(&out);
            assert_eq!(code(&out), 1, "{args:?} with {needle}: {err}");
            assert!(
                err.contains("config.yaml") && err.contains("handoffs") && err.contains(needle),
                "{args:?}: {err}"
            );
            assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        }
        assert!(
            env.snapshot_files() == before,
            "a refused command changed files"
        );
        let out = env.run(None, &["--json", "check"]);
        assert_eq!(code(&out), 1, "{}", stdout(&out));
    }
    assert_eq!(task(&env, &held)["status"], "in-progress");
}

#[test]
fn check_warns_about_handoff_rules_that_can_loop() {
    let env = Env::new();
    env.config(
        "handoffs:
  - name: research-to-implement
    when: {type: research}
    then: {type: implement, to: kimi, description: \"Implement {task_id}\"}
  - name: implement-to-research
    when: {type: implement}
    then: {type: research, to: claude, description: \"Research {task_id}\"}
",
    );
    let out = env.run(None, &["--json", "check"]);
    assert_eq!(code(&out), 0, "a warning only: {}", stdout(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let loops: Vec<&Value> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "handoff-loop")
        .collect();
    assert_eq!(loops.len(), 1, "{report:#}");
    assert_eq!(loops[0]["severity"], "warning");
    let message = loops[0]["message"].as_str().unwrap();
    assert!(
        message.contains("research") && message.contains("implement"),
        "{message}"
    );
    // A chain without a loop gets no warning.
    env.config(RESEARCH_RULE);
    let report = json_ok(&env, None, &["check"]);
    assert!(
        !report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "handoff-loop"),
        "{report:#}"
    );
}

// ---- 7. pause and resume ----

#[test]
fn handoffs_wait_while_paused_and_are_queued_once_on_resume() {
    let env = Env::new();
    env.config(&format!("overseers: [reuben]\n{RESEARCH_RULE}"));
    let research = claimed_research(&env, Some("docs/oauth.md"));
    let other = add_at(&env, Some("reuben"), T0, &["Other work"]);
    ok(&env, Some("copilot"), &["queue", "claim", &other]);
    ok(&env, Some("reuben"), &["pause", "--reason", "review"]);
    // Complete works while paused; claim does not.
    let out = env.run(Some("kimi"), &["queue", "claim"]);
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    ok(&env, Some("claude"), &["queue", "complete", &research]);
    assert_eq!(task(&env, &research)["status"], "done");
    assert_eq!(
        tasks_in(&env, "pending").len(),
        0,
        "nothing queued while paused"
    );
    let waiting = deferred_files(&env);
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    let hid = waiting[0]
        .strip_suffix(".json")
        .expect("a .json file")
        .to_string();
    let status = json_ok(&env, None, &["status"]);
    assert_eq!(status["deferred_handoffs"], 1, "{status:#}");
    assert_eq!(status["counts"]["pending"], 0);
    // Completing other work while paused does not publish it.
    ok(&env, Some("copilot"), &["queue", "complete", &other]);
    assert_eq!(tasks_in(&env, "pending").len(), 0);
    assert_eq!(deferred_files(&env).len(), 1);

    ok(&env, Some("reuben"), &["resume"]);
    let pending = tasks_in(&env, "pending");
    assert_eq!(
        pending.len(),
        1,
        "fed resume queues the handoff that waited: pending {pending:#?}, handoffs/ {:?}",
        deferred_files(&env)
    );
    assert_eq!(pending[0]["task_id"], hid.as_str());
    assert_eq!(
        pending[0]["description"],
        "Implement design from docs/oauth.md"
    );
    assert_eq!(pending[0]["to_agent"], "kimi");
    assert_eq!(pending[0]["handoff"]["from_task"], research.as_str());
    assert_eq!(deferred_files(&env), Vec::<String>::new());
    assert_eq!(json_ok(&env, None, &["status"])["deferred_handoffs"], 0);

    // Once only: resuming again or completing other tasks adds nothing.
    ok(&env, Some("reuben"), &["resume"]);
    let more = add_at(&env, Some("reuben"), T0, &["More work"]);
    ok(&env, Some("copilot"), &["queue", "claim", &more]);
    ok(&env, Some("copilot"), &["queue", "complete", &more]);
    let pending = tasks_in(&env, "pending");
    assert_eq!(pending.len(), 1, "{pending:#?}");
    assert_eq!(pending[0]["task_id"], hid.as_str());
    let everywhere: usize = ["pending", "in-progress", "blocked", "completed"]
        .iter()
        .map(|f| env.names(f).iter().filter(|n| n.starts_with(&hid)).count())
        .sum();
    assert_eq!(everywhere, 1);
    assert_eq!(env.claim("kimi"), hid);
}

#[test]
fn a_handoff_deferred_while_paused_is_published_by_a_later_completion_too() {
    // If no one runs `fed resume` to its end (the handoff waits in
    // handoffs/ after the pause is lifted), the next completion queues it.
    let env = Env::new();
    env.config(&format!("overseers: [reuben]\n{RESEARCH_RULE}"));
    let research = claimed_research(&env, Some("docs/oauth.md"));
    let other = add_at(&env, Some("reuben"), T0, &["Other work"]);
    ok(&env, Some("copilot"), &["queue", "claim", &other]);
    ok(&env, Some("reuben"), &["pause"]);
    ok(&env, Some("claude"), &["queue", "complete", &research]);
    assert_eq!(deferred_files(&env).len(), 1);
    // Lift the pause by hand, as a resume killed before publishing would.
    let mut state: Value =
        serde_json::from_slice(&std::fs::read(env.path("state.json")).unwrap()).unwrap();
    state["paused"] = json!(false);
    std::fs::write(env.path("state.json"), state.to_string()).unwrap();
    ok(&env, Some("copilot"), &["queue", "complete", &other]);
    let pending = tasks_in(&env, "pending");
    assert_eq!(pending.len(), 1, "{pending:#?}");
    assert_eq!(pending[0]["handoff"]["from_task"], research.as_str());
    assert_eq!(deferred_files(&env), Vec::<String>::new());
}
