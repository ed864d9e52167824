//! `fed plan import` and `fed plan export` through the real binary, on the
//! realistic plans of `tests/fixtures/plans/` and on broken, hostile and
//! huge ones: what is created, updated, recorded as done and reported;
//! that a refused plan changes nothing; that a re-import creates nothing
//! twice and finishes an import cut short; and that an export reads back
//! to the same tasks.

use crate::common::process::{process, run_bounded, together};
use crate::common::{Env, code, stderr, stdout};
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(120);
const AGENTS: &str = "agents: [reuben, kimi, claude, gemini, copilot, dana]\noverseers: [reuben]\n";

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plans")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A federation whose project holds `plans/NAME` with `text`.
fn env_with(name: &str, text: &str) -> Env {
    let env = Env::new();
    env.config(AGENTS);
    write(&env, name, text);
    env
}

fn write(env: &Env, name: &str, text: &str) {
    let path = env.root().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `fed --json plan import ARGS` as `agent`: asserts exit 0, returns the
/// report.
#[track_caller]
fn import(env: &Env, agent: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json", "plan", "import"];
    all.extend_from_slice(args);
    let out = env.run(Some(agent), &all);
    assert_eq!(code(&out), 0, "plan import {args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
}

/// Runs `fed ARGS`, asserts exit `want`, one error line naming `names`,
/// no data, and that no file of the federation changed (the log included).
#[track_caller]
fn refused(env: &Env, agent: &str, args: &[&str], want: i32, names: &str) -> String {
    let before = env.snapshot_files();
    let log = std::fs::read(env.path("log.jsonl")).unwrap_or_default();
    let out = env.run(Some(agent), args);
    let err = stderr(&out);
    assert_eq!(code(&out), want, "fed {args:?}: {err}");
    assert!(
        out.stdout.is_empty(),
        "fed {args:?} printed {}",
        stdout(&out)
    );
    assert!(err.starts_with("fed: error: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(
        err.contains(names),
        "fed {args:?}: {err} does not name {names}"
    );
    assert!(env.snapshot_files() == before, "fed {args:?} changed files");
    assert_eq!(
        std::fs::read(env.path("log.jsonl")).unwrap_or_default(),
        log
    );
    err
}

fn ids(report: &Value, list: &str) -> Vec<String> {
    report[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list} in {report}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Every task of the federation, by title.
fn tasks(env: &Env) -> Vec<Value> {
    let out = env.run(None, &["--json", "queue", "list", "--state", "all"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array().unwrap().clone()
}

#[track_caller]
fn by_title<'t>(tasks: &'t [Value], title: &str) -> &'t Value {
    let found: Vec<&Value> = tasks.iter().filter(|t| t["title"] == title).collect();
    assert_eq!(found.len(), 1, "{title:?}: {} tasks", found.len());
    found[0]
}

fn deps_of<'t>(tasks: &'t [Value], task: &Value) -> BTreeSet<&'t str> {
    task["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let t = tasks
                .iter()
                .find(|t| t["task_id"] == *d)
                .expect("dependency exists");
            t["title"].as_str().unwrap()
        })
        .collect()
}

fn set<'a>(titles: &[&'a str]) -> BTreeSet<&'a str> {
    titles.iter().copied().collect()
}

