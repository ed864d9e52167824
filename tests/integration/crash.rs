//! Crashes: `kill -9` at random moments of real `fed` processes, and the
//! leftovers a killed process leaves, made by hand. After the next
//! state-changing command (which recovers), no task is lost or duplicated,
//! nothing is left in `.txn/` or `.tmp/`, and `fed check` is clean.
//!
//! `FED_STRESS=1` runs the bigger version (see `concurrency.rs`);
//! `FED_SEED=N` replays the random choices of a failed run (the seed is
//! printed on stderr).

use crate::common::jepsen::{ClaimAck, FinishAck, History, add_tasks, all_names, check_history};
use crate::common::process::{process, process_at, run_with, signal, size};
use crate::common::rng::Rng;
use crate::common::*;
use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(60);
/// An hour after `NOW`: every lease taken at `NOW` (30 min) has expired.
const LATER: &str = "2026-11-21T10:00:00Z";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Claim,
    Complete,
    Fail,
    Release,
    Cancel,
    Reap,
    Block,
    Unblock,
    Add,
    Status,
}

impl Op {
    fn pick(rng: &mut Rng) -> Op {
        match rng.below(100) {
            0..30 => Op::Claim,
            30..52 => Op::Complete,
            52..57 => Op::Fail,
            57..62 => Op::Release,
            62..70 => Op::Cancel,
            70..78 => Op::Reap,
            78..83 => Op::Block,
            83..88 => Op::Unblock,
            88..96 => Op::Add,
            _ => Op::Status,
        }
    }
}

/// What the run saw, shared by the worker threads.
#[derive(Default)]
struct Shared {
    history: History,
    unexpected: Vec<String>,
    killed: usize,
    ran: usize,
}

#[test]
fn sigkill_at_random_moments_loses_and_duplicates_nothing() {
    let (ops, workers, initial) = (size(400, 4000), size(4, 8), size(30, 200));
    let env = Env::new();
    env.config("overseers: [boss]\nleases:\n  ttl: 30m\n  max_attempts: 1000\n");
    let mut rng = Rng::from_env("sigkill_at_random_moments_loses_and_duplicates_nothing");
    let shared = Mutex::new(Shared::default());
    for i in 0..initial {
        let id = env.add(&["initial task", "--id", &format!("init-{i}")]);
        shared.lock().unwrap().history.added.insert(id);
    }
    let seeds: Vec<u64> = (0..workers).map(|_| rng.next()).collect();
    let counter = AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for (w, seed) in seeds.iter().enumerate() {
            let (env, shared, counter) = (&env, &shared, &counter);
            let seed = *seed;
            scope.spawn(move || worker(env, w, seed, ops, counter, shared));
        }
    });
    let shared = shared.into_inner().unwrap();
    let leftovers = all_names(&env.path(".txn"));
    let tmp_left = all_names(&env.path(".tmp"));
    eprintln!(
        "{} operations in {:?}, {} killed; before recovery .txn/ holds {:?} and .tmp/ {:?}",
        shared.ran,
        start.elapsed(),
        shared.killed,
        leftovers,
        tmp_left
    );
    assert!(
        shared.killed > 0,
        "no process was killed: the test proves nothing"
    );
    for line in &shared.unexpected {
        eprintln!("unexpected: {line}");
    }
    // The queue first (guarantee 1), then the exit codes (guarantee 2).
    check_history(&env, &shared.history);
    let recovered = std::fs::read_to_string(env.path("log.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"recovered\""))
        .count();
    eprintln!("recovered in-flight tasks during the run: {recovered}");
    assert!(
        shared.unexpected.is_empty(),
        "the queue is consistent, but live processes got exit codes the contract does not allow:\n  {}",
        shared.unexpected.join("\n  ")
    );
}

