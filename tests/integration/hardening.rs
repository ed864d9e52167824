//! Regression tests for the holes an outside attack on the guarantees
//! found (docs/guarantees.md, "Hardening"): each one failed before its fix.

#[cfg(feature = "failpoints")]
use crate::common::process::{process_at, signal};
use crate::common::*;
use serde_json::Value;
#[cfg(feature = "failpoints")]
use std::time::Duration;

#[cfg(feature = "failpoints")]
const RULES: &str = "overseers: [boss]
agents: [kimi, claude, boss]
handoffs:
  - name: to-impl
    when: {type: research, outcome: done}
    then: {type: implement, to: kimi, description: \"Implement {task_id}\"}
  - name: on-failure
    when: {type: research, outcome: failed}
    then: {type: review, to: claude, description: \"Why did {task_id} fail\"}
";

#[cfg(feature = "failpoints")]
fn tasks_in(env: &Env, folder: &str) -> Vec<Value> {
    env.names(folder)
        .iter()
        .map(|n| {
            let bytes = std::fs::read(env.path(&format!("queue/{folder}/{n}"))).unwrap();
            serde_json::from_slice(&bytes).unwrap()
        })
        .collect()
}

#[cfg(feature = "failpoints")]
fn all_tasks(env: &Env) -> Vec<Value> {
    ["pending", "in-progress", "blocked", "completed"]
        .iter()
        .flat_map(|f| tasks_in(env, f))
        .collect()
}

fn check_kinds(env: &Env) -> Vec<String> {
    let doc = env.json(None, &["check"]);
    doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap().to_string())
        .collect()
}

/// A completion whose swap fails leaves no prepared follow-up behind, and
/// a later failure of the same task queues only the failure's follow-up.
#[cfg(feature = "failpoints")]
#[test]
fn a_failed_completion_prepares_nothing_that_fires_later() {
    let env = Env::new();
    env.config(RULES);
    let id = env.add(&["research it", "--type", "research"]);
    assert_eq!(env.claim("claude"), id);
    let out = env
        .as_agent("claude", &["queue", "complete", &id])
        .env("FAILPOINTS", "fsx::exchange=return(enospc)")
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        env.names("../handoffs").is_empty(),
        "nothing changed, yet handoffs/ holds {:?}",
        env.names("../handoffs")
    );
    let out = env.run(Some("claude"), &["queue", "complete", &id, "--failed"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let types: Vec<String> = all_tasks(&env)
        .iter()
        .map(|t| t["task_type"].as_str().unwrap().to_string())
        .collect();
    assert!(!types.contains(&"implement".to_string()), "{types:?}");
    assert!(types.contains(&"review".to_string()), "{types:?}");
}

/// A completion killed after preparing its follow-up (before its swap)
/// must not make that follow-up fire when the task ends otherwise, and a
/// later success by another agent records that agent as `from`.
#[cfg(feature = "failpoints")]
#[test]
fn a_killed_completion_follow_up_waits_for_what_really_happens() {
    let mut env = Env::new();
    env.config(&format!("{RULES}leases:\n  ttl: 90s\n"));
    let id = env.add(&["research it", "--type", "research"]);
    assert_eq!(env.claim("claude"), id);
    let out = env
        .as_agent("claude", &["queue", "complete", &id])
        .env("FAILPOINTS", "fsx::exchange=return(crash)")
        .output()
        .unwrap();
    assert!(out.status.code().is_none(), "the completion was to crash");
    // The lease runs out; kimi takes the task over and finishes it.
    env.now = "2026-11-21T09:05:00Z".into();
    let out = env.run(Some("boss"), &["queue", "reap"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(env.claim("kimi"), id);
    let out = env.run(Some("kimi"), &["queue", "complete", &id]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let follow_ups: Vec<Value> = all_tasks(&env)
        .into_iter()
        .filter(|t| t["task_type"] == "implement")
        .collect();
    assert_eq!(follow_ups.len(), 1, "{follow_ups:?}");
    assert_eq!(follow_ups[0]["from_agent"], "kimi", "{}", follow_ups[0]);
    assert_eq!(
        follow_ups[0]["handoff"]["finished_at"],
        "2026-11-21T09:05:00.000Z"
    );
}

#[test]
fn a_task_too_big_to_read_back_is_never_written() {
    let env = Env::new();
    // Three values of 100 KiB (one argument may not exceed 128 KiB).
    let part = |k: &str| format!("{k}={}", "x".repeat(100 * 1024));
    let (a, b, c) = (part("a"), part("b"), part("c"));
    let before = env.snapshot_files();
    let args = [
        "queue",
        "add",
        "big",
        "--context",
        &a,
        "--context",
        &b,
        "--context",
        &c,
    ];
    let out = env.run(None, &args);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("bytes"), "{}", stderr(&out));
    assert_eq!(env.snapshot_files(), before, "nothing changed");
    // A task just under the read limit (planted by hand) is not grown past
    // it by a claim: the claim is refused and the task stays readable.
    let id = env.add(&["near the limit"]);
    let path = env.path(&format!("queue/pending/{id}.json"));
    let mut task: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let text = serde_json::to_vec_pretty(&task).unwrap();
    let pad = 1024 * 1024 - text.len() - 40;
    task["context"]["pad"] = Value::String("y".repeat(pad));
    std::fs::write(&path, serde_json::to_vec_pretty(&task).unwrap()).unwrap();
    let out = env.run(Some("kimi"), &["queue", "claim", &id]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(env.names("pending"), [format!("{id}.json")]);
    let shown = env.run(None, &["queue", "show", &id]);
    assert_eq!(code(&shown), 0, "{}", stderr(&shown));
}

#[test]
fn a_hard_linked_log_is_never_written_through() {
    let env = Env::new();
    env.add(&["first"]);
    let outside = env.root().join("outside.txt");
    std::fs::write(&outside, "precious\n").unwrap();
    std::fs::remove_file(env.path("log.jsonl")).unwrap();
    std::fs::hard_link(&outside, env.path("log.jsonl")).unwrap();
    let out = env.run(None, &["queue", "add", "second"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("hard links"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious\n");
    assert!(check_kinds(&env).contains(&"unsafe".to_string()));
}

#[test]
fn a_torn_log_line_does_not_swallow_the_next_event() {
    let env = Env::new();
    env.add(&["first"]);
    let log = env.path("log.jsonl");
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("{\"at\":\"2026-11-21T09:00:00.000Z\",\"agent\":nu");
    std::fs::write(&log, text).unwrap();
    let id = env.add(&["second"]);
    let events = env.json(None, &["log"]);
    let added: Vec<&Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["task_id"] == id.as_str())
        .collect();
    assert_eq!(added.len(), 1, "the event after the torn line is readable");
    assert!(check_kinds(&env).contains(&"log".to_string()));
}

#[test]
fn planted_txn_files_are_reported_not_published() {
    let env = Env::new();
    let id = env.add(&["pending task"]);
    let pending = env.path(&format!("queue/pending/{id}.json"));
    let mut done: Value = serde_json::from_slice(&std::fs::read(&pending).unwrap()).unwrap();
    done["status"] = "done".into();
    let txn = env.path(".txn");
    std::fs::write(
        txn.join(format!("{id}@deadowner.json")),
        serde_json::to_vec_pretty(&done).unwrap(),
    )
    .unwrap();
    let mut other = done.clone();
    other["task_id"] = "someone-else".into();
    std::fs::write(
        txn.join("ghost@deadowner.json"),
        serde_json::to_vec_pretty(&other).unwrap(),
    )
    .unwrap();
    let out = env.run(None, &["queue", "reap"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        env.names("completed").is_empty(),
        "{:?}",
        env.names("completed")
    );
    assert_eq!(env.names("pending"), [format!("{id}.json")]);
    let kinds = check_kinds(&env);
    assert_eq!(
        kinds.iter().filter(|k| *k == "invalid").count(),
        2,
        "{kinds:?}"
    );
}

/// A stale copy of a pending task planted as `copy` (a path under
/// `queue/`, `{id}` standing for its id): neither a claim nor a claim by
/// id hands the task out, and `fed check` reports the duplicate.
fn a_planted_copy_keeps_the_task_from_claims(copy: &str) {
    let env = Env::new();
    let id = env.add(&["one task"]);
    let name = format!("{id}.json");
    let copy = format!("queue/{}", copy.replace("{id}", &id));
    std::fs::copy(env.path(&format!("queue/pending/{name}")), env.path(&copy)).unwrap();
    let out = env.run(Some("kimi"), &["queue", "claim"]);
    assert_eq!(code(&out), 3, "{copy}: {}", stderr(&out));
    let out = env.run(Some("kimi"), &["queue", "claim", &id]);
    assert_ne!(code(&out), 0, "{copy}: {}", stderr(&out));
    assert_eq!(env.names("pending"), [name]);
    assert!(env.path(&copy).exists());
    assert!(check_kinds(&env).contains(&"duplicate".to_string()));
}

#[test]
fn a_task_in_two_folders_is_not_handed_out() {
    // Its status does not match the folder: named by the id alone.
    a_planted_copy_keeps_the_task_from_claims("completed/{id}.json");
    // Names there carry a claim token: the claim learns of it from the
    // listing of that folder (`Store::holdings`; here the first; after a
    // listing that matched the cache, within 10 s, claims read the cache
    // alone: docs/guarantees.md).
    a_planted_copy_keeps_the_task_from_claims("in-progress/{id}@1-stale0.json");
}

#[test]
fn times_fed_could_not_read_back_are_refused() {
    let mut env = Env::new();
    let id = env.add(&["late"]);
    env.now = "9999-12-31T23:59:59Z".into();
    let out = env.run(Some("kimi"), &["queue", "claim", &id]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(env.names("pending"), [format!("{id}.json")]);
    let out = env.run(
        Some("kimi"),
        &[
            "vote",
            "create",
            "Q?",
            "--option",
            "a",
            "--option",
            "b",
            "--deadline",
            "1h",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(env.names("../votes/active").is_empty());
}

#[test]
fn user_text_cannot_drive_the_terminal() {
    let env = Env::new();
    let id = env.add(&[
        "evil \u{1b}]0;owned\u{7} \u{1b}[2J title",
        "--title",
        "\u{1b}[31mred",
    ]);
    let out = env.run(None, &["queue", "block", &id, "--reason", "\u{1b}[2Jwiped"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    for args in [
        vec!["queue", "list"],
        vec!["queue", "show", &id],
        vec!["--color", "always", "queue", "list"],
        vec!["status"],
    ] {
        let out = env.run(None, &args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("\\u{1b}"), "{args:?}: {text}");
        let escapes: Vec<&str> = text.split('\u{1b}').skip(1).collect();
        // Only fed's own colour codes reach the terminal.
        assert!(
            escapes
                .iter()
                .all(|e| e.starts_with('[') && !e.starts_with("[2J")),
            "{args:?}: {text:?}"
        );
    }
    // Messages on stderr quote the same text, guarded the same way: a
    // note quoting a title, an error naming an id (shown escaped), a usage
    // error repeating an argument (clap drops the sequence).
    let edited = format!("queue/blocked/{id}.json");
    let mut task: Value =
        serde_json::from_slice(&std::fs::read(env.path(&edited)).unwrap()).unwrap();
    task["title"] = serde_json::json!("\u{1b}]0;owned\u{7}\u{1b}[2Jtitle");
    std::fs::write(env.path(&edited), serde_json::to_vec(&task).unwrap()).unwrap();
    for (args, exit, shown) in [
        (vec!["queue", "cancel", id.as_str()], 0, true),
        (vec!["queue", "show", "\u{1b}[2Jgone"], 1, true),
        (vec!["queue", "lst\u{1b}[2J"], 2, false),
    ] {
        let out = env.run(None, &args);
        assert_eq!(code(&out), exit, "{args:?}: {}", stderr(&out));
        let text = stderr(&out);
        assert_eq!(text.contains("\\u{1b}"), shown, "{args:?}: {text}");
        assert!(!text.contains('\u{1b}'), "{args:?}: {text:?}");
    }
}

#[test]
fn names_are_not_folded_from_outside_ascii() {
    let env = Env::new();
    env.config("agents: [kimi]\n");
    let out = env.run(Some("\u{212A}imi"), &["queue", "add", "x"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let out = env.run(Some(""), &["queue", "add", "x"]);
    assert_eq!(
        code(&out),
        1,
        "an empty name is no identity: {}",
        stderr(&out)
    );
    assert!(env.names("pending").is_empty());
}

#[test]
fn an_out_of_range_handoff_depth_is_invalid() {
    let env = Env::new();
    let id = env.add(&["x"]);
    let path = env.path(&format!("queue/pending/{id}.json"));
    let mut task: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    task["handoff"] = serde_json::json!({"from_task": "a", "rule": "r", "depth": 4294967295u64});
    std::fs::write(&path, serde_json::to_vec_pretty(&task).unwrap()).unwrap();
    assert!(check_kinds(&env).contains(&"invalid".to_string()));
}

#[test]
fn after_an_unreadable_task_is_refused_naming_the_file() {
    let env = Env::new();
    let id = env.add(&["x"]);
    let path = env.path(&format!("queue/pending/{id}.json"));
    std::fs::write(&path, "{not json").unwrap();
    let out = env.run(None, &["queue", "add", "y", "--after", &id]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("{id}.json")),
        "{}",
        stderr(&out)
    );
}

/// A cascade cut short and run again reaches the dependants stranded
/// behind tasks that are cancelled already.
#[test]
fn a_cascade_run_again_goes_past_cancelled_tasks() {
    let env = Env::new();
    let a = env.add(&["a", "--id", "a"]);
    let b = env.add(&["b", "--id", "b", "--after", &a]);
    let c = env.add(&["c", "--id", "c", "--after", &b]);
    for id in [&a, &b] {
        assert_eq!(code(&env.run(None, &["queue", "cancel", id])), 0);
    }
    let out = env.run(None, &["queue", "cancel", &a, "--cascade"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let task = env.json(None, &["queue", "show", &c]);
    assert_eq!(task["status"], "cancelled");
    let again = env.run(None, &["queue", "cancel", &a, "--cascade"]);
    assert_eq!(code(&again), 5, "{}", stderr(&again));
}

/// A cascade longer than one batch writes the new versions of each batch
/// over the files of the old versions of the one before. Killed in its
/// second batch, nothing is lost: the same command again finishes it, and
/// every task holds its own document, cancelled, with no temporary file
/// left behind.
#[cfg(feature = "failpoints")]
#[test]
fn a_cascade_of_several_batches_killed_in_the_second_finishes_when_run_again() {
    const LEN: usize = 1_100;
    let env = Env::new();
    for n in 0..LEN {
        let deps: Vec<String> = (n > 0)
            .then(|| format!("chain-{:04}", n - 1))
            .into_iter()
            .collect();
        env.write_pending(&format!("chain-{n:04}"), &format!("step {n}"), &deps);
    }
    // The 700th new version is written over a spare of the first batch
    // (512 dependants).
    let out = env
        .fed(&["queue", "cancel", "chain-0000", "--cascade"])
        .env("FAILPOINTS", "fsx::write=700*off->return(crash)")
        .output()
        .unwrap();
    assert!(out.status.code().is_none(), "the cascade was to crash");
    let out = env.run(None, &["queue", "cancel", "chain-0000", "--cascade"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let names = env.names("completed");
    let expected: Vec<String> = (0..LEN).map(|n| format!("chain-{n:04}.json")).collect();
    assert_eq!(names, expected);
    for (task, name) in tasks_in(&env, "completed").iter().zip(&names) {
        let id = task["task_id"].as_str().unwrap();
        assert_eq!(format!("{id}.json"), *name, "{task}");
        let n: usize = id["chain-".len()..].parse().unwrap();
        assert_eq!(task["title"], format!("step {n}"), "{task}");
        assert_eq!(task["status"], "cancelled", "{task}");
        let last = task["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["event"], "cancelled", "{task}");
    }
    assert!(env.names("pending").is_empty());
    let tmp: Vec<_> = std::fs::read_dir(env.path(".tmp")).unwrap().collect();
    assert!(tmp.is_empty(), "{tmp:?}");
    assert_eq!(code(&env.run(None, &["check"])), 0);
}

/// Every event of a task comes after the facts it depends on, whatever
/// the clock of the process that records it.
#[test]
fn history_times_never_run_backwards() {
    let mut env = Env::new();
    env.now = "2026-11-21T10:00:00Z".into();
    let dep = env.add(&["dep"]);
    let id = env.add(&["after dep", "--after", &dep]);
    assert_eq!(env.claim("kimi"), dep);
    env.now = "2026-11-21T11:00:00Z".into();
    assert_eq!(
        code(&env.run(Some("kimi"), &["queue", "complete", &dep])),
        0
    );
    // A claimer whose clock is behind.
    env.now = "2026-11-21T09:00:00Z".into();
    assert_eq!(env.claim("claude"), id);
    let task = env.json(None, &["queue", "show", &id]);
    let times: Vec<&str> = task["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert!(
        times.last().unwrap() >= &"2026-11-21T11:00:00.000Z",
        "{times:?}"
    );
}

/// A holder stopped inside its transaction does not pin the task: once its
/// lease has expired, a changing command takes the task back, and the
/// holder, when it resumes, changes nothing.
#[cfg(feature = "failpoints")]
#[test]
fn a_stopped_holder_does_not_pin_its_task() {
    let env = Env::new();
    env.config("leases:\n  ttl: 90s\n");
    let id = env.add(&["x"]);
    assert_eq!(env.claim("kimi"), id);
    let mut holder = process_at(&env, Some("kimi"), &env.now, &["queue", "complete", &id]);
    holder.env("FAILPOINTS", "fsx::exchange=sleep(60000)");
    let mut child = holder.spawn().unwrap();
    // Wait until the holder has the task in .txn/, then past the grace.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !env.names("../.txn").iter().any(|n| n.starts_with(&id)) {
        assert!(
            std::time::Instant::now() < deadline,
            "the holder never took the task"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_secs(6));
    let later = "2026-11-21T10:00:00Z";
    let reap = process_at(&env, Some("boss"), later, &["queue", "reap"])
        .output()
        .unwrap();
    assert_eq!(code(&reap), 0, "{}", stderr(&reap));
    assert_eq!(
        env.names("pending"),
        [format!("{id}.json")],
        "{}",
        stdout(&reap)
    );
    signal(&child, libc::SIGKILL);
    let _ = child.wait();
    assert!(!check_kinds(&env).contains(&"duplicate".to_string()));
}
