//! Three-way races on one task: complete racing cancel racing reap.
//! Exactly one change wins, the others exit 5 and change nothing, and the
//! final state is the winner's.

use crate::common::process::process;
use crate::common::*;

#[test]
fn complete_racing_cancel_racing_reap_has_exactly_one_winner() {
    let rounds = if std::env::var_os("FED_STRESS").is_some() {
        200
    } else {
        25
    };
    let mut env = Env::new();
    env.config("overseers: [boss]\nleases:\n  ttl: 90s\n");
    let ids: Vec<String> = (0..rounds)
        .map(|i| env.add(&["race", "--id", &format!("r3-{i}")]))
        .collect();
    for id in &ids {
        assert!(
            env.as_agent("kimi", &["queue", "claim", id])
                .output()
                .unwrap()
                .status
                .success()
        );
    }
    // Every lease has run out, so the reaper competes too.
    env.now = "2026-11-21T09:05:00Z".into();
    let mut winners = [0usize; 3];
    for id in &ids {
        let spawn = |agent: &str, args: &[&str]| {
            process(&env, Some(agent), args)
                .spawn()
                .expect("fed starts")
        };
        let complete = spawn("kimi", &["queue", "complete", id]);
        let cancel = spawn("boss", &["queue", "cancel", id]);
        let reap = spawn("boss", &["--json", "queue", "reap"]);
        let complete = complete.wait_with_output().unwrap();
        let cancel = cancel.wait_with_output().unwrap();
        let reap = reap.wait_with_output().unwrap();
        let reaped: serde_json::Value = serde_json::from_slice(&reap.stdout).expect("reap --json");
        let reap_won = code(&reap) == 0
            && reaped
                .as_array()
                .is_some_and(|a| a.iter().any(|r| r["task_id"] == id.as_str()));
        // The holder's complete and the overseer's cancel each exit 0 or 5.
        for (what, out) in [("complete", &complete), ("cancel", &cancel)] {
            assert!(
                matches!(code(out), 0 | 5),
                "{what} {id}: exit {} {}",
                code(out),
                stderr(out)
            );
        }
        let status = env.json(None, &["queue", "show", id])["status"]
            .as_str()
            .unwrap()
            .to_string();
        match (code(&complete) == 0, code(&cancel) == 0, reap_won) {
            (true, false, false) => {
                winners[0] += 1;
                assert_eq!(status, "done", "{id}");
            }
            (false, true, false) => {
                winners[1] += 1;
                assert_eq!(status, "cancelled", "{id}");
            }
            // The reap won; the cancel may still land on the reaped (now
            // pending) task, which is a second, later change, not a race
            // lost: the task is then cancelled. The holder lost either way.
            (false, cancelled, true) => {
                winners[2] += 1;
                assert_eq!(
                    status,
                    if cancelled { "cancelled" } else { "pending" },
                    "{id}"
                );
            }
            other => panic!("{id}: complete/cancel/reap won {other:?}; status {status}"),
        }
    }
    assert_eq!(winners.iter().sum::<usize>(), rounds);
    let out = env.fed(&["check"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}
