//! `queue add --from-file` through a remote: the batch's tasks are made
//! here (each marked in the outbox first), then published together,
//! straight into the archive in one commit on the branch; a task gets its
//! live ref at its first change. What the command cannot publish (the
//! remote unreachable, the process killed) the next sync does.

use crate::common::machines::{
    Hub, clone_machine, documents, first_machine, hub_archived, hub_status, ok, run,
};
use crate::common::{Env, code, stderr, stdout};

/// A batch file of `n` tasks, the second waiting on the first (by id).
fn batch(env: &Env, name: &str, n: usize) -> String {
    let tasks: Vec<serde_json::Value> = (0..n)
        .map(|i| match i {
            0 => serde_json::json!({ "id": format!("{name}-first"), "description": "first" }),
            1 => serde_json::json!({ "description": "second", "after": [format!("{name}-first")] }),
            _ => serde_json::json!({ "description": format!("{name} {i}") }),
        })
        .collect();
    let file = env.root().join(format!("{name}.json"));
    std::fs::write(&file, serde_json::to_vec(&tasks).unwrap()).unwrap();
    file.display().to_string()
}

/// The commits on the hub's branch.
fn branch_commits(hub: &Hub) -> usize {
    let out = std::process::Command::new("git")
        .arg("--git-dir")
        .arg(hub.path())
        .args(["rev-list", "--count", "refs/heads/fed"])
        .output()
        .unwrap();
    stdout(&out).trim().parse().unwrap()
}

fn outbox(env: &Env) -> usize {
    std::fs::read_dir(env.path(".remote/outbox"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn a_batch_is_published_in_one_commit_into_the_archive() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let b = clone_machine(&hub);
    let commits = branch_commits(&hub);
    let file = batch(&a, "b1", 25);
    let out = ok(&a, None, &["queue", "add", "--from-file", &file]);
    let ids: Vec<&str> = out.lines().collect();
    assert_eq!(ids.len(), 25);
    assert_eq!(
        branch_commits(&hub),
        commits + 1,
        "one commit for the batch"
    );
    assert!(
        hub.refs()
            .keys()
            .all(|r| !r.starts_with("refs/fed/fed/tasks/")),
        "no live ref yet"
    );
    for id in &ids {
        assert_eq!(hub_archived(&hub, id).as_deref(), Some("pending"), "{id}");
    }
    assert_eq!(outbox(&a), 0);
    // Another machine gets them, the dependency included, and claims.
    ok(&b, None, &["sync"]);
    assert_eq!(documents(&a), documents(&b));
    let claimed = ok(&b, Some("bob"), &["queue", "claim", "b1-first"]);
    assert_eq!(claimed, "b1-first");
    assert_eq!(hub_status(&hub, "b1-first").as_deref(), Some("in-progress"));
}

#[test]
fn a_batch_cut_short_by_a_bad_item_publishes_what_it_added() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let mut tasks: Vec<serde_json::Value> = (0..4)
        .map(|i| serde_json::json!({ "description": format!("good {i}") }))
        .collect();
    tasks.push(serde_json::json!({ "description": "bad", "priority": "soonish" }));
    tasks.push(serde_json::json!({ "description": "never added" }));
    let file = a.root().join("bad.json");
    std::fs::write(&file, serde_json::to_vec(&tasks).unwrap()).unwrap();
    let out = run(
        &a,
        None,
        &["queue", "add", "--from-file", file.to_str().unwrap()],
    );
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("task 4"), "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(ids.len(), 4, "{}", stdout(&out));
    for id in &ids {
        assert_eq!(hub_archived(&hub, id).as_deref(), Some("pending"), "{id}");
    }
    assert_eq!(outbox(&a), 0);
}

#[test]
fn a_batch_that_cannot_reach_the_remote_waits_for_the_next_sync() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let file = batch(&a, "b2", 5);
    hub.vanish();
    let out = run(&a, None, &["queue", "add", "--from-file", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("published by the next `fed sync`"),
        "{}",
        stderr(&out)
    );
    let ids: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(ids.len(), 5);
    assert_eq!(outbox(&a), 5);
    hub.come_back();
    ok(&a, None, &["sync"]);
    assert_eq!(outbox(&a), 0);
    for id in &ids {
        assert_eq!(hub_archived(&hub, id).as_deref(), Some("pending"), "{id}");
    }
}

#[test]
fn a_batch_killed_before_it_publishes_is_published_by_the_next_sync() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let commits = branch_commits(&hub);
    let file = batch(&a, "b3", 6);
    let out = a
        .fed(&["queue", "add", "--from-file", &file])
        .env("FAILPOINTS", "remote::before-batch-publish=return(crash)")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the failpoint did not fire");
    let ids: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(ids.len(), 6, "{}", stderr(&out));
    assert_eq!(branch_commits(&hub), commits, "nothing published yet");
    assert_eq!(outbox(&a), 6, "every task of the batch is marked");
    ok(&a, None, &["sync"]);
    assert_eq!(branch_commits(&hub), commits + 1);
    for id in &ids {
        assert_eq!(hub_archived(&hub, id).as_deref(), Some("pending"), "{id}");
    }
    let b = clone_machine(&hub);
    assert_eq!(documents(&a), documents(&b));
}

