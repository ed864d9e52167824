//! Concurrency: many real `fed` processes at once against one federation,
//! and a Jepsen-style checker that compares the final queue with what every
//! worker was acknowledged (exit 0).
//!
//! The sizes are small by default so that the suite stays fast on a small
//! machine. `FED_STRESS=1` runs the bigger version of every test here and in
//! `crash.rs` (more tasks, workers, rounds and kills), e.g.
//!
//! ```text
//! FED_STRESS=1 cargo test --test integration -- concurrency crash --test-threads=1
//! ```
//!
//! (about two minutes in a debug build on two cores, plus the full claim
//! storm). Tests that make random choices print their seed; `FED_SEED=N`
//! replays the choices, though not the timing.
//!
//! The claim storm (`claim_storm_claims_every_task_exactly_once`) runs 16
//! claiming processes over 200 tasks by default (a few seconds) and the
//! full version under `FED_STRESS=1`: 64 processes over 10,000 tasks
//! (about 3 minutes in a release build on two cores, 11 in a debug build):
//!
//! ```text
//! FED_STRESS=1 cargo test --release --test integration -- claim_storm_claims --nocapture
//! ```

use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

/// Whether `FED_STRESS` asks for the big version.
pub(crate) fn stress() -> bool {
    std::env::var("FED_STRESS").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// `small` by default, `big` under `FED_STRESS=1`.
pub(crate) fn size(small: usize, big: usize) -> usize {
    if stress() { big } else { small }
}

/// `fed ARGS` as a plain `std::process::Command` (so that it can be spawned,
/// stopped and killed), with the environment of `Env::fed`.
pub(crate) fn process(env: &Env, agent: Option<&str>, args: &[&str]) -> Command {
    process_at(env, agent, &env.now, args)
}

/// Like [`process`], with the clock at `now`.
pub(crate) fn process_at(env: &Env, agent: Option<&str>, now: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(fed_bin());
    cmd.current_dir(env.root())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("FED_NOW", now)
        .env("COLUMNS", "200")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .args(args);
    if let Some(agent) = agent {
        cmd.env("FED_AGENT", agent);
    }
    cmd
}

/// Runs `cmd` to the end, killing it and failing the test if it takes more
/// than `limit`; `during` runs right after the spawn (to signal the child).
/// Fails on a panic; a death by signal is returned (no exit code).
pub(crate) fn run_with(
    mut cmd: Command,
    limit: Duration,
    during: impl FnOnce(&mut Child),
) -> Output {
    let what = format!("{cmd:?}");
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("fed starts");
    during(&mut child);
    collect(child, limit, &what)
}

/// Runs `cmd` to the end within `limit` (else kills it and fails); fails
/// on a panic or a death by signal.
pub(crate) fn run_bounded(cmd: Command, limit: Duration) -> Output {
    let what = format!("{cmd:?}");
    exited(run_with(cmd, limit, |_| {}), &what)
}

/// Waits for a spawned `child` (with piped output) for at most `limit`
/// (else kills it and fails); fails on a panic or a death by signal.
pub(crate) fn wait_bounded(child: Child, limit: Duration, what: &str) -> Output {
    exited(collect(child, limit, what), what)
}

/// `out`, after failing the test if `what` died of a signal.
fn exited(out: Output, what: &str) -> Output {
    assert!(
        out.status.code().is_some(),
        "{what} died of a signal ({:?}): {}",
        out.status,
        stderr(&out)
    );
    out
}

/// Reads `child`'s output while waiting for it for at most `limit` (else
/// kills it and fails); fails on a panic, returns a death by signal.
fn collect(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    let mut out_pipe = child.stdout.take().expect("stdout piped");
    let mut err_pipe = child.stderr.take().expect("stderr piped");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out_pipe, &mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err_pipe, &mut buf);
        buf
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {limit:?}: killed (a hang)");
        }
        std::thread::sleep(Duration::from_micros(500));
    };
    let out = Output {
        status,
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    };
    let err = stderr(&out);
    assert!(
        !err.contains("panicked") && !err.contains("overflowed its stack"),
        "{what} panicked: {err}"
    );
    out
}

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

const FOLDERS: [&str; 4] = ["pending", "in-progress", "blocked", "completed"];

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
        let left = all_names(&env.path(scratch));
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

