//! Several machines draining one queue through one remote, under kill -9
//! and a remote that goes away: every task claimed once and completed,
//! nothing lost or doubled, every replica identical and `fed check` clean
//! after a final `fed sync`, checked with the Jepsen-style checker.
//!
//! Short by default (2 machines x 2 workers); `FED_REMOTE_LONG=1` runs
//! the sizes of the issue (4 machines x 4 workers over 400 tasks):
//!
//! ```sh
//! FED_REMOTE_LONG=1 cargo test --features failpoints --test integration machines_storm -- --nocapture
//! ```

use crate::common::jepsen::{ClaimAck, FinishAck, History, add_tasks, check_history};
use crate::common::machines::{Hub, LIMIT, clone_machine, documents, ok, run, size};
use crate::common::process::{Deadline, process, run_killable};
use crate::common::rng::Rng;
use crate::common::{Env, code, stderr};
use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// How long one worker of a run may keep retrying: far beyond a run's
/// length, so that a worker still going is a livelock, not a slow machine.
const PATIENCE: Duration = Duration::from_secs(300);

/// `machines` machines sharing a federation of `n` pending tasks, added
/// on the first one before it was shared (one push publishes them all).
fn setup(n: usize, machines: usize) -> (Hub, Vec<Env>, BTreeSet<String>) {
    let hub = Hub::new();
    let first = Env::new();
    let added = add_tasks(&first, n, 2);
    ok(&first, None, &["remote", "set", &hub.url()]);
    let mut all = vec![first];
    all.extend((1..machines).map(|_| clone_machine(&hub)));
    (hub, all, added)
}

/// What one worker saw.
#[derive(Default)]
struct Seen {
    claims: Vec<ClaimAck>,
    finishes: Vec<FinishAck>,
    /// Claims that ended with exit 5 (the remote kept changing).
    gave_up: usize,
    unexpected: Vec<String>,
}

/// After a run: a final sync everywhere (twice: the second brings every
/// machine level with what the others' first published), the checker on
/// the first machine, `fed check` on all, and every replica identical.
fn settle_and_check(machines: &[Env], history: &History) {
    for _ in 0..2 {
        for env in machines {
            let out = run(env, None, &["sync"]);
            assert_eq!(code(&out), 0, "final sync: {}", stderr(&out));
        }
    }
    check_history(&machines[0], history);
    for env in &machines[1..] {
        ok(env, None, &["sync"]);
    }
    let reference = documents(&machines[0]);
    for (n, env) in machines.iter().enumerate() {
        let out = run(env, None, &["--json", "check"]);
        assert_eq!(
            code(&out),
            0,
            "fed check on machine {n}: {}",
            crate::common::stdout(&out)
        );
        assert_eq!(
            documents(env),
            reference,
            "machine {n} differs from machine 0"
        );
    }
}

#[test]
fn machines_drain_one_queue_claiming_every_task_exactly_once() {
    let (machines, workers, n) = (size(2, 4), size(2, 4), size(60, 400));
    let (_hub, envs, added) = setup(n, machines);
    let start = std::time::Instant::now();
    let seen: Vec<Seen> = crate::common::process::together(machines * workers, |w| {
        let env = &envs[w % machines];
        let agent = format!("m{}w{}", w % machines, w / machines);
        let mut seen = Seen::default();
        let deadline = Deadline::after(PATIENCE);
        loop {
            let out = run(env, Some(&agent), &["--json", "queue", "claim"]);
            deadline.check(&format!("{agent} claim"), &out);
            match code(&out) {
                0 => {}
                3 => break,
                5 => {
                    seen.gave_up += 1;
                    continue;
                }
                c => {
                    seen.unexpected
                        .push(format!("{agent} claim: exit {c}: {}", stderr(&out)));
                    break;
                }
            }
            let claim = ClaimAck::parse(&agent, &out);
            let done = run(env, Some(&agent), &["queue", "complete", &claim.id]);
            if code(&done) == 0 {
                seen.finishes.push(FinishAck {
                    worker: agent.clone(),
                    id: claim.id.clone(),
                    status: "done",
                });
            } else {
                seen.unexpected.push(format!(
                    "{agent} complete {}: exit {}: {}",
                    claim.id,
                    code(&done),
                    stderr(&done)
                ));
            }
            seen.claims.push(claim);
        }
        seen
    });
    let elapsed = start.elapsed();
    let mut history = History {
        added: added.clone(),
        ..History::default()
    };
    let (mut unexpected, mut gave_up) = (Vec::new(), 0);
    for s in seen {
        history.claims.extend(s.claims);
        history.finishes.extend(s.finishes);
        unexpected.extend(s.unexpected);
        gave_up += s.gave_up;
    }
    eprintln!(
        "{machines} machines x {workers} workers drained {n} tasks in {elapsed:.1?} ({:.1} claim+complete/s; {gave_up} claims gave up after 8 lost races)",
        n as f64 / elapsed.as_secs_f64()
    );
    assert!(unexpected.is_empty(), "unexpected exits: {unexpected:#?}");
    let done: BTreeSet<String> = history.finishes.iter().map(|f| f.id.clone()).collect();
    assert_eq!(done, added, "every task completed exactly once");
    assert_eq!(history.claims.len(), n, "every task claimed exactly once");
    settle_and_check(&envs, &history);
    assert_eq!(envs[0].names("completed").len(), n);
}