#[test]
fn a_multi_phase_plan_becomes_tasks_with_phases_dependencies_and_done_items() {
    let env = env_with("docs/launch.md", &fixture("launch.md"));
    let report = import(&env, "reuben", &["docs/launch.md", "--lead", "dana"]);
    assert_eq!(report["plan"], "docs/launch.md");
    let created = ids(&report, "created");
    assert_eq!(created.len(), 13, "{report}");
    assert!(created.iter().all(|id| id.starts_with("plan-")));
    assert!(ids(&report, "updated").is_empty() && ids(&report, "removed").is_empty());
    let all = tasks(&env);
    assert_eq!(all.len(), 13);
    let migration = by_title(&all, "Write the session schema migration");
    assert_eq!(migration["status"], "pending");
    assert_eq!(
        (
            migration["to_agent"].as_str(),
            migration["task_type"].as_str()
        ),
        (Some("kimi"), Some("implement"))
    );
    assert_eq!(migration["priority"], "high");
    assert_eq!(
        migration["description"],
        "Write the session schema migration\n\nSessions live in Postgres; keep the table narrow.\nExpire rows after 30 days."
    );
    assert_eq!(migration["context"]["plan"], "docs/launch.md");
    assert_eq!(
        migration["context"]["phase"],
        "Sign-in launch plan / Phase 1: Foundations"
    );
    assert_eq!(migration["context"]["plan_key"].as_str().unwrap().len(), 13);
    assert_eq!(
        migration["context"]["plan_fuzzy_key"]
            .as_str()
            .unwrap()
            .len(),
        13
    );
    assert_eq!(
        (migration["from_agent"].as_str(), migration["lead"].as_str()),
        (Some("reuben"), Some("dana"))
    );
    for done in [
        "Choose the OAuth provider and flow",
        "Add the `Secure` and `HttpOnly` flags",
    ] {
        let t = by_title(&all, done);
        assert_eq!(t["status"], "done", "{done}");
        assert_eq!(
            t["result"]["summary"],
            "recorded as done when it was queued"
        );
        assert!(
            env.names("completed")
                .contains(&format!("{}.json", t["task_id"].as_str().unwrap()))
        );
    }
    let middleware = by_title(&all, "Set up the authetication middleware");
    assert_eq!(
        deps_of(&all, middleware),
        set(&[
            "Parse and verify the session cookie",
            "Add the `Secure` and `HttpOnly` flags",
            "Reject tokens signed with a retired key"
        ])
    );
    let login = by_title(&all, "Build the login page");
    assert_eq!(
        deps_of(&all, login),
        set(&[
            "Write the session schema migration",
            "Set up the authetication middleware"
        ])
    );
    assert_eq!(
        login["context"]["phase"],
        "Sign-in launch plan / Phase 2: Login flow"
    );
    let rollout = by_title(&all, "Ship behind the `team-sso` flag");
    assert_eq!(
        deps_of(&all, rollout),
        set(&["Threat-model the login flow", "Rate-limit failed sign-ins"])
    );
    assert!(
        all.iter()
            .all(|t| !t["title"].as_str().unwrap().contains("code block"))
    );
    assert!(all.iter().all(|t| t["title"] != "Passkeys"));
    let check: Value = serde_json::from_slice(&env.run(None, &["--json", "check"]).stdout).unwrap();
    assert_eq!(check["ok"], true, "{check}");
    let log = std::fs::read_to_string(env.path("log.jsonl")).unwrap();
    assert_eq!(log.matches("\"event\":\"added\"").count(), 13);
    assert_eq!(log.matches("\"recorded\":true").count(), 2);
    // The text report names every new task.
    let env2 = env_with("docs/launch.md", &fixture("launch.md"));
    let out = env2.run(Some("reuben"), &["plan", "import", "docs/launch.md"]);
    let text = stdout(&out);
    assert!(
        text.starts_with("Plan docs/launch.md: 13 created, 0 updated, 0 unchanged, 0 removed\n"),
        "{text}"
    );
    assert!(
        text.contains("Write the session schema migration (line 9)"),
        "{text}"
    );
}