fn worker(
    env: &Env,
    w: usize,
    seed: u64,
    ops: usize,
    counter: &AtomicUsize,
    shared: &Mutex<Shared>,
) {
    let agent = format!("w{w}");
    let mut rng = Rng::new(seed);
    let mut held: Vec<String> = Vec::new();
    let mut added = 0;
    while counter.fetch_add(1, Ordering::SeqCst) < ops {
        let mut op = Op::pick(&mut rng);
        if matches!(op, Op::Complete | Op::Fail | Op::Release) && held.is_empty() {
            op = Op::Claim;
        }
        let random_known = |rng: &mut Rng| {
            let s = shared.lock().unwrap();
            let added: Vec<&String> = s.history.added.iter().collect();
            added[rng.below(added.len() as u64) as usize].clone()
        };
        let target = match op {
            Op::Complete | Op::Fail | Op::Release => {
                Some(held[rng.below(held.len() as u64) as usize].clone())
            }
            Op::Cancel | Op::Block | Op::Unblock => Some(random_known(&mut rng)),
            Op::Add => {
                added += 1;
                Some(format!("w{w}-add-{added}"))
            }
            _ => None,
        };
        let t = target.as_deref().unwrap_or("");
        let cmd = match op {
            Op::Claim => process(env, Some(&agent), &["--json", "queue", "claim"]),
            Op::Complete => process(
                env,
                Some(&agent),
                &["queue", "complete", t, "--summary", "ok"],
            ),
            Op::Fail => process(env, Some(&agent), &["queue", "complete", t, "--failed"]),
            Op::Release => process(env, Some(&agent), &["queue", "release", t]),
            Op::Cancel => process(
                env,
                Some("boss"),
                &["queue", "cancel", t, "--reason", "chaos"],
            ),
            Op::Reap => process_at(env, Some("boss"), LATER, &["queue", "reap"]),
            Op::Block => process(
                env,
                Some("boss"),
                &["queue", "block", t, "--reason", "chaos"],
            ),
            Op::Unblock => process(env, Some("boss"), &["queue", "unblock", t]),
            Op::Add => process(
                env,
                Some(&agent),
                &["queue", "add", "added in chaos", "--id", t],
            ),
            Op::Status => process(env, None, &["--json", "status"]),
        };
        if op == Op::Add {
            shared
                .lock()
                .unwrap()
                .history
                .maybe_added
                .insert(t.to_string());
        }
        // Two runs in three get a SIGKILL, mostly within the first few
        // milliseconds (a fed command lives about that long), some later.
        let kill_after = match rng.below(3) {
            0 => None,
            _ if rng.below(4) == 0 => Some(Duration::from_micros(rng.below(30_000))),
            _ => Some(Duration::from_micros(rng.below(6_000))),
        };
        let out = crate::common::process::run_killable(cmd, LIMIT, kill_after);
        let mut s = shared.lock().unwrap();
        s.ran += 1;
        let Some(out) = out else {
            s.killed += 1;
            // Killed: its fate is unknown. A killed complete or release is
            // retried later (and then gets 5 if it had landed).
            continue;
        };
        let c = code(&out);
        let err = stderr(&out);
        let mut bad = |why: &str| {
            s.unexpected.push(format!(
                "{agent} {op:?} {t}: exit {c} ({why}): {}",
                err.trim()
            ));
        };
        if err.contains("panicked") {
            bad("panic");
            continue;
        }
        match (op, c) {
            (Op::Claim, 0) => {
                let claim = ClaimAck::parse(&agent, &out);
                held.push(claim.id.clone());
                s.history.claims.push(claim);
            }
            (Op::Claim, 3) => {}
            (Op::Complete | Op::Fail, 0) => {
                held.retain(|h| h != t);
                s.history.finishes.push(FinishAck {
                    worker: agent.clone(),
                    id: t.to_string(),
                    status: if op == Op::Fail { "failed" } else { "done" },
                });
            }
            (Op::Release, 0) | (Op::Complete | Op::Fail | Op::Release, 5) => {
                held.retain(|h| h != t);
            }
            (Op::Cancel, 0) => s.history.finishes.push(FinishAck {
                worker: "boss".into(),
                id: t.to_string(),
                status: "cancelled",
            }),
            (Op::Cancel, 5) => {}
            (Op::Reap, 0) | (Op::Status, 0) => {}
            (Op::Block | Op::Unblock, 0 | 5) => {}
            // "already blocked" / "not blocked" / finished: state-dependent.
            (Op::Block | Op::Unblock, 1) if err.contains("blocked") && !err.contains("no task") => {
            }
            (Op::Add, 0) => {
                s.history.maybe_added.remove(t);
                s.history.added.insert(t.to_string());
            }
            _ => bad("not an outcome this operation may have"),
        }
    }
}

