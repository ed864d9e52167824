//! The command line surface of SPEC.md, through the real binary: every
//! command, its flags, its output on stdout and stderr, and its exit codes.
//!
//! Each test runs in its own temporary federation (see `common.rs`); the
//! clock is `FED_NOW`, moved by setting `env.now`.

use crate::common::{Env, NOW, code, stderr, stdout};
use serde_json::{Value, json};
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Runs `fed ARGS` (as `agent` if given), asserts exit 0, returns stdout.
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

/// Runs `fed ARGS`, asserts exit `want`, no data on stdout and a one-line
/// `fed: error:` message on stderr; returns that message.
#[track_caller]
fn fails(env: &Env, agent: Option<&str>, args: &[&str], want: i32) -> String {
    let out = env.run(agent, args);
    let err = stderr(&out);
    assert_eq!(
        code(&out),
        want,
        "fed {args:?}: expected exit {want}\nstdout: {}\nstderr: {err}",
        stdout(&out)
    );
    assert!(
        out.stdout.is_empty(),
        "fed {args:?} failed but printed data: {}",
        stdout(&out)
    );
    assert_one_line_error(&err);
    err
}

/// An error is exactly one line on stderr, starting with `fed: error: `.
#[track_caller]
fn assert_one_line_error(err: &str) {
    assert!(
        err.starts_with("fed: error: "),
        "error does not start with `fed: error: `: {err:?}"
    );
    let body = err
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("error does not end with a newline: {err:?}"));
    assert!(!body.contains('\n'), "error spans several lines: {err:?}");
}

/// Adds a task as `agent` and returns its id.
#[track_caller]
fn add_as(env: &Env, agent: &str, args: &[&str]) -> String {
    let mut all = vec!["queue", "add"];
    all.extend_from_slice(args);
    ok(env, Some(agent), &all).trim().to_string()
}

/// `fed queue show ID --json`.
#[track_caller]
fn show(env: &Env, id: &str) -> Value {
    let out = env.run(None, &["--json", "queue", "show", id]);
    assert_eq!(code(&out), 0, "show {id}: {}", stderr(&out));
    parse(&out.stdout)
}

/// Parses stdout as exactly one JSON document.
#[track_caller]
fn parse(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}): {}",
            String::from_utf8_lossy(bytes)
        )
    })
}

/// The ids of `fed queue list ARGS --json`, sorted.
#[track_caller]
fn list_ids(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--json", "queue", "list"];
    all.extend_from_slice(args);
    let out = env.run(None, &all);
    assert_eq!(code(&out), 0, "list {args:?}: {}", stderr(&out));
    let doc = parse(&out.stdout);
    let mut ids: Vec<String> = doc
        .as_array()
        .unwrap_or_else(|| panic!("list --json is not an array: {doc}"))
        .iter()
        .map(|t| t["task_id"].as_str().expect("task_id").to_string())
        .collect();
    ids.sort();
    ids
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// Edits a task file by hand (as a person or a broken tool would).
fn edit_task(env: &Env, folder: &str, id: &str, edit: impl FnOnce(&mut Value)) {
    let path = env.path(&format!("queue/{folder}/{id}.json"));
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&path).expect("read task"))
        .expect("task file is JSON");
    edit(&mut doc);
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).expect("write task");
}

/// One task in each of the six states, named `t-STATE`; `t-in-progress`
/// is held by kimi.
fn one_of_each(env: &Env) {
    for state in [
        "pending",
        "in-progress",
        "blocked",
        "done",
        "failed",
        "cancelled",
    ] {
        env.add(&[
            &format!("a task that ends {state}"),
            "--id",
            &format!("t-{state}"),
        ]);
    }
    ok(env, Some("kimi"), &["queue", "claim", "t-in-progress"]);
    ok(
        env,
        None,
        &[
            "queue",
            "block",
            "t-blocked",
            "--reason",
            "waiting for keys",
        ],
    );
    ok(env, Some("kimi"), &["queue", "claim", "t-done"]);
    ok(env, Some("kimi"), &["queue", "complete", "t-done"]);
    ok(env, Some("kimi"), &["queue", "claim", "t-failed"]);
    ok(
        env,
        Some("kimi"),
        &["queue", "complete", "t-failed", "--failed"],
    );
    ok(env, None, &["queue", "cancel", "t-cancelled"]);
}

/// The events of `fed log --json`.
#[track_caller]
fn events(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--json", "log"];
    all.extend_from_slice(args);
    let out = env.run(None, &all);
    assert_eq!(code(&out), 0, "log: {}", stderr(&out));
    parse(&out.stdout)
        .as_array()
        .expect("log --json is an array")
        .clone()
}

const LEASE_90S: &str = "leases:\n  ttl: 90s\n";

// ---------------------------------------------------------------------------
// fed init, and finding the federation
// ---------------------------------------------------------------------------

#[test]
fn init_creates_the_layout() {
    let env = Env::empty();
    ok(&env, None, &["init"]);
    for dir in [
        "queue/pending",
        "queue/in-progress",
        "queue/blocked",
        "queue/completed",
        "votes/active",
        "votes/resolved",
    ] {
        assert!(env.path(dir).is_dir(), "{dir} is missing");
    }
    let config = std::fs::read_to_string(env.path("config.yaml")).expect("config.yaml");
    assert!(
        config.lines().any(|l| l.trim_start().starts_with('#')),
        "config.yaml has no comments:\n{config}"
    );
    for key in [
        "agents:",
        "overseers:",
        "max_pending_per_agent:",
        "ttl:",
        "quorum:",
    ] {
        assert!(config.contains(key), "config.yaml does not mention {key}");
    }
    let state: Value =
        serde_json::from_slice(&std::fs::read(env.path("state.json")).expect("state.json"))
            .expect("state.json is JSON");
    assert_eq!(state["paused"], json!(false));
}

#[test]
fn init_twice_keeps_what_exists() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let id = env.add(&["keep me"]);
    let before = env.snapshot_files();
    ok(&env, None, &["init"]);
    assert_eq!(env.snapshot_files(), before, "a second init changed files");
    assert_eq!(env.names("pending"), vec![format!("{id}.json")]);
}

#[test]
fn dir_flag_names_the_federation_directory_itself() {
    let env = Env::empty();
    ok(&env, None, &["--dir", ".federation.example", "init"]);
    let root = env.root().join(".federation.example");
    assert!(root.join("queue/pending").is_dir());
    assert!(!env.dir().exists(), "--dir must not create .federation/");
    let id = ok(
        &env,
        None,
        &["--dir", ".federation.example", "queue", "add", "x"],
    );
    assert!(
        root.join(format!("queue/pending/{}.json", id.trim()))
            .is_file()
    );
}

#[test]
fn fed_dir_env_names_the_federation_directory_itself() {
    let env = Env::empty();
    let run = |args: &[&str]| {
        let out = env.fed(args).env("FED_DIR", "team-fed").output().unwrap();
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    run(&["init"]);
    let id = run(&["queue", "add", "x"]);
    let path = env
        .root()
        .join(format!("team-fed/queue/pending/{}.json", id.trim()));
    assert!(path.is_file(), "{} is missing", path.display());
    assert!(!env.dir().exists());
}

#[test]
fn dir_flag_wins_over_fed_dir() {
    let env = Env::new();
    let out = env
        .fed(&["--dir", ".federation", "queue", "add", "x"])
        .env("FED_DIR", "does-not-exist")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(env.names("pending").len(), 1);
}

#[test]
fn commands_find_the_federation_from_a_subdirectory() {
    let env = Env::new();
    let sub = env.root().join("src/deep/er");
    std::fs::create_dir_all(&sub).unwrap();
    let out = env
        .fed(&["queue", "add", "from below"])
        .current_dir(&sub)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        env.names("pending"),
        vec![format!("{}.json", stdout(&out).trim())]
    );
    assert!(!sub.join(".federation").exists());
}

#[test]
fn no_federation_exits_1_with_a_hint_to_run_init() {
    let env = Env::empty();
    for args in [
        &["status"][..],
        &["queue", "list"],
        &["queue", "add", "x"],
        &["--dir", "nowhere", "status"],
    ] {
        let err = fails(&env, None, args, 1);
        assert!(err.contains("fed init"), "{args:?}: {err}");
    }
    assert!(!env.dir().exists(), "a failed command created .federation/");
}

// ---------------------------------------------------------------------------
// fed queue add
// ---------------------------------------------------------------------------