#[test]
fn a_roadmap_with_priority_tables_becomes_tasks() {
    let env = env_with("roadmap.md", &fixture("roadmap.md"));
    let out = env.run(
        Some("reuben"),
        &[
            "--json",
            "plan",
            "import",
            "roadmap.md",
            "--type",
            "feature",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("fed: warning: "), "{}", stderr(&out));
    assert!(stderr(&out).contains("Platform team"), "{}", stderr(&out));
    let all = tasks(&env);
    let row = |title: &str| {
        let t = by_title(&all, title);
        (
            t["status"].as_str().unwrap().to_string(),
            t["priority"].as_str().unwrap().to_string(),
            t["to_agent"].as_str().map(str::to_string),
            t["task_type"].as_str().unwrap().to_string(),
        )
    };
    let s = |x: &str| x.to_string();
    assert_eq!(
        row("Single sign-on with SAML"),
        (s("pending"), s("critical"), Some(s("kimi")), s("feature"))
    );
    assert_eq!(
        row("Audit log export"),
        (s("done"), s("high"), Some(s("claude")), s("feature"))
    );
    assert_eq!(
        row("Usage-based billing"),
        (s("pending"), s("normal"), None, s("feature"))
    );
    assert_eq!(
        row("Mobile push notifications"),
        (s("pending"), s("high"), Some(s("gemini")), s("mobile"))
    );
    assert_eq!(
        row("Dark mode"),
        (s("pending"), s("low"), None, s("feature"))
    );
    assert_eq!(
        row("Offline mode for the desktop app"),
        (s("pending"), s("low"), None, s("feature"))
    );
    assert_eq!(
        row("Public API v2"),
        (s("pending"), s("normal"), None, s("design"))
    );
    assert_eq!(all.len(), 7, "the risk table is not work");
    let sso = by_title(&all, "Single sign-on with SAML");
    assert!(
        sso["description"]
            .as_str()
            .unwrap()
            .contains("Blocks the enterprise deal")
    );
    assert_eq!(sso["context"]["phase"], "Q3 roadmap / Now");
}

#[test]
fn a_plan_without_headings_has_no_phases() {
    let env = env_with("demo.md", &fixture("no-headings.md"));
    let report = import(&env, "kimi", &["demo.md"]);
    assert_eq!(ids(&report, "created").len(), 6);
    let all = tasks(&env);
    assert!(
        all.iter().all(|t| t["context"].get("phase").is_none()),
        "{all:?}"
    );
    let slides = by_title(&all, "Prepare the slides");
    assert_eq!(
        deps_of(&all, slides),
        set(&["Architecture overview", "Metrics from the pilot"])
    );
    assert_eq!(by_title(&all, "Book the meeting room")["status"], "done");
    assert_eq!(
        by_title(&all, "Fix the flaky login test")["task_type"],
        "bugfix"
    );
}

#[test]
fn reimport_after_edits_updates_creates_and_reports_removed_without_duplicates() {
    let env = env_with("plan.md", &fixture("launch.md"));
    import(&env, "reuben", &["plan.md"]);
    let before = tasks(&env);
    // Changes made by hand that the plan does not speak of are kept.
    let extra = env.add(&["Hand-made prerequisite"]);
    let runbook = by_title(&before, "Write the runbook for on-call")["task_id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = env.run(
        Some("reuben"),
        &[
            "queue",
            "edit",
            &runbook,
            "--after",
            &extra,
            "--priority",
            "high",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    write(&env, "plan.md", &fixture("launch-edited.md"));
    let report = import(&env, "reuben", &["plan.md"]);
    assert_eq!(ids(&report, "created").len(), 2, "{report}");
    assert_eq!(ids(&report, "updated").len(), 5, "{report}");
    assert_eq!(ids(&report, "unchanged").len(), 6, "{report}");
    let removed = ids(&report, "removed");
    assert_eq!(removed.len(), 2);
    let all = tasks(&env);
    assert_eq!(all.len(), 16, "13 + 2 created + the hand-made one");
    let titles: Vec<&str> = all.iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles.iter().collect::<BTreeSet<_>>().len(),
        titles.len(),
        "a title twice: {titles:?}"
    );
    for id in &removed {
        let t = all
            .iter()
            .find(|t| &t["task_id"] == id)
            .expect("a removed task is kept");
        assert_eq!(t["status"], "pending");
    }
    let middleware = by_title(&all, "Set up the authentication middleware");
    assert_eq!(
        middleware["task_id"],
        by_title(&before, "Set up the authetication middleware")["task_id"]
    );
    assert_eq!(
        by_title(&all, "Write the session schema migration")["priority"],
        "critical"
    );
    let cookie = by_title(&all, "Parse and verify the session cookie");
    assert_eq!(cookie["status"], "done");
    assert_eq!(cookie["result"]["summary"], "ticked in the plan");
    let pkce = by_title(&all, "Implement the OAuth callback endpoint with PKCE");
    let review = by_title(&all, "Threat-model the login flow");
    assert!(deps_of(&all, review).contains("Implement the OAuth callback endpoint with PKCE"));
    assert_eq!(pkce["to_agent"], "kimi");
    let runbook = by_title(&all, "Write the runbook for on-call");
    assert_eq!(
        runbook["priority"], "high",
        "a priority the plan does not give is kept"
    );
    assert!(deps_of(&all, runbook).contains("Hand-made prerequisite"));
    // `list --json` leaves the history out: `show` prints it.
    let shown = env.run(
        None,
        &[
            "--json",
            "queue",
            "show",
            runbook["task_id"].as_str().unwrap(),
        ],
    );
    let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
    let edited = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["event"] == "edited")
        .count();
    assert_eq!(edited, 1, "the import left the runbook alone");
    // Once more: nothing to do.
    let again = import(&env, "reuben", &["plan.md"]);
    assert!(
        ids(&again, "created").is_empty() && ids(&again, "updated").is_empty(),
        "{again}"
    );
    assert_eq!(ids(&again, "unchanged").len(), 13);
    assert_eq!(ids(&again, "removed"), removed);
    assert_eq!(tasks(&env).len(), 16);
}

#[test]
fn a_dry_run_changes_nothing_and_names_the_ids_an_import_would_create() {
    let env = env_with("plan.md", &fixture("launch.md"));
    let before = env.snapshot_files();
    let log = std::fs::read(env.path("log.jsonl")).unwrap_or_default();
    let dry = import(&env, "reuben", &["plan.md", "--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    assert!(env.snapshot_files() == before);
    assert_eq!(
        std::fs::read(env.path("log.jsonl")).unwrap_or_default(),
        log
    );
    let text = stdout(&env.run(Some("reuben"), &["plan", "import", "plan.md", "--dry-run"]));
    assert!(
        text.starts_with("Plan plan.md (dry run: nothing changed): 13 created"),
        "{text}"
    );
    assert!(text.contains("would create plan-"), "{text}");
    let real = import(&env, "reuben", &["plan.md"]);
    assert_eq!(ids(&dry, "created"), ids(&real, "created"));
    write(&env, "plan.md", &fixture("launch-edited.md"));
    let before = env.snapshot_files();
    let dry = import(&env, "reuben", &["plan.md", "--dry-run"]);
    assert_eq!(
        (ids(&dry, "created").len(), ids(&dry, "updated").len()),
        (2, 5)
    );
    assert!(env.snapshot_files() == before);
}

#[test]
fn who_may_import_changes_into_tasks_is_who_may_edit_them() {
    let env = env_with("plan.md", &fixture("launch.md"));
    import(&env, "kimi", &["plan.md"]);
    write(&env, "plan.md", &fixture("launch-edited.md"));
    refused(
        &env,
        "copilot",
        &["plan", "import", "plan.md"],
        1,
        "plan import: only an overseer (reuben), the task's creator (kimi)",
    );
    let report = import(&env, "kimi", &["plan.md"]);
    assert_eq!(ids(&report, "updated").len(), 5);
}

#[test]
fn plans_the_federation_cannot_take_are_refused_whole() {
    let env = env_with("plan.md", &fixture("launch.md"));
    env.config("agents: [reuben, kimi, claude]\n");
    refused(
        &env,
        "reuben",
        &["plan", "import", "plan.md"],
        1,
        "plan.md: line 19: @gemini is not one of the agents in config.yaml",
    );
    env.config(AGENTS);
    refused(
        &env,
        "reuben",
        &["plan", "import", "plan.md", "--to", "auto"],
        1,
        "--to: a plan names its agents",
    );
    refused(
        &env,
        "reuben",
        &["plan", "import", "plan.md", "--to", "bob"],
        1,
        "--to: 'bob' is not one of the agents",
    );
    refused(
        &env,
        "reuben",
        &["plan", "import", "plan.md", "--type", "no way"],
        1,
        "--type:",
    );
    refused(
        &env,
        "bob",
        &["plan", "import", "plan.md"],
        1,
        "'bob' is not one of the agents",
    );
    env.config("limits:\n  max_pending_per_agent: 2\n");
    write(
        &env,
        "three.md",
        "- [ ] one @kimi\n- [ ] two @kimi\n- [ ] three @kimi\n- [x] done @kimi\n",
    );
    refused(
        &env,
        "reuben",
        &["plan", "import", "three.md"],
        1,
        "the plan would give kimi 3 pending tasks (limits.max_pending_per_agent is 2)",
    );
    write(
        &env,
        "two.md",
        "- [ ] one @kimi\n- [ ] two @kimi\n- [x] done @kimi\n",
    );
    assert_eq!(
        ids(&import(&env, "reuben", &["two.md"]), "created").len(),
        3
    );
}

#[test]
fn malformed_markdown_never_panics_and_never_half_imports() {
    let env = env_with("plan.md", "");
    let deep: String = (0..200)
        .map(|d| format!("{}- [ ] level {d}\n", "  ".repeat(d)))
        .collect();
    let many: String = (0..20_001).map(|i| format!("- [ ] item {i}\n")).collect();
    let cases = [
        (
            "fence.md",
            "# P\n- [ ] before\n```\n- [ ] swallowed\n".to_string(),
            "fence.md: line 3",
        ),
        (
            "comment.md",
            "- [ ] before\n<!-- never closed\n- [ ] x\n".to_string(),
            "comment.md: line 2",
        ),
        ("deep.md", deep, "deep.md: line"),
        ("many.md", many, "many.md:"),
    ];
    for (name, text, names) in &cases {
        write(&env, name, text);
        let out = run_bounded(
            process(&env, Some("reuben"), &["plan", "import", name]),
            LIMIT,
        );
        assert_eq!(code(&out), 1, "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(names), "{name}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{name}: {}", stderr(&out));
        assert!(
            env.names("pending").is_empty() && env.names("completed").is_empty(),
            "{name}"
        );
    }
    // Closed HTML blocks hide their checklists; the items around them count.
    write(
        &env,
        "html.md",
        "<details>\n- [ ] hidden\n</details>\n\n- [ ] shown\n<div>\n\n- [ ] in a div\n\n</div>\n",
    );
    let report = import(&env, "reuben", &["html.md", "--dry-run"]);
    let titles: Vec<&str> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"shown") && !titles.contains(&"hidden"),
        "{titles:?}"
    );
    // Ten thousand items: planned whole, and refused whole for one bad agent.
    let mut big: String = (0..10_000).map(|i| format!("- [ ] item {i}\n")).collect();
    write(&env, "big.md", &big);
    let out = run_bounded(
        process(
            &env,
            Some("reuben"),
            &["--json", "plan", "import", "big.md", "--dry-run"],
        ),
        LIMIT,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&report, "created").len(), 10_000);
    big.push_str("- [ ] the last one @stranger\n");
    write(&env, "big.md", &big);
    let before = env.snapshot_files();
    let out = run_bounded(
        process(&env, Some("reuben"), &["plan", "import", "big.md"]),
        LIMIT,
    );
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("big.md: line 10001: @stranger is not one of the agents"),
        "{}",
        stderr(&out)
    );
    assert!(env.snapshot_files() == before);
}

