//! `fed wait`: woken by notifications, exit 0, 1 or 3 as the SPEC says.

use crate::common::process::{process, wait_bounded};
use crate::common::{Env, code, stderr, stdout};
use std::process::Child;
use std::time::{Duration, Instant};

fn waiter(env: &Env, args: &[&str]) -> Child {
    let mut all = vec!["wait"];
    all.extend_from_slice(args);
    process(env, None, &all).spawn().expect("fed wait starts")
}

/// Waits until `child` has set up its watch and is blocked (it cannot be
/// seen from outside, so: until it has run a moment without exiting).
fn settled(child: &mut Child) {
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "fed wait exited early");
}

fn finish(env: &Env, agent: &str, id: &str, failed: bool) {
    env.as_agent(agent, &["queue", "claim", id])
        .assert()
        .success();
    let mut args = vec!["queue", "complete", id];
    if failed {
        args.push("--failed");
    }
    env.as_agent(agent, &args).assert().success();
}

#[test]
fn all_done_exits_0_soon_after_the_last_completion() {
    let env = Env::new();
    let a = env.add(&["first"]);
    let b = env.add(&["second"]);
    let mut child = waiter(&env, &[&a, &b]);
    settled(&mut child);
    finish(&env, "w", &a, false);
    settled(&mut child);
    finish(&env, "w", &b, false);
    let last = Instant::now();
    let out = wait_bounded(child, Duration::from_secs(20), "fed wait");
    // The safety re-check is every 5 s: ending well before it means the
    // completion itself woke the wait.
    assert!(
        last.elapsed() < Duration::from_secs(4),
        "{:?}",
        last.elapsed()
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn one_failed_exits_1_naming_it() {
    let env = Env::new();
    let a = env.add(&["fine"]);
    let b = env.add(&["broken"]);
    let c = env.add(&["never", "--after", &b]);
    let child = waiter(&env, &["--all"]);
    finish(&env, "w", &a, false);
    finish(&env, "w", &b, true);
    let out = wait_bounded(child, Duration::from_secs(20), "fed wait");
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains(&format!("task {b} failed")), "{err}");
    assert!(err.contains(&format!("task {c} is stranded")), "{err}");
    assert!(!err.contains(&a), "{err}");
}

#[test]
fn a_timeout_exits_3_and_a_missing_task_exits_1_at_once() {
    let env = Env::new();
    let a = env.add(&["slow"]);
    let out = env.run(None, &["wait", &a, "--timeout", "1s"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains(&a), "{}", stderr(&out));
    let start = Instant::now();
    let out = env.run(None, &["wait", &a, "nosuchtask"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("nosuchtask"), "{}", stderr(&out));
    assert!(start.elapsed() < Duration::from_secs(4));
    let out = env.run(None, &["wait"]);
    assert_eq!(code(&out), 2, "a batch must be named");
    let out = env.run(None, &["wait", "--context", "phase=none"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("--context"), "{}", stderr(&out));
}

#[test]
fn a_plans_tasks_are_waited_for_by_plan_file_and_by_context() {
    let env = Env::new();
    std::fs::write(
        env.root().join("PLAN.md"),
        "# Ship\n## Build\n- [ ] Compile it\n- [x] Lint it\n## Release\n- [ ] Tag it\n",
    )
    .unwrap();
    env.fed(&["plan", "import", "PLAN.md"]).assert().success();
    let other = env.add(&["not in the plan", "--to", "someone"]);
    let out = env.run(
        None,
        &["wait", "--plan", "PLAN.md", "--timeout", "1s", "--json"],
    );
    assert_eq!(code(&out), 3);
    let mut child = waiter(&env, &["--plan", "PLAN.md", "--json"]);
    settled(&mut child);
    for _ in 0..2 {
        let id = env.claim("w");
        assert_ne!(id, other);
        env.as_agent("w", &["queue", "complete", &id])
            .assert()
            .success();
    }
    let out = wait_bounded(child, Duration::from_secs(20), "fed wait --plan");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let ended: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(ended["done"].as_array().unwrap().len(), 3);
    let out = env.run(None, &["wait", "--context", "phase=Ship / Build"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
