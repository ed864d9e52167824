//! The group commit (`src/remote/group/`) under kill -9: one process of
//! a machine pushes the waiting changes of the others with its own; killed
//! before or after that push, or with a requester killed while it waits,
//! nothing is lost, doubled or answered wrongly.
//!
//! The hub logs every push it receives (a `post-receive` hook), so that
//! the tests see which changes travelled together. The process that
//! pushes for the others is made to hold the push lock for a while
//! (failpoint `remote::group-locked=sleep(...)`) while the others queue up
//! behind it.

#![cfg(feature = "failpoints")]

use crate::common::machines::{Hub, LIMIT, first_machine, hub_status, ok, run, status_of};
use crate::common::process::{process, run_with};
use crate::common::{Env, code, stderr, stdout};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Output;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What [`Scene::pushes`] lists for an update of the branch.
const BRANCH: &str = "(branch)";

/// How long the pushing process holds the lock before it looks at the
/// queue: the others start, sync and queue up meanwhile.
const HOLD: &str = "sleep(8000)";

struct Scene {
    hub: Hub,
    env: Env,
    ids: Vec<String>,
    log: PathBuf,
}

/// A machine sharing `n` pending tasks through a hub that logs its pushes
/// (the log starts empty after the setup).
fn scene(n: usize) -> Scene {
    let hub = Hub::new();
    let env = first_machine(&hub);
    let ids = (0..n)
        .map(|i| env.add(&[&format!("group task {i}")]))
        .collect();
    let log = hub.path().join("pushes.log");
    let hook = hub.path().join("hooks/post-receive");
    std::fs::write(
        &hook,
        format!("#!/bin/sh\n{{ cat; echo --; }} >> '{}'\n", log.display()),
    )
    .expect("write the hub's hook");
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("make the hook executable");
    Scene { hub, env, ids, log }
}

impl Scene {
    /// The task ids each push carried, in order.
    fn pushes(&self) -> Vec<BTreeSet<String>> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let mut pushes = vec![BTreeSet::new()];
        for line in text.lines() {
            if line == "--" {
                pushes.push(BTreeSet::new());
            } else if let Some(id) = line.rsplit_once("/tasks/").map(|(_, id)| id) {
                pushes.last_mut().unwrap().insert(id.to_string());
            } else if line.ends_with(" refs/heads/fed") {
                pushes.last_mut().unwrap().insert(BRANCH.to_string());
            }
        }
        pushes.pop();
        pushes
    }

    fn ids(&self, range: std::ops::Range<usize>) -> BTreeSet<String> {
        self.ids[range].iter().cloned().collect()
    }

    /// `fed queue claim ID` as `agent`, run in a thread (it may die).
    fn claim(&self, agent: &str, id: &str, failpoints: Option<&str>) -> JoinHandle<Output> {
        let mut cmd = process(&self.env, Some(agent), &["queue", "claim", id]);
        if let Some(points) = failpoints {
            cmd.env("FAILPOINTS", points);
        }
        std::thread::spawn(move || run_with(cmd, LIMIT, |_| {}))
    }

    /// `fed queue add DESCRIPTION`, run in a thread.
    fn add(&self, description: &str) -> JoinHandle<Output> {
        let cmd = process(&self.env, None, &["queue", "add", description]);
        std::thread::spawn(move || run_with(cmd, LIMIT, |_| {}))
    }

    /// The entries of the push queue whose names start with `prefix`.
    fn queued(&self, prefix: &str) -> usize {
        std::fs::read_dir(self.env.path(".remote/push-queue"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
                    .count()
            })
            .unwrap_or(0)
    }

    /// Whether a process holds the push lock.
    fn lock_held(&self) -> bool {
        std::fs::File::open(self.env.path(".remote/push.lock"))
            .is_ok_and(|f| matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)))
    }

    /// Task `i`, untouched by the run: still pending on the hub, and
    /// claimable once the run has settled.
    fn untouched_and_claimable(&self, i: usize) {
        assert_eq!(
            hub_status(&self.hub, &self.ids[i]).as_deref(),
            Some("pending")
        );
        self.settled();
        let out = run(&self.env, Some("y"), &["queue", "claim", &self.ids[i]]);
        claimed(&out, &self.ids[i]);
    }

    /// After the run: a sync, then the directory agrees with the hub on
    /// every task, `fed check` is clean and nothing is left queued.
    fn settled(&self) {
        ok(&self.env, None, &["sync"]);
        for id in &self.ids {
            assert_eq!(
                status_of(&self.env, id),
                hub_status(&self.hub, id),
                "task {id}: the directory and the hub disagree"
            );
        }
        let out = run(&self.env, None, &["--json", "check"]);
        assert_eq!(code(&out), 0, "fed check: {}", stdout(&out));
        assert_eq!(self.queued(""), 0, "the push queue is empty");
    }
}

fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "waited 60 s for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn joined(handle: JoinHandle<Output>) -> Output {
    handle.join().expect("the thread running fed")
}

fn claimed(out: &Output, id: &str) {
    assert_eq!(code(out), 0, "claim {id}: {}", stderr(out));
    assert_eq!(stdout(out).trim(), id);
}

/// The first process holds the lock; three more queue up behind it; the
/// first dies (`point`) with their changes in hand.
fn pusher_killed_at(point: &str) -> Scene {
    let scene = scene(4);
    let x = scene.claim(
        "x",
        &scene.ids[0],
        Some(&format!(
            "remote::group-locked={HOLD};{point}=return(crash)"
        )),
    );
    wait_for("the first claim to hold the push lock", || {
        scene.lock_held()
    });
    let waiters: Vec<_> = (1..4)
        .map(|i| scene.claim(&format!("w{i}"), &scene.ids[i], None))
        .collect();
    // The first process took the free lock without a request of its own.
    wait_for("three requests in the queue", || scene.queued("req-") == 3);
    let x = joined(x);
    assert!(x.status.code().is_none(), "the pusher died: {}", stderr(&x));
    for (i, w) in waiters.into_iter().enumerate() {
        claimed(&joined(w), &scene.ids[i + 1]);
    }
    scene
}

#[test]
fn a_pusher_killed_after_its_push_leaves_the_changes_it_carried_acknowledged() {
    let scene = pusher_killed_at("remote::group-after-push");
    // One push carried all four; the waiters' own push then found their
    // changes there ("up to date": the remote received nothing more).
    assert_eq!(scene.pushes(), vec![scene.ids(0..4)]);
    for (i, id) in scene.ids.iter().enumerate() {
        assert_eq!(hub_status(&scene.hub, id).as_deref(), Some("in-progress"));
        let task: serde_json::Value = serde_json::from_str(
            &scene
                .hub
                .show(&format!("refs/fed/fed/tasks/{id}:{id}.json"))
                .expect("a live ref"),
        )
        .expect("task JSON");
        let agent = if i == 0 { "x".into() } else { format!("w{i}") };
        assert_eq!(task["assignee"], agent.as_str(), "task {id}");
    }
    scene.settled();
}

#[test]
fn a_pusher_killed_before_its_push_leaves_the_others_to_push_for_themselves() {
    let scene = pusher_killed_at("remote::group-before-push");
    // The dead pusher's own change never went; the waiters' went together.
    assert_eq!(scene.pushes(), vec![scene.ids(1..4)]);
    scene.untouched_and_claimable(0);
}

#[test]
fn a_requester_killed_while_it_waits_is_never_pushed() {
    let scene = scene(2);
    let x = scene.claim(
        "x",
        &scene.ids[0],
        Some(&format!("remote::group-locked={HOLD}")),
    );
    wait_for("the first claim to hold the push lock", || {
        scene.lock_held()
    });
    let mut waiter = process(&scene.env, Some("w"), &["queue", "claim", &scene.ids[1]])
        .spawn()
        .expect("fed starts");
    wait_for("the waiting claim's request", || scene.queued("req-") == 1);
    waiter.kill().expect("kill the waiting claim");
    let _ = waiter.wait();
    claimed(&joined(x), &scene.ids[0]);
    assert_eq!(scene.pushes(), vec![scene.ids(0..1)]);
    scene.untouched_and_claimable(1);
}