#[test]
fn unreadable_plans_are_refused_with_the_file_named() {
    let env = env_with("plan.md", "- [ ] fine\n");
    std::fs::write(env.root().join("latin1.md"), b"# Plan\n- [ ] caf\xe9\n").unwrap();
    refused(
        &env,
        "reuben",
        &["plan", "import", "latin1.md"],
        1,
        "latin1.md: line 2: not UTF-8 text",
    );
    let big = format!("- [ ] x\n{}", "a".repeat(4 * 1024 * 1024));
    std::fs::write(env.root().join("big.md"), big).unwrap();
    refused(&env, "reuben", &["plan", "import", "big.md"], 1, "big.md: ");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "- [ ] steal\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), env.root().join("link.md"))
        .unwrap();
    refused(
        &env,
        "reuben",
        &["plan", "import", "link.md"],
        1,
        "link.md: a symlink",
    );
    std::fs::create_dir(env.root().join("dir.md")).unwrap();
    refused(
        &env,
        "reuben",
        &["plan", "import", "dir.md"],
        1,
        "dir.md: not a regular file",
    );
    refused(
        &env,
        "reuben",
        &["plan", "import", "missing.md"],
        1,
        "missing.md: cannot open",
    );
}

/// The title, state, agent, type, priority, phase and description of
/// every task: what an export keeps.
fn kept(tasks: &[Value]) -> BTreeSet<String> {
    tasks
        .iter()
        .filter(|t| t["status"] != "cancelled")
        .map(|t| {
            format!(
                "{} | {} | {} | {} | {} | {} | {}",
                t["title"],
                t["status"] == "done",
                t["to_agent"],
                t["task_type"],
                t["priority"],
                t["context"].get("phase").unwrap_or(&Value::Null),
                t["description"]
            )
        })
        .collect()
}