#[test]
fn add_prints_the_id_alone_on_stdout() {
    let env = Env::new();
    let out = env.run(None, &["queue", "add", "Write the login page"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let id = text.strip_suffix('\n').expect("one line");
    assert!(!id.contains(char::is_whitespace), "{text:?}");
    // Generated ids start with the creation time (FED_NOW).
    assert!(id.starts_with("20261121-090000-"), "{id}");
    assert!(
        id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c)),
        "{id}"
    );
    assert_eq!(env.names("pending"), vec![format!("{id}.json")]);
}

#[test]
fn add_fills_in_the_defaults() {
    let env = Env::new();
    let id = env.add(&["Fix the login\nIt fails on Safari."]);
    let t = show(&env, &id);
    assert_eq!(t["task_id"], json!(id));
    assert_eq!(t["title"], json!("Fix the login"));
    assert_eq!(
        t["description"],
        json!("Fix the login\nIt fails on Safari.")
    );
    assert_eq!(t["task_type"], json!("general"));
    assert_eq!(t["priority"], json!("normal"));
    assert_eq!(t["status"], json!("pending"));
    assert_eq!(t["to_agent"], Value::Null);
    assert_eq!(t["assignee"], Value::Null);
    assert_eq!(t["dependencies"], json!([]));
    assert_eq!(t["context"], json!({}));
    assert_eq!(t["created_at"], json!("2026-11-21T09:00:00.000Z"));
    assert_eq!(t["updated_at"], t["created_at"]);
}

#[test]
fn add_takes_every_flag() {
    let env = Env::new();
    let dep = env.add(&["first", "--id", "dep-1"]);
    let id = add_as(
        &env,
        "claude",
        &[
            "Review PR 42",
            "--title",
            "Review #42",
            "--type",
            "review",
            "--to",
            "kimi",
            "--from",
            "copilot",
            "--lead",
            "claude",
            "--priority",
            "critical",
            "--after",
            &dep,
            "--context",
            "pr=42",
            "--context",
            "artifact_path=docs/a=b.md",
            "--id",
            "review-42",
        ],
    );
    assert_eq!(id, "review-42");
    let t = show(&env, &id);
    assert_eq!(t["title"], json!("Review #42"));
    assert_eq!(t["task_type"], json!("review"));
    assert_eq!(t["to_agent"], json!("kimi"));
    assert_eq!(t["from_agent"], json!("copilot"));
    assert_eq!(t["lead"], json!("claude"));
    assert_eq!(t["priority"], json!("critical"));
    assert_eq!(t["dependencies"], json!(["dep-1"]));
    assert_eq!(
        t["context"],
        json!({"pr": "42", "artifact_path": "docs/a=b.md"})
    );
}

#[test]
fn add_from_defaults_to_the_caller() {
    let env = Env::new();
    let id = add_as(&env, "claude", &["x"]);
    assert_eq!(show(&env, &id)["from_agent"], json!("claude"));
}

#[test]
fn add_after_a_missing_id_exits_1_naming_it() {
    let env = Env::new();
    let err = fails(
        &env,
        None,
        &["queue", "add", "x", "--after", "no-such-task"],
        1,
    );
    assert!(
        err.contains("no-such-task") && err.contains("--after"),
        "{err}"
    );
    assert!(env.names("pending").is_empty());
}

#[test]
fn add_after_accepts_a_unique_suffix() {
    let env = Env::new();
    let first = env.add(&["first"]);
    let suffix = &first[first.len() - 6..];
    let second = env.add(&["second", "--after", suffix]);
    assert_eq!(show(&env, &second)["dependencies"], json!([first]));
}

#[test]
fn ids_can_be_shortened_to_a_unique_suffix() {
    let env = Env::new();
    let id = env.add(&["x"]);
    let other = env.add(&["y"]);
    let suffix = &id[id.len() - 6..];
    assert_ne!(suffix, &other[other.len() - 6..]);
    assert_eq!(show(&env, suffix)["task_id"], json!(id));
    assert_eq!(
        ok(&env, Some("kimi"), &["queue", "claim", suffix]).trim(),
        id
    );
    ok(&env, Some("kimi"), &["queue", "complete", suffix]);
    assert_eq!(show(&env, &id)["status"], json!("done"));
    assert_eq!(show(&env, &other)["status"], json!("pending"));
}

#[test]
fn an_ambiguous_suffix_exits_1() {
    let env = Env::new();
    env.add(&["a", "--id", "alpha-one"]);
    env.add(&["b", "--id", "beta-one"]);
    for args in [
        &["queue", "show", "one"][..],
        &["queue", "claim", "one"],
        &["queue", "add", "c", "--after", "one"],
    ] {
        let err = fails(&env, Some("kimi"), args, 1);
        assert!(err.contains("ambiguous"), "{args:?}: {err}");
    }
    assert_eq!(env.names("in-progress"), Vec::<String>::new());
    assert_eq!(env.names("pending").len(), 2);
}

