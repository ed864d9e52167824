//! Work that changes after it was queued, through the real binary: `queue
//! edit`, `queue lead` (and `list --lead`), `queue retry`, `queue note`;
//! who may do each, what each records, and concurrent changes of one task.

use crate::common::process::{process, run_bounded, together};
use crate::common::{Env, code, stderr, stdout};
use serde_json::{Value, json};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(60);

/// A federation with named agents and one overseer.
fn env() -> Env {
    let env = Env::new();
    env.config("agents: [kimi, claude, copilot, dana, reuben]\noverseers: [reuben]\n");
    env
}

/// Runs `fed ARGS` as `agent`, asserts exit 0, returns stdout.
#[track_caller]
fn ok(env: &Env, agent: Option<&str>, args: &[&str]) -> String {
    let out = env.run(agent, args);
    assert_eq!(
        code(&out),
        0,
        "fed {args:?} failed\nstdout: {}\nstderr: {}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Runs `fed ARGS`, asserts exit `want`, one error line and no data, and
/// that no file of the federation changed; returns the message.
#[track_caller]
fn refused(env: &Env, agent: Option<&str>, args: &[&str], want: i32) -> String {
    let before = env.snapshot_files();
    let out = env.run(agent, args);
    let err = stderr(&out);
    assert_eq!(code(&out), want, "fed {args:?}: {err}");
    assert!(
        out.stdout.is_empty(),
        "fed {args:?} printed {}",
        stdout(&out)
    );
    assert!(err.starts_with("fed: error: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(env.snapshot_files() == before, "fed {args:?} changed files");
    err
}

fn add(env: &Env, agent: &str, args: &[&str]) -> String {
    let mut all = vec!["queue", "add"];
    all.extend_from_slice(args);
    ok(env, Some(agent), &all).trim().to_string()
}

#[track_caller]
fn show(env: &Env, id: &str) -> Value {
    let out = env.run(None, &["--json", "queue", "show", id]);
    assert_eq!(code(&out), 0, "show {id}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("show --json is JSON")
}

/// The log's events named `name` about task `id`.
fn events(env: &Env, name: &str, id: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(env.path("log.jsonl")).unwrap_or_default();
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("log line is JSON"))
        .filter(|e| e["event"] == name && e["task_id"] == id)
        .collect()
}

/// The events of a task's history, in order.
fn history(task: &Value) -> Vec<String> {
    task["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["event"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// queue edit
// ---------------------------------------------------------------------------

#[test]
fn edit_changes_each_field_and_logs_it_before_and_after() {
    let env = env();
    let dep = add(&env, "kimi", &["Set up the database"]);
    let old = add(&env, "kimi", &["Old dependency"]);
    let id = add(
        &env,
        "kimi",
        &["Write the migration", "--after", &old, "--context", "pr=41"],
    );
    let stderr_text = stderr(&env.run(
        Some("kimi"),
        &[
            "queue",
            "edit",
            &id,
            "--title",
            "Write the sessions migration",
            "--description",
            "Sessions table, integer cents",
            "--type",
            "Implement",
            "--priority",
            "high",
            "--to",
            "claude",
            "--lead",
            "dana",
            "--context",
            "pr=42",
            "--context",
            "repo=web",
            "--after",
            &dep,
            "--drop-after",
            &old,
        ],
    ));
    assert!(
        stderr_text.contains("edited: title, description"),
        "{stderr_text}"
    );
    let t = show(&env, &id);
    assert_eq!(t["title"], "Write the sessions migration");
    assert_eq!(t["description"], "Sessions table, integer cents");
    assert_eq!(t["task_type"], "implement");
    assert_eq!(t["priority"], "high");
    assert_eq!(t["to_agent"], "claude");
    assert_eq!(t["lead"], "dana");
    assert_eq!(t["context"], json!({"pr": "42", "repo": "web"}));
    assert_eq!(t["dependencies"], json!([dep]));
    assert_eq!(history(&t), ["added", "edited"]);
    let note = t["history"][1]["note"].as_str().unwrap();
    assert!(note.contains("priority: normal -> high"), "{note}");
    assert!(
        note.contains(&format!("dependencies: +{dep} -{old}")),
        "{note}"
    );
    let logged = events(&env, "edited", &id);
    assert_eq!(logged.len(), 1);
    let changes = &logged[0]["changes"];
    assert_eq!(
        changes["title"],
        json!({"from": "Write the migration", "to": "Write the sessions migration"})
    );
    assert_eq!(changes["priority"], json!({"from": "normal", "to": "high"}));
    assert_eq!(changes["to_agent"], json!({"from": null, "to": "claude"}));
    assert_eq!(changes["lead"], json!({"from": null, "to": "dana"}));
    assert_eq!(changes["context.pr"], json!({"from": "41", "to": "42"}));
    assert_eq!(changes["context.repo"], json!({"from": null, "to": "web"}));
    assert_eq!(changes["dependencies"], json!({"from": [old], "to": [dep]}));
    assert_eq!(logged[0]["agent"], "kimi");
    // none clears an agent, KEY= removes a context key.
    ok(
        &env,
        Some("kimi"),
        &[
            "queue",
            "edit",
            &id,
            "--to",
            "none",
            "--lead",
            "NONE",
            "--context",
            "repo=",
        ],
    );
    let t = show(&env, &id);
    assert_eq!(
        (t["to_agent"].clone(), t["lead"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(t["context"], json!({"pr": "42"}));
}

#[test]
fn an_edit_that_changes_nothing_writes_and_logs_nothing() {
    let env = env();
    let id = add(&env, "kimi", &["Task", "--priority", "high"]);
    let before = env.snapshot_files();
    let log = std::fs::read(env.path("log.jsonl")).unwrap();
    let out = env.run(Some("kimi"), &["queue", "edit", &id, "--priority", "high"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to change"),
        "{}",
        stderr(&out)
    );
    assert!(env.snapshot_files() == before);
    assert_eq!(std::fs::read(env.path("log.jsonl")).unwrap(), log);
}

#[test]
fn edit_is_for_the_creator_the_lead_an_overseer_and_the_holder() {
    let env = env();
    let id = add(&env, "kimi", &["Shared work", "--lead", "claude"]);
    for (agent, title) in [
        ("kimi", "by creator"),
        ("claude", "by lead"),
        ("reuben", "by overseer"),
    ] {
        ok(&env, Some(agent), &["queue", "edit", &id, "--title", title]);
        assert_eq!(show(&env, &id)["title"], title);
    }
    let err = refused(
        &env,
        Some("copilot"),
        &["queue", "edit", &id, "--title", "x"],
        1,
    );
    assert!(err.contains("only an overseer (reuben), the task's creator (kimi), its lead (claude) or the agent holding it in progress may change task"), "{err}");
    let err = refused(&env, None, &["queue", "edit", &id, "--title", "x"], 1);
    assert!(err.contains("--agent NAME or FED_AGENT"), "{err}");
    // The holder may edit its own task while it holds it, and only then.
    assert_eq!(env.claim("copilot"), id);
    ok(
        &env,
        Some("copilot"),
        &["queue", "edit", &id, "--description", "as found"],
    );
    assert_eq!(show(&env, &id)["description"], "as found");
    ok(&env, Some("copilot"), &["queue", "release", &id]);
    refused(
        &env,
        Some("copilot"),
        &["queue", "edit", &id, "--title", "x"],
        1,
    );
}

#[test]
fn edit_refuses_a_cycle_and_prints_it() {
    let env = env();
    let a = add(&env, "kimi", &["a"]);
    let b = add(&env, "kimi", &["b", "--after", &a]);
    let c = add(&env, "kimi", &["c", "--after", &b]);
    let err = refused(&env, Some("kimi"), &["queue", "edit", &a, "--after", &c], 1);
    assert!(
        err.contains(&format!(
            "--after: this would close a dependency cycle: {a} -> {c} -> {b} -> {a}"
        )),
        "{err}"
    );
    let err = refused(&env, Some("kimi"), &["queue", "edit", &a, "--after", &a], 1);
    assert!(err.contains("cannot depend on itself"), "{err}");
}

/// A task recorded done may still wait on an unfinished one (here by
/// hand; a ticked plan item does it too): an edge back to it closes a
/// cycle `fed check` would report, and is refused though the checks read
/// finished tasks as states only.
#[test]
fn edit_refuses_a_cycle_through_a_finished_task() {
    let env = env();
    let a = add(&env, "kimi", &["a"]);
    let d = add(&env, "kimi", &["d"]);
    ok(&env, Some("kimi"), &["queue", "claim", &d]);
    ok(
        &env,
        Some("kimi"),
        &["queue", "complete", &d, "--summary", "x"],
    );
    let path = env.path(&format!("queue/completed/{d}.json"));
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    doc["dependencies"] = json!([a]);
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let err = refused(&env, Some("kimi"), &["queue", "edit", &a, "--after", &d], 1);
    assert!(
        err.contains(&format!(
            "--after: this would close a dependency cycle: {a} -> {d} -> {a}"
        )),
        "{err}"
    );
}

#[test]
fn edit_refuses_bad_input_in_one_line_and_changes_nothing() {
    let env = env();
    let dep = add(&env, "kimi", &["dependency"]);
    let id = add(&env, "kimi", &["Task", "--after", &dep]);
    let long = "x".repeat(64 * 1024 + 1);
    let cases: &[(&[&str], &str)] = &[
        (&["--to", "bob"], "--to: 'bob' is not one of the agents"),
        (&["--lead", "Bad Name"], "--lead: "),
        (&["--type", "a b"], "--type: "),
        (&["--title", "  "], "--title: the title is empty"),
        (
            &["--description", ""],
            "--description: the description is empty",
        ),
        (&["--description", &long], "is too long"),
        (&["--after", "nope"], "--after: no task 'nope'"),
        (
            &["--drop-after", "zzz"],
            &format!("--drop-after: task {id} does not wait for zzz"),
        ),
        (&["--context", "=v"], "--context: '=v' has no key"),
        (&[], "nothing to change"),
    ];
    for (flags, want) in cases {
        let mut args = vec!["queue", "edit", id.as_str()];
        args.extend_from_slice(flags);
        let err = refused(&env, Some("kimi"), &args, 1);
        assert!(err.contains(want), "{flags:?}: {err}");
    }
    refused(
        &env,
        Some("kimi"),
        &["queue", "edit", &id, "--priority", "urgent"],
        2,
    );
    refused(
        &env,
        Some("kimi"),
        &["queue", "edit", "missing", "--title", "x"],
        1,
    );
    // A dependency that failed would strand the task.
    assert_eq!(env.claim("kimi"), dep);
    ok(&env, Some("kimi"), &["queue", "complete", &dep, "--failed"]);
    let other = add(&env, "kimi", &["Other"]);
    let err = refused(
        &env,
        Some("kimi"),
        &["queue", "edit", &other, "--after", &dep],
        1,
    );
    assert!(err.contains("is failed"), "{err}");
}

#[test]
fn edit_of_a_finished_task_exits_5_and_changes_nothing() {
    let env = env();
    let id = add(&env, "kimi", &["Task"]);
    ok(&env, Some("kimi"), &["queue", "cancel", &id]);
    let err = refused(
        &env,
        Some("kimi"),
        &["queue", "edit", &id, "--title", "x"],
        5,
    );
    assert!(err.contains("already finished (cancelled)"), "{err}");
}

#[test]
fn retargeting_with_to_respects_the_pending_limit() {
    let env = Env::new();
    env.config("limits:\n  max_pending_per_agent: 1\n");
    let first = add(&env, "kimi", &["first", "--to", "claude"]);
    let second = add(&env, "kimi", &["second"]);
    let err = refused(
        &env,
        Some("kimi"),
        &["queue", "edit", &second, "--to", "claude"],
        1,
    );
    assert!(
        err.contains("--to: claude already has 1 pending tasks"),
        "{err}"
    );
    // The task that is claude's already may be edited, to claude too.
    ok(
        &env,
        Some("kimi"),
        &["queue", "edit", &first, "--to", "claude", "--title", "1st"],
    );
    assert_eq!(show(&env, &first)["title"], "1st");
}

/// Eight processes edit eight different fields of one task at once: each
/// lands, or exits 5 having changed nothing; no landed edit is lost.
#[test]
fn concurrent_edits_of_one_task_lose_no_update() {
    let env = env();
    let dep = add(&env, "kimi", &["dependency"]);
    for round in 0..3 {
        let id = add(&env, "kimi", &[&format!("round {round}")]);
        let edits: Vec<Vec<String>> = [
            ["--title", "new title"],
            ["--description", "new description"],
            ["--type", "review"],
            ["--priority", "critical"],
            ["--to", "claude"],
            ["--lead", "dana"],
            ["--context", "k=v"],
            ["--after", dep.as_str()],
        ]
        .iter()
        .map(|f| f.iter().map(|s| s.to_string()).collect())
        .collect();
        let outs = together(edits.len(), |w| {
            let mut args = vec!["queue", "edit", id.as_str()];
            args.extend(edits[w].iter().map(String::as_str));
            run_bounded(process(&env, Some("kimi"), &args), LIMIT)
        });
        let t = show(&env, &id);
        let landed = [
            t["title"] == "new title",
            t["description"] == "new description",
            t["task_type"] == "review",
            t["priority"] == "critical",
            t["to_agent"] == "claude",
            t["lead"] == "dana",
            t["context"]["k"] == "v",
            t["dependencies"] == json!([dep]),
        ];
        for (w, out) in outs.iter().enumerate() {
            match code(out) {
                0 => assert!(
                    landed[w],
                    "round {round}: edit {:?} acknowledged but lost",
                    edits[w]
                ),
                5 => assert!(
                    !landed[w],
                    "round {round}: edit {:?} exited 5 but landed",
                    edits[w]
                ),
                c => panic!(
                    "round {round}: edit {:?} exited {c}: {}",
                    edits[w],
                    stderr(out)
                ),
            }
        }
        let wins = outs.iter().filter(|o| code(o) == 0).count();
        assert!(wins > 0, "round {round}: no edit landed");
        let edited = history(&t).iter().filter(|e| *e == "edited").count();
        assert_eq!(
            edited, wins,
            "round {round}: one history entry per landed edit"
        );
        assert_eq!(events(&env, "edited", &id).len(), wins);
    }
}

// ---------------------------------------------------------------------------
// queue lead, list --lead, status
// ---------------------------------------------------------------------------

#[test]
fn lead_names_the_lead_who_may_then_edit_and_cancel() {
    let env = env();
    let id = add(&env, "kimi", &["Lead me"]);
    let other = add(&env, "kimi", &["Not led", "--lead", "dana"]);
    refused(&env, Some("claude"), &["queue", "cancel", &id], 1);
    let msg = stderr(&env.run(Some("reuben"), &["queue", "lead", &id, "claude"]));
    assert!(
        msg.contains(&format!("Task {id} is now led by claude")),
        "{msg}"
    );
    assert_eq!(show(&env, &id)["lead"], "claude");
    assert_eq!(
        events(&env, "edited", &id)[0]["changes"]["lead"],
        json!({"from": null, "to": "claude"})
    );
    let listed: Value = serde_json::from_str(&ok(
        &env,
        None,
        &["--json", "queue", "list", "--lead", "claude"],
    ))
    .unwrap();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id.as_str()]);
    let table = ok(
        &env,
        None,
        &["queue", "list", "--lead", "dana", "--full-ids"],
    );
    assert!(table.contains(&other) && !table.contains(&id), "{table}");
    let text = ok(&env, None, &["queue", "show", &id]);
    assert!(text.contains("lead:         claude"), "{text}");
    let status: Value = serde_json::from_str(&ok(&env, None, &["--json", "status"])).unwrap();
    let led = |agent: &str| {
        status["agents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["agent"] == agent)
            .map(|a| a["led"].clone())
    };
    assert_eq!(
        (led("claude"), led("dana"), led("kimi")),
        (Some(json!(1)), Some(json!(1)), Some(json!(0)))
    );
    assert!(ok(&env, None, &["status"]).contains("LEADS"));
    // The lead may edit and cancel what it leads.
    ok(
        &env,
        Some("claude"),
        &["queue", "edit", &id, "--priority", "high"],
    );
    ok(&env, Some("claude"), &["queue", "cancel", &id]);
    assert_eq!(show(&env, &id)["status"], "cancelled");
    let err = refused(
        &env,
        Some("reuben"),
        &["queue", "lead", &other, "nobody-known"],
        1,
    );
    assert!(
        err.starts_with("fed: error: AGENT: 'nobody-known' is not one of the agents"),
        "{err}"
    );
    ok(&env, Some("dana"), &["queue", "lead", &other, "none"]);
    assert_eq!(show(&env, &other)["lead"], Value::Null);
}

// ---------------------------------------------------------------------------
// queue retry
// ---------------------------------------------------------------------------

#[test]
fn retry_puts_failed_and_cancelled_tasks_back_keeping_their_history() {
    let env = env();
    let failed = add(&env, "kimi", &["Will fail"]);
    assert_eq!(env.claim("copilot"), failed);
    ok(
        &env,
        Some("copilot"),
        &[
            "queue",
            "complete",
            &failed,
            "--failed",
            "--summary",
            "broke",
        ],
    );
    let cancelled = add(&env, "kimi", &["Will be cancelled"]);
    ok(&env, Some("reuben"), &["queue", "cancel", &cancelled]);
    for (id, was) in [(&failed, "failed"), (&cancelled, "cancelled")] {
        let msg = stderr(&env.run(Some("kimi"), &["queue", "retry", id]));
        assert!(msg.contains("is pending again"), "{msg}");
        let t = show(&env, id);
        assert_eq!(t["status"], "pending");
        assert!(t.get("result").is_none() && t.get("lease").is_none(), "{t}");
        assert_eq!(t["assignee"], Value::Null);
        assert_eq!(history(&t).last().unwrap(), "retried");
        assert_eq!(
            t["history"].as_array().unwrap().last().unwrap()["note"],
            format!("was {was}")
        );
        assert_eq!(events(&env, "retried", id)[0]["from"], was);
        assert_eq!(
            env.names("pending")
                .iter()
                .filter(|n| n.starts_with(id.as_str()))
                .count(),
            1
        );
    }
    let t = show(&env, &failed);
    assert_eq!(t["attempts"], 1);
    assert_eq!(history(&t), ["added", "claimed", "failed", "retried"]);
    assert!(env.names("completed").is_empty());
}

#[test]
fn retry_is_refused_unless_failed_or_cancelled_and_for_others() {
    let env = env();
    let pending = add(&env, "kimi", &["pending"]);
    let err = refused(&env, Some("kimi"), &["queue", "retry", &pending], 5);
    assert!(err.contains("is pending, not failed or cancelled"), "{err}");
    let done = add(&env, "kimi", &["done"]);
    ok(&env, Some("kimi"), &["queue", "claim", &pending]);
    refused(&env, Some("kimi"), &["queue", "retry", &pending], 5);
    ok(&env, Some("kimi"), &["queue", "complete", &pending]);
    let err = refused(&env, Some("kimi"), &["queue", "retry", &pending], 1);
    assert!(
        err.contains("is done; only a failed or cancelled task can be retried"),
        "{err}"
    );
    ok(&env, Some("kimi"), &["queue", "cancel", &done]);
    let err = refused(&env, Some("copilot"), &["queue", "retry", &done], 1);
    assert!(err.contains("queue retry: only an overseer"), "{err}");
    ok(&env, Some("reuben"), &["queue", "retry", &done]);
}

#[test]
fn a_retried_dependency_frees_its_stranded_dependants_once_done() {
    let env = env();
    let first = add(&env, "kimi", &["first"]);
    let then = add(&env, "kimi", &["then", "--after", &first]);
    assert_eq!(env.claim("kimi"), first);
    ok(
        &env,
        Some("kimi"),
        &["queue", "complete", &first, "--failed"],
    );
    // People read the short id: the random tail.
    let status = ok(&env, None, &["status"]);
    let tail = &first[first.len() - 6..];
    assert!(
        status.contains(&format!("`fed queue retry {tail}`")),
        "{status}"
    );
    ok(&env, Some("kimi"), &["queue", "retry", &first]);
    let status: Value = serde_json::from_str(&ok(&env, None, &["--json", "status"])).unwrap();
    assert_eq!(status["stranded"], json!([]));
    let ready: Value =
        serde_json::from_str(&ok(&env, None, &["--json", "queue", "list", "--ready"])).unwrap();
    assert_eq!(ready.as_array().unwrap().len(), 1);
    assert_eq!(ready[0]["task_id"], first.as_str());
    assert_eq!(env.claim("kimi"), first);
    ok(&env, Some("kimi"), &["queue", "complete", &first]);
    assert_eq!(env.claim("kimi"), then);
}

// ---------------------------------------------------------------------------
// queue note
// ---------------------------------------------------------------------------

#[test]
fn notes_make_a_thread_that_show_prints_escaped() {
    let env = env();
    let id = add(&env, "kimi", &["Discuss"]);
    ok(
        &env,
        Some("claude"),
        &["queue", "note", &id, "Which provider?\nGoogle or GitHub"],
    );
    ok(
        &env,
        Some("kimi"),
        &["queue", "note", &id, "GitHub \u{1b}]0;pwned\u{7}first"],
    );
    let t = show(&env, &id);
    let notes = t["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["agent"], "claude");
    assert_eq!(notes[0]["text"], "Which provider?\nGoogle or GitHub");
    assert_eq!(notes[0]["at"], "2026-11-21T09:00:00.000Z");
    assert_eq!(history(&t), ["added", "noted", "noted"]);
    assert_eq!(
        events(&env, "noted", &id)[1]["text"],
        "GitHub \u{1b}]0;pwned\u{7}first"
    );
    let text = ok(&env, None, &["queue", "show", &id]);
    assert!(
        text.contains("notes (2):\n  2026-11-21T09:00:00.000Z  claude:\n    Which provider?\n    Google or GitHub\n"),
        "{text}"
    );
    assert!(text.contains("GitHub \\u{1b}]0;pwned\\u{7}first"), "{text}");
    assert!(!text.contains('\u{1b}'));
    // A task without notes has no `notes` field at all.
    let plain = add(&env, "kimi", &["quiet"]);
    assert!(show(&env, &plain).get("notes").is_none());
}

#[test]
fn notes_on_finished_tasks_keep_them_in_completed() {
    let env = env();
    let id = add(&env, "kimi", &["Finish me"]);
    assert_eq!(env.claim("kimi"), id);
    ok(
        &env,
        Some("kimi"),
        &["queue", "complete", &id, "--summary", "merged"],
    );
    ok(
        &env,
        Some("copilot"),
        &["queue", "note", &id, "Docs updated too"],
    );
    assert_eq!(env.names("completed"), [format!("{id}.json")]);
    let t = show(&env, &id);
    assert_eq!(
        (t["status"].clone(), t["result"]["summary"].clone()),
        (json!("done"), json!("merged"))
    );
    assert_eq!(t["notes"][0]["text"], "Docs updated too");
    let listed: Value = serde_json::from_str(&ok(
        &env,
        None,
        &["--json", "queue", "list", "--state", "done"],
    ))
    .unwrap();
    assert_eq!(listed[0]["notes"][0]["agent"], "copilot");
    let check: Value = serde_json::from_str(&ok(&env, None, &["--json", "check"])).unwrap();
    assert_eq!(check["ok"], true, "{check}");
}

#[test]
fn notes_are_bounded_and_need_an_author() {
    let env = env();
    let id = add(&env, "kimi", &["Talk"]);
    let err = refused(&env, None, &["queue", "note", &id, "hi"], 1);
    assert!(err.contains("--agent NAME or FED_AGENT"), "{err}");
    let err = refused(&env, Some("kimi"), &["queue", "note", &id, " \n "], 1);
    assert!(err.contains("MESSAGE: the note is empty"), "{err}");
    let err = refused(
        &env,
        Some("kimi"),
        &["queue", "note", &id, &"y".repeat(8 * 1024 + 1)],
        1,
    );
    assert!(
        err.contains("MESSAGE: 8193 bytes is too long (a note may be at most 8192)"),
        "{err}"
    );
    ok(
        &env,
        Some("kimi"),
        &["queue", "note", &id, &"y".repeat(8 * 1024)],
    );
    // A full thread refuses more, and says so.
    let path = env.path(&format!("queue/pending/{id}.json"));
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let note = json!({"agent": "kimi", "at": "2026-11-21T09:00:00.000Z", "text": "n"});
    doc["notes"] = Value::Array(vec![note; 100]);
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let err = refused(&env, Some("kimi"), &["queue", "note", &id, "one more"], 1);
    assert!(
        err.contains("has 100 notes, the most a task keeps"),
        "{err}"
    );
}

/// Sixteen agents note one task at the same moment: all sixteen notes are
/// kept, each once.
#[test]
fn sixteen_concurrent_notes_all_land() {
    let env = Env::new();
    let id = env.add(&["Popular"]);
    let outs = together(16, |w| {
        let agent = format!("agent-{w:02}");
        let text = format!("note from {agent}");
        run_bounded(
            process(&env, Some(&agent), &["queue", "note", &id, &text]),
            LIMIT,
        )
    });
    for (w, out) in outs.iter().enumerate() {
        assert_eq!(code(out), 0, "note {w}: {}", stderr(out));
    }
    let t = show(&env, &id);
    let mut texts: Vec<String> = t["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            assert_eq!(
                n["text"],
                format!("note from {}", n["agent"].as_str().unwrap())
            );
            n["text"].as_str().unwrap().to_string()
        })
        .collect();
    texts.sort();
    let want: Vec<String> = (0..16).map(|w| format!("note from agent-{w:02}")).collect();
    assert_eq!(texts, want);
    assert_eq!(history(&t).iter().filter(|e| *e == "noted").count(), 16);
    assert_eq!(events(&env, "noted", &id).len(), 16);
    assert!(env.names("pending") == [format!("{id}.json")]);
}