/// Files in the push queue that are not live requests (garbage, a request
/// cut short, a well-formed one nobody holds) are removed unpushed by the
/// next pusher; one a live process holds is left to it, whatever it says.
#[test]
fn what_is_not_a_live_request_in_the_push_queue_is_never_pushed() {
    let scene = scene(2);
    let queue = scene.env.path(".remote/push-queue");
    std::fs::create_dir_all(&queue).unwrap();
    let plant = |name: &str, text: &str| {
        let path = queue.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    plant("req-garbage", "not a request\n");
    plant("req-cut", "refs/fed/fed/tasks/zz\n");
    plant("req-badoid", "refs/fed/fed/tasks/zz\nnot-an-oid\n\n");
    // Well formed, pointing a branch of the user's at one of the hub's
    // commits, but no process holds it: left by the dead, never pushed.
    let refs = scene.hub.refs();
    let tip = refs.values().next().expect("the hub holds the federation");
    plant("req-orphan", &format!("refs/heads/forged\n{tip}\n\n"));
    let held_path = plant("req-held", "held garbage\n");
    let held = std::fs::File::open(&held_path).unwrap();
    held.lock().unwrap();
    let out = run(&scene.env, Some("x"), &["queue", "claim", &scene.ids[0]]);
    claimed(&out, &scene.ids[0]);
    assert_eq!(scene.pushes(), vec![scene.ids(0..1)]);
    assert_eq!(scene.queued("req-"), 1, "only the held one is left");
    assert!(held_path.exists());
    let pushed = scene.hub.refs();
    assert!(
        !pushed.contains_key("refs/heads/forged"),
        "the orphan request was pushed: {pushed:?}"
    );
    // Released, it is garbage like the others.
    drop(held);
    let out = run(&scene.env, Some("y"), &["queue", "claim", &scene.ids[1]]);
    claimed(&out, &scene.ids[1]);
    assert_eq!(scene.pushes(), vec![scene.ids(0..1), scene.ids(1..2)]);
    scene.settled();
}

/// Three adds wait behind a claim holding the push lock: its push carries
/// them as one commit on the branch (no live refs). Killed after that
/// push, before answering, the pusher leaves them landed; the next holder
/// pushes them again on its old view of the branch, is refused, and each
/// add publishes its document on a live ref of its own: every add
/// acknowledged, each task once on the hub (its live ref and its archive
/// entry the same document), the directory level with the hub.
#[test]
fn adds_waiting_behind_a_pusher_go_in_one_commit_even_when_it_dies() {
    for killed in [false, true] {
        let scene = scene(1);
        let point = if killed {
            format!("remote::group-locked={HOLD};remote::group-after-push=return(crash)")
        } else {
            format!("remote::group-locked={HOLD}")
        };
        let x = scene.claim("x", &scene.ids[0], Some(&point));
        wait_for("the claim to hold the push lock", || scene.lock_held());
        let adds: Vec<_> = (0..3).map(|i| scene.add(&format!("added {i}"))).collect();
        wait_for("three requests in the queue", || scene.queued("req-") == 3);
        let x = joined(x);
        if killed {
            assert!(x.status.code().is_none(), "the pusher died: {}", stderr(&x));
        } else {
            claimed(&x, &scene.ids[0]);
        }
        let added: BTreeSet<String> = adds
            .into_iter()
            .map(|h| {
                let out = joined(h);
                assert_eq!(code(&out), 0, "add: {}", stderr(&out));
                stdout(&out).trim().to_string()
            })
            .collect();
        assert_eq!(added.len(), 3);
        let pushes = scene.pushes();
        let first: BTreeSet<String> = [scene.ids[0].clone(), BRANCH.to_string()].into();
        assert_eq!(
            pushes[0], first,
            "one push: the claim and one branch commit"
        );
        for id in &added {
            let archived = scene.hub.show(&format!(
                "refs/heads/fed:{}",
                fed::remote::layout::archive_path(fed::remote::layout::DocKind::Task, id)
            ));
            assert!(archived.is_some(), "{id} is in the archive");
            let live = scene
                .hub
                .show(&format!("refs/fed/fed/tasks/{id}:{id}.json"));
            if killed {
                assert_eq!(live, archived, "{id}: the live ref holds the same document");
            } else {
                assert_eq!(live, None, "{id}: no live ref");
            }
        }
        if killed {
            // The adds' own push was refused on the branch (a refused push
            // logs nothing); then their live refs, grouped as they met.
            let later: BTreeSet<String> = pushes[1..].iter().flatten().cloned().collect();
            assert_eq!(later, added, "{pushes:?}");
        } else {
            assert_eq!(pushes.len(), 1, "{pushes:?}");
        }
        scene.settled();
        for id in &added {
            assert_eq!(status_of(&scene.env, id).as_deref(), Some("pending"));
        }
    }
}