#[test]
fn add_refuses_an_edge_that_closes_a_cycle() {
    let env = Env::new();
    env.add(&["first", "--id", "first"]);
    // By hand: `first` waits on a task that does not exist yet.
    edit_task(&env, "pending", "first", |t| {
        t["dependencies"] = json!(["later"])
    });
    let before = env.snapshot_files();
    let err = fails(
        &env,
        None,
        &["queue", "add", "x", "--id", "later", "--after", "first"],
        1,
    );
    assert!(
        err.contains("first -> later -> first") || err.contains("later -> first -> later"),
        "the cycle is not printed: {err}"
    );
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn add_refuses_more_pending_tasks_than_the_limit_for_one_agent() {
    let env = Env::new();
    env.config("limits:\n  max_pending_per_agent: 2\n");
    env.add(&["1", "--to", "kimi"]);
    env.add(&["2", "--to", "kimi"]);
    let err = fails(&env, None, &["queue", "add", "3", "--to", "kimi"], 1);
    assert!(
        err.contains("kimi") && err.contains("max_pending_per_agent"),
        "{err}"
    );
    assert_eq!(env.names("pending").len(), 2);
    // Other agents and tasks for anyone are not limited by kimi's load.
    env.add(&["4", "--to", "bob"]);
    env.add(&["5"]);
}

/// The limit counts the agent's pending tasks of every priority, also
/// right after a claim listed `pending/` (the count then comes from the
/// claim order's sections of that agent), and a task the agent took no
/// longer counts.
#[test]
fn the_pending_limit_counts_every_priority_and_a_claimed_task_frees_a_place() {
    let env = Env::new();
    env.config("limits:\n  max_pending_per_agent: 3\n");
    env.add(&["1", "--to", "kimi", "--priority", "high"]);
    env.add(&["2", "--to", "kimi", "--priority", "low"]);
    // Nothing is for bob: his claim answers from a listing.
    fails(&env, Some("bob"), &["queue", "claim"], 3);
    env.add(&["3", "--to", "kimi", "--priority", "critical"]);
    let err = fails(&env, None, &["queue", "add", "4", "--to", "kimi"], 1);
    assert!(err.contains("already has 3 pending tasks"), "{err}");
    assert_eq!(env.names("pending").len(), 3);
    env.claim("kimi");
    env.add(&["4", "--to", "kimi"]);
    assert_eq!(env.names("pending").len(), 3);
}

#[test]
fn the_default_pending_limit_is_20() {
    let env = Env::new();
    for n in 0..20 {
        env.add(&[&format!("task {n}"), "--to", "kimi"]);
    }
    let err = fails(
        &env,
        None,
        &["queue", "add", "one too many", "--to", "kimi"],
        1,
    );
    assert!(err.contains("20"), "{err}");
    assert_eq!(env.names("pending").len(), 20);
}

#[test]
fn add_to_auto_without_rules_or_history_leaves_the_task_for_anyone() {
    let env = Env::new();
    let id = env.add(&["x", "--to", "auto"]);
    let task = show(&env, &id);
    assert_eq!(task["to_agent"], Value::Null);
    assert_eq!(task["routing"]["routed"], json!(false));
    assert_eq!(task["routing"]["recommended"], Value::Null);
    let status = env.json(None, &["status"]);
    assert_eq!(status["unrouted"][0]["task_id"], json!(id), "{status}");
}

#[test]
fn add_refuses_an_empty_description() {
    let env = Env::new();
    for description in ["", "   "] {
        let err = fails(&env, None, &["queue", "add", description], 1);
        assert!(err.contains("DESCRIPTION"), "{err}");
    }
    assert!(env.names("pending").is_empty());
}

#[test]
fn add_refuses_a_bad_priority_as_a_usage_error() {
    let env = Env::new();
    let out = env.run(None, &["queue", "add", "x", "--priority", "urgent"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let first = stderr(&out).lines().next().unwrap_or_default().to_string();
    assert!(
        first.contains("urgent") && first.contains("--priority"),
        "{first}"
    );
    assert!(out.stdout.is_empty());
    assert!(env.names("pending").is_empty());
    // Priorities are case-insensitive.
    let id = env.add(&["y", "--priority", "HIGH"]);
    assert_eq!(show(&env, &id)["priority"], json!("high"));
}

#[test]
fn add_refuses_an_id_that_could_escape_or_already_exists() {
    let env = Env::new();
    env.add(&["x", "--id", "taken"]);
    let before = env.snapshot_files();
    fails(&env, None, &["queue", "add", "y", "--id", "../evil"], 1);
    let out = env.run(None, &["queue", "add", "y", "--id", "taken"]);
    assert_ne!(code(&out), 0);
    assert_one_line_error(&stderr(&out));
    assert_eq!(env.snapshot_files(), before);
    assert_eq!(show(&env, "taken")["description"], json!("x"));
}

#[test]
fn add_context_needs_key_equals_value() {
    let env = Env::new();
    let out = env.run(None, &["queue", "add", "x", "--context", "novalue"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("novalue"));
    fails(&env, None, &["queue", "add", "x", "--context", "=v"], 1);
    assert!(env.names("pending").is_empty());
}

// ---------------------------------------------------------------------------
// fed queue list
// ---------------------------------------------------------------------------

#[test]
fn list_shows_unfinished_tasks_by_default() {
    let env = Env::new();
    one_of_each(&env);
    assert_eq!(
        list_ids(&env, &[]),
        sorted(&["t-blocked", "t-in-progress", "t-pending"])
    );
    let table = ok(&env, None, &["queue", "list", "--full-ids"]);
    let header = table.lines().next().unwrap_or_default();
    for column in ["ID", "STATE", "PRIORITY", "TYPE", "AGENT", "TITLE"] {
        assert!(header.contains(column), "{header}");
    }
    assert!(
        table.contains("t-in-progress") && !table.contains("t-done"),
        "{table}"
    );
}

#[test]
fn list_state_picks_one_state_or_completed_or_all() {
    let env = Env::new();
    one_of_each(&env);
    for state in [
        "pending",
        "in-progress",
        "blocked",
        "done",
        "failed",
        "cancelled",
    ] {
        assert_eq!(
            list_ids(&env, &["--state", state]),
            vec![format!("t-{state}")],
            "--state {state}"
        );
    }
    assert_eq!(
        list_ids(&env, &["--state", "completed"]),
        sorted(&["t-cancelled", "t-done", "t-failed"])
    );
    assert_eq!(list_ids(&env, &["--state", "all"]).len(), 6);
}

#[test]
fn list_rejects_an_unknown_state() {
    let env = Env::new();
    // Not one of the flag's values: a usage error, as for every flag.
    let err = fails(&env, None, &["queue", "list", "--state", "finished"], 2);
    assert!(err.contains("--state") && err.contains("finished"), "{err}");
}

#[test]
fn list_for_keeps_tasks_addressed_to_or_held_by_the_agent() {
    let env = Env::new();
    env.add(&["for kimi", "--id", "to-kimi", "--to", "kimi"]);
    env.add(&["for bob", "--id", "to-bob", "--to", "bob"]);
    env.add(&["anyone", "--id", "held"]);
    env.add(&["anyone else", "--id", "free"]);
    ok(&env, Some("kimi"), &["queue", "claim", "held"]);
    assert_eq!(
        list_ids(&env, &["--for", "kimi"]),
        sorted(&["held", "to-kimi"])
    );
    assert_eq!(list_ids(&env, &["--for", "bob"]), sorted(&["to-bob"]));
}

#[test]
fn list_type_filters_by_task_type() {
    let env = Env::new();
    env.add(&["r", "--id", "r1", "--type", "review"]);
    env.add(&["i", "--id", "i1", "--type", "implement"]);
    env.add(&["g", "--id", "g1"]);
    assert_eq!(list_ids(&env, &["--type", "review"]), sorted(&["r1"]));
    assert_eq!(list_ids(&env, &["--type", "general"]), sorted(&["g1"]));
}

#[test]
fn list_ready_keeps_pending_tasks_whose_dependencies_are_done() {
    let env = Env::new();
    env.add(&["a", "--id", "a"]);
    env.add(&["b", "--id", "b", "--after", "a"]);
    env.add(&["c", "--id", "c"]);
    assert_eq!(list_ids(&env, &["--ready"]), sorted(&["a", "c"]));
    ok(&env, Some("kimi"), &["queue", "claim", "a"]);
    assert_eq!(list_ids(&env, &["--ready"]), sorted(&["c"]));
    ok(&env, Some("kimi"), &["queue", "complete", "a"]);
    assert_eq!(list_ids(&env, &["--ready"]), sorted(&["b", "c"]));
}

#[test]
fn list_json_is_an_array_of_tasks_with_spec_field_names() {
    let env = Env::new();
    env.add(&["x", "--to", "kimi", "--lead", "claude", "--context", "k=v"]);
    let out = env.run(None, &["--json", "queue", "list"]);
    assert_eq!(code(&out), 0);
    let doc = parse(&out.stdout);
    let tasks = doc.as_array().expect("an array");
    assert_eq!(tasks.len(), 1);
    for field in [
        "task_id",
        "title",
        "description",
        "task_type",
        "status",
        "priority",
        "from_agent",
        "to_agent",
        "lead",
        "assignee",
        "dependencies",
        "context",
        "created_at",
        "updated_at",
    ] {
        assert!(
            tasks[0].get(field).is_some(),
            "missing {field}: {}",
            tasks[0]
        );
    }
    // An empty list is still one document: an empty array.
    let out = env.run(None, &["--json", "queue", "list", "--state", "done"]);
    assert_eq!(parse(&out.stdout), json!([]));
}

/// `list --json` prints each document without its history (from the
/// listing cache or the file alike); `show --json` prints the whole one.
#[test]
fn list_json_leaves_out_the_history_that_show_prints() {
    let env = Env::new();
    let a = env.add(&["first", "--to", "kimi"]);
    let b = env.add(&["second"]);
    ok(&env, Some("kimi"), &["queue", "claim"]);
    // Twice: the second time the files are older than the cache's 2 s
    // window, so the listing answers from the documents it cached.
    for pass in 0..2 {
        if pass == 1 {
            std::thread::sleep(std::time::Duration::from_millis(2100));
        }
        for state in ["pending", "in-progress", "all"] {
            let out = env.run(None, &["--json", "queue", "list", "--state", state]);
            assert_eq!(code(&out), 0);
            for listed in parse(&out.stdout).as_array().expect("an array") {
                let id = listed["task_id"].as_str().expect("an id");
                assert!(id == a || id == b, "{listed}");
                assert!(listed.get("history").is_none(), "{listed}");
                let shown = parse(&env.run(None, &["--json", "queue", "show", id]).stdout);
                assert!(!shown["history"].as_array().expect("history").is_empty());
                let mut without = shown.clone();
                without.as_object_mut().unwrap().remove("history");
                assert_eq!(listed, &without, "{state}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// fed queue show
// ---------------------------------------------------------------------------

#[test]
fn show_prints_the_task_as_text() {
    let env = Env::new();
    let id = env.add(&[
        "Write the docs",
        "--to",
        "kimi",
        "--type",
        "docs",
        "--priority",
        "high",
    ]);
    let text = ok(&env, None, &["queue", "show", &id]);
    assert!(text.starts_with(&id), "{text}");
    for needle in ["pending", "high", "docs", "kimi", "Write the docs"] {
        assert!(text.contains(needle), "missing {needle}: {text}");
    }
}

#[test]
fn show_json_is_the_task_document() {
    let env = Env::new();
    let id = env.add(&["x", "--type", "research"]);
    let t = show(&env, &id);
    assert_eq!(t["task_id"], json!(id));
    assert_eq!(t["task_type"], json!("research"));
    // It is what is on disk.
    let on_disk: Value = serde_json::from_slice(
        &std::fs::read(env.path(&format!("queue/pending/{id}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(t, on_disk);
}

#[test]
fn show_of_an_unknown_id_exits_1() {
    let env = Env::new();
    let err = fails(&env, None, &["queue", "show", "nope"], 1);
    assert!(err.contains("nope"), "{err}");
}

// ---------------------------------------------------------------------------
// fed queue claim
// ---------------------------------------------------------------------------

#[test]
fn claim_needs_an_identity() {
    let env = Env::new();
    env.add(&["x"]);
    let before = env.snapshot_files();
    let err = fails(&env, None, &["queue", "claim"], 1);
    assert!(
        err.contains("--agent") && err.contains("FED_AGENT"),
        "{err}"
    );
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn claim_prints_the_id_and_moves_the_task_in_progress() {
    let env = Env::new();
    let id = env.add(&["x"]);
    let out = env.run(Some("kimi"), &["queue", "claim"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{id}\n"));
    assert!(env.names("pending").is_empty());
    assert_eq!(env.names("in-progress").len(), 1);
    let t = show(&env, &id);
    assert_eq!(t["status"], json!("in-progress"));
    assert_eq!(t["assignee"], json!("kimi"));
}

#[test]
fn claim_order_is_priority_then_addressed_to_caller_then_oldest() {
    let mut env = Env::new();
    for (time, args) in [
        (
            "2026-11-21T08:00:00Z",
            &["low", "--id", "low", "--priority", "low"][..],
        ),
        ("2026-11-21T08:10:00Z", &["old", "--id", "old"]),
        (
            "2026-11-21T08:20:00Z",
            &["mine", "--id", "mine", "--to", "kimi"],
        ),
        ("2026-11-21T08:30:00Z", &["newer", "--id", "newer"]),
        (
            "2026-11-21T08:40:00Z",
            &["urgent", "--id", "urgent", "--priority", "high"],
        ),
    ] {
        env.now = time.into();
        env.add(args);
    }
    env.now = NOW.into();
    let order: Vec<String> = (0..5).map(|_| env.claim("kimi")).collect();
    assert_eq!(order, ["urgent", "mine", "old", "newer", "low"]);
}

#[test]
fn claim_leaves_tasks_addressed_to_another_agent() {
    let env = Env::new();
    env.add(&[
        "for bob",
        "--id",
        "bobs",
        "--to",
        "bob",
        "--priority",
        "critical",
    ]);
    env.add(&["anyone", "--id", "free"]);
    assert_eq!(env.claim("kimi"), "free");
    fails(&env, Some("kimi"), &["queue", "claim"], 3);
    let err = fails(&env, Some("kimi"), &["queue", "claim", "bobs"], 1);
    assert!(err.contains("bob"), "{err}");
    assert_eq!(env.claim("bob"), "bobs");
}

#[test]
fn claim_waits_for_dependencies_to_be_done() {
    let env = Env::new();
    env.add(&["a", "--id", "a"]);
    env.add(&["b", "--id", "b", "--after", "a", "--priority", "critical"]);
    assert_eq!(env.claim("kimi"), "a");
    let err = fails(&env, Some("bob"), &["queue", "claim"], 3);
    assert!(err.contains("bob"), "{err}");
    let err = fails(&env, Some("bob"), &["queue", "claim", "b"], 3);
    assert!(err.contains('a'), "{err}");
    ok(&env, Some("kimi"), &["queue", "complete", "a"]);
    assert_eq!(env.claim("bob"), "b");
}

#[test]
fn claim_with_nothing_ready_exits_3() {
    let env = Env::new();
    let err = fails(&env, Some("kimi"), &["queue", "claim"], 3);
    assert!(err.contains("kimi"), "{err}");
    env.add(&["r", "--type", "review"]);
    fails(
        &env,
        Some("kimi"),
        &["queue", "claim", "--type", "implement"],
        3,
    );
    assert_eq!(env.names("pending").len(), 1);
}

#[test]
fn claim_of_a_task_held_by_another_exits_5() {
    let env = Env::new();
    env.add(&["x", "--id", "x"]);
    env.claim("kimi");
    let before = env.snapshot_files();
    let err = fails(&env, Some("bob"), &["queue", "claim", "x"], 5);
    assert!(err.contains("kimi"), "{err}");
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn claim_while_paused_exits_4() {
    let env = Env::new();
    env.add(&["x"]);
    ok(&env, Some("reuben"), &["pause", "--reason", "review"]);
    let before = env.snapshot_files();
    let err = fails(&env, Some("kimi"), &["queue", "claim"], 4);
    assert!(err.contains("paused"), "{err}");
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn claim_lease_lasts_leases_ttl() {
    let env = Env::new();
    env.config(LEASE_90S);
    env.add(&["x"]);
    let t = env.json(Some("kimi"), &["queue", "claim"]);
    assert_eq!(t["status"], json!("in-progress"));
    assert_eq!(t["attempts"], json!(1));
    assert_eq!(t["lease"]["claimed_at"], json!("2026-11-21T09:00:00.000Z"));
    assert_eq!(t["lease"]["expires_at"], json!("2026-11-21T09:01:30.000Z"));
}

#[test]
fn agent_names_are_lower_cased() {
    let env = Env::new();
    let id = env.add(&["x"]);
    ok(&env, None, &["--agent", "Kimi", "queue", "claim"]);
    assert_eq!(show(&env, &id)["assignee"], json!("kimi"));
}

// ---------------------------------------------------------------------------
// fed queue heartbeat / complete / release
// ---------------------------------------------------------------------------

#[test]
fn heartbeat_renews_the_lease() {
    let mut env = Env::new();
    env.config(LEASE_90S);
    let id = env.add(&["x"]);
    env.claim("kimi");
    env.now = "2026-11-21T09:01:00Z".into();
    let t = env.json(Some("kimi"), &["queue", "heartbeat", &id]);
    assert_eq!(t["lease"]["expires_at"], json!("2026-11-21T09:02:30.000Z"));
    // Past the first lease, before the renewed one: nothing to reap.
    env.now = "2026-11-21T09:02:00Z".into();
    assert_eq!(ok(&env, None, &["queue", "reap"]), "");
    assert_eq!(show(&env, &id)["status"], json!("in-progress"));
}

#[test]
fn heartbeat_by_another_agent_exits_5() {
    let env = Env::new();
    let id = env.add(&["x"]);
    env.claim("kimi");
    let before = env.snapshot_files();
    fails(&env, Some("bob"), &["queue", "heartbeat", &id], 5);
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn complete_by_the_holder_marks_the_task_done() {
    let mut env = Env::new();
    let id = env.add(&["x", "--type", "docs"]);
    env.claim("kimi");
    env.now = "2026-11-21T09:30:00Z".into();
    ok(
        &env,
        Some("kimi"),
        &["queue", "complete", &id, "--summary", "Merged in #42"],
    );
    assert_eq!(env.names("completed"), vec![format!("{id}.json")]);
    assert!(env.names("in-progress").is_empty());
    let t = show(&env, &id);
    assert_eq!(t["status"], json!("done"));
    assert_eq!(t["result"]["summary"], json!("Merged in #42"));
    assert_eq!(t["updated_at"], json!("2026-11-21T09:30:00.000Z"));
    assert!(t.get("lease").is_none_or(Value::is_null), "{t}");
    // One line of training data for routing.
    let history = std::fs::read_to_string(env.path("routing-history.jsonl")).unwrap();
    let lines: Vec<Value> = history
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 1, "{history}");
    assert_eq!(lines[0]["task"], json!("x"));
    assert_eq!(lines[0]["task_type"], json!("docs"));
    assert_eq!(lines[0]["assigned_to"], json!("kimi"));
    assert_eq!(lines[0]["success"], json!(true));
    assert_eq!(lines[0]["minutes"], json!(30.0));
}

#[test]
fn unknown_fields_survive_a_claim_and_complete() {
    let env = Env::new();
    env.add(&["x", "--id", "x"]);
    edit_task(&env, "pending", "x", |t| {
        t["x_custom"] = json!({"keep": [1, 2]})
    });
    env.claim("kimi");
    ok(&env, Some("kimi"), &["queue", "complete", "x"]);
    assert_eq!(show(&env, "x")["x_custom"], json!({"keep": [1, 2]}));
}

#[test]
fn complete_failed_marks_the_task_failed() {
    let env = Env::new();
    let id = env.add(&["x"]);
    env.claim("kimi");
    let t = env.json(
        Some("kimi"),
        &["queue", "complete", &id, "--failed", "--summary", "no db"],
    );
    assert_eq!(t["status"], json!("failed"));
    assert_eq!(show(&env, &id)["status"], json!("failed"));
    assert_eq!(env.names("completed"), vec![format!("{id}.json")]);
}

#[test]
fn complete_needs_an_identity() {
    let env = Env::new();
    let id = env.add(&["x"]);
    env.claim("kimi");
    let err = fails(&env, None, &["queue", "complete", &id], 1);
    assert!(err.contains("--agent"), "{err}");
}

#[test]
fn complete_by_a_non_holder_exits_5_and_changes_nothing() {
    let env = Env::new();
    let id = env.add(&["x"]);
    env.claim("kimi");
    let before = env.snapshot_files();
    let err = fails(&env, Some("bob"), &["queue", "complete", &id], 5);
    assert!(err.contains("kimi"), "{err}");
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn complete_of_a_pending_task_exits_5() {
    let env = Env::new();
    let id = env.add(&["x"]);
    let before = env.snapshot_files();
    fails(&env, Some("kimi"), &["queue", "complete", &id], 5);
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn complete_of_a_finished_task_exits_5() {
    let env = Env::new();
    let id = env.add(&["x"]);
    env.claim("kimi");
    ok(&env, Some("kimi"), &["queue", "complete", &id]);
    let before = env.snapshot_files();
    let err = fails(
        &env,
        Some("kimi"),
        &["queue", "complete", &id, "--failed"],
        5,
    );
    assert!(err.contains("finished") || err.contains("done"), "{err}");
    assert_eq!(env.snapshot_files(), before);
    assert_eq!(show(&env, &id)["status"], json!("done"));
}

#[test]
fn complete_after_the_lease_was_reaped_and_reclaimed_exits_5() {
    let mut env = Env::new();
    env.config(LEASE_90S);
    let id = env.add(&["x"]);
    env.claim("kimi");
    env.now = "2026-11-21T09:05:00Z".into();
    ok(&env, None, &["queue", "reap"]);
    assert_eq!(env.claim("bob"), id);
    let before = env.snapshot_files();
    fails(&env, Some("kimi"), &["queue", "complete", &id], 5);
    assert_eq!(env.snapshot_files(), before);
    let t = show(&env, &id);
    assert_eq!(t["status"], json!("in-progress"));
    assert_eq!(t["assignee"], json!("bob"));
    ok(&env, Some("bob"), &["queue", "complete", &id]);
}

#[test]
fn release_puts_the_task_back_to_pending() {
    let env = Env::new();
    let id = env.add(&["x"]);
    env.claim("kimi");
    ok(&env, Some("kimi"), &["queue", "release", &id]);
    let t = show(&env, &id);
    assert_eq!(t["status"], json!("pending"));
    assert_eq!(t["assignee"], Value::Null);
    assert!(t.get("lease").is_none_or(Value::is_null), "{t}");
    assert_eq!(env.names("pending"), vec![format!("{id}.json")]);
    assert_eq!(env.claim("bob"), id);
    assert_eq!(show(&env, &id)["attempts"], json!(2));
}

#[test]
fn release_by_a_non_holder_exits_5_unless_overseer() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let id = env.add(&["x"]);
    env.claim("kimi");
    let before = env.snapshot_files();
    let err = fails(&env, Some("bob"), &["queue", "release", &id], 5);
    assert!(err.contains("kimi"), "{err}");
    fails(&env, None, &["queue", "release", &id], 1);
    assert_eq!(env.snapshot_files(), before);
    ok(&env, Some("reuben"), &["queue", "release", &id]);
    assert_eq!(show(&env, &id)["status"], json!("pending"));
}

// ---------------------------------------------------------------------------
// fed queue block / unblock
// ---------------------------------------------------------------------------

#[test]
fn block_and_unblock_a_pending_task() {
    let env = Env::new();
    let id = env.add(&["x"]);
    ok(
        &env,
        None,
        &["queue", "block", &id, "--reason", "waiting for API keys"],
    );
    assert_eq!(env.names("blocked"), vec![format!("{id}.json")]);
    assert_eq!(show(&env, &id)["status"], json!("blocked"));
    fails(&env, Some("kimi"), &["queue", "claim"], 3);
    ok(&env, None, &["queue", "unblock", &id]);
    assert_eq!(show(&env, &id)["status"], json!("pending"));
    assert_eq!(env.names("pending"), vec![format!("{id}.json")]);
}

#[test]
fn unblock_returns_an_in_progress_task_to_its_holder() {
    let env = Env::new();
    env.config(LEASE_90S);
    let id = env.add(&["x"]);
    env.claim("kimi");
    ok(
        &env,
        Some("kimi"),
        &["queue", "block", &id, "--reason", "need review"],
    );
    assert_eq!(show(&env, &id)["status"], json!("blocked"));
    ok(&env, None, &["queue", "unblock", &id]);
    let t = show(&env, &id);
    assert_eq!(t["status"], json!("in-progress"));
    assert_eq!(t["assignee"], json!("kimi"));
    assert_eq!(t["lease"]["expires_at"], json!("2026-11-21T09:01:30.000Z"));
    ok(&env, Some("kimi"), &["queue", "complete", &id]);
}

#[test]
fn block_needs_a_reason() {
    let env = Env::new();
    let id = env.add(&["x"]);
    let out = env.run(None, &["queue", "block", &id]);
    assert_eq!(code(&out), 2);
    let err = fails(&env, None, &["queue", "block", &id, "--reason", " "], 1);
    assert!(err.contains("--reason"), "{err}");
    assert_eq!(show(&env, &id)["status"], json!("pending"));
}

#[test]
fn unblock_of_a_task_that_is_not_blocked_exits_1() {
    let env = Env::new();
    let id = env.add(&["x"]);
    let before = env.snapshot_files();
    fails(&env, None, &["queue", "unblock", &id], 1);
    assert_eq!(env.snapshot_files(), before);
}

// ---------------------------------------------------------------------------
// fed queue cancel
// ---------------------------------------------------------------------------

#[test]
fn cancel_by_the_creator() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let id = add_as(&env, "kimi", &["x"]);
    ok(
        &env,
        Some("kimi"),
        &["queue", "cancel", &id, "--reason", "not needed"],
    );
    let t = show(&env, &id);
    assert_eq!(t["status"], json!("cancelled"));
    assert_eq!(env.names("completed"), vec![format!("{id}.json")]);
}

#[test]
fn cancel_by_an_overseer() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let id = add_as(&env, "kimi", &["x"]);
    env.claim("bob");
    ok(&env, Some("reuben"), &["queue", "cancel", &id]);
    assert_eq!(show(&env, &id)["status"], json!("cancelled"));
    // The former holder cannot complete it any more.
    fails(&env, Some("bob"), &["queue", "complete", &id], 5);
}

#[test]
fn cancel_by_anyone_else_is_refused_when_overseers_are_configured() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let id = add_as(&env, "kimi", &["x"]);
    let before = env.snapshot_files();
    let err = fails(&env, Some("bob"), &["queue", "cancel", &id], 1);
    assert!(err.contains("overseer"), "{err}");
    fails(&env, None, &["queue", "cancel", &id], 1);
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn cancel_cascade_cancels_transitive_dependants_only() {
    let env = Env::new();
    env.add(&["root", "--id", "root"]);
    env.add(&["child", "--id", "child", "--after", "root"]);
    env.add(&["grandchild", "--id", "grandchild", "--after", "child"]);
    env.add(&["unrelated", "--id", "unrelated"]);
    let doc = env.json(None, &["queue", "cancel", "root", "--cascade"]);
    let cancelled: BTreeSet<&str> = doc
        .as_array()
        .expect("cancel --json is an array")
        .iter()
        .map(|t| t["task_id"].as_str().unwrap())
        .collect();
    assert_eq!(cancelled, BTreeSet::from(["root", "child", "grandchild"]));
    for id in ["root", "child", "grandchild"] {
        assert_eq!(show(&env, id)["status"], json!("cancelled"), "{id}");
    }
    assert_eq!(show(&env, "unrelated")["status"], json!("pending"));
}

#[test]
fn cancel_without_cascade_strands_the_dependants() {
    let env = Env::new();
    env.add(&["root", "--id", "root"]);
    env.add(&["child", "--id", "child", "--after", "root"]);
    ok(&env, None, &["queue", "cancel", "root"]);
    assert_eq!(show(&env, "child")["status"], json!("pending"));
    let status = env.json(None, &["status"]);
    let stranded: Vec<&str> = status["stranded"]
        .as_array()
        .expect("stranded is an array")
        .iter()
        .map(|n| n["task_id"].as_str().unwrap())
        .collect();
    assert_eq!(stranded, ["child"]);
    fails(&env, Some("kimi"), &["queue", "claim"], 3);
}

#[test]
fn cancel_of_a_finished_task_exits_5() {
    let env = Env::new();
    let id = env.add(&["x"]);
    ok(&env, None, &["queue", "cancel", &id]);
    let before = env.snapshot_files();
    fails(&env, None, &["queue", "cancel", &id], 5);
    assert_eq!(env.snapshot_files(), before);
}

// ---------------------------------------------------------------------------
// fed queue assign
// ---------------------------------------------------------------------------

#[test]
fn assign_is_for_overseers_only() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let id = env.add(&["x", "--to", "kimi"]);
    let before = env.snapshot_files();
    let err = fails(&env, Some("bob"), &["queue", "assign", &id, "copilot"], 1);
    assert!(err.contains("overseer"), "{err}");
    fails(&env, None, &["queue", "assign", &id, "copilot"], 1);
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn assign_retargets_a_pending_task() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let id = env.add(&["x", "--to", "kimi"]);
    ok(&env, Some("reuben"), &["queue", "assign", &id, "bob"]);
    assert_eq!(show(&env, &id)["to_agent"], json!("bob"));
    fails(&env, Some("kimi"), &["queue", "claim"], 3);
    assert_eq!(env.claim("bob"), id);
}

#[test]
fn assign_acts_as_the_caller_not_as_the_target() {
    // The positional AGENT must not be taken for the caller's --agent.
    let env = Env::new();
    let id = env.add(&["x"]);
    ok(
        &env,
        None,
        &["--agent", "kimi", "queue", "assign", &id, "bob"],
    );
    let assigned: Vec<Value> = events(&env, &[])
        .into_iter()
        .filter(|e| e["event"] == json!("assigned"))
        .collect();
    assert_eq!(assigned.len(), 1);
    assert_eq!(assigned[0]["agent"], json!("kimi"), "{}", assigned[0]);
    assert_eq!(show(&env, &id)["to_agent"], json!("bob"));
}

#[test]
fn assign_of_an_in_progress_task_exits_5() {
    let env = Env::new();
    let id = env.add(&["x"]);
    env.claim("kimi");
    let before = env.snapshot_files();
    fails(&env, None, &["queue", "assign", &id, "bob"], 5);
    assert_eq!(env.snapshot_files(), before);
}

// ---------------------------------------------------------------------------
// fed queue reap
// ---------------------------------------------------------------------------

#[test]
fn reap_returns_expired_leases_to_pending() {
    let mut env = Env::new();
    env.config(LEASE_90S);
    let id = env.add(&["x"]);
    env.claim("kimi");
    env.now = "2026-11-21T09:01:00Z".into();
    assert_eq!(
        ok(&env, None, &["queue", "reap"]),
        "",
        "a live lease was reaped"
    );
    env.now = "2026-11-21T09:02:00Z".into();
    assert_eq!(
        ok(&env, None, &["queue", "reap"]),
        format!("{id}\tkimi\tpending\n")
    );
    let t = show(&env, &id);
    assert_eq!(t["status"], json!("pending"));
    assert_eq!(t["assignee"], Value::Null);
    assert_eq!(t["attempts"], json!(1));
    assert_eq!(env.claim("bob"), id);
    assert_eq!(show(&env, &id)["attempts"], json!(2));
}

#[test]
fn reap_fails_a_task_after_max_attempts() {
    let mut env = Env::new();
    env.config("leases:\n  ttl: 90s\n  max_attempts: 2\n");
    let id = env.add(&["x"]);
    env.claim("kimi");
    env.now = "2026-11-21T09:05:00Z".into();
    ok(&env, None, &["queue", "reap"]);
    assert_eq!(show(&env, &id)["status"], json!("pending"));
    env.claim("bob");
    env.now = "2026-11-21T09:10:00Z".into();
    assert_eq!(
        ok(&env, None, &["queue", "reap"]),
        format!("{id}\tbob\tfailed\n")
    );
    let t = show(&env, &id);
    assert_eq!(t["status"], json!("failed"));
    assert_eq!(t["attempts"], json!(2));
    assert_eq!(env.names("completed"), vec![format!("{id}.json")]);
}

#[test]
fn reap_json_lists_what_moved() {
    let mut env = Env::new();
    env.config(LEASE_90S);
    let id = env.add(&["x"]);
    env.add(&["not claimed"]);
    ok(&env, Some("kimi"), &["queue", "claim", &id]);
    env.now = "2026-11-21T10:00:00Z".into();
    let doc = env.json(None, &["queue", "reap"]);
    assert_eq!(
        doc,
        json!([{"task_id": id, "holder": "kimi", "status": "pending", "attempts": 1}])
    );
    assert_eq!(env.json(None, &["queue", "reap"]), json!([]));
}

// ---------------------------------------------------------------------------
// config.yaml
// ---------------------------------------------------------------------------

#[test]
fn agents_list_refuses_other_names() {
    let env = Env::new();
    env.config("agents: [kimi, bob]\n");
    env.add(&["x", "--to", "kimi"]);
    let before = env.snapshot_files();
    let err = fails(&env, Some("eve"), &["queue", "claim"], 1);
    assert!(err.contains("eve"), "{err}");
    let err = fails(&env, None, &["queue", "add", "y", "--to", "eve"], 1);
    assert!(err.contains("eve") && err.contains("--to"), "{err}");
    fails(&env, Some("eve"), &["queue", "add", "y"], 1);
    assert_eq!(env.snapshot_files(), before);
    env.claim("kimi");
}

#[test]
fn overseers_make_pause_resume_and_assign_overseer_only() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let id = env.add(&["x"]);
    for args in [
        &["pause"][..],
        &["resume"],
        &["queue", "assign", &id, "kimi"],
    ] {
        let err = fails(&env, Some("kimi"), args, 1);
        assert!(err.contains("overseer"), "{args:?}: {err}");
    }
    assert_eq!(env.json(None, &["status"])["paused"], json!(false));
    ok(&env, Some("reuben"), &["pause"]);
    assert_eq!(env.json(None, &["status"])["paused"], json!(true));
    fails(&env, Some("kimi"), &["resume"], 1);
    ok(&env, Some("reuben"), &["resume"]);
    assert_eq!(env.json(None, &["status"])["paused"], json!(false));
}

#[test]
fn malformed_config_gives_one_line_naming_the_file_and_changes_nothing() {
    let env = Env::new();
    env.add(&["x"]);
    env.config("leases: [1, 2\nagents: {\n");
    let before = env.snapshot_files();
    for args in [
        &["queue", "add", "y"][..],
        &["queue", "claim"],
        &["status"],
        &["pause"],
    ] {
        let err = fails(&env, Some("kimi"), args, 1);
        assert!(err.contains("config.yaml"), "{args:?}: {err}");
    }
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn unknown_config_keys_are_refused_by_name() {
    let env = Env::new();
    env.config("colour: red\n");
    let err = fails(&env, None, &["queue", "add", "x"], 1);
    assert!(
        err.contains("colour") && err.contains("config.yaml"),
        "{err}"
    );
    env.config("leases:\n  tll: 5m\n");
    let err = fails(&env, None, &["status"], 1);
    assert!(err.contains("tll"), "{err}");
    assert!(env.names("pending").is_empty());
}

// ---------------------------------------------------------------------------
// fed pause / resume
// ---------------------------------------------------------------------------

#[test]
fn pause_and_resume_show_in_status() {
    let env = Env::new();
    ok(
        &env,
        Some("reuben"),
        &["pause", "--reason", "reviewing the auth design"],
    );
    let s = env.json(None, &["status"]);
    assert_eq!(s["paused"], json!(true));
    assert_eq!(s["paused_by"], json!("reuben"));
    assert_eq!(s["pause_reason"], json!("reviewing the auth design"));
    let text = ok(&env, None, &["status"]);
    assert!(text.contains("PAUSED") && text.contains("reuben"), "{text}");
    ok(&env, Some("reuben"), &["resume"]);
    let s = env.json(None, &["status"]);
    assert_eq!(s["paused"], json!(false));
    assert!(s.get("paused_by").is_none_or(Value::is_null), "{s}");
    assert!(s.get("pause_reason").is_none_or(Value::is_null), "{s}");
}

#[test]
fn everything_but_claim_works_while_paused() {
    let env = Env::new();
    let held = env.add(&["held"]);
    env.claim("kimi");
    ok(&env, None, &["pause"]);
    let id = env.add(&["queued while paused"]);
    assert_eq!(show(&env, &id)["status"], json!("pending"));
    fails(&env, Some("bob"), &["queue", "claim"], 4);
    fails(&env, Some("bob"), &["queue", "claim", &id], 4);
    ok(&env, Some("kimi"), &["queue", "complete", &held]);
    ok(&env, None, &["resume"]);
    assert_eq!(env.claim("bob"), id);
}

// ---------------------------------------------------------------------------
// fed status
// ---------------------------------------------------------------------------

#[test]
fn status_json_has_counts_ready_and_sections() {
    let env = Env::new();
    one_of_each(&env);
    let s = env.json(None, &["status"]);
    assert_eq!(s["paused"], json!(false));
    for state in [
        "pending",
        "in-progress",
        "blocked",
        "done",
        "failed",
        "cancelled",
    ] {
        assert_eq!(s["counts"][state], json!(1), "counts.{state}: {s}");
    }
    assert_eq!(s["ready"], json!(1));
    for section in ["agents", "blocked", "stranded", "expired_leases"] {
        assert!(s[section].is_array(), "{section} is missing: {s}");
    }
    assert_eq!(s["blocked"][0]["task_id"], json!("t-blocked"));
    let kimi = s["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agent"] == json!("kimi"))
        .unwrap_or_else(|| panic!("no load for kimi: {s}"));
    assert_eq!(kimi["in_progress"], json!(1));
}

#[test]
fn status_counts_every_status_on_an_empty_federation() {
    let env = Env::new();
    let s = env.json(None, &["status"]);
    assert_eq!(
        s["counts"],
        json!({"pending": 0, "in-progress": 0, "blocked": 0, "done": 0, "failed": 0, "cancelled": 0})
    );
    assert_eq!(s["ready"], json!(0));
    let text = ok(&env, None, &["status"]);
    assert!(text.contains("running"), "{text}");
}

#[test]
fn status_lists_expired_leases() {
    let mut env = Env::new();
    env.config(LEASE_90S);
    let id = env.add(&["x"]);
    env.claim("kimi");
    assert_eq!(env.json(None, &["status"])["expired_leases"], json!([]));
    env.now = "2026-11-21T09:10:00Z".into();
    let s = env.json(None, &["status"]);
    assert_eq!(s["expired_leases"][0]["task_id"], json!(id), "{s}");
}

// ---------------------------------------------------------------------------
// fed check
// ---------------------------------------------------------------------------

/// `fed check --json`: exit code and document.
fn check(env: &Env) -> (i32, Value) {
    let out = env.run(None, &["--json", "check"]);
    (code(&out), parse(&out.stdout))
}

fn kinds(doc: &Value) -> Vec<String> {
    doc["problems"]
        .as_array()
        .expect("problems is an array")
        .iter()
        .map(|p| p["kind"].as_str().expect("kind").to_string())
        .collect()
}

#[test]
fn check_of_a_clean_federation_exits_0() {
    let env = Env::new();
    ok(&env, None, &["check"]);
    assert_eq!(check(&env), (0, json!({"ok": true, "problems": []})));
    one_of_each(&env);
    assert_eq!(check(&env), (0, json!({"ok": true, "problems": []})));
}

#[test]
fn check_finds_a_dangling_dependency() {
    let env = Env::new();
    env.add(&["x", "--id", "x"]);
    edit_task(&env, "pending", "x", |t| {
        t["dependencies"] = json!(["ghost"])
    });
    let (code, doc) = check(&env);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["ok"], json!(false));
    assert!(
        kinds(&doc).contains(&"dangling-dependency".to_string()),
        "{doc}"
    );
    let problem = &doc["problems"][0];
    assert_eq!(problem["severity"], json!("error"));
    assert!(
        problem["message"].as_str().unwrap().contains("ghost"),
        "{problem}"
    );
    // Text mode: a table on stdout, exit 1.
    let out = env.run(None, &["check"]);
    assert_eq!(crate::common::code(&out), 1);
    assert!(stdout(&out).contains("dangling-dependency"));
}

#[test]
fn check_finds_a_cycle() {
    let env = Env::new();
    env.add(&["a", "--id", "a"]);
    env.add(&["b", "--id", "b", "--after", "a"]);
    edit_task(&env, "pending", "a", |t| t["dependencies"] = json!(["b"]));
    let before = env.snapshot_files();
    let (code, doc) = check(&env);
    assert_eq!(code, 1, "{doc}");
    assert!(kinds(&doc).contains(&"cycle".to_string()), "{doc}");
    let cycle = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == json!("cycle"))
        .unwrap();
    let message = cycle["message"].as_str().unwrap();
    assert!(
        message.contains("a -> b -> a") || message.contains("b -> a -> b"),
        "{message}"
    );
    assert_eq!(env.snapshot_files(), before, "check must only read");
}

#[test]
fn check_reports_an_unreadable_task_file() {
    let env = Env::new();
    std::fs::write(env.path("queue/pending/junk.json"), "{not json").unwrap();
    let (code, doc) = check(&env);
    assert_eq!(code, 1);
    assert!(kinds(&doc).contains(&"invalid".to_string()), "{doc}");
    assert!(
        env.path("queue/pending/junk.json").exists(),
        "check deleted it"
    );
}

// ---------------------------------------------------------------------------
// fed log
// ---------------------------------------------------------------------------

#[test]
fn log_records_every_change_with_at_agent_event_and_id() {
    let env = Env::new();
    let done = add_as(&env, "claude", &["x"]);
    let dropped = add_as(&env, "claude", &["y"]);
    ok(&env, Some("kimi"), &["queue", "claim", &done]);
    ok(&env, Some("kimi"), &["queue", "complete", &done]);
    ok(&env, Some("claude"), &["queue", "cancel", &dropped]);
    ok(&env, Some("reuben"), &["pause"]);
    let log = events(&env, &[]);
    let summary: Vec<(String, String, String)> = log
        .iter()
        .map(|e| {
            assert_eq!(e["at"], json!("2026-11-21T09:00:00.000Z"), "{e}");
            (
                e["event"].as_str().unwrap_or_default().to_string(),
                e["agent"].as_str().unwrap_or_default().to_string(),
                e["task_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        summary,
        vec![
            s("added", "claude", &done),
            s("added", "claude", &dropped),
            s("claimed", "kimi", &done),
            s("completed", "kimi", &done),
            s("cancelled", "claude", &dropped),
            s("paused", "reuben", ""),
        ]
    );
    // The file itself: one JSON object a line.
    let raw = std::fs::read_to_string(env.path("log.jsonl")).unwrap();
    assert_eq!(raw.lines().count(), 6);
    for line in raw.lines() {
        let e: Value = serde_json::from_str(line).expect("a JSON line");
        assert!(e.get("at").is_some() && e.get("agent").is_some() && e.get("event").is_some());
    }
}

#[test]
fn log_limit_and_task_filter() {
    let env = Env::new();
    let a = env.add(&["a"]);
    let b = env.add(&["b"]);
    ok(&env, Some("kimi"), &["queue", "claim", &a]);
    ok(&env, Some("kimi"), &["queue", "complete", &a]);
    let last: Vec<Value> = events(&env, &["--limit", "2"]);
    assert_eq!(last.len(), 2);
    assert_eq!(last[1]["event"], json!("completed"));
    let about_b = events(&env, &["--task", &b[b.len() - 6..]]);
    assert_eq!(about_b.len(), 1, "{about_b:?}");
    assert_eq!(about_b[0]["task_id"], json!(b));
    let about_a = events(&env, &["--task", &a]);
    let names: Vec<&str> = about_a
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["added", "claimed", "completed"]);
    let text = ok(&env, None, &["log", "--limit", "1"]);
    assert!(
        text.contains("completed") && !text.contains("claimed"),
        "{text}"
    );
}

#[test]
fn log_task_with_a_full_id_shows_only_that_task() {
    let env = Env::new();
    env.add(&["x", "--id", "a"]);
    env.add(&["y", "--id", "data"]);
    let about_a = events(&env, &["--task", "a"]);
    let ids: Vec<&str> = about_a
        .iter()
        .map(|e| e["task_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a"], "`log --task a` must not show task `data`");
}

// ---------------------------------------------------------------------------
// Global flags and errors
// ---------------------------------------------------------------------------

#[test]
fn json_output_is_exactly_one_document() {
    let env = Env::new();
    let id = env.add(&["x", "--id", "x"]);
    let runs: Vec<(Option<&str>, Vec<&str>)> = vec![
        (None, vec!["init"]),
        (None, vec!["queue", "add", "y"]),
        (None, vec!["queue", "list"]),
        (None, vec!["queue", "show", &id]),
        (Some("kimi"), vec!["queue", "claim", &id]),
        (Some("kimi"), vec!["queue", "heartbeat", &id]),
        (None, vec!["queue", "reap"]),
        (None, vec!["status"]),
        (None, vec!["check"]),
        (None, vec!["log"]),
        (None, vec!["pause"]),
        (None, vec!["resume"]),
        (Some("kimi"), vec!["queue", "complete", &id]),
    ];
    for (agent, args) in runs {
        let mut all = vec!["--json"];
        all.extend_from_slice(&args);
        let out = env.run(agent, &all);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        parse(&out.stdout);
        assert!(out.stderr.is_empty(), "{args:?} chatted: {}", stderr(&out));
    }
}

#[test]
fn json_errors_are_one_document_too() {
    let env = Env::new();
    for (agent, args, want) in [
        (None, &["queue", "show", "nope"][..], 1),
        (Some("kimi"), &["queue", "claim"], 3),
        (None, &["queue", "list", "--state", "bogus"], 2),
    ] {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = env.run(agent, &all);
        assert_eq!(code(&out), want, "{args:?}");
        let doc = parse(&out.stdout);
        assert_eq!(doc["error"]["exit_code"], json!(want), "{doc}");
        assert!(doc["error"]["message"].is_string(), "{doc}");
        assert_one_line_error(&stderr(&out));
    }
}

#[test]
fn quiet_silences_messages_but_keeps_data() {
    let env = Env::new();
    let id = env.add(&["x"]);
    // Without -q the claim explains itself on stderr.
    let loud = env.run(Some("kimi"), &["queue", "claim"]);
    assert!(!loud.stderr.is_empty());
    ok(&env, Some("kimi"), &["queue", "release", &id]);
    let out = env.run(Some("kimi"), &["-q", "queue", "claim"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), format!("{id}\n"));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let out = env.run(Some("kimi"), &["--quiet", "queue", "complete", &id]);
    assert_eq!(code(&out), 0);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    // Errors still show.
    let out = env.run(None, &["-q", "queue", "show", "nope"]);
    assert_eq!(code(&out), 1);
    assert_one_line_error(&stderr(&out));
}

#[test]
fn quiet_init_prints_nothing() {
    let env = Env::empty();
    let out = env.run(None, &["init", "-q"]);
    assert_eq!(code(&out), 0);
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(env.path("queue/pending").is_dir());
}

#[test]
fn color_flag_controls_escape_codes() {
    let env = Env::new();
    env.add(&["x", "--priority", "critical"]);
    let always = ok(&env, None, &["--color", "always", "queue", "list"]);
    assert!(
        always.contains('\x1b'),
        "no colour with --color always: {always:?}"
    );
    let never = ok(&env, None, &["--color", "never", "queue", "list"]);
    assert!(!never.contains('\x1b'), "{never:?}");
    // auto: stdout is not a terminal here.
    let auto = ok(&env, None, &["queue", "list"]);
    assert!(!auto.contains('\x1b'), "{auto:?}");
    assert_eq!(auto, never);
    let json = ok(
        &env,
        None,
        &["--json", "--color", "always", "queue", "list"],
    );
    assert!(!json.contains('\x1b'), "--json must not be coloured");
    let out = env.run(None, &["--color", "sometimes", "queue", "list"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn unknown_commands_and_flags_exit_2() {
    let env = Env::new();
    for args in [
        &["frobnicate"][..],
        &["queue", "frobnicate"],
        &["status", "--frobnicate"],
        &["queue", "add", "x", "--frobnicate"],
        &[],
    ] {
        let out = env.run(None, args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert!(env.names("pending").is_empty());
}

#[test]
fn invalid_fed_now_exits_1_naming_it() {
    let env = Env::new();
    let out = env
        .fed(&["queue", "add", "x"])
        .env("FED_NOW", "next tuesday")
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert_one_line_error(&err);
    assert!(err.contains("FED_NOW"), "{err}");
    assert!(env.names("pending").is_empty());
}

#[test]
fn an_invalid_agent_name_exits_1() {
    let env = Env::new();
    env.add(&["x"]);
    for name in ["Bad Name", "-dash-first", "../up", &"a".repeat(65)] {
        let flag = format!("--agent={name}");
        let err = fails(&env, None, &[&flag, "queue", "claim"], 1);
        assert!(err.contains("--agent"), "{name}: {err}");
    }
    let out = env
        .fed(&["queue", "claim"])
        .env("FED_AGENT", "no/slash")
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    assert_one_line_error(&stderr(&out));
    assert!(env.names("in-progress").is_empty());
}

#[test]
fn every_error_is_one_line_starting_with_fed_error() {
    let env = Env::new();
    let id = env.add(&["x"]);
    env.claim("kimi");
    env.config("overseers: [reuben]\n");
    for (agent, args, want) in [
        (None, &["queue", "show", "nope"][..], 1),
        (Some("bob"), &["queue", "complete", &id], 5),
        (Some("bob"), &["queue", "claim"], 3),
        (Some("bob"), &["pause"], 1),
        (None, &["queue", "add", "", "--to", "kimi"], 1),
        (None, &["queue", "list", "--state", "x"], 2),
        (None, &["--dir", "nowhere", "status"], 1),
        (Some("bob"), &["queue", "cancel", &id], 1),
        (Some("bob"), &["queue", "heartbeat", &id], 5),
    ] {
        fails(&env, agent, args, want);
    }
}

// --- strict fencing with --token -------------------------------------------

#[test]
fn a_reclaimed_task_refuses_the_old_claim_token_of_the_same_agent() {
    let mut env = Env::new();
    env.config("leases:\n  ttl: 90s\n");
    let id = env.add(&["one"]);
    let first = env.json(Some("kimi"), &["queue", "claim"]);
    let old = first["lease"]["token"].as_str().unwrap().to_string();
    // The lease runs out, the task is reaped, and kimi claims it again
    // (a second worker under the same name).
    env.now = "2026-11-21T09:05:00Z".into();
    ok(&env, None, &["queue", "reap"]);
    let second = env.json(Some("kimi"), &["queue", "claim"]);
    let new = second["lease"]["token"].as_str().unwrap().to_string();
    assert_ne!(old, new);
    let before = env.snapshot_files();
    for command in ["complete", "heartbeat", "release"] {
        let err = fails(
            &env,
            Some("kimi"),
            &["queue", command, &id, "--token", &old],
            5,
        );
        assert!(err.contains(&new) && err.contains(&old), "{err}");
    }
    assert_eq!(env.snapshot_files(), before);
    ok(
        &env,
        Some("kimi"),
        &["queue", "complete", &id, "--token", &new],
    );
    assert_eq!(show(&env, &id)["status"], json!("done"));
}

#[test]
fn add_refuses_to_wait_on_a_task_that_can_never_be_done() {
    let env = Env::new();
    let dead = env.add(&["dead", "--from", "reuben"]);
    ok(&env, Some("reuben"), &["queue", "cancel", &dead]);
    let before = env.snapshot_files();
    let err = fails(&env, None, &["queue", "add", "child", "--after", &dead], 1);
    assert!(err.contains("cancelled") && err.contains(&dead), "{err}");
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn json_usage_errors_include_a_missing_subcommand() {
    let env = Env::new();
    let out = env.run(None, &["--json", "queue"]);
    assert_eq!(code(&out), 2);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["error"]["kind"], json!("usage"));
}

#[test]
fn log_task_with_an_ambiguous_suffix_is_an_error() {
    let env = Env::new();
    env.add(&["one", "--id", "alphax1"]);
    env.add(&["two", "--id", "betax1"]);
    let err = fails(&env, None, &["log", "--task", "x1"], 1);
    assert!(err.contains("ambiguous"), "{err}");
}
