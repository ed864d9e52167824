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
