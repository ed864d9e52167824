//! File reservations: a claim passes over a task whose files overlap those
//! of a task in progress, `queue show` says why, and `fed conflicts` lists
//! overlapping tasks in progress and, with --since, the tasks whose files
//! commits changed (against a real git history made here).

use crate::common::{Env, code, stderr, stdout};
use std::process::Command;

#[test]
fn a_claim_passes_over_overlapping_files_until_they_are_free() {
    let env = Env::new();
    let a = env.add(&[
        "refactor the queue",
        "--priority",
        "high",
        "--files",
        "src/queue/*.rs",
    ]);
    let b = env.add(&[
        "fix claim",
        "--files",
        "src/queue/claim.rs",
        "docs/protocol.md",
    ]);
    assert_eq!(env.claim("x"), a);
    let out = env.run(Some("y"), &["queue", "claim"]);
    assert_eq!(code(&out), 3, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("1 waits on files in use"),
        "{}",
        stderr(&out)
    );
    let shown = stdout(&env.run(None, &["queue", "show", &b]));
    assert!(
        shown.contains(&format!(
            "not ready:    its files overlap those of task {a} (held by x)"
        )),
        "{shown}"
    );
    assert!(
        shown.contains("src/queue/*.rs meets") || shown.contains("meets src/queue/*.rs"),
        "{shown}"
    );
    // A task with other files is claimable meanwhile.
    let c = env.add(&["write docs", "--files", "docs/guide.md"]);
    assert_eq!(env.claim("y"), c);
    env.as_agent("x", &["queue", "complete", &a])
        .assert()
        .success();
    assert_eq!(env.claim("y"), b);
    let shown = stdout(&env.run(None, &["queue", "show", &b]));
    assert!(!shown.contains("not ready"), "{shown}");
}

#[test]
fn a_task_held_back_by_a_reservation_is_not_listed_or_counted_as_ready() {
    let env = Env::new();
    let a = env.add(&["one", "--priority", "high", "--files", "src/*.rs"]);
    let b = env.add(&["two", "--files", "src/b.rs"]);
    let c = env.add(&["three", "--files", "docs/c.md"]);
    // The tasks share a creation time: their order among equals is by id,
    // so the ready sets are compared.
    let ready = |env: &Env| -> std::collections::BTreeSet<String> {
        env.json(None, &["queue", "list", "--ready"])
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["task_id"].as_str().unwrap().to_string())
            .collect()
    };
    let set = |ids: &[&String]| ids.iter().map(|s| s.to_string()).collect();
    assert_eq!(ready(&env), set(&[&a, &b, &c]));
    assert_eq!(env.claim("x"), a);
    // b overlaps a (in progress): not ready; c is.
    assert_eq!(ready(&env), set(&[&c]));
    let status = env.json(None, &["status"]);
    assert_eq!(status["ready"], 1, "{status}");
    assert_eq!(status["ready_tasks"][0]["task_id"], c.as_str(), "{status}");
    let prime = env.json(Some("y"), &["prime"]);
    assert_eq!(prime["ready_count"], 1, "{prime}");
    env.as_agent("x", &["queue", "complete", &a])
        .assert()
        .success();
    assert_eq!(ready(&env), set(&[&b, &c]));
}

#[test]
fn edit_replaces_or_clears_the_reserved_files() {
    let env = Env::new();
    let a = env.add(&["one", "--priority", "high", "--files", "src/a.rs"]);
    let b = env.add(&["two", "--files", "src/b.rs"]);
    assert_eq!(env.claim("x"), a);
    env.fed(&["queue", "edit", &b, "--files", "src/*.rs"])
        .assert()
        .success();
    let out = env.run(Some("y"), &["queue", "claim"]);
    assert_eq!(
        code(&out),
        3,
        "the edited reservation overlaps: {}",
        stdout(&out)
    );
    let bad = env.run(None, &["queue", "edit", &b, "--files", "/abs"]);
    assert_eq!(code(&bad), 1);
    assert!(stderr(&bad).contains("--files"), "{}", stderr(&bad));
    env.fed(&["queue", "edit", &b, "--files", "none"])
        .assert()
        .success();
    assert_eq!(
        env.json(None, &["queue", "show", &b])["files"],
        serde_json::Value::Null
    );
    assert_eq!(env.claim("y"), b);
}