#[test]
fn an_export_imports_back_to_the_same_tasks() {
    let a = env_with("plan.md", &fixture("launch.md"));
    import(&a, "reuben", &["plan.md"]);
    import(&a, "reuben", &["plan.md"]);
    write(&a, "roadmap.md", &fixture("roadmap.md"));
    import(&a, "reuben", &["roadmap.md"]);
    a.add(&["Loose end: no plan, no phase", "--priority", "low"]);
    let gone = a.add(&["Cancelled work"]);
    assert_eq!(code(&a.run(Some("reuben"), &["queue", "cancel", &gone])), 0);
    let out = a.run(None, &["plan", "export", "--output", "exported.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Wrote 21 task(s) to exported.md"),
        "{}",
        stderr(&out)
    );
    let exported = std::fs::read_to_string(a.root().join("exported.md")).unwrap();
    assert!(
        exported.starts_with("- [ ] Loose end: no plan, no phase !low\n"),
        "{exported}"
    );
    assert!(
        exported.contains("- [x] Choose the OAuth provider and flow @claude #research\n"),
        "{exported}"
    );
    assert!(!exported.contains("Cancelled work"));
    assert_eq!(
        stdout(&a.run(None, &["plan", "export"])).trim_end(),
        exported.trim_end()
    );
    let b = env_with("exported.md", &exported);
    let report = import(&b, "reuben", &["exported.md"]);
    assert_eq!(ids(&report, "created").len(), 21);
    assert_eq!(kept(&tasks(&b)), kept(&tasks(&a)));
    // --plan keeps the tasks of one plan.
    let only = stdout(&a.run(None, &["plan", "export", "--plan", "roadmap.md"]));
    assert!(
        only.contains("Single sign-on with SAML") && !only.contains("OAuth"),
        "{only}"
    );
    let json: Value = serde_json::from_slice(
        &a.run(None, &["--json", "plan", "export", "--plan", "plan.md"])
            .stdout,
    )
    .unwrap();
    assert_eq!(json["tasks"], 13);
}

