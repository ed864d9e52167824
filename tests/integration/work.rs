//! `fed work`: success, failure, acceptance checks, lease renewal, signals,
//! a lost claim (reaped, cancelled), a pause, and a killed worker whose
//! task another worker takes over without a reap job. These run on the
//! real clock (leases must really expire), with short worker leases.

use crate::common::process::{process, signal, wait_bounded};
use crate::common::{Env, code, stderr, stdout};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// `fed work ARGS` as `agent` on the real clock.
fn worker(env: &Env, agent: &str, args: &[&str]) -> Command {
    let mut all = vec!["work"];
    all.extend_from_slice(args);
    let mut cmd = process(env, Some(agent), &all);
    cmd.env_remove("FED_NOW");
    cmd
}

fn short_leases(env: &Env) {
    env.config("leases:\n  worker_ttl: 4s\n");
}

/// The task document as `queue show --json` prints it.
fn task(env: &Env, id: &str) -> serde_json::Value {
    env.json(None, &["queue", "show", id])
}

/// Waits (up to `limit`) until `ready` holds.
fn eventually(limit: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether process `pid` is gone (or a zombie).
fn gone(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

fn pid_in(path: &Path) -> i32 {
    let mut pid = None;
    eventually(Duration::from_secs(10), "the command's pid file", || {
        pid = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| t.trim().parse().ok());
        pid.is_some()
    });
    pid.expect("a pid")
}

/// A command that writes its pid to `pidfile`, then sleeps 30 s.
fn sleeper(pidfile: &Path) -> String {
    format!("echo $$ > {}; exec sleep 30", pidfile.display())
}

fn finish(child: Child, what: &str) -> std::process::Output {
    wait_bounded(child, Duration::from_secs(20), what)
}

#[test]
fn a_task_whose_command_succeeds_is_done_with_its_output_kept() {
    let env = Env::new();
    let id = env.add(&["say hello", "--check", "test -n \"$FED_TASK_ID\""]);
    let script = "echo \"hello from $FED_TASK_ID: $FED_TASK_DESCRIPTION\"; grep -q \"$FED_TASK_ID\" \"$FED_TASK_FILE\"";
    let out = finish(
        worker(&env, "w", &["--once", "--", "sh", "-c", script])
            .spawn()
            .unwrap(),
        "work",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), format!("{id}\tdone"));
    let t = task(&env, &id);
    assert_eq!(t["status"], "done");
    let summary = t["result"]["summary"].as_str().unwrap();
    assert!(
        summary.contains(&format!("hello from {id}: say hello")),
        "{summary}"
    );
    let log = t["result"]["output"].as_str().unwrap();
    let kept = std::fs::read_to_string(env.path(log)).unwrap();
    assert!(kept.contains("hello from"), "{kept}");
    // The JSON copy of the task was removed once the command finished.
    let left: Vec<_> = std::fs::read_dir(env.path("outputs"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn a_failing_command_or_check_fails_the_task_with_the_tail_of_its_output() {
    let env = Env::new();
    let a = env.add(&["breaks", "--priority", "high"]);
    let b = env.add(&["checked", "--check", "echo check says no; exit 1"]);
    let script = "echo line one; echo line two; [ \"$FED_TASK_DESCRIPTION\" = checked ] || exit 3";
    let out = finish(
        worker(&env, "w", &["--max", "2", "--", "sh", "-c", script])
            .spawn()
            .unwrap(),
        "work",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{a}\tfailed\n{b}\tfailed\n"));
    let ta = task(&env, &a);
    assert_eq!(ta["status"], "failed");
    let summary = ta["result"]["summary"].as_str().unwrap();
    assert!(
        summary.contains("exited 3") && summary.contains("line two"),
        "{summary}"
    );
    let tb = task(&env, &b);
    assert_eq!(tb["status"], "failed");
    let summary = tb["result"]["summary"].as_str().unwrap();
    assert!(
        summary.contains("acceptance check") && summary.contains("check says no"),
        "{summary}"
    );
}

#[test]
fn a_command_outliving_several_leases_keeps_its_task() {
    let env = Env::new();
    short_leases(&env);
    let id = env.add(&["slow"]);
    let child = worker(&env, "w", &["--once", "--", "sleep", "9"])
        .spawn()
        .unwrap();
    eventually(Duration::from_secs(5), "the claim", || {
        env.names("in-progress").len() == 1
    });
    // Other agents' claims take back expired leases: this one never is.
    for _ in 0..8 {
        std::thread::sleep(Duration::from_secs(1));
        let mut cmd = process(&env, Some("other"), &["queue", "claim"]);
        cmd.env_remove("FED_NOW");
        let out = cmd.output().unwrap();
        assert_eq!(code(&out), 3, "the task was taken: {}", stdout(&out));
    }
    let out = finish(child, "work");
    assert_eq!(stdout(&out).trim(), format!("{id}\tdone"));
    let t = task(&env, &id);
    assert_eq!(t["attempts"], 1);
    let log = std::fs::read_to_string(env.path("log.jsonl")).unwrap();
    assert!(log.matches("\"heartbeat\"").count() >= 4, "{log}");
    assert!(!log.contains("\"reaped\""), "{log}");
}

#[test]
fn sigterm_stops_the_command_and_releases_the_task() {
    let env = Env::new();
    let id = env.add(&["long"]);
    let pidfile = env.root().join("pid");
    let child = worker(&env, "w", &["--", "sh", "-c", &sleeper(&pidfile)])
        .spawn()
        .unwrap();
    let pid = pid_in(&pidfile);
    signal(&child, libc::SIGTERM);
    let out = finish(child, "work");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), format!("{id}\treleased"));
    eventually(Duration::from_secs(2), "the command stopped", || gone(pid));
    let t = task(&env, &id);
    assert_eq!(t["status"], "pending");
    assert!(t["result"].is_null());
}

#[test]
fn a_reaped_and_reclaimed_task_stops_the_command_and_records_nothing() {
    let env = Env::new();
    short_leases(&env);
    let id = env.add(&["contested"]);
    let pidfile = env.root().join("pid");
    let child = worker(&env, "w", &["--", "sh", "-c", &sleeper(&pidfile)])
        .spawn()
        .unwrap();
    let pid = pid_in(&pidfile);
    // Another agent, its clock far ahead, reaps and claims the task.
    let future = "2099-01-01T00:00:00Z";
    let mut cmd = process(&env, Some("other"), &["queue", "claim"]);
    cmd.env("FED_NOW", future);
    let out = cmd.output().unwrap();
    assert_eq!(stdout(&out).trim(), id, "{}", stderr(&out));
    let start = Instant::now();
    eventually(Duration::from_secs(3), "the command stopped", || gone(pid));
    assert!(start.elapsed() < Duration::from_millis(2500));
    signal(&child, libc::SIGTERM);
    let out = finish(child, "work");
    assert_eq!(stdout(&out).trim(), format!("{id}\tlost"));
    let t = task(&env, &id);
    assert_eq!(t["status"], "in-progress");
    assert_eq!(t["assignee"], "other");
    assert!(t["result"].is_null());
}

#[test]
fn cancelling_a_running_task_stops_its_command_within_two_seconds() {
    let env = Env::new();
    let id = env.add(&["doomed"]);
    let pidfile = env.root().join("pid");
    let child = worker(&env, "w", &["--", "sh", "-c", &sleeper(&pidfile)])
        .spawn()
        .unwrap();
    let pid = pid_in(&pidfile);
    env.fed(&["queue", "cancel", &id, "--reason", "not needed"])
        .assert()
        .success();
    let start = Instant::now();
    eventually(Duration::from_secs(3), "the sleep is gone", || gone(pid));
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    signal(&child, libc::SIGTERM);
    let out = finish(child, "work");
    assert_eq!(stdout(&out).trim(), format!("{id}\tlost"));
    let t = task(&env, &id);
    assert_eq!(t["status"], "cancelled");
    assert_eq!(t["result"]["summary"], "not needed");
}

#[test]
fn a_paused_worker_takes_no_task_until_resume() {
    let env = Env::new();
    env.fed(&["pause"]).assert().success();
    let id = env.add(&["after resume"]);
    let mut child = worker(&env, "w", &["--once", "--", "true"])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert!(child.try_wait().unwrap().is_none());
    assert_eq!(env.names("pending").len(), 1, "claimed while paused");
    env.fed(&["resume"]).assert().success();
    let out = finish(child, "work");
    assert_eq!(stdout(&out).trim(), format!("{id}\tdone"));
}

#[test]
fn a_killed_workers_task_goes_to_another_worker_within_worker_ttl() {
    let env = Env::new();
    short_leases(&env);
    let id = env.add(&["orphaned"]);
    let pidfile = env.root().join("pid");
    let first = worker(&env, "w1", &["--", "sh", "-c", &sleeper(&pidfile)])
        .spawn()
        .unwrap();
    let pid = pid_in(&pidfile);
    let mut first = first;
    signal(&first, libc::SIGKILL);
    let _ = first.wait();
    let killed = Instant::now();
    // SAFETY: the orphaned sleep is ours to stop.
    unsafe { libc::kill(pid, libc::SIGKILL) };
    let second = worker(&env, "w2", &["--once", "--", "true"])
        .spawn()
        .unwrap();
    let out = finish(second, "second worker");
    let took = killed.elapsed();
    assert_eq!(
        stdout(&out).trim(),
        format!("{id}\tdone"),
        "{}",
        stderr(&out)
    );
    assert!(took < Duration::from_millis(5500), "took {took:?}");
    let t = task(&env, &id);
    assert_eq!(t["attempts"], 2);
    assert_eq!(t["result"]["by"], "w2");
    env.fed(&["check"]).assert().success();
}

#[test]
fn work_refuses_bad_input_in_one_line() {
    let env = Env::new();
    let out = env.run(None, &["work", "--", "true"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("--agent"), "{}", stderr(&out));
    let out = env.run(Some("w"), &["work"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let out = env.run(Some("w"), &["work", "--max", "0", "--", "true"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
}