/// `workers` threads, started together, each running `work(index)`.
fn together<T: Send>(workers: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let barrier = Barrier::new(workers);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (barrier, work) = (&barrier, &work);
                s.spawn(move || {
                    barrier.wait();
                    work(w)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker thread"))
            .collect()
    })
}

const LIMIT: Duration = Duration::from_secs(60);

/// Every claiming process loops on `queue claim` until it gets exit 3;
/// every task is claimed exactly once, by one process, on its first
/// attempt. 200 tasks and 16 processes by default; 10,000 tasks and 64
/// processes under `FED_STRESS=1`.
#[test]
fn claim_storm_claims_every_task_exactly_once() {
    let (n, workers) = (size(200, 10_000), size(16, 64));
    // A claim that takes this long has hung. The full storm runs 64
    // claimers on a machine that may have two cores, so each waits longer.
    let limit = if stress() {
        Duration::from_secs(600)
    } else {
        LIMIT
    };
    let env = Env::new();
    let started = Instant::now();
    let added = add_tasks(&env, n, 4);
    let added_in = started.elapsed();
    let results = together(workers, |w| {
        let agent = format!("w{w}");
        let mut claims = Vec::new();
        let mut unexpected = Vec::new();
        loop {
            let out = run_bounded(
                process(&env, Some(&agent), &["--json", "queue", "claim"]),
                limit,
            );
            match code(&out) {
                0 => claims.push(ClaimAck::parse(&agent, &out)),
                3 => break,
                other => {
                    unexpected.push(format!("{agent}: exit {other}: {}", stderr(&out)));
                    break;
                }
            }
        }
        (claims, unexpected)
    });
    let unexpected: Vec<_> = results.iter().flat_map(|r| r.1.clone()).collect();
    assert!(unexpected.is_empty(), "unexpected exits: {unexpected:#?}");
    let claims: Vec<ClaimAck> = results.into_iter().flat_map(|r| r.0).collect();
    assert_eq!(claims.len(), n, "claims acknowledged in all");
    let mut by_id: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in &claims {
        by_id.entry(&c.id).or_default().push(&c.worker);
        assert_eq!(c.attempt, 1, "{c:?}");
    }
    let twice: Vec<_> = by_id.iter().filter(|(_, w)| w.len() > 1).collect();
    assert!(twice.is_empty(), "tasks claimed more than once: {twice:?}");
    let claimed: BTreeSet<String> = by_id.keys().map(|s| s.to_string()).collect();
    assert_eq!(claimed, added, "the claimed ids are the added ids");

    let history = History {
        added,
        claims,
        ..History::default()
    };
    let found = check_history(&env, &history);
    for c in &history.claims {
        let f = &found[&c.id];
        assert_eq!(f.folder, "in-progress");
        assert_eq!(f.task["assignee"].as_str(), Some(c.worker.as_str()));
        assert_eq!(f.task["lease"]["token"].as_str(), Some(c.token.as_str()));
    }
    let last = env.run(Some("late"), &["queue", "claim"]);
    assert_eq!(code(&last), 3, "nothing is left: {}", stderr(&last));
    eprintln!(
        "claim storm: {n} tasks added in {:.1?}, claimed by {workers} processes, \
         each exactly once, in {:.1?} in all",
        added_in,
        started.elapsed()
    );
}

