//! Processes that run many operations, through a remote: `claim --wait`
//! (woken by a sync as well as by notifications), `fed work` (its claims,
//! renewals and completions each synced, hooked and redone), `fed mcp`'s
//! tools and `fed serve`'s actions. Each machine is its own directory with
//! its own replica of one bare repository.

use crate::common::machines::{
    Hub, LIMIT, first_machine, hub_archived, hub_live, hub_status, machines, ok, status_of,
};
use crate::common::process::{process, wait_bounded};
use crate::common::{Env, code, stderr, stdout};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// `fed ARGS` as `agent` on `env`, running in the background.
fn spawn(env: &Env, agent: &str, args: &[&str], real_clock: bool) -> Child {
    let mut cmd = process(env, Some(agent), args);
    if real_clock {
        cmd.env_remove("FED_NOW");
    }
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("fed starts")
}

/// Waits (up to `limit`) until `ready` holds.
fn eventually(limit: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn claim_wait_takes_a_task_added_on_another_machine_and_only_one_waiter_wins() {
    let hub = Hub::new();
    let all = machines(&hub, 3);
    let (a, b, c) = (&all[0], &all[1], &all[2]);
    let waiters = [
        spawn(b, "bob", &["queue", "claim", "--wait", "25s"], false),
        spawn(c, "carl", &["queue", "claim", "--wait", "25s"], false),
    ];
    // Let both find nothing ready and wait: only a sync can show them the
    // task (if one had not started waiting yet, its first sync finds it,
    // which is as good).
    std::thread::sleep(Duration::from_millis(1500));
    let id = ok(a, Some("alice"), &["queue", "add", "Wake a waiter"]);
    let outs: Vec<_> = waiters
        .into_iter()
        .map(|w| wait_bounded(w, LIMIT, "claim --wait"))
        .collect();
    let codes: Vec<i32> = outs.iter().map(code).collect();
    let winners: Vec<usize> = (0..2).filter(|&i| codes[i] == 0).collect();
    assert_eq!(winners.len(), 1, "exactly one waiter claims: {codes:?}");
    let (won, lost) = (winners[0], 1 - winners[0]);
    assert_eq!(stdout(&outs[won]).trim(), id, "{}", stderr(&outs[won]));
    assert_eq!(
        codes[lost],
        3,
        "the other waits out its deadline: {}",
        stderr(&outs[lost])
    );
    assert_eq!(hub_status(&hub, &id).as_deref(), Some("in-progress"));
    ok(a, None, &["sync"]);
    let shown: serde_json::Value =
        serde_json::from_str(&ok(a, None, &["--json", "queue", "show", &id])).unwrap();
    assert_eq!(shown["assignee"], ["bob", "carl"][won]);
}

#[test]
fn fed_work_claims_renews_and_completes_through_the_remote() {
    let hub = Hub::new();
    let all = machines(&hub, 2);
    let (a, b) = (&all[0], &all[1]);
    let worker = spawn(
        b,
        "bob",
        &[
            "work",
            "--once",
            "--wait",
            "60s",
            "--",
            "sh",
            "-c",
            "echo built",
        ],
        true,
    );
    std::thread::sleep(Duration::from_millis(1000));
    let id = ok(a, Some("alice"), &["queue", "add", "Build it"]);
    let out = wait_bounded(worker, LIMIT, "fed work");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), format!("{id}\tdone"));
    assert_eq!(hub_status(&hub, &id).as_deref(), Some("done"));
    ok(a, None, &["sync"]);
    assert_eq!(status_of(a, &id).as_deref(), Some("done"));
    // The worker published its machine's log lines: A's log shows bob's
    // work without a `fed sync` on B.
    let log = ok(a, None, &["--json", "log", "--task", &id]);
    let events: Vec<serde_json::Value> = serde_json::from_str(&log).unwrap();
    let by_bob: Vec<&str> = events
        .iter()
        .filter(|e| e["agent"] == "bob")
        .filter_map(|e| e["event"].as_str())
        .collect();
    assert!(
        by_bob.contains(&"claimed") && by_bob.contains(&"completed"),
        "{log}"
    );
}

