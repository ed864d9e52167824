//! The Jepsen-style checker: after a run, compares the queue on disk with
//! what every client was acknowledged (exit 0): nothing lost, nothing
//! doubled, no claim acknowledged twice, every acknowledged finish present.

use super::process::{process, run_bounded};
use super::{Env, code, stderr, stdout};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;
use std::sync::Mutex;
use std::time::Duration;

/// One acknowledged claim: `worker` got exit 0 and this task back.
#[derive(Debug, Clone)]
pub(crate) struct ClaimAck {
    pub worker: String,
    pub id: String,
    pub attempt: u64,
    pub token: String,
}

impl ClaimAck {
    /// Reads the `--json` output of a successful `fed queue claim`.
    pub(crate) fn parse(worker: &str, out: &Output) -> ClaimAck {
        let task: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "claim by {worker} exited 0 but its stdout is not JSON ({e}): {}",
                stdout(out)
            )
        });
        assert_eq!(
            task["assignee"].as_str(),
            Some(worker),
            "claim by {worker} answered a task held by someone else: {task}"
        );
        assert_eq!(task["status"], "in-progress", "claimed task: {task}");
        ClaimAck {
            worker: worker.to_string(),
            id: task["task_id"].as_str().expect("task_id").to_string(),
            attempt: task["attempts"].as_u64().expect("attempts"),
            token: task["lease"]["token"]
                .as_str()
                .expect("lease.token")
                .to_string(),
        }
    }
}

/// One acknowledged finish: `worker` got exit 0 for completing (`done`),
/// failing (`failed`) or cancelling (`cancelled`) task `id`.
#[derive(Debug, Clone)]
pub(crate) struct FinishAck {
    pub worker: String,
    pub id: String,
    pub status: &'static str,
}

/// What the clients were told, for [`check_history`].
#[derive(Debug, Default)]
pub(crate) struct History {
    /// Tasks whose `queue add` exited 0.
    pub added: BTreeSet<String>,
    /// Tasks whose `queue add` was killed: they may or may not exist.
    pub maybe_added: BTreeSet<String>,
    pub claims: Vec<ClaimAck>,
    pub finishes: Vec<FinishAck>,
}

/// A task as the checker found it.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub folder: &'static str,
    pub name: String,
    pub task: Value,
}

pub(crate) const FOLDERS: [&str; 4] = ["pending", "in-progress", "blocked", "completed"];

fn folder_holds(folder: &str, status: &str) -> bool {
    match folder {
        "pending" => status == "pending",
        "in-progress" => status == "in-progress",
        "blocked" => status == "blocked",
        "completed" => matches!(status, "done" | "failed" | "cancelled"),
        _ => false,
    }
}