#[test]
fn workers_claim_and_complete_every_task_exactly_once() {
    let (n, workers) = (size(100, 1000), size(8, 24));
    let env = Env::new();
    let added = add_tasks(&env, n, 4);
    let results = together(workers, |w| {
        let agent = format!("w{w}");
        let mut claims = Vec::new();
        let mut finishes = Vec::new();
        let mut unexpected = Vec::new();
        loop {
            let out = run_bounded(
                process(&env, Some(&agent), &["--json", "queue", "claim"]),
                LIMIT,
            );
            match code(&out) {
                0 => {}
                3 => break,
                other => {
                    unexpected.push(format!("{agent} claim: exit {other}: {}", stderr(&out)));
                    break;
                }
            }
            let claim = ClaimAck::parse(&agent, &out);
            let done = run_bounded(
                process(
                    &env,
                    Some(&agent),
                    &["queue", "complete", &claim.id, "--summary", "ok"],
                ),
                LIMIT,
            );
            if code(&done) == 0 {
                finishes.push(FinishAck {
                    worker: agent.clone(),
                    id: claim.id.clone(),
                    status: "done",
                });
            } else {
                unexpected.push(format!(
                    "{agent} complete {}: exit {}: {}",
                    claim.id,
                    code(&done),
                    stderr(&done)
                ));
            }
            claims.push(claim);
        }
        (claims, finishes, unexpected)
    });
    let mut history = History {
        added: added.clone(),
        ..History::default()
    };
    let mut unexpected = Vec::new();
    for (claims, finishes, bad) in results {
        history.claims.extend(claims);
        history.finishes.extend(finishes);
        unexpected.extend(bad);
    }
    assert!(unexpected.is_empty(), "unexpected exits: {unexpected:#?}");
    assert_eq!(history.finishes.len(), n, "completions acknowledged");
    let done: BTreeSet<String> = history.finishes.iter().map(|f| f.id.clone()).collect();
    assert_eq!(done, added, "every task completed exactly once");
    let found = check_history(&env, &history);
    assert!(found.values().all(|f| f.task["status"] == "done"));
    assert_eq!(env.names("completed").len(), n);
    for folder in ["pending", "in-progress", "blocked"] {
        assert!(env.names(folder).is_empty(), "{folder} is not empty");
    }
}

#[test]
fn complete_racing_cancel_has_exactly_one_winner() {
    let rounds = size(30, 300);
    let env = Env::new();
    env.config("overseers: [boss]\n");
    let ids: Vec<String> = (0..rounds)
        .map(|i| env.add(&["race", "--id", &format!("race-{i}")]))
        .collect();
    let mut history = History {
        added: ids.iter().cloned().collect(),
        ..History::default()
    };
    for id in &ids {
        let out = env.run(Some("a"), &["--json", "queue", "claim", id]);
        assert_eq!(code(&out), 0, "claim {id}: {}", stderr(&out));
        history.claims.push(ClaimAck::parse("a", &out));
    }
    let (mut completes_won, mut cancels_won) = (0, 0);
    for id in &ids {
        let outs = together(2, |w| {
            let cmd = if w == 0 {
                process(&env, Some("a"), &["queue", "complete", id])
            } else {
                process(&env, Some("boss"), &["queue", "cancel", id])
            };
            run_bounded(cmd, LIMIT)
        });
        let (out_complete, out_cancel) = (&outs[0], &outs[1]);
        let codes = (code(out_complete), code(out_cancel));
        let status = env.json(None, &["queue", "show", id])["status"].clone();
        match codes {
            (0, 5) => {
                completes_won += 1;
                assert_eq!(status, "done", "{id}: complete won");
                history.finishes.push(FinishAck {
                    worker: "a".into(),
                    id: id.clone(),
                    status: "done",
                });
            }
            (5, 0) => {
                cancels_won += 1;
                assert_eq!(status, "cancelled", "{id}: cancel won");
                history.finishes.push(FinishAck {
                    worker: "boss".into(),
                    id: id.clone(),
                    status: "cancelled",
                });
            }
            _ => panic!(
                "{id}: complete exited {} ({}), cancel exited {} ({}); want exactly one 0 and one 5; final status {status}",
                codes.0,
                stderr(out_complete).trim(),
                codes.1,
                stderr(out_cancel).trim()
            ),
        }
    }
    eprintln!("complete won {completes_won}, cancel won {cancels_won} of {rounds}");
    check_history(&env, &history);
}

#[test]
fn concurrent_adds_of_one_id_have_exactly_one_winner() {
    let (rounds, procs) = (size(6, 50), 8);
    let env = Env::new();
    for r in 0..rounds {
        let id = format!("same-{r}");
        let outs = together(procs, |w| {
            let desc = format!("written by adder {w}");
            run_bounded(
                process(&env, None, &["queue", "add", &desc, "--id", &id]),
                LIMIT,
            )
        });
        let winners: Vec<usize> = (0..procs).filter(|&w| code(&outs[w]) == 0).collect();
        assert_eq!(winners.len(), 1, "round {r}: winners {winners:?}");
        let winner = winners[0];
        assert_eq!(stdout(&outs[winner]).trim(), id);
        for (w, out) in outs.iter().enumerate() {
            if w == winner {
                continue;
            }
            let ok = code(out) == 5 || (code(out) == 1 && stderr(out).contains("already exists"));
            assert!(
                ok,
                "round {r}: adder {w} exited {}: {}",
                code(out),
                stderr(out)
            );
        }
        let files: Vec<String> = FOLDERS
            .iter()
            .flat_map(|f| env.names(f))
            .filter(|n| n.starts_with(&format!("{id}.")) || n.starts_with(&format!("{id}@")))
            .collect();
        assert_eq!(files, vec![format!("{id}.json")], "round {r}");
        let task = env.json(None, &["queue", "show", &id]);
        assert_eq!(
            task["description"],
            format!("written by adder {winner}"),
            "round {r}: the file holds the winner's task"
        );
    }
    let history = History {
        added: (0..rounds).map(|r| format!("same-{r}")).collect(),
        ..History::default()
    };
    check_history(&env, &history);
}