#[test]
fn a_mark_left_by_a_flush_cut_short_is_just_removed() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let file = batch(&a, "b4", 3);
    ok(&a, None, &["queue", "add", "--from-file", &file]);
    // The flush landed, but its process died before removing a mark.
    std::fs::write(a.path(".remote/outbox/task-b4-first"), "").unwrap();
    let out = run(&a, None, &["--json", "sync"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let synced: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(synced["problems"], serde_json::json!([]), "{synced}");
    assert_eq!(synced["published"], 0, "{synced}");
    assert_eq!(outbox(&a), 0);
    // A mark for an id the remote holds in another version is a conflict,
    // and the mark stays.
    let task = a.path("queue/pending/b4-first.json");
    let text = std::fs::read_to_string(&task).unwrap();
    std::fs::write(&task, text.replace("\"first\"", "\"first, changed\"")).unwrap();
    std::fs::write(a.path(".remote/outbox/task-b4-first"), "").unwrap();
    let out = run(&a, None, &["--json", "sync"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("remote-conflict"), "{}", stderr(&out));
    assert_eq!(outbox(&a), 1);
}

#[test]
fn a_batch_stopped_by_a_lock_on_the_branch_says_so_and_waits() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let commits = branch_commits(&hub);
    let file = batch(&a, "b5", 4);
    // A git process that died on the remote while it pushed the branch.
    let lock = hub.path().join("refs/heads/fed.lock");
    std::fs::write(&lock, "").unwrap();
    let out = run(&a, None, &["queue", "add", "--from-file", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("remote-locked: 4 documents added here wait in .remote/outbox/")
            && err.contains("refs/heads/fed.lock exists")
            && err.contains("the next `fed sync` publishes them"),
        "{err}"
    );
    assert_eq!(
        err.matches("remote-locked").count(),
        1,
        "one sync, not four: {err}"
    );
    assert_eq!(outbox(&a), 4);
    assert_eq!(branch_commits(&hub), commits);
    // Every sync names it until it is gone; then one publishes them.
    let out = run(&a, None, &["sync"]);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("remote-locked"), "{}", stderr(&out));
    std::fs::remove_file(&lock).unwrap();
    let out = run(&a, None, &["sync"]);
    assert_eq!(code(&out), 0);
    assert!(!stderr(&out).contains("remote-locked"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("4 added offline, now published"),
        "{}",
        stderr(&out)
    );
    assert_eq!(outbox(&a), 0);
    assert_eq!(branch_commits(&hub), commits + 1);
    assert_eq!(hub_archived(&hub, "b5-first").as_deref(), Some("pending"));
}

#[test]
fn a_batch_beside_a_conflicting_mark_syncs_once_to_publish() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let file = batch(&a, "b6", 2);
    ok(&a, None, &["queue", "add", "--from-file", &file]);
    // A mark for a task the remote holds in another version: a conflict
    // that no sync can mend.
    let task = a.path("queue/pending/b6-first.json");
    let text = std::fs::read_to_string(&task).unwrap();
    std::fs::write(&task, text.replace("\"first\"", "\"first, changed\"")).unwrap();
    std::fs::write(a.path(".remote/outbox/task-b6-first"), "").unwrap();
    let file = batch(&a, "b7", 3);
    let out = run(&a, None, &["queue", "add", "--from-file", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    // The one sync that publishes the batch (and the sync before the
    // command, unless the last command's counts as fresh): none again.
    let syncs = err.matches("remote-conflict").count();
    assert!((1..=2).contains(&syncs), "{err}");
    assert!(err.contains("1 documents wait in .remote/outbox/"), "{err}");
    assert_eq!(hub_archived(&hub, "b7-first").as_deref(), Some("pending"));
    assert_eq!(outbox(&a), 1);
}
