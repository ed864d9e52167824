//! The drain of the git-remote section: workers spread over replicas of
//! one remote claim and complete every task, then every replica is
//! checked: each task done exactly once, the replicas identical.

use super::{build_fixture, clone_into, git_gc, git_init_bare, timed};
use crate::timing::{fed, fed_as, run};
use fed::model::{Status, Task};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Drain {
    pub replicas: usize,
    pub workers: usize,
    pub tasks: usize,
    pub wall: Duration,
    pub gave_up: usize,
    pub errors: Vec<String>,
    /// The remote's commit-graph lock, when one was left behind.
    pub graph_lock_left: Option<PathBuf>,
}

/// `workers` workers spread over `replicas` clones draining `n` tasks,
/// on a remote `remote/NAME.git` (kept, and `git gc` there once the
/// clones are made, when `kept`).
pub fn drain(
    tmp: &Path,
    name: &str,
    (replicas, workers, n): (usize, usize, usize),
    (kept, added): (bool, bool),
    setup: &mut Vec<(String, Duration)>,
) -> Drain {
    let hub = tmp.join(format!("remote/{name}.git"));
    git_init_bare(&hub, kept);
    let url = hub.display().to_string();
    let first = if added {
        // Added through the remote one `queue add` at a time, as agents
        // add work (a batch from a file is one commit): each goes into
        // the archive with the others its push carries, or on a live ref
        // when the branch moved under it.
        let first = build_fixture(&tmp.join(format!("remote/{name}-0")), 0, 0, false);
        timed("remote set", fed(&first, &["remote", "set", &url]));
        let start = Instant::now();
        std::thread::scope(|s| {
            for w in 0..workers {
                let first = &first;
                s.spawn(move || {
                    for i in (w..n).step_by(workers) {
                        let desc = format!("drain task {i}");
                        let r = run(fed(first, &["queue", "add", &desc]), false);
                        if r.code != Some(0) {
                            crate::timing::fail(format!("queue add exited {:?}", r.code));
                        }
                    }
                });
            }
        });
        setup.push((
            format!("{n} `fed queue add` through the remote, {workers} at a time"),
            start.elapsed(),
        ));
        first
    } else {
        let first = build_fixture(&tmp.join(format!("remote/{name}-0")), 0, n, false);
        let wall = timed("remote set", fed(&first, &["remote", "set", &url]));
        setup.push((
            format!("`fed remote set` of {n} pending tasks (into the archive)"),
            wall,
        ));
        first
    };
    let mut dirs = vec![first];
    for r in 1..replicas {
        let (dir, wall) = clone_into(&tmp.join(format!("remote/{name}-{r}")), &url);
        setup.push((format!("`fed clone` of {n} pending tasks"), wall));
        dirs.push(dir);
    }
    if kept {
        git_gc(&hub);
    }
    let before = crate::contention::ids(&dirs[0].join("queue/pending"));
    let completed: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    let errors: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    let gave_up = Arc::new(Mutex::new(0));
    let start = Instant::now();
    let handles: Vec<_> = (0..workers)
        .map(|w| {
            let dir = dirs[w % replicas].clone();
            let (completed, errors, gave_up) = (completed.clone(), errors.clone(), gave_up.clone());
            std::thread::spawn(move || {
                let agent = format!("r{}-w{w:02}", w % replicas);
                let mut failures = 0;
                loop {
                    let claim = run(fed_as(&dir, &agent, &["queue", "claim"]), true);
                    match claim.code {
                        Some(0) => {}
                        Some(3) => break,
                        Some(5) => {
                            *gave_up.lock().unwrap() += 1;
                            continue;
                        }
                        other => {
                            errors
                                .lock()
                                .unwrap()
                                .push(format!("{agent}: claim exited {other:?}"));
                            failures += 1;
                            if failures > 20 {
                                break;
                            }
                            continue;
                        }
                    }
                    let id = claim.stdout;
                    let code = run(fed_as(&dir, &agent, &["queue", "complete", &id]), false).code;
                    if code == Some(0) {
                        completed.lock().unwrap().push(id);
                    } else {
                        errors
                            .lock()
                            .unwrap()
                            .push(format!("{agent}: complete {id} exited {code:?}"));
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a worker thread panicked");
    }
    let wall = start.elapsed();
    let graph_lock_left = left_graph_lock(&hub);
    let mut errors = std::mem::take(&mut *errors.lock().unwrap());
    for dir in &dirs {
        let r = run(fed(dir, &["sync"]), false);
        if r.code != Some(0) {
            errors.push(format!(
                "final sync of {} exited {:?}",
                dir.display(),
                r.code
            ));
        }
    }
    verify_drain(&dirs, &before, &completed.lock().unwrap(), &mut errors);
    let gave_up = *gave_up.lock().unwrap();
    Drain {
        replicas,
        workers,
        tasks: before.len(),
        wall,
        gave_up,
        errors,
        graph_lock_left,
    }
}

/// The lock of `hub`'s commit-graph chain when it is older than any
/// graph write takes: a git that crashed while writing the remote's graph
/// left it, every later write of the remote's upkeep failed on it, and
/// pushes walked the commits since the slow way.
fn left_graph_lock(hub: &Path) -> Option<PathBuf> {
    let lock = hub.join("objects/info/commit-graphs/commit-graph-chain.lock");
    let age = std::fs::metadata(&lock)
        .ok()?
        .modified()
        .ok()?
        .elapsed()
        .ok()?;
    (age > Duration::from_secs(30)).then_some(lock)
}

/// Every task done exactly once, claimed once, the same on every replica.
fn verify_drain(
    dirs: &[PathBuf],
    before: &BTreeSet<String>,
    reported: &[String],
    errors: &mut Vec<String>,
) {
    crate::contention::check_acknowledged(before, reported, errors);
    let mut reference: Option<HashMap<String, Vec<u8>>> = None;
    for dir in dirs {
        let mut files = HashMap::new();
        for folder in ["pending", "in-progress", "blocked", "completed"] {
            for entry in std::fs::read_dir(dir.join("queue").join(folder))
                .expect("read")
                .flatten()
            {
                let name = entry.file_name().to_string_lossy().to_string();
                if name.starts_with('.') {
                    continue;
                }
                let bytes = std::fs::read(entry.path()).expect("read a task");
                match Task::from_json(&bytes) {
                    Ok(t) if folder == "completed" && t.status == Status::Done => {
                        let claims = t.history.iter().filter(|h| h.event == "claimed").count();
                        if claims != 1 || t.attempts != 1 {
                            errors.push(format!("task {} claimed {claims} times", t.task_id));
                        }
                    }
                    Ok(t) => {
                        errors.push(format!("task {} is {} in {folder}/", t.task_id, t.status))
                    }
                    Err(e) => errors.push(format!("{}: {e}", entry.path().display())),
                }
                files.insert(format!("{folder}/{name}"), bytes);
            }
        }
        if files.len() != before.len() {
            errors.push(format!(
                "{} holds {} tasks, not {}",
                dir.display(),
                files.len(),
                before.len()
            ));
        }
        match &reference {
            None => reference = Some(files),
            Some(r) if *r != files => {
                errors.push(format!("{} differs from the first replica", dir.display()))
            }
            Some(_) => {}
        }
    }
}

/// The drain's table; whether it was verified.
pub fn print(state: &str, d: &Drain) -> bool {
    let rate = d.tasks as f64 / d.wall.as_secs_f64();
    println!(
        "\n{} workers on {} replicas draining {} tasks (claim + complete each), {state}:\n",
        d.workers, d.replicas, d.tasks
    );
    println!("| wall s | claim+complete/s | claims that gave up (exit 5) | target | verified |");
    println!("|---:|---:|---:|---:|---|");
    let ok = d.errors.is_empty();
    println!(
        "| {:.1} | {rate:.1} | {} | >= 20/s: {} | {} |\n",
        d.wall.as_secs_f64(),
        d.gave_up,
        if rate >= 20.0 { "PASS" } else { "MISS" },
        if ok {
            "all done exactly once, replicas identical"
        } else {
            "FAILED"
        }
    );
    for e in d.errors.iter().take(20) {
        println!("  {e}");
    }
    if let Some(lock) = &d.graph_lock_left {
        println!(
            "  the remote's commit-graph stopped growing during the drain (a graph write died and left {}): a kept remote drains faster\n",
            lock.display()
        );
    }
    ok
}
