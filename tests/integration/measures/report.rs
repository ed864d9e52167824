//! `fed report` on a federation whose numbers are known.

use super::{at, ok};
use crate::common::{Env, code, stdout};
use serde_json::Value;

const NOW: &str = "2026-11-21T12:00:00Z";

fn metrics(env: &Env) -> Value {
    let out = at(env, NOW, None, &["--json", "report", "--since", "1d"]);
    assert_eq!(code(&out), 0);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["since"], "2026-11-20T12:00:00.000Z");
    assert_eq!(report["until"], "2026-11-21T12:00:00.000Z");
    report
}

fn metric<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

/// Claims `id` as `agent` at `from` and finishes it at `to`.
fn work(env: &Env, agent: &str, id: &str, from: &str, to: &str, failed: bool) {
    ok(env, from, Some(agent), &["queue", "claim", id]);
    let mut args = vec!["queue", "complete", id];
    if failed {
        args.push("--failed");
    }
    ok(env, to, Some(agent), &args);
}

#[test]
fn every_measure_equals_the_value_computed_by_hand() {
    let env = Env::new();
    env.config("overseers: [boss]\nrouting:\n  rules:\n    research: claude\n");
    // The window before (2026-11-19T12:00 to 2026-11-20T12:00): two tasks
    // taking 10 and 20 minutes from claim to done: median 15.
    for (n, minutes) in [(1, "10"), (2, "20")] {
        let t = "2026-11-20T00:00:00Z";
        let id = ok(
            &env,
            t,
            Some("claude"),
            &["queue", "add", &format!("Earlier {n}")],
        );
        work(
            &env,
            "kimi",
            &id,
            "2026-11-20T01:00:00Z",
            &format!("2026-11-20T01:{minutes}:00Z"),
            false,
        );
    }
    // The window: boss adds two tasks, agents three (two routed).
    let t = "2026-11-21T09:00:00Z";
    let a = ok(
        &env,
        t,
        Some("boss"),
        &["queue", "add", "Manual work", "--to", "kimi"],
    );
    let e = ok(&env, t, Some("boss"), &["queue", "add", "Doomed work"]);
    let b = ok(
        &env,
        t,
        Some("claude"),
        &["queue", "add", "Handed work", "--to", "claude"],
    );
    let c = ok(
        &env,
        t,
        Some("claude"),
        &["queue", "add", "research the cache", "--to", "auto"],
    );
    let d = ok(
        &env,
        t,
        Some("kimi"),
        &["queue", "add", "research the log", "--to", "auto"],
    );
    ok(&env, t, Some("boss"), &["queue", "cancel", &e]);
    ok(&env, t, Some("boss"), &["queue", "assign", &b, "kimi"]);
    // Claim to done: 6, 10, 14 minutes (median 10: -1/3 against 15); the
    // routed tasks: C done by claude, D failed.
    work(
        &env,
        "kimi",
        &a,
        "2026-11-21T09:00:00Z",
        "2026-11-21T09:06:00Z",
        false,
    );
    work(
        &env,
        "kimi",
        &b,
        "2026-11-21T09:10:00Z",
        "2026-11-21T09:20:00Z",
        false,
    );
    work(
        &env,
        "claude",
        &c,
        "2026-11-21T10:00:00Z",
        "2026-11-21T10:14:00Z",
        false,
    );
    work(
        &env,
        "claude",
        &d,
        "2026-11-21T10:30:00Z",
        "2026-11-21T10:40:00Z",
        true,
    );
    // Votes: one decided, one escalated (a tie), one escalated and
    // overridden by boss.
    let v = "2026-11-21T11:00:00Z";
    let vote = |q: &str, extra: &[&str]| {
        let mut args = vec!["vote", "create", q, "--option", "x", "--option", "y"];
        args.extend_from_slice(extra);
        ok(&env, v, Some("claude"), &args)
    };
    let (v1, v2, v3) = (
        vote("One?", &[]),
        vote("Two?", &[]),
        vote("Three?", &["--high-stakes"]),
    );
    for (id, second) in [(&v1, "x"), (&v2, "y"), (&v3, "x")] {
        ok(
            &env,
            v,
            Some("claude"),
            &["vote", "cast", id, "--choice", "x", "--confidence", "0.9"],
        );
        ok(
            &env,
            v,
            Some("kimi"),
            &[
                "vote",
                "cast",
                id,
                "--choice",
                second,
                "--confidence",
                "0.9",
            ],
        );
        let _ = at(&env, v, Some("claude"), &["vote", "resolve", id]);
    }
    ok(
        &env,
        v,
        Some("boss"),
        &["vote", "override", &v3, "--choice", "y"],
    );

    let report = metrics(&env);
    // Overseer events: add, add, cancel, assign, override: 5 in 1 day.
    assert_eq!(metric(&report, "interventions_per_day")["value"], 5.0);
    assert_eq!(metric(&report, "interventions_per_day")["met"], false);
    assert_eq!(metric(&report, "agent_queued_share")["value"], 0.6);
    assert_eq!(metric(&report, "agent_queued_share")["met"], true);
    assert_eq!(metric(&report, "votes_without_escalation")["value"], 0.3333);
    assert_eq!(metric(&report, "votes_without_escalation")["met"], false);
    assert_eq!(metric(&report, "routing_accuracy")["value"], 0.5);
    assert_eq!(metric(&report, "routing_accuracy")["target"], 0.92);
    assert_eq!(
        metric(&report, "median_completion_change")["value"],
        -0.3333
    );
    assert_eq!(metric(&report, "median_completion_change")["met"], true);
    assert_eq!(metric(&report, "lost_tasks")["value"], 0.0);
    assert_eq!(metric(&report, "lost_tasks")["met"], true);

    // A task file deleted behind fed's back is lost, by name.
    std::fs::remove_file(env.path(&format!("queue/completed/{b}.json"))).unwrap();
    let report = metrics(&env);
    assert_eq!(metric(&report, "lost_tasks")["value"], 1.0);
    assert_eq!(metric(&report, "lost_tasks")["met"], false);
    assert_eq!(report["lost"][0]["task_id"], b.as_str());
    assert_eq!(report["lost"][0]["logged"], "done");
    assert!(report["lost"][0]["found"].is_null());
    let text = ok(&env, NOW, None, &["report", "--since", "1d"]);
    assert!(text.contains(&format!("lost: {b}")), "{text}");
    assert!(text.contains("missed") && text.contains("met"), "{text}");
}

