//! `queue claim --wait`: waiters wake on a completion, a release, an add
//! and a resume; many waiters on few tasks give one winner per task; the
//! deadline exits 3; killing waiters loses nothing.

use crate::common::process::{process, run_bounded, signal, wait_bounded};
use crate::common::{Env, code, stderr, stdout};
use std::process::Child;
use std::time::{Duration, Instant};

/// A waiter: `fed queue claim --wait LIMIT` as `agent`.
pub(crate) fn waiter(env: &Env, agent: &str, limit: &str) -> Child {
    process(env, Some(agent), &["queue", "claim", "--wait", limit])
        .spawn()
        .expect("fed starts")
}

/// Fails unless `child` is still running after `pause`.
pub(crate) fn still_waiting(child: &mut Child, pause: Duration, what: &str) {
    std::thread::sleep(pause);
    assert!(
        child.try_wait().expect("wait").is_none(),
        "{what}: the waiter exited early"
    );
}

/// The id a finished waiter claimed (it must have exited 0 within 5 s).
fn claimed(child: Child) -> String {
    let out = wait_bounded(child, Duration::from_secs(5), "claim --wait");
    assert_eq!(code(&out), 0, "claim --wait: {}", stderr(&out));
    stdout(&out).trim().to_string()
}

#[test]
fn a_waiter_wakes_when_a_dependency_completes() {
    let env = Env::new();
    let a = env.add(&["first"]);
    let b = env.add(&["second", "--after", &a]);
    assert_eq!(env.claim("x"), a);
    let mut w = waiter(&env, "y", "20s");
    still_waiting(&mut w, Duration::from_millis(400), "before the completion");
    env.as_agent("x", &["queue", "complete", &a])
        .assert()
        .success();
    assert_eq!(claimed(w), b);
}

#[test]
fn a_waiter_wakes_on_a_release_and_on_an_add() {
    let env = Env::new();
    let a = env.add(&["only"]);
    assert_eq!(env.claim("x"), a);
    let mut w = waiter(&env, "y", "20s");
    still_waiting(&mut w, Duration::from_millis(400), "before the release");
    env.as_agent("x", &["queue", "release", &a])
        .assert()
        .success();
    assert_eq!(claimed(w), a);

    let mut w = waiter(&env, "y", "20s");
    still_waiting(&mut w, Duration::from_millis(400), "before the add");
    let b = env.add(&["new work"]);
    assert_eq!(claimed(w), b);
}

#[test]
fn a_pause_holds_waiters_until_resume() {
    let env = Env::new();
    env.fed(&["pause", "--reason", "maintenance"])
        .assert()
        .success();
    let a = env.add(&["after the pause"]);
    let mut w = waiter(&env, "y", "20s");
    still_waiting(&mut w, Duration::from_millis(600), "while paused");
    env.fed(&["resume"]).assert().success();
    assert_eq!(claimed(w), a);
}

#[test]
fn the_deadline_exits_3() {
    let env = Env::new();
    let start = Instant::now();
    let out = run_bounded(
        process(&env, Some("y"), &["queue", "claim", "--wait", "1s"]),
        Duration::from_secs(10),
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert!(stderr(&out).contains("no ready task"), "{}", stderr(&out));
    let bad = env.run(Some("y"), &["queue", "claim", "--wait", "soon"]);
    assert_eq!(code(&bad), 2, "{}", stderr(&bad));
    assert!(stderr(&bad).contains("not a duration"), "{}", stderr(&bad));
}

#[test]
fn sixteen_waiters_and_four_tasks_give_four_winners() {
    let env = Env::new();
    let mut waiters: Vec<Child> = (0..16)
        .map(|i| waiter(&env, &format!("w{i}"), "60s"))
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let ids: Vec<String> = (0..4).map(|i| env.add(&[&format!("task {i}")])).collect();
    // Wait for four winners.
    let start = Instant::now();
    let mut winners = Vec::new();
    while winners.len() < 4 && start.elapsed() < Duration::from_secs(15) {
        let mut i = 0;
        while i < waiters.len() {
            if waiters[i].try_wait().expect("wait").is_some() {
                winners.push(claimed(waiters.swap_remove(i)));
            } else {
                i += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    winners.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(winners, expected, "each task exactly once");
    // The other twelve keep waiting; killing them loses nothing.
    assert_eq!(waiters.len(), 12);
    std::thread::sleep(Duration::from_millis(500));
    for w in &mut waiters {
        assert!(
            w.try_wait().expect("wait").is_none(),
            "a loser stopped waiting"
        );
        signal(w, libc::SIGKILL);
    }
    for mut w in waiters {
        let _ = w.wait();
    }
    assert_eq!(env.names("in-progress").len(), 4);
    assert!(env.names("pending").is_empty());
    env.fed(&["check"]).assert().success();
    let late = env.add(&["late"]);
    assert_eq!(env.claim("z"), late, "the queue still works");
}
