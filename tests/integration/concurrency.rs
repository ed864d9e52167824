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

use crate::common::jepsen::{ClaimAck, FOLDERS, FinishAck, History, add_tasks, check_history};
use crate::common::process::{process, process_at, run_bounded, signal, size, stress, together};
use crate::common::rng::Rng;
use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Stdio;

use std::time::{Duration, Instant};

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