#[test]
fn a_task_in_another_state_than_logged_is_lost_and_goals_come_from_the_config() {
    let env = Env::new();
    env.config("overseers: [boss]\ngoals:\n  lost_tasks: 1\n  routing_accuracy: 0.4\n");
    let id = env.add(&["Moved behind fed's back"]);
    let from = env.path(&format!("queue/pending/{id}.json"));
    std::fs::rename(&from, env.path(&format!("queue/blocked/{id}.json"))).unwrap();
    let out = at(&env, NOW, None, &["--json", "report"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let lost = metric(&report, "lost_tasks");
    assert_eq!(
        (lost["value"].as_f64(), lost["target"].as_f64()),
        (Some(1.0), Some(1.0))
    );
    assert_eq!(lost["met"], true, "the config's goal is used");
    assert_eq!(metric(&report, "routing_accuracy")["target"], 0.4);
    assert_eq!(report["lost"][0]["logged"], "pending");
}

#[test]
fn an_empty_federation_gives_nulls_and_bad_windows_are_refused() {
    let env = Env::new();
    env.config("overseers: [boss]\n");
    let out = at(&env, NOW, None, &["--json", "report"]);
    assert_eq!(code(&out), 0);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = report["metrics"].as_array().unwrap();
    assert_eq!(all.len(), 6);
    for m in all {
        assert!(m["value"].is_null() && m["met"].is_null(), "{m}");
    }
    let text = stdout(&at(&env, NOW, None, &["report"]));
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert_eq!(rows.len(), 6, "{text}");
    assert!(rows.iter().all(|r| r.contains("no data")), "{text}");
    for bad in ["soon", "2099-01-01T00:00:00Z", "0d"] {
        let out = at(&env, NOW, None, &["report", "--since", bad]);
        assert_eq!(code(&out), 1, "{bad}");
        let err = crate::common::stderr(&out);
        assert!(err.contains("--since") && err.lines().count() == 1, "{err}");
    }
    env.config("goals:\n  lost_tasks: .nan\n");
    assert_eq!(code(&at(&env, NOW, None, &["report"])), 1);
}

#[test]
fn log_report_and_analytics_take_the_same_since() {
    let env = Env::new();
    ok(&env, "2026-11-19T10:00:00Z", None, &["queue", "add", "Old"]);
    ok(&env, "2026-11-21T10:00:00Z", None, &["queue", "add", "New"]);
    // A duration, a day and a time name the same start for all three.
    for since in ["1d", "2026-11-20", "2026-11-20T12:00:00Z"] {
        for command in [
            vec!["--json", "log", "--since", since],
            vec!["--json", "report", "--since", since],
            vec!["--json", "analytics", "--since", since],
        ] {
            let out = at(&env, NOW, None, &command);
            assert_eq!(
                code(&out),
                0,
                "{command:?}: {}",
                crate::common::stderr(&out)
            );
        }
        let log: Value = serde_json::from_slice(
            &at(&env, NOW, None, &["--json", "log", "--since", since]).stdout,
        )
        .unwrap();
        let added: Vec<&str> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["event"] == "added")
            .map(|e| e["description"].as_str().unwrap_or("?"))
            .collect();
        assert_eq!(added.len(), 1, "{since}: {log}");
    }
    // The same refusals, in the same words.
    for bad in ["soon", "2026-13-45", "2026-11-22"] {
        let errors: Vec<String> = ["log", "report", "analytics"]
            .iter()
            .map(|c| {
                let out = at(&env, NOW, None, &[c, "--since", bad]);
                assert_eq!(code(&out), 1, "{c} --since {bad}");
                crate::common::stderr(&out)
            })
            .collect();
        assert!(errors.iter().all(|e| e == &errors[0]), "{bad}: {errors:?}");
        assert!(errors[0].contains("--since"), "{}", errors[0]);
    }
}