#[test]
fn fed_work_stops_a_task_cancelled_on_another_machine_at_its_next_renewal() {
    let hub = Hub::new();
    let a = Env::new();
    // Renewals every second: the cancel is found at the next one.
    a.config("leases:\n  worker_ttl: 4s\n");
    ok(&a, None, &["remote", "set", &hub.url()]);
    let b = crate::common::machines::clone_machine(&hub);
    let id = ok(&a, Some("alice"), &["queue", "add", "Long job"]);
    let worker = spawn(
        &b,
        "bob",
        &["work", "--once", "--", "sh", "-c", "sleep 60"],
        true,
    );
    eventually(LIMIT, "the worker's claim reached the remote", || {
        hub_status(&hub, &id).as_deref() == Some("in-progress")
    });
    ok(&a, Some("alice"), &["queue", "cancel", &id]);
    let out = wait_bounded(worker, LIMIT, "fed work");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), format!("{id}\tlost"));
    // Nothing the worker did overwrote the cancel.
    assert_eq!(hub_status(&hub, &id).as_deref(), Some("cancelled"));
    assert_eq!(status_of(&b, &id).as_deref(), Some("cancelled"));
}

#[test]
fn mcp_tools_sync_first_and_publish_through_the_remote() {
    let hub = Hub::new();
    let all = machines(&hub, 2);
    let (a, b) = (&all[0], &all[1]);
    // Added on A after B's last sync: B's directory does not have it.
    let id = ok(a, Some("alice"), &["queue", "add", "Through MCP"]);
    assert_eq!(status_of(b, &id), None);
    crate::mcp::runtime().block_on(async {
        let client = crate::mcp::connect(b, Some("bob")).await;
        let claimed = crate::mcp::ok(&client, "claim", serde_json::json!({})).await;
        assert_eq!(claimed["task_id"], id.as_str());
        assert_eq!(hub_status(&hub, &id).as_deref(), Some("in-progress"));
        let token = claimed["lease"]["token"].as_str().unwrap().to_string();
        let args = serde_json::json!({"id": id, "token": token, "summary": "via mcp"});
        crate::mcp::ok(&client, "complete", args).await;
        assert_eq!(hub_status(&hub, &id).as_deref(), Some("done"));
        let added = crate::mcp::ok(
            &client,
            "add",
            serde_json::json!({"description": "Made on B"}),
        )
        .await;
        let new = added["task_id"].as_str().unwrap().to_string();
        // Straight into the archive: no live ref until its first change.
        assert_eq!(hub_archived(&hub, &new).as_deref(), Some("pending"));
        assert_eq!(hub_live(&hub, &new), None);
        client.cancel().await.unwrap();
    });
    ok(a, None, &["sync"]);
    assert_eq!(status_of(a, &id).as_deref(), Some("done"));
}

#[test]
fn serve_actions_go_through_the_remote() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let b = crate::common::machines::clone_machine(&hub);
    // Made by reuben, who runs the dashboard on B and may cancel it.
    let id = ok(&a, Some("reuben"), &["queue", "add", "Cancel me from B"]);
    let server = crate::views::http::Server::start(&b, &b.now, &["--allow-actions"]);
    let token = server.token.clone().unwrap();
    let reply = server.post(
        "/actions/cancel",
        &[("X-Fed-Token", &token)],
        &format!("task={id}"),
    );
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(hub_status(&hub, &id).as_deref(), Some("cancelled"));
    ok(&a, None, &["sync"]);
    assert_eq!(status_of(&a, &id).as_deref(), Some("cancelled"));
}

#[test]
fn fed_wait_sees_a_task_finished_on_another_machine() {
    let hub = Hub::new();
    let all = machines(&hub, 2);
    let (a, b) = (&all[0], &all[1]);
    let id = ok(a, Some("alice"), &["queue", "add", "Finish me elsewhere"]);
    ok(b, None, &["sync"]);
    let waiter = spawn(b, "bob", &["wait", &id, "--timeout", "25s"], false);
    // Let it find the task open and wait: only a sync shows it finished.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(ok(a, Some("alice"), &["queue", "claim", &id]).trim(), id);
    ok(a, Some("alice"), &["queue", "complete", &id]);
    let out = wait_bounded(waiter, LIMIT, "fed wait");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(status_of(b, &id).as_deref(), Some("done"));
}