/// Several processes import one plan at once: each item becomes one task.
#[test]
fn concurrent_imports_of_one_plan_create_each_item_once() {
    let env = env_with("plan.md", &fixture("launch.md"));
    let outs = together(4, |_| {
        run_bounded(
            process(&env, Some("reuben"), &["plan", "import", "plan.md"]),
            LIMIT,
        )
    });
    for out in &outs {
        assert!(
            matches!(code(out), 0 | 5),
            "exit {}: {}",
            code(out),
            stderr(out)
        );
    }
    import(&env, "reuben", &["plan.md"]);
    let all = tasks(&env);
    assert_eq!(all.len(), 13, "{all:?}");
    let keys: BTreeSet<&str> = all
        .iter()
        .map(|t| t["context"]["plan_key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 13);
    let again = import(&env, "reuben", &["plan.md"]);
    assert_eq!(ids(&again, "unchanged").len(), 13);
}

/// A disk that fills up part way stops the import; it says what landed,
/// and running it again finishes it, creating nothing twice.
#[cfg(feature = "failpoints")]
#[test]
fn an_import_cut_short_is_finished_by_running_it_again() {
    let env = env_with("plan.md", &fixture("launch.md"));
    let mut cmd = env.clean(&env.now, &["--json", "plan", "import", "plan.md"]);
    cmd.env("FED_AGENT", "reuben")
        .env("FAILPOINTS", "fsx::rename=6*off->return(enospc)");
    let out = cmd.output().unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let landed: Value = serde_json::from_slice(&out.stdout).expect("the report of what landed");
    let created = ids(&landed, "created");
    assert!(!created.is_empty() && created.len() < 13, "{landed}");
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "the import stopped with {} created, 0 updated; run it again",
            created.len()
        )),
        "{err}"
    );
    assert_eq!(landed["error"]["exit_code"], 1);
    assert_eq!(tasks(&env).len(), created.len());
    let rest = import(&env, "reuben", &["plan.md"]);
    assert_eq!(ids(&rest, "created").len() + created.len(), 13, "{rest}");
    assert_eq!(ids(&rest, "unchanged").len(), created.len());
    assert_eq!(tasks(&env).len(), 13);
}