#[test]
fn tasks_without_overlap_are_claimed_side_by_side() {
    let env = Env::new();
    let a = env.add(&["one", "--priority", "high", "--files", "src/a.rs"]);
    let b = env.add(&[
        "two",
        "--priority",
        "high",
        "--files",
        "src/b.rs",
        "src/*.md",
    ]);
    let _plain = env.add(&["three"]);
    let mut claimed = vec![env.claim("x"), env.claim("y")];
    claimed.sort();
    let mut expected = vec![a, b.clone()];
    expected.sort();
    assert_eq!(claimed, expected, "both, side by side");
    let t = env.json(None, &["queue", "show", &b]);
    assert_eq!(t["files"], serde_json::json!(["src/b.rs", "src/*.md"]));
    let doc = env.json(None, &["conflicts"]);
    assert_eq!(doc["overlapping"], serde_json::json!([]));
}

#[test]
fn bad_file_patterns_are_refused_and_change_nothing() {
    let env = Env::new();
    let before = env.snapshot_files();
    for bad in ["/etc/passwd", "src/[oops", ""] {
        let out = env.run(None, &["queue", "add", "x", "--files", bad]);
        assert_eq!(code(&out), 1, "{bad}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with("fed: error: --files: "),
            "{}",
            stderr(&out)
        );
        assert_eq!(stderr(&out).lines().count(), 1);
    }
    let out = env.run(None, &["queue", "add", "x", "--check", "  "]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("--check"), "{}", stderr(&out));
    assert_eq!(env.snapshot_files(), before);
}

fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    stdout(&out).trim().to_string()
}

fn commit(dir: &std::path::Path, file: &str, text: &str, message: &str) -> String {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    git(dir, &["add", file]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

#[test]
fn conflicts_since_a_revision_names_the_touched_tasks_and_their_commits() {
    let env = Env::new();
    let root = env.root();
    git(root, &["init", "-q"]);
    let base = commit(root, "src/a.rs", "1", "start");
    let a = env.add(&["edit a", "--priority", "critical", "--files", "src/a.rs"]);
    let b = env.add(&["edit docs", "--priority", "high", "--files", "docs/*.md"]);
    let c = env.add(&["also a", "--files", "src/*.rs"]);
    assert_eq!(env.claim("x"), a);
    assert_eq!(env.claim("y"), b);
    env.as_agent("z", &["queue", "claim", &c])
        .assert()
        .success();
    let first = commit(root, "src/a.rs", "2", "change a");
    let _other = commit(root, "README.md", "hi", "readme");
    let doc = env.json(Some("x"), &["conflicts", "--since", &base]);
    let touched = doc["touched"].as_array().unwrap();
    let ids: Vec<&str> = touched
        .iter()
        .map(|t| t["task_id"].as_str().unwrap())
        .collect();
    let mut expected = vec![a.as_str(), c.as_str()];
    expected.sort();
    assert_eq!(ids, expected, "{doc}");
    let ta = &touched[ids.iter().position(|i| *i == a).unwrap()];
    assert_eq!(ta["files"], serde_json::json!(["src/a.rs"]));
    assert_eq!(ta["commits"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(ta["commits"][0]["hash"], first);
    assert_eq!(ta["commits"][0]["subject"], "change a");
    assert_eq!(ta["holder"], "x");
    // a and c reserve overlapping files.
    let pairs = doc["overlapping"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{doc}");
    let log = std::fs::read_to_string(env.path("log.jsonl")).unwrap();
    assert_eq!(log.matches("\"files-touched\"").count(), 2, "{log}");
    // No commits since HEAD: nothing touched, nothing logged.
    let doc = env.json(Some("x"), &["conflicts", "--since", "HEAD"]);
    assert_eq!(doc["touched"], serde_json::json!([]));
    // People read short ids: the random tails.
    let text = stdout(&env.run(Some("x"), &["conflicts"]));
    let (ta, tc) = (&a[a.len() - 6..], &c[c.len() - 6..]);
    assert!(text.starts_with("overlap  "), "{text}");
    assert!(
        text.contains(ta) && text.contains(tc) && !text.contains(&a),
        "{text}"
    );
    let out = env.run(Some("x"), &["conflicts", "--since", "no-such-rev"]);
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
}