#[test]
fn a_reaped_holder_cannot_complete_and_changes_nothing() {
    let mut env = Env::new();
    env.config("overseers: [boss]\nleases:\n  ttl: 90s\n");
    let id = env.add(&["stale holder"]);
    assert_eq!(env.claim("a"), id);
    let task = env.json(None, &["queue", "show", &id]);
    assert_eq!(task["lease"]["expires_at"], "2026-11-21T09:01:30.000Z");

    // Two minutes later the lease has run out.
    env.now = "2026-11-21T09:02:00Z".to_string();
    let reap = env.run(None, &["queue", "reap"]);
    assert_eq!(code(&reap), 0, "{}", stderr(&reap));
    assert!(stdout(&reap).contains(&id), "reap: {}", stdout(&reap));
    assert_eq!(env.names("pending"), vec![format!("{id}.json")]);

    // Reaped but not yet claimed again: the old holder still loses.
    let before = env.snapshot_files();
    let late = env.run(Some("a"), &["queue", "complete", &id]);
    assert_eq!(code(&late), 5, "{}", stderr(&late));
    assert_eq!(
        env.snapshot_files(),
        before,
        "a late complete changed files"
    );

    assert_eq!(env.claim("b"), id);
    let before = env.snapshot_files();
    for args in [
        &["queue", "complete", &id][..],
        &["queue", "complete", &id, "--failed"],
        &["queue", "heartbeat", &id],
        &["queue", "release", &id],
    ] {
        let out = env.run(Some("a"), args);
        assert_eq!(
            code(&out),
            5,
            "{args:?} as the stale holder: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"));
        assert_eq!(env.snapshot_files(), before, "{args:?} changed files");
    }
    let task = env.json(None, &["queue", "show", &id]);
    assert_eq!(task["assignee"], "b");
    assert_eq!(task["attempts"], 2);

    let out = env.run(
        Some("b"),
        &["queue", "complete", &id, "--summary", "b did it"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let task = env.json(None, &["queue", "show", &id]);
    assert_eq!(task["status"], "done");
    assert_eq!(task["result"]["by"], "b");
    let after_done = env.run(Some("a"), &["queue", "complete", &id]);
    assert_eq!(code(&after_done), 5, "{}", stderr(&after_done));
}

/// A tiny deterministic random source (no dependency needed).
pub(crate) struct Rng(u64);

impl Rng {
    /// Seeded from `FED_SEED` when set, else from the clock; the seed is
    /// printed so that a failure can be replayed.
    pub(crate) fn from_env(test: &str) -> Rng {
        let seed = std::env::var("FED_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            });
        eprintln!("{test}: FED_SEED={seed}");
        Rng::new(seed)
    }
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

pub(crate) fn signal(child: &std::process::Child, sig: i32) {
    // SAFETY: kill(2) with a pid we spawned and have not reaped yet.
    unsafe {
        libc::kill(child.id() as libc::pid_t, sig);
    }
}

/// A stopped holder (SIGSTOP at a random moment of its `queue complete`,
/// then its lease runs out, a reap and a claim by another agent, then
/// SIGCONT): whatever the moment, exactly one of the two agents gets the
/// task, and a holder stopped before its take loses with exit 5.
#[test]
fn a_stopped_holder_and_a_new_claimer_never_both_win() {
    let rounds = size(16, 150);
    let env = Env::new();
    env.config("leases:\n  ttl: 90s\n");
    let later = "2026-11-21T09:02:00Z";
    let mut rng = Rng::from_env("a_stopped_holder_and_a_new_claimer_never_both_win");
    let mut history = History::default();
    let (mut a_won, mut b_won) = (0, 0);
    for r in 0..rounds {
        let id = env.add(&["stopped", "--id", &format!("stop-{r}")]);
        history.added.insert(id.clone());
        let out = run_bounded(
            process(&env, Some("a"), &["--json", "queue", "claim"]),
            LIMIT,
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let claim = ClaimAck::parse("a", &out);
        assert_eq!(claim.id, id);
        history.claims.push(claim);

        let mut holder = process(&env, Some("a"), &["queue", "complete", &id])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(rng.below(4000)));
        signal(&holder, libc::SIGSTOP);
        let reap = run_bounded(process_at(&env, None, later, &["queue", "reap"]), LIMIT);
        assert_eq!(code(&reap), 0, "reap: {}", stderr(&reap));
        let b = run_bounded(
            process_at(&env, Some("b"), later, &["--json", "queue", "claim"]),
            LIMIT,
        );
        signal(&holder, libc::SIGCONT);
        let deadline = Instant::now() + LIMIT;
        let status = loop {
            if let Some(status) = holder.try_wait().expect("wait") {
                break status;
            }
            assert!(Instant::now() < deadline, "the resumed holder hangs");
            std::thread::sleep(Duration::from_millis(1));
        };
        let mut err = String::new();
        let _ = std::io::Read::read_to_string(holder.stderr.as_mut().unwrap(), &mut err);
        assert!(!err.contains("panicked"), "{err}");
        let a_code = status.code().expect("not killed");
        match (a_code, code(&b)) {
            (0, 3) => {
                a_won += 1;
                history.finishes.push(FinishAck {
                    worker: "a".into(),
                    id: id.clone(),
                    status: "done",
                });
            }
            (5, 0) => {
                b_won += 1;
                let claim = ClaimAck::parse("b", &b);
                assert_eq!(claim.id, id);
                assert_eq!(claim.attempt, 2);
                history.claims.push(claim);
                let out = run_bounded(
                    process_at(&env, Some("b"), later, &["queue", "complete", &id]),
                    LIMIT,
                );
                assert_eq!(code(&out), 0, "b completes: {}", stderr(&out));
                history.finishes.push(FinishAck {
                    worker: "b".into(),
                    id: id.clone(),
                    status: "done",
                });
            }
            (a, b_code) => panic!(
                "round {r}: the stopped holder exited {a} ({}) and the new claimer {b_code} ({}); want exactly one winner",
                err.trim(),
                stderr(&b).trim()
            ),
        }
    }
    eprintln!("stopped holder won {a_won}, new claimer won {b_won} of {rounds}");
    check_history(&env, &history);
}

#[test]
fn named_claims_of_one_task_have_exactly_one_winner() {
    let (rounds, procs) = (size(10, 100), 8);
    let env = Env::new();
    let mut history = History::default();
    for r in 0..rounds {
        let id = env.add(&["wanted by all", "--id", &format!("named-{r}")]);
        history.added.insert(id.clone());
        let outs = together(procs, |w| {
            let agent = format!("n{w}");
            run_bounded(
                process(&env, Some(&agent), &["--json", "queue", "claim", &id]),
                LIMIT,
            )
        });
        let winners: Vec<usize> = (0..procs).filter(|&w| code(&outs[w]) == 0).collect();
        assert_eq!(winners.len(), 1, "round {r}: winners {winners:?}");
        for (w, out) in outs.iter().enumerate() {
            if w != winners[0] {
                assert_eq!(
                    code(out),
                    5,
                    "round {r}: claimer n{w} lost with exit {}: {}",
                    code(out),
                    stderr(out).trim()
                );
            }
        }
        let claim = ClaimAck::parse(&format!("n{}", winners[0]), &outs[winners[0]]);
        history.claims.push(claim);
    }
    check_history(&env, &history);
}

/// A heartbeat after the lease ran out races a reap: either the heartbeat
/// lands (the task stays with its holder, lease renewed) or the reap does
/// (the task is pending, the heartbeat gets 5), never both, never neither.
#[test]
fn heartbeat_racing_reap_has_exactly_one_winner() {
    let rounds = size(20, 200);
    let mut env = Env::new();
    env.config("leases:\n  ttl: 90s\n");
    let mut history = History::default();
    let (mut kept, mut reaped) = (0, 0);
    for r in 0..rounds {
        // Round r lives in its own hour, so that only its task has expired
        // when its reap runs.
        let hour = |min: u32, sec: u32| format!("2026-11-22T{:02}:{min:02}:{sec:02}Z", r % 24);
        let (claimed, later) = (hour(0, 0), hour(2, 0));
        let id = env.add(&["kept alive", "--id", &format!("hb-{r}")]);
        history.added.insert(id.clone());
        let out = run_bounded(
            process_at(
                &env,
                Some("a"),
                &claimed,
                &["--json", "queue", "claim", &id],
            ),
            LIMIT,
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        history.claims.push(ClaimAck::parse("a", &out));
        let outs = together(2, |w| {
            let cmd = if w == 0 {
                process_at(&env, Some("a"), &later, &["queue", "heartbeat", &id])
            } else {
                process_at(&env, None, &later, &["queue", "reap"])
            };
            run_bounded(cmd, LIMIT)
        });
        let (hb, reap) = (&outs[0], &outs[1]);
        assert_eq!(code(reap), 0, "reap: {}", stderr(reap));
        env.now = later.clone();
        let task = env.json(None, &["queue", "show", &id]);
        env.now = NOW.to_string();
        let listed = stdout(reap).contains(id.as_str());
        match (code(hb), listed) {
            (0, false) => {
                kept += 1;
                assert_eq!(task["status"], "in-progress", "{id}: {task}");
                assert_eq!(task["assignee"], "a");
                assert_eq!(
                    task["lease"]["expires_at"],
                    format!("2026-11-22T{:02}:03:30.000Z", r % 24)
                );
                // Done with it before the next round's reap.
                let out = run_bounded(
                    process_at(&env, Some("a"), &later, &["queue", "complete", &id]),
                    LIMIT,
                );
                assert_eq!(code(&out), 0, "{}", stderr(&out));
                history.finishes.push(FinishAck {
                    worker: "a".into(),
                    id: id.clone(),
                    status: "done",
                });
            }
            (5, true) => {
                reaped += 1;
                assert_eq!(task["status"], "pending", "{id}: {task}");
            }
            (c, listed) => panic!(
                "{id}: heartbeat exited {c} ({}) and the reap {} it; want exactly one winner; task {task}",
                stderr(hb).trim(),
                if listed { "moved" } else { "did not move" }
            ),
        }
    }
    eprintln!("heartbeat won {kept}, reap won {reaped} of {rounds}");
    check_history(&env, &history);
}

/// Read-only commands polling while agents claim must not invent problems:
/// `fed check` stays clean (a task moving between folders during its scan
/// is not "in two places"), and `fed status` never counts a task twice.
#[test]
fn check_and_status_stay_truthful_during_a_claim_storm() {
    let (n, claimers, polls) = (size(150, 1000), 6, size(20, 100));
    let env = Env::new();
    add_tasks(&env, n, 4);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let mut lies = Vec::new();
    std::thread::scope(|s| {
        for w in 0..claimers {
            let (env, stop) = (&env, &stop);
            s.spawn(move || {
                let agent = format!("c{w}");
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let out = run_bounded(process(env, Some(&agent), &["queue", "claim"]), LIMIT);
                    if code(&out) != 0 {
                        break;
                    }
                }
            });
        }
        for _ in 0..polls {
            let check = run_bounded(process(&env, None, &["--json", "check"]), LIMIT);
            if code(&check) != 0 {
                let doc: Value = serde_json::from_slice(&check.stdout).unwrap_or_default();
                let errors: Vec<String> = doc["problems"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["severity"] == "error")
                    .map(|p| format!("{}: {}", p["kind"], p["message"]))
                    .collect();
                lies.push(format!("fed check exited {}: {errors:?}", code(&check)));
            }
            let status = run_bounded(process(&env, None, &["--json", "status"]), LIMIT);
            assert_eq!(code(&status), 0, "{}", stderr(&status));
            let doc: Value = serde_json::from_slice(&status.stdout).expect("status JSON");
            let counted: u64 = doc["counts"]
                .as_object()
                .expect("counts")
                .values()
                .map(|v| v.as_u64().unwrap_or(0))
                .sum();
            if counted > n as u64 {
                lies.push(format!(
                    "fed status counts {counted} tasks of {n}: {}",
                    doc["counts"]
                ));
            }
        }
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    assert!(
        lies.is_empty(),
        "{} of {polls} polls reported a healthy queue wrongly:\n  {}",
        lies.len(),
        lies.join("\n  ")
    );
}