/// Names in a directory, hidden ones included, sorted.
pub(crate) fn all_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The Jepsen-style check of a federation after a run.
///
/// First runs `fed queue reap` (a state-changing command, so it recovers
/// whatever killed processes left), then asserts:
/// - `.txn/` and `.tmp/` are empty;
/// - every file in the four queue folders is a valid task whose name, id,
///   status and lease token agree with its folder;
/// - every acknowledged added id is present exactly once, and nothing else
///   is present but ids whose add was killed;
/// - no (task, attempt) and no claim token was acknowledged to two workers,
///   and every acknowledged claim survives in the task's history;
/// - every acknowledged finish is in `completed/` with that status, by that
///   worker, and no task was acknowledged finished twice;
/// - `fed check` exits 0 (warnings allowed).
///
/// Returns the tasks found, by id.
pub(crate) fn check_history(env: &Env, history: &History) -> BTreeMap<String, Found> {
    let reap = run_bounded(
        process(env, None, &["queue", "reap"]),
        Duration::from_secs(30),
    );
    assert_eq!(
        code(&reap),
        0,
        "recovery (fed queue reap) failed: {}",
        stderr(&reap)
    );
    let mut problems: Vec<String> = Vec::new();
    for scratch in [".txn", ".tmp"] {
        // A lock file born under a hidden name (where the filesystem has no
        // O_TMPFILE) by a process killed at birth is swept only once it is
        // a minute old, by design (docs/protocol.md): it holds nothing.
        let left: Vec<String> = all_names(&env.path(scratch))
            .into_iter()
            .filter(|n| !(n.starts_with('.') && n.ends_with(".lock")))
            .collect();
        if !left.is_empty() {
            problems.push(format!("{scratch}/ still holds {left:?} after recovery"));
        }
    }

    let mut seen: BTreeMap<String, Vec<Found>> = BTreeMap::new();
    for folder in FOLDERS {
        for name in all_names(&env.path(&format!("queue/{folder}"))) {
            if name.starts_with('.') {
                continue;
            }
            let path = env.path(&format!("queue/{folder}/{name}"));
            let Some(stem) = name.strip_suffix(".json") else {
                problems.push(format!("{folder}/{name}: not a task file name"));
                continue;
            };
            let (id, token) = match (folder, stem.split_once('@')) {
                ("in-progress", Some((id, token))) => (id.to_string(), Some(token.to_string())),
                ("in-progress", None) => {
                    problems.push(format!("in-progress/{name}: no claim token in the name"));
                    continue;
                }
                (_, Some(_)) => {
                    problems.push(format!("{folder}/{name}: '@' outside in-progress/"));
                    continue;
                }
                (_, None) => (stem.to_string(), None),
            };
            let meta = std::fs::symlink_metadata(&path).expect("stat task file");
            if !meta.file_type().is_file() {
                problems.push(format!("{folder}/{name}: not a regular file"));
                continue;
            }
            let task: Value = match serde_json::from_slice(&std::fs::read(&path).expect("read")) {
                Ok(task) => task,
                Err(e) => {
                    problems.push(format!("{folder}/{name}: not JSON: {e}"));
                    continue;
                }
            };
            if task["task_id"].as_str() != Some(id.as_str()) {
                problems.push(format!("{folder}/{name}: task_id is {}", task["task_id"]));
            }
            let status = task["status"].as_str().unwrap_or("?");
            if !folder_holds(folder, status) {
                problems.push(format!("{folder}/{name}: status {status}"));
            }
            if let Some(token) = &token
                && task["lease"]["token"].as_str() != Some(token.as_str())
            {
                problems.push(format!(
                    "{folder}/{name}: lease.token is {}",
                    task["lease"]["token"]
                ));
            }
            seen.entry(id)
                .or_default()
                .push(Found { folder, name, task });
        }
    }

    for (id, places) in &seen {
        if places.len() != 1 {
            let where_: Vec<_> = places
                .iter()
                .map(|f| format!("{}/{}", f.folder, f.name))
                .collect();
            problems.push(format!(
                "task {id} is in {} places: {where_:?}",
                places.len()
            ));
        }
        if !history.added.contains(id) && !history.maybe_added.contains(id) {
            problems.push(format!("task {id} was never added (unexpected item)"));
        }
    }
    for id in &history.added {
        if !seen.contains_key(id) {
            problems.push(format!("task {id} was added (exit 0) and is lost"));
        }
    }

    let found = |id: &str| seen.get(id).and_then(|v| v.first());
    let history_count = |task: &Value, event: &str, agent: &str| {
        task["history"]
            .as_array()
            .map(|h| {
                h.iter()
                    .filter(|e| e["event"] == event && e["agent"].as_str() == Some(agent))
                    .count()
            })
            .unwrap_or(0)
    };

    let mut by_attempt: BTreeMap<(String, u64), &ClaimAck> = BTreeMap::new();
    let mut by_token: BTreeMap<(String, String), &ClaimAck> = BTreeMap::new();
    let mut per_worker: BTreeMap<(String, String), usize> = BTreeMap::new();
    for claim in &history.claims {
        if let Some(other) = by_attempt.insert((claim.id.clone(), claim.attempt), claim) {
            problems.push(format!(
                "task {} attempt {} was acknowledged to both {} and {}",
                claim.id, claim.attempt, other.worker, claim.worker
            ));
        }
        if let Some(other) = by_token.insert((claim.id.clone(), claim.token.clone()), claim) {
            problems.push(format!(
                "task {} claim token {} was acknowledged twice ({} and {})",
                claim.id, claim.token, other.worker, claim.worker
            ));
        }
        *per_worker
            .entry((claim.id.clone(), claim.worker.clone()))
            .or_default() += 1;
        match found(&claim.id) {
            None => problems.push(format!("claimed task {} is gone", claim.id)),
            Some(f) if f.task["attempts"].as_u64().unwrap_or(0) < claim.attempt => {
                problems.push(format!(
                    "task {} has attempts {} but attempt {} was acknowledged to {}",
                    claim.id, f.task["attempts"], claim.attempt, claim.worker
                ));
            }
            Some(_) => {}
        }
    }
    for ((id, worker), n) in &per_worker {
        if let Some(f) = found(id) {
            let recorded = history_count(&f.task, "claimed", worker);
            if recorded < *n {
                problems.push(format!(
                    "task {id}: {n} claim(s) by {worker} were acknowledged but its history records {recorded} (lost update)"
                ));
            }
        }
    }

    let mut finished: BTreeMap<&str, &FinishAck> = BTreeMap::new();
    for fin in &history.finishes {
        if let Some(other) = finished.insert(fin.id.as_str(), fin) {
            problems.push(format!(
                "task {} was acknowledged finished twice: {} by {} and {} by {}",
                fin.id, other.status, other.worker, fin.status, fin.worker
            ));
        }
        let Some(f) = found(&fin.id) else {
            problems.push(format!(
                "task {} acknowledged {} by {} is gone",
                fin.id, fin.status, fin.worker
            ));
            continue;
        };
        if f.folder != "completed" || f.task["status"] != fin.status {
            problems.push(format!(
                "task {} was acknowledged {} by {} but is {} in {}/",
                fin.id, fin.status, fin.worker, f.task["status"], f.folder
            ));
        }
        if f.task["result"]["by"].as_str() != Some(fin.worker.as_str()) {
            problems.push(format!(
                "task {} was acknowledged {} by {} but result.by is {}",
                fin.id, fin.status, fin.worker, f.task["result"]["by"]
            ));
        }
        if history_count(&f.task, fin.status, &fin.worker) == 0 {
            problems.push(format!(
                "task {}: the {} by {} is not in its history",
                fin.id, fin.status, fin.worker
            ));
        }
        if fin.status != "cancelled"
            && !history
                .claims
                .iter()
                .any(|c| c.id == fin.id && c.worker == fin.worker)
        {
            problems.push(format!(
                "task {} was completed by {} without an acknowledged claim",
                fin.id, fin.worker
            ));
        }
    }

    let check = run_bounded(
        process(env, None, &["--json", "check"]),
        Duration::from_secs(30),
    );
    if code(&check) != 0 {
        problems.push(format!(
            "fed check exited {}: {}{}",
            code(&check),
            stdout(&check),
            stderr(&check)
        ));
    }

    assert!(
        problems.is_empty(),
        "the checker found {} problem(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
    seen.into_iter()
        .map(|(id, mut v)| (id, v.remove(0)))
        .collect()
}

/// Adds `n` tasks from `threads` concurrent adders; returns their ids.
pub(crate) fn add_tasks(env: &Env, n: usize, threads: usize) -> BTreeSet<String> {
    let ids = Mutex::new(BTreeSet::new());
    std::thread::scope(|s| {
        for t in 0..threads {
            let ids = &ids;
            s.spawn(move || {
                for i in (t..n).step_by(threads) {
                    let desc = format!("task number {i}");
                    let out = run_bounded(
                        process(env, None, &["queue", "add", &desc]),
                        Duration::from_secs(30),
                    );
                    assert_eq!(code(&out), 0, "add failed: {}", stderr(&out));
                    let id = stdout(&out).trim().to_string();
                    assert!(ids.lock().unwrap().insert(id.clone()), "id {id} twice");
                }
            });
        }
    });
    let ids = ids.into_inner().unwrap();
    assert_eq!(ids.len(), n);
    ids
}