/// Where a command is killed: before, around and after its push (its own,
/// or the one it makes for the changes of other workers of its machine),
/// and while a sync's files are in place but its refs have not moved; or
/// by a real SIGKILL at a random moment (inside git's push or fetch,
/// often).
fn crash_plan(rng: &mut Rng) -> (Option<&'static str>, Option<Duration>) {
    const POINTS: [&str; 6] = [
        "remote::before-push=return(crash)",
        "remote::after-push=return(crash)",
        "remote::before-settle=return(crash)",
        "remote::sync-before-refs=return(crash)",
        // Pushing for the group: other workers' changes in hand.
        "remote::group-before-push=return(crash)",
        "remote::group-after-push=return(crash)",
    ];
    match rng.below(8) {
        0..=3 => (Some(POINTS[rng.below(POINTS.len() as u64) as usize]), None),
        4 => (None, Some(Duration::from_millis(rng.below(400)))),
        _ => (None, None),
    }
}

/// Runs a fed command that may be killed; `None` when it was.
fn maybe_killed(
    env: &Env,
    agent: &str,
    args: &[&str],
    rng: &mut Rng,
) -> Option<std::process::Output> {
    let (point, kill_after) = crash_plan(rng);
    let mut cmd = process(env, Some(agent), args);
    if let Some(point) = point.filter(|_| cfg!(feature = "failpoints")) {
        cmd.env("FAILPOINTS", point);
    }
    run_killable(cmd, LIMIT, kill_after)
}