/// A random SIGSTOP/SIGCONT storm: stopped processes keep their lock, so
/// nobody recovers their work while they sleep, and they finish cleanly.
#[test]
fn stopped_and_resumed_workers_leave_a_clean_queue() {
    let (n, workers) = (size(40, 400), size(6, 16));
    let env = Env::new();
    let mut rng = Rng::from_env("stopped_and_resumed_workers_leave_a_clean_queue");
    let added: BTreeSet<String> = add_tasks(&env, n, 2);
    let history = Mutex::new(History {
        added,
        ..History::default()
    });
    let seeds: Vec<u64> = (0..workers).map(|_| rng.next()).collect();
    std::thread::scope(|scope| {
        for (w, seed) in seeds.iter().enumerate() {
            let (env, history, seed) = (&env, &history, *seed);
            scope.spawn(move || {
                let mut rng = Rng::new(seed);
                let agent = format!("s{w}");
                loop {
                    let claim = stop_and_go(
                        process(env, Some(&agent), &["--json", "queue", "claim"]),
                        &mut rng,
                    );
                    match code(&claim) {
                        0 => {}
                        3 => break,
                        c => panic!("{agent} claim exited {c}: {}", stderr(&claim)),
                    }
                    let ack = ClaimAck::parse(&agent, &claim);
                    let id = ack.id.clone();
                    history.lock().unwrap().claims.push(ack);
                    let done = stop_and_go(
                        process(env, Some(&agent), &["queue", "complete", &id]),
                        &mut rng,
                    );
                    assert_eq!(code(&done), 0, "{agent} complete {id}: {}", stderr(&done));
                    history.lock().unwrap().finishes.push(FinishAck {
                        worker: agent.clone(),
                        id,
                        status: "done",
                    });
                }
            });
        }
    });
    let history = history.into_inner().unwrap();
    assert_eq!(history.finishes.len(), n);
    check_history(&env, &history);
}

/// Runs `cmd`, stopping it at a random moment for up to 50 ms (half the
/// time), then letting it finish.
fn stop_and_go(cmd: std::process::Command, rng: &mut Rng) -> std::process::Output {
    let pause = (rng.below(2) == 0).then(|| {
        (
            Duration::from_micros(rng.below(4_000)),
            Duration::from_micros(rng.below(50_000)),
        )
    });
    let out = run_with(cmd, LIMIT, |child| {
        if let Some((before, stopped)) = pause {
            std::thread::sleep(before);
            signal(child, libc::SIGSTOP);
            std::thread::sleep(stopped);
            signal(child, libc::SIGCONT);
        }
    });
    assert!(out.status.code().is_some(), "killed: {:?}", out.status);
    out
}

// ---- leftovers made by hand ----

/// Moves `from` (relative to the federation) to `to`, as a killed process
/// would have left it.
fn plant(env: &Env, from: &str, to: &str) {
    std::fs::rename(env.path(from), env.path(to)).expect("rename");
}

fn status_json(env: &Env) -> serde_json::Value {
    let out = env.run(None, &["--json", "status"]);
    assert_eq!(code(&out), 0, "status: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("status JSON")
}

fn check_json(env: &Env) -> (i32, serde_json::Value) {
    let out = env.run(None, &["--json", "check"]);
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("check --json ({e}): {}", stdout(&out)));
    (code(&out), doc)
}