/// A dependency a person added can make the plan's own edges close a
/// cycle: the whole import is refused, with the cycle named.
#[test]
fn an_import_that_would_close_a_cycle_is_refused_whole() {
    let env = env_with("plan.md", "- [ ] parent\n- [ ] child\n");
    import(&env, "reuben", &["plan.md"]);
    let all = tasks(&env);
    let (parent, child) = (
        by_title(&all, "parent")["task_id"]
            .as_str()
            .unwrap()
            .to_string(),
        by_title(&all, "child")["task_id"]
            .as_str()
            .unwrap()
            .to_string(),
    );
    // A task of no plan that waits for the parent, and that the child now
    // waits for: the plan nesting the child in the parent closes a loop.
    let bridge = env.add(&["bridge", "--after", &parent]);
    let out = env.run(
        Some("reuben"),
        &["queue", "edit", &child, "--after", &bridge],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    write(
        &env,
        "plan.md",
        "- [ ] parent\n  - [ ] child\n- [ ] another\n",
    );
    let err = refused(
        &env,
        "reuben",
        &["plan", "import", "plan.md"],
        1,
        "importing the plan would close a dependency cycle",
    );
    assert!(
        [
            [&parent, &child, &bridge, &parent],
            [&child, &bridge, &parent, &child],
            [&bridge, &parent, &child, &bridge]
        ]
        .iter()
        .any(|c| err.contains(&c.map(|s| s.as_str()).join(" -> "))),
        "{err}"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The example federation was built from the plan that ships beside it:
/// importing that plan again (through a relative `--dir`, as the README
/// does) finds every item in place.
#[test]
fn the_example_federation_is_in_step_with_its_plan() {
    let env = Env::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(
        &repo.join(".federation.example"),
        &env.root().join(".federation.example"),
    );
    std::fs::copy(
        repo.join(".federation.example.plan.md"),
        env.root().join(".federation.example.plan.md"),
    )
    .unwrap();
    let args = [
        "--json",
        "--dir",
        ".federation.example",
        "plan",
        "import",
        ".federation.example.plan.md",
        "--dry-run",
    ];
    let out = env.run(Some("reuben"), &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["plan"], ".federation.example.plan.md");
    assert!(
        ids(&report, "created").is_empty() && ids(&report, "updated").is_empty(),
        "{report}"
    );
    assert_eq!(ids(&report, "unchanged").len(), 9);
    let out = env.run(None, &["--dir", ".federation.example", "check"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

/// The worked example of docs/plans.md, imported and re-imported as its
/// "Importing" section shows.
#[test]
fn the_worked_example_imports_as_the_docs_say() {
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/plans.md"),
    )
    .unwrap();
    let start = "`plans/billing.md`:\n\n```markdown\n";
    let at = docs.find(start).expect("the worked example") + start.len();
    let plan = &docs[at..at + docs[at..].find("```").unwrap()];
    let env = env_with("plans/billing.md", plan);
    let out = env.run(
        Some("reuben"),
        &["plan", "import", "plans/billing.md", "--lead", "claude"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "Plan plans/billing.md: 9 created, 0 updated, 0 unchanged, 0 removed",
        "  created      plan-24yl0uo2r8u3k  Decide on the invoice schema (line 5)",
        "  created      plan-2bjyr3s0totlg  Announce in the changelog (line 25)",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    let ready = stdout(&env.run(None, &["--full-ids", "queue", "list", "--ready"]));
    for id in [
        "plan-0nh29bakrdqr0",
        "plan-1aoks64lxdlj2",
        "plan-3stdbbso331md",
    ] {
        assert!(ready.contains(id), "{id} not ready:\n{ready}");
    }
    assert_eq!(ready.lines().count(), 4, "{ready}");
    let edited = plan
        .replace(
            "- [ ] Write the invoices migration",
            "- [x] Write the invoices migration",
        )
        .replace(
            "- [ ] Add the PDF renderer @gemini",
            "- [ ] Add the PDF renderer @gemini !high",
        )
        .replace(
            "\n### Release\n\n- [ ] Announce in the changelog #docs\n",
            "\n",
        );
    write(&env, "plans/billing.md", &edited);
    let text = stdout(&env.run(Some("reuben"), &["plan", "import", "plans/billing.md"]));
    assert_eq!(
        text,
        "Plan plans/billing.md: 0 created, 3 updated, 5 unchanged, 1 removed\n\
         \x20 updated      plan-0nh29bakrdqr0  Write the invoices migration (line 6): done\n\
         \x20 updated      plan-0l54dfnc35xbs  Add GET /invoices (line 14): dependencies\n\
         \x20 updated      plan-20rb1z95buv3b  Add the PDF renderer (line 15): priority, dependencies\n\
         \x20 removed      plan-2bjyr3s0totlg  Announce in the changelog: no longer in the plan (left as it is)\n"
    );
}
