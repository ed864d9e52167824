//! The summary cache (`.cache/`) is a hint: whatever it holds, commands
//! act on what the task files say.

use crate::common::{Env, code, stderr, stdout};
use serde_json::Value;
use std::os::unix::fs::MetadataExt;

/// Rewrites a pending task file in place (same inode), as a person with
/// `echo > file` would, changing one field.
fn edit_in_place(env: &Env, id: &str, field: &str, value: Value) {
    let path = env.path(&format!("queue/pending/{id}.json"));
    let ino = std::fs::metadata(&path).unwrap().ino();
    let mut task: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    task[field] = value;
    std::fs::write(&path, serde_json::to_vec_pretty(&task).unwrap()).unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().ino(),
        ino,
        "the edit must keep the inode"
    );
}

/// Lists until the pending cache holds every given id (files changed in
/// the last two seconds are never cached), so that the test exercises the
/// cache rather than a fresh read.
fn wait_until_cached(env: &Env, ids: &[&str]) {
    let index = env.path(".cache/pending.idx");
    for _ in 0..100 {
        assert!(
            env.fed(&["queue", "list"])
                .output()
                .unwrap()
                .status
                .success()
        );
        let text = std::fs::read_to_string(&index).unwrap_or_default();
        if ids
            .iter()
            .all(|id| text.contains(&format!("\n{id}.json\t")))
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("{ids:?} never reached the cache");
}

fn claim_id(env: &Env, agent: &str) -> String {
    let out = env.run(Some(agent), &["queue", "claim"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

#[test]
fn an_in_place_edit_of_the_chosen_task_is_noticed_on_take() {
    let env = Env::new();
    env.add(&["top", "--id", "top", "--priority", "high"]);
    env.add(&["next", "--id", "next"]);
    // A validated listing caches both; then `top` drops to low priority in
    // place, which only the check of the taken file against the summary it
    // was chosen by can notice.
    wait_until_cached(&env, &["top", "next"]);
    edit_in_place(&env, "top", "priority", Value::from("low"));
    assert_eq!(claim_id(&env, "kimi"), "next");
    assert_eq!(env.names("pending"), ["top.json"]);
}

#[test]
fn nothing_ready_is_never_answered_from_a_stale_cache() {
    let env = Env::new();
    env.add(&["for copilot", "--id", "only", "--to", "copilot"]);
    wait_until_cached(&env, &["only"]);
    edit_in_place(&env, "only", "to_agent", Value::from("kimi"));
    assert_eq!(claim_id(&env, "kimi"), "only");
}

#[test]
fn a_task_edited_in_place_by_hand_shows_in_the_views_within_ten_seconds() {
    let env = Env::new();
    env.add(&["first", "--id", "t1"]);
    wait_until_cached(&env, &["t1"]);
    edit_in_place(&env, "t1", "title", Value::from("edited by hand"));
    // `queue show` reads the file: at once.
    assert_eq!(
        env.json(None, &["queue", "show", "t1"])["title"],
        "edited by hand"
    );
    // The views may trust the cache's names and inodes for 10 s after a
    // listing that stat'ed every file (docs/protocol.md), never longer
    // (the margin is for the commands' own time on a loaded machine).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    for args in [&["queue", "list"][..], &["status"]] {
        loop {
            let shown = env.json(None, args).to_string();
            if shown.contains("edited by hand") {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{args:?} still shows the old title: {shown}"
            );
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    }
}

#[test]
fn a_corrupt_or_foreign_cache_is_ignored() {
    let env = Env::new();
    env.add(&["a", "--id", "a"]);
    assert!(env.fed(&["status"]).output().unwrap().status.success());
    for name in ["pending.idx", "completed.idx"] {
        std::fs::write(
            env.path(&format!(".cache/{name}")),
            "garbage\tline\nend\t99\n",
        )
        .unwrap();
    }
    let listed = env.json(None, &["queue", "list"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(claim_id(&env, "kimi"), "a");
}

#[test]
fn a_cache_that_lies_about_a_task_does_not_hide_or_invent_it() {
    let env = Env::new();
    env.add(&["real", "--id", "real"]);
    wait_until_cached(&env, &["real"]);
    let index = env.path(".cache/pending.idx");
    let text = std::fs::read_to_string(&index).unwrap();
    // Claim the cached entry points at a task that is not there, and drop
    // nothing else: the listing must follow the folder, not the cache.
    let forged = text
        .replace("real.json\t", "ghost.json\t")
        .replace("\treal\t", "\tghost\t");
    assert_ne!(forged, text);
    std::fs::write(&index, forged).unwrap();
    let ids: Vec<String> = env
        .json(None, &["queue", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["real"]);
    assert_eq!(claim_id(&env, "kimi"), "real");
}

#[test]
fn status_counts_follow_the_folders_as_tasks_finish() {
    let env = Env::new();
    for i in 0..3 {
        env.add(&[&format!("t{i}"), "--id", &format!("t{i}")]);
    }
    for _ in 0..3 {
        let id = claim_id(&env, "kimi");
        let counts = env.json(None, &["status"])["counts"].clone();
        assert_eq!(counts["in-progress"], 1, "{counts}");
        assert!(
            env.as_agent("kimi", &["queue", "complete", &id])
                .output()
                .unwrap()
                .status
                .success()
        );
    }
    let counts = env.json(None, &["status"])["counts"].clone();
    assert_eq!(
        (counts["done"].as_u64(), counts["pending"].as_u64()),
        (Some(3), Some(0)),
        "{counts}"
    );
}

#[test]
fn a_symlinked_cache_folder_is_refused_and_nothing_is_written_through_it() {
    let env = Env::new();
    env.add(&["a", "--id", "a"]);
    let outside = tempfile::tempdir().unwrap();
    let cache = env.path(".cache");
    let _ = std::fs::remove_dir_all(&cache);
    std::os::unix::fs::symlink(outside.path(), &cache).unwrap();
    for args in [&["status"][..], &["queue", "list"][..], &["check"][..]] {
        let out = env.run(Some("kimi"), args);
        assert_eq!(code(&out), 1, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(".cache"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

/// The file of task `id` as another federation writes it (a restored
/// backup, a file copied by hand): `fed` never journalled it here.
fn foreign_task(id: &str, finished: bool) -> (String, Vec<u8>) {
    let other = Env::new();
    other.add(&[id, "--id", id]);
    let folder = if finished {
        let claimed = claim_id(&other, "kimi");
        assert_eq!(claimed, id);
        let out = other.run(Some("kimi"), &["queue", "complete", id]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        "completed"
    } else {
        "pending"
    };
    let name = format!("{id}.json");
    let bytes = std::fs::read(other.path(&format!("queue/{folder}/{name}"))).unwrap();
    (name, bytes)
}

fn listed_ids(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["queue", "list"];
    all.extend_from_slice(args);
    let mut ids: Vec<String> = env
        .json(None, &all)
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn claims_take_tasks_added_after_the_cache_was_written_in_order() {
    let env = Env::new();
    env.add(&["old", "--id", "old"]);
    env.add(&["older", "--id", "mine", "--to", "kimi"]);
    wait_until_cached(&env, &["old", "mine"]);
    // Added since: only the journal knows them.
    env.add(&["urgent", "--id", "urgent", "--priority", "critical"]);
    env.add(&[
        "later",
        "--id",
        "later",
        "--priority",
        "critical",
        "--to",
        "kimi",
    ]);
    env.add(&[
        "not for kimi",
        "--id",
        "other",
        "--priority",
        "critical",
        "--to",
        "codex",
    ]);
    let order: Vec<String> = (0..4).map(|_| claim_id(&env, "kimi")).collect();
    assert_eq!(order, ["later", "urgent", "mine", "old"]);
    let out = env.run(Some("kimi"), &["queue", "claim"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
}

#[test]
fn a_task_put_in_pending_by_hand_is_claimed_rather_than_nothing_ready() {
    let env = Env::new();
    env.add(&["first", "--id", "first"]);
    wait_until_cached(&env, &["first"]);
    assert_eq!(claim_id(&env, "kimi"), "first");
    let (name, bytes) = foreign_task("manual", false);
    std::fs::write(env.path(&format!("queue/pending/{name}")), bytes).unwrap();
    assert_eq!(listed_ids(&env, &["--ready"]), ["manual"]);
    assert_eq!(claim_id(&env, "kimi"), "manual");
}

#[test]
fn a_damaged_or_forged_journal_changes_nothing_fed_does() {
    let env = Env::new();
    for id in ["a", "b"] {
        env.add(&[id, "--id", id]);
    }
    wait_until_cached(&env, &["a", "b"]);
    env.add(&["c", "--id", "c", "--priority", "high"]);
    let log = env.path(".cache/pending.log");
    let text = std::fs::read_to_string(&log).unwrap();
    let c_line = text
        .lines()
        .find(|l| l.contains("\tc.json\t"))
        .expect("the add of c is journalled")
        .to_string();
    // A line that is not a journal line: the journal is not used.
    let mut damaged = text.clone();
    damaged.push_str("+\tgarbage\n");
    std::fs::write(&log, &damaged).unwrap();
    assert_eq!(listed_ids(&env, &[]), ["a", "b", "c"]);
    assert_eq!(claim_id(&env, "kimi"), "c");
    // A forged line for a task that is not there, first in claim order.
    let forged = c_line
        .replace("\tc.json\t", "\tghost.json\t")
        .replace("\tc\tpending\thigh\t", "\tghost\tpending\tcritical\t");
    assert_ne!(forged, c_line);
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str(&forged);
    text.push('\n');
    std::fs::write(&log, text).unwrap();
    assert_eq!(listed_ids(&env, &["--state", "pending"]), ["a", "b"]);
    assert_eq!(claim_id(&env, "kimi"), "a");
    assert_eq!(env.names("pending"), ["b.json"]);
}

#[test]
fn status_counts_a_finished_task_put_in_place_by_hand() {
    let env = Env::new();
    env.add(&["x", "--id", "x"]);
    assert_eq!(claim_id(&env, "kimi"), "x");
    let out = env.run(Some("kimi"), &["queue", "complete", "x"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let done = |env: &Env| env.json(None, &["status"])["counts"]["done"].as_u64();
    assert_eq!(done(&env), Some(1));
    // Right after fed's own change, a file fed did not journal.
    let (name, bytes) = foreign_task("y", true);
    std::fs::write(env.path(&format!("queue/completed/{name}")), bytes).unwrap();
    assert_eq!(done(&env), Some(2));
    assert_eq!(listed_ids(&env, &["--state", "done"]), ["x", "y"]);
    // And one removed by hand.
    std::fs::remove_file(env.path("queue/completed/x.json")).unwrap();
    assert_eq!(done(&env), Some(1));
}

/// A completion killed between its move into `completed/` and its journal
/// record, then a completion that records its own: `status` counts both at
/// once (the second record's "before" is not where the journal left off).
#[cfg(feature = "failpoints")]
#[test]
fn a_completion_killed_before_its_record_is_counted_after_the_next_one() {
    let env = Env::new();
    for id in ["x", "y", "z"] {
        env.add(&[id, "--id", id]);
    }
    let done = |env: &Env| env.json(None, &["status"])["counts"]["done"].as_u64();
    let complete = |id: &str, failpoints: Option<&str>| {
        assert_eq!(claim_id(&env, "kimi"), id);
        let mut cmd = env.as_agent("kimi", &["queue", "complete", id]);
        if let Some(armed) = failpoints {
            cmd.env("FAILPOINTS", armed);
        }
        cmd.output().expect("fed runs")
    };
    let out = complete("x", None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(done(&env), Some(1));
    // The first two unlinks of a completion are its take's (the second
    // name in .txn/, then the hidden name); the third is the `.txn/` name,
    // right after the link into completed/ and before the journal record.
    let out = complete("y", Some("fsx::unlink=2*off->return(crash)"));
    assert_ne!(code(&out), 0, "the completion was killed");
    assert!(env.path("queue/completed/y.json").exists());
    let out = complete("z", None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(done(&env), Some(3));
    assert_eq!(listed_ids(&env, &["--state", "done"]), ["x", "y", "z"]);
}