fn kinds_for(doc: &serde_json::Value, id: &str) -> Vec<String> {
    doc["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["task_id"].as_str() == Some(id))
        .map(|p| p["kind"].as_str().unwrap_or("?").to_string())
        .collect()
}

#[test]
fn a_task_taken_by_a_dead_process_goes_back_to_pending() {
    let env = Env::new();
    let id = env.add(&["taken and abandoned", "--id", "orphan"]);
    let other = env.add(&["untouched", "--id", "bystander"]);
    let original = std::fs::read(env.path("queue/pending/orphan.json")).unwrap();
    // A killed claimer: its lock file (unlocked: the owner is dead), the
    // task taken into .txn/, a temporary file with the new content.
    plant(
        &env,
        "queue/pending/orphan.json",
        ".txn/orphan@deadowner.json",
    );
    std::fs::write(env.path(".txn/deadowner.lock"), "").unwrap();
    std::fs::write(env.path(".tmp/deadowner.0.tmp"), b"{\"half\": ").unwrap();
    // A second dead owner whose lock file is already gone.
    let ghost = env.add(&["taken by a ghost", "--id", "ghostly"]);
    plant(
        &env,
        "queue/pending/ghostly.json",
        ".txn/ghostly@ghost.json",
    );
    std::fs::write(env.path(".tmp/ghost.3.tmp"), b"").unwrap();

    // Read-only commands see it in flight and change nothing.
    let status = status_json(&env);
    assert_eq!(status["in_flight"], 2, "status: {status}");
    assert_eq!(status["counts"]["pending"], 1, "status: {status}");
    let (c, doc) = check_json(&env);
    assert_eq!(c, 0, "in flight is a warning: {doc}");
    assert!(
        kinds_for(&doc, &id).contains(&"in-flight".to_string()),
        "{doc}"
    );
    assert!(
        kinds_for(&doc, &ghost).contains(&"in-flight".to_string()),
        "{doc}"
    );
    let list = env.run(None, &["queue", "list"]);
    assert_eq!(code(&list), 0);
    assert!(!stdout(&list).contains("orphan"), "{}", stdout(&list));
    assert!(env.path(".txn/orphan@deadowner.json").exists());
    assert!(env.path(".tmp/deadowner.0.tmp").exists());

    // The next state-changing command recovers.
    let reap = env.run(None, &["queue", "reap"]);
    assert_eq!(code(&reap), 0, "{}", stderr(&reap));
    assert_eq!(
        env.names("pending"),
        vec!["bystander.json", "ghostly.json", "orphan.json"]
    );
    assert_eq!(
        std::fs::read(env.path("queue/pending/orphan.json")).unwrap(),
        original,
        "the task came back as it was"
    );
    assert!(
        all_names(&env.path(".txn")).is_empty(),
        "{:?}",
        all_names(&env.path(".txn"))
    );
    assert!(
        all_names(&env.path(".tmp")).is_empty(),
        "{:?}",
        all_names(&env.path(".tmp"))
    );
    let (c, doc) = check_json(&env);
    assert_eq!(c, 0, "{doc}");
    assert!(doc["problems"].as_array().unwrap().is_empty(), "{doc}");
    assert_eq!(status_json(&env)["in_flight"], 0);
    assert!(
        std::fs::read_to_string(env.path("log.jsonl"))
            .unwrap()
            .contains("\"recovered\""),
        "recovery is logged"
    );
    check_history(
        &env,
        &History {
            added: [id, other, ghost].into_iter().collect(),
            ..History::default()
        },
    );
}

#[test]
fn a_claim_that_was_swapped_in_is_published_with_its_token() {
    let env = Env::new();
    let id = env.add(&[
        "claimed by a process killed before publishing",
        "--id",
        "swapped",
    ]);
    let out = env.run(Some("a"), &["--json", "queue", "claim", &id]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let claim = ClaimAck::parse("a", &out);
    let in_progress = format!("queue/in-progress/{id}@{}.json", claim.token);
    let content = std::fs::read(env.path(&in_progress)).unwrap();
    // The state a claimer killed between its swap and its publish leaves:
    // the new (in-progress) document, still in .txn/.
    plant(&env, &in_progress, ".txn/swapped@deadclaimer.json");
    std::fs::write(env.path(".txn/deadclaimer.lock"), "").unwrap();
    std::fs::write(env.path(".tmp/deadclaimer.0.tmp"), b"old content").unwrap();
    let status = status_json(&env);
    assert_eq!(status["in_flight"], 1, "{status}");
    assert_eq!(status["counts"]["in-progress"], 0, "{status}");

    // Any state-changing command publishes it where its content says.
    let other = env.add(&["another", "--id", "other"]);
    let out = env.run(Some("b"), &["queue", "claim", &other]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        env.path(&in_progress).exists(),
        "published under its lease token"
    );
    assert_eq!(std::fs::read(env.path(&in_progress)).unwrap(), content);
    assert!(all_names(&env.path(".txn")).is_empty());
    assert!(all_names(&env.path(".tmp")).is_empty());

    // The holder goes on as if nothing happened.
    let done = env.run(Some("a"), &["queue", "complete", &id]);
    assert_eq!(code(&done), 0, "{}", stderr(&done));
    check_history(
        &env,
        &History {
            added: [id.clone(), other].into_iter().collect(),
            claims: vec![claim],
            finishes: vec![FinishAck {
                worker: "a".into(),
                id,
                status: "done",
            }],
            ..History::default()
        },
    );
}

#[test]
fn a_completion_that_was_swapped_in_lands_in_completed() {
    let env = Env::new();
    let id = env.add(&[
        "finished by a process killed before publishing",
        "--id",
        "fin",
    ]);
    env.claim("a");
    // Make the finished document with fed itself, then put it back in
    // flight as a killed completer leaves it.
    let out = env.run(Some("a"), &["queue", "complete", &id]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let done = std::fs::read(env.path("queue/completed/fin.json")).unwrap();
    plant(
        &env,
        "queue/completed/fin.json",
        ".txn/fin@deadcompleter.json",
    );
    let reap = env.run(None, &["queue", "reap"]);
    assert_eq!(code(&reap), 0, "{}", stderr(&reap));
    assert_eq!(
        std::fs::read(env.path("queue/completed/fin.json")).unwrap(),
        done
    );
    assert!(all_names(&env.path(".txn")).is_empty());
    assert!(env.names("in-progress").is_empty());
}

#[test]
fn a_live_owner_is_never_recovered_from_under_it() {
    let env = Env::new();
    let id = env.add(&["held by a live process", "--id", "busy"]);
    plant(&env, "queue/pending/busy.json", ".txn/busy@liveowner.json");
    // A child process plays the live owner: it holds the lock (a lock held
    // by this test process could outlive its drop in a child that another
    // test forks meanwhile).
    let lock_path = env.path(".txn/liveowner.lock");
    // One process holds it (the shell becomes `sleep`, keeping fd 9).
    let mut owner = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec 9>\"$1\" && flock -x 9 && exec sleep 600")
        .arg("sh")
        .arg(&lock_path)
        .spawn()
        .expect("sh runs");
    let held = || {
        !std::process::Command::new("flock")
            .arg("-n")
            .arg(&lock_path)
            .arg("true")
            .status()
            .expect("flock runs")
            .success()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !held() {
        assert!(
            std::time::Instant::now() < deadline,
            "the owner never locked"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let reap = env.run(None, &["queue", "reap"]);
    assert_eq!(code(&reap), 0, "{}", stderr(&reap));
    let claim = env.run(Some("a"), &["queue", "claim"]);
    assert_eq!(
        code(&claim),
        3,
        "nothing to claim while busy is in flight: {}",
        stderr(&claim)
    );
    assert!(
        env.path(".txn/busy@liveowner.json").exists(),
        "taken from a live owner"
    );
    assert!(env.names("pending").is_empty());

    // The owner dies: its lock goes with it, and the next command recovers.
    owner.kill().unwrap();
    owner.wait().unwrap();
    let claim = env.run(Some("a"), &["queue", "claim"]);
    assert_eq!(code(&claim), 0, "{}", stderr(&claim));
    assert_eq!(stdout(&claim).trim(), id);
    assert!(
        all_names(&env.path(".txn")).is_empty(),
        "{:?}",
        all_names(&env.path(".txn"))
    );
}

#[test]
fn a_dependency_in_flight_does_not_make_its_dependants_dangle() {
    let env = Env::new();
    env.add(&["first", "--id", "dep"]);
    env.add(&["second", "--id", "child", "--after", "dep"]);
    plant(&env, "queue/pending/dep.json", ".txn/dep@deadowner.json");
    let (exit, doc) = check_json(&env);
    assert_eq!(exit, 0, "{doc}");
    assert!(kinds_for(&doc, "child").is_empty(), "{doc}");
    assert_eq!(kinds_for(&doc, "dep"), ["in-flight"], "{doc}");
}

#[test]
fn a_lock_file_left_at_birth_is_swept_only_once_it_is_old() {
    let env = Env::new();
    env.add(&["a task", "--id", "t"]);
    let old = env.path(".txn/.deadbirth01.lock");
    let fresh = env.path(".txn/.newborn0001.lock");
    for path in [&old, &fresh] {
        std::fs::write(path, "").unwrap();
    }
    // A process killed between creating its lock and renaming it into view
    // left `old` a while ago; `fresh` may be a live process's, mid-birth.
    let file = std::fs::File::options().write(true).open(&old).unwrap();
    file.set_modified(std::time::SystemTime::now() - Duration::from_secs(120))
        .unwrap();
    drop(file);
    let out = env.run(None, &["queue", "reap"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!old.exists(), "an old, unlocked birth lock is swept");
    assert!(fresh.exists(), "a fresh one may belong to a live process");
}