/// A worker under kill -9: claims and completes until two claims in a
/// row find nothing to claim while `more` says no more work is coming,
/// recording what was acknowledged; a killed completion is tried again.
fn killed_worker(
    env: &Env,
    agent: &str,
    rng: &mut Rng,
    (history, unexpected): (&Mutex<History>, &Mutex<Vec<String>>),
    more: &dyn Fn() -> bool,
) {
    let mut quiet_exits = 0;
    let deadline = Deadline::after(PATIENCE);
    while quiet_exits < 2 {
        let Some(out) = maybe_killed(env, agent, &["--json", "queue", "claim"], rng) else {
            continue; // killed: its fate is unknown
        };
        deadline.check(&format!("{agent} claim"), &out);
        match code(&out) {
            0 => quiet_exits = 0,
            // Nothing to claim: done, unless more work is coming.
            3 if more() => {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            3 => {
                quiet_exits += 1;
                continue;
            }
            5 => continue,
            c => {
                unexpected
                    .lock()
                    .unwrap()
                    .push(format!("{agent} claim: exit {c}: {}", stderr(&out)));
                return;
            }
        }
        let claim = ClaimAck::parse(agent, &out);
        let id = claim.id.clone();
        history.lock().unwrap().claims.push(claim);
        // A killed completion is tried again; a retry that finds the
        // task finished (exit 5) means the killed one had landed.
        for _ in 0..20 {
            let Some(out) = maybe_killed(env, agent, &["queue", "complete", &id], rng) else {
                continue;
            };
            match code(&out) {
                0 => history.lock().unwrap().finishes.push(FinishAck {
                    worker: agent.to_string(),
                    id: id.clone(),
                    status: "done",
                }),
                5 => {}
                c => unexpected
                    .lock()
                    .unwrap()
                    .push(format!("{agent} complete {id}: exit {c}: {}", stderr(&out))),
            }
            break;
        }
    }
}

#[test]
fn workers_killed_around_the_push_and_mid_sync_lose_and_double_nothing() {
    let (machines, workers, n) = (size(2, 4), size(2, 4), size(30, 200));
    let (_hub, envs, added) = setup(n, machines);
    let mut rng =
        Rng::from_env("workers_killed_around_the_push_and_mid_sync_lose_and_double_nothing");
    let seeds: Vec<u64> = (0..machines * workers).map(|_| rng.next()).collect();
    let history = Mutex::new(History {
        added,
        ..History::default()
    });
    let unexpected = Mutex::new(Vec::new());
    crate::common::process::together(machines * workers, |w| {
        let env = &envs[w % machines];
        let agent = format!("m{}w{}", w % machines, w / machines);
        let mut rng = Rng::new(seeds[w]);
        killed_worker(env, &agent, &mut rng, (&history, &unexpected), &|| false);
    });
    let unexpected = unexpected.into_inner().unwrap();
    assert!(unexpected.is_empty(), "unexpected exits: {unexpected:#?}");
    let history = history.into_inner().unwrap();
    settle_and_check(&envs, &history);
}

#[test]
fn the_remote_going_away_mid_run_stops_changes_cleanly_and_they_resume() {
    let (machines, workers, n) = (2, 2, size(30, 200));
    let (hub, envs, added) = setup(n, machines);
    // The remote goes away once a quarter of the tasks are finished, while
    // the workers run (a push may be under way), and a worker that has
    // seen half of them finished waits for it to go: the outage always
    // comes with tasks left, however fast the machine drains them.
    let finished = AtomicUsize::new(0);
    let gone = AtomicBool::new(false);
    let hold_back = |deadline: &Deadline| {
        while finished.load(Ordering::SeqCst) >= n / 2 && !gone.load(Ordering::SeqCst) {
            assert!(!deadline.passed(), "the remote never went away");
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    let outage = std::thread::scope(|s| {
        let (hub, finished, gone) = (&hub, &finished, &gone);
        let outage = s.spawn(move || {
            let deadline = Deadline::after(PATIENCE);
            while finished.load(Ordering::SeqCst) < n / 4 {
                assert!(!deadline.passed(), "a quarter of the tasks never finished");
                std::thread::sleep(Duration::from_millis(5));
            }
            hub.vanish();
            gone.store(true, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(2500));
            hub.come_back();
        });
        let seen: Vec<(Seen, usize)> = crate::common::process::together(machines * workers, |w| {
            let env = &envs[w % machines];
            let agent = format!("m{}w{}", w % machines, w / machines);
            let mut seen = Seen::default();
            let mut refused = 0;
            let deadline = Deadline::after(PATIENCE);
            // While the remote's path is gone (taken away under a running
            // push, even), a change fails with one line naming the remote.
            let unreachable = |out: &std::process::Output| {
                code(out) == 1
                    && stderr(out).contains(&format!("remote {}: ", hub.url()))
                    && stderr(out).lines().count() == 1
            };
            loop {
                let out = run(env, Some(&agent), &["--json", "queue", "claim"]);
                deadline.check(&format!("{agent} claim"), &out);
                match code(&out) {
                    0 => {}
                    3 => break,
                    5 => continue,
                    _ if unreachable(&out) => {
                        refused += 1;
                        std::thread::sleep(Duration::from_millis(200));
                        continue;
                    }
                    c => {
                        seen.unexpected
                            .push(format!("{agent} claim: exit {c}: {}", stderr(&out)));
                        break;
                    }
                }
                let claim = ClaimAck::parse(&agent, &out);
                loop {
                    let done = run(env, Some(&agent), &["queue", "complete", &claim.id]);
                    deadline.check(&format!("{agent} complete {}", claim.id), &done);
                    if unreachable(&done) {
                        refused += 1;
                        std::thread::sleep(Duration::from_millis(200));
                        continue;
                    }
                    if code(&done) == 0 {
                        seen.finishes.push(FinishAck {
                            worker: agent.clone(),
                            id: claim.id.clone(),
                            status: "done",
                        });
                        finished.fetch_add(1, Ordering::SeqCst);
                    } else if code(&done) == 5 && stderr(&done).contains("already finished (done)")
                    {
                        // An earlier try reached the remote before the
                        // connection failed: landed, not acknowledged.
                        seen.gave_up += 1;
                        finished.fetch_add(1, Ordering::SeqCst);
                    } else {
                        seen.unexpected.push(format!(
                            "{agent} complete {}: exit {}: {}",
                            claim.id,
                            code(&done),
                            stderr(&done)
                        ));
                    }
                    break;
                }
                seen.claims.push(claim);
                hold_back(&deadline);
            }
            (seen, refused)
        });
        outage.join().unwrap();
        seen
    });
    let mut history = History {
        added: added.clone(),
        ..History::default()
    };
    let (mut unexpected, mut refused) = (Vec::new(), 0);
    for (s, r) in outage {
        history.claims.extend(s.claims);
        history.finishes.extend(s.finishes);
        unexpected.extend(s.unexpected);
        refused += r;
    }
    assert!(unexpected.is_empty(), "unexpected exits: {unexpected:#?}");
    assert!(
        refused > 0,
        "the outage was never noticed (the run ended before it?)"
    );
    settle_and_check(&envs, &history);
    // Every task was completed (acknowledged, or landed just before the
    // connection failed), exactly once.
    let docs = documents(&envs[0]);
    for id in &added {
        let doc = &docs[&format!("queue/completed/{id}.json")];
        let task: serde_json::Value = serde_json::from_slice(doc).unwrap();
        assert_eq!(task["status"], "done", "{task}");
        let completions = task["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["event"] == "done")
            .count();
        assert_eq!(completions, 1, "{task}");
    }
}

/// Machines adding work through the remote while their workers drain it,
/// every command killed now and then around its push (the adds' own, and
/// the group's carrying other processes' adds into the archive) or at a
/// random moment: every acknowledged add is there and done, every task
/// that exists was claimed once and completed, replicas identical.
#[test]
fn machines_adding_and_draining_under_kill_9_lose_and_double_nothing() {
    let (machines, per_adder) = (size(2, 4), size(6, 25));
    let (adders, workers) = (2, 2);
    let (_hub, envs, _) = setup(0, machines);
    let mut rng =
        Rng::from_env("machines_adding_and_draining_under_kill_9_lose_and_double_nothing");
    let seeds: Vec<u64> = (0..machines * (adders + workers))
        .map(|_| rng.next())
        .collect();
    let history = Mutex::new(History::default());
    let unexpected = Mutex::new(Vec::new());
    let adding = AtomicUsize::new(machines * adders);
    crate::common::process::together(machines * (adders + workers), |w| {
        let (m, role) = (w % machines, w / machines);
        let env = &envs[m];
        let mut rng = Rng::new(seeds[w]);
        if role >= adders {
            let agent = format!("m{m}w{role}");
            let more = || adding.load(Ordering::SeqCst) > 0;
            killed_worker(env, &agent, &mut rng, (&history, &unexpected), &more);
            return;
        }
        let agent = format!("m{m}a{role}");
        for i in 0..per_adder {
            let desc = format!("storm add {agent} {i}");
            let Some(out) = maybe_killed(env, &agent, &["queue", "add", &desc], &mut rng) else {
                continue; // killed: the task may or may not exist
            };
            match code(&out) {
                0 => {
                    let id = crate::common::stdout(&out).trim().to_string();
                    history.lock().unwrap().added.insert(id);
                }
                c => unexpected
                    .lock()
                    .unwrap()
                    .push(format!("{agent} add: exit {c}: {}", stderr(&out))),
            }
        }
        adding.fetch_sub(1, Ordering::SeqCst);
    });
    let unexpected = unexpected.into_inner().unwrap();
    assert!(unexpected.is_empty(), "unexpected exits: {unexpected:#?}");
    let mut history = history.into_inner().unwrap();
    // The tasks of killed adds that landed anyway: they may exist.
    for env in &envs {
        ok(env, None, &["sync"]);
    }
    for (path, bytes) in documents(&envs[0]) {
        let task: serde_json::Value = serde_json::from_slice(&bytes).expect("task JSON");
        let id = task["task_id"].as_str().unwrap().to_string();
        if !history.added.contains(&id) {
            assert!(
                task["description"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("storm add ")),
                "{path}: a task nobody added"
            );
            history.maybe_added.insert(id);
        }
    }
    assert!(!history.added.is_empty(), "no add was acknowledged");
    settle_and_check(&envs, &history);
    // Every task there was drained: claimed once (the checker), and done,
    // or held by a claim whose process was killed after it landed.
    let docs = documents(&envs[0]);
    let drained =
        |p: &String| p.starts_with("queue/completed/") || p.starts_with("queue/in-progress/");
    let left: Vec<&String> = docs.keys().filter(|p| !drained(p)).collect();
    assert!(left.is_empty(), "not drained: {left:?}");
    for id in &history.added {
        let there = docs.keys().any(|p| {
            let name = p.rsplit('/').next().unwrap_or("");
            name == format!("{id}.json") || name.starts_with(&format!("{id}@"))
        });
        assert!(there, "acknowledged add {id} is missing");
    }
}
