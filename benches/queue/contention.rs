//! Many agents at once: workers draining a queue (claim, complete, until
//! nothing is ready), and claimers contending on a deep queue (claim only,
//! each claim timed). Both verify afterwards that nothing was lost,
//! duplicated or left behind.

use crate::timing::{Run, fail, fed_as, run};
use fed::model::{Status, Task};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Outcome {
    pub workers: usize,
    /// Tasks done (drain) or claims acknowledged (contention).
    pub tasks: usize,
    pub wall: Duration,
    /// Per-claim wall times (contention only).
    pub claims: Vec<Duration>,
    pub errors: Vec<String>,
}

fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default()
}

/// The task ids in a queue folder (a file name without `.json` and
/// without the `@AGENT` of a task addressed to one).
pub fn ids(dir: &Path) -> BTreeSet<String> {
    names(dir)
        .into_iter()
        .map(|n| {
            let stem = n.strip_suffix(".json").unwrap_or(&n);
            stem.split('@').next().unwrap_or(stem).to_string()
        })
        .collect()
}

/// Runs `workers` threads, each its own agent, each calling `work` until
/// it returns false. Returns the wall time.
fn spawn<F>(workers: usize, work: F) -> Duration
where
    F: Fn(&str) -> bool + Send + Sync + 'static,
{
    let work = Arc::new(work);
    let start = Instant::now();
    let handles: Vec<_> = (0..workers)
        .map(|w| {
            let work = Arc::clone(&work);
            std::thread::spawn(move || {
                let agent = format!("worker-{w:02}");
                while work(&agent) {}
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a worker thread panicked");
    }
    start.elapsed()
}

/// Claim then complete until a claim exits 3 (nothing ready).
pub fn drain(dir: &Path, workers: usize, expected: usize) -> Outcome {
    let before = ids(&dir.join("queue/pending"));
    if before.len() != expected {
        fail(format!(
            "drain fixture has {} pending tasks, expected {expected}",
            before.len()
        ));
    }
    let done: Arc<Mutex<Vec<String>>> = Arc::default();
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let (d, e, root) = (Arc::clone(&done), Arc::clone(&errors), dir.to_path_buf());
    let wall = spawn(workers, move |agent| {
        let claim = run(fed_as(&root, agent, &["queue", "claim"]), true);
        match claim.code {
            Some(0) => {}
            Some(3) => return false,
            other => {
                let mut e = e.lock().unwrap();
                e.push(format!("{agent}: claim exited {other:?}"));
                return e.len() < 20;
            }
        }
        let id = claim.stdout;
        let code = run(fed_as(&root, agent, &["queue", "complete", &id]), false).code;
        if code == Some(0) {
            d.lock().unwrap().push(id);
        } else {
            let message = format!("{agent}: complete {id} exited {code:?}");
            e.lock().unwrap().push(message);
        }
        true
    });
    let reported = std::mem::take(&mut *done.lock().unwrap());
    let mut errors = std::mem::take(&mut *errors.lock().unwrap());
    let done = verify_drain(dir, &before, &reported, &mut errors);
    Outcome {
        workers,
        tasks: done,
        wall,
        claims: Vec::new(),
        errors,
    }
}

/// The completions the workers saw acknowledged: each task queued
/// `before`, each once (a drain's first check, here and through a remote).
pub fn check_acknowledged(
    before: &BTreeSet<String>,
    reported: &[String],
    errors: &mut Vec<String>,
) {
    let reported_set: BTreeSet<String> = reported.iter().cloned().collect();
    if reported_set.len() != reported.len() || &reported_set != before {
        errors.push(format!(
            "{} completions acknowledged for {} distinct tasks of {} queued",
            reported.len(),
            reported_set.len(),
            before.len()
        ));
    }
}

/// Every task done exactly once, nothing left anywhere else, one
/// `completed` event per task. Returns how many are done.
fn verify_drain(
    dir: &Path,
    before: &BTreeSet<String>,
    reported: &[String],
    errors: &mut Vec<String>,
) -> usize {
    check_acknowledged(before, reported, errors);
    let mut done = BTreeSet::new();
    let mut per_id: HashMap<String, usize> = HashMap::new();
    for folder in ["pending", "in-progress", "blocked", "completed"] {
        for name in names(&dir.join("queue").join(folder)) {
            let path = dir.join("queue").join(folder).join(&name);
            let bytes = std::fs::read(&path).expect("read a task");
            let task = match Task::from_json(&bytes) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(format!("{}: {e}", path.display()));
                    continue;
                }
            };
            *per_id.entry(task.task_id.clone()).or_default() += 1;
            let claims = task.history.iter().filter(|h| h.event == "claimed").count();
            if folder != "completed" {
                errors.push(format!("task {} left in {folder}/", task.task_id));
            } else if task.status != Status::Done {
                errors.push(format!("task {} is {}", task.task_id, task.status));
            } else if task.attempts != 1 || claims != 1 {
                errors.push(format!(
                    "task {} was claimed {claims} times (attempts {})",
                    task.task_id, task.attempts
                ));
            } else {
                done.insert(task.task_id.clone());
            }
        }
    }
    for (id, n) in per_id.iter().filter(|(_, n)| **n > 1) {
        errors.push(format!("task {id} has {n} files"));
    }
    if &done != before {
        errors.push(format!("{} of {} tasks are done", done.len(), before.len()));
    }
    let log = std::fs::read_to_string(dir.join("log.jsonl")).unwrap_or_default();
    let mut logged: HashMap<String, usize> = HashMap::new();
    for line in log.lines() {
        let event: Value = serde_json::from_str(line).unwrap_or(Value::Null);
        if event["event"] == "completed"
            && let Some(id) = event["task_id"].as_str()
        {
            *logged.entry(id.to_string()).or_default() += 1;
        }
    }
    let twice = logged.values().filter(|n| **n > 1).count();
    if logged.len() != before.len() || twice > 0 {
        errors.push(format!(
            "log.jsonl has `completed` events for {} tasks ({twice} more than once); expected {}",
            logged.len(),
            before.len()
        ));
    }
    leftovers(dir, errors);
    done.len()
}

fn leftovers(dir: &Path, errors: &mut Vec<String>) {
    for name in names(&dir.join(".txn")) {
        if name.ends_with(".json") {
            errors.push(format!("{name} left in .txn/"));
        }
    }
}

/// `workers` claimers, each claiming `per_worker` times (claim only), on a
/// queue of `pending` ready tasks; every claim is timed.
pub fn contend(dir: &Path, workers: usize, per_worker: usize, pending: usize) -> Outcome {
    let before = ids(&dir.join("queue/pending"));
    if before.len() != pending {
        fail(format!(
            "contention fixture has {} pending tasks, expected {pending}",
            before.len()
        ));
    }
    let claimed: Arc<Mutex<Vec<(String, String, Duration)>>> = Arc::default();
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let (c, e, root) = (Arc::clone(&claimed), Arc::clone(&errors), dir.to_path_buf());
    let wall = spawn(workers, move |agent| {
        let claim: Run = run(fed_as(&root, agent, &["queue", "claim"]), true);
        if claim.code != Some(0) {
            let mut e = e.lock().unwrap();
            e.push(format!("{agent}: claim exited {:?}", claim.code));
            return false;
        }
        let mut c = c.lock().unwrap();
        c.push((agent.to_string(), claim.stdout, claim.wall));
        c.iter().filter(|(a, _, _)| a == agent).count() < per_worker
    });
    let claimed = std::mem::take(&mut *claimed.lock().unwrap());
    let mut errors = std::mem::take(&mut *errors.lock().unwrap());
    verify_contention(dir, &before, &claimed, &mut errors);
    Outcome {
        workers,
        tasks: claimed.len(),
        wall,
        claims: claimed.iter().map(|(_, _, d)| *d).collect(),
        errors,
    }
}

/// Every acknowledged claim is in `in-progress/` exactly once, held by the
/// agent it was acknowledged to, claimed once; nothing else moved.
fn verify_contention(
    dir: &Path,
    before: &BTreeSet<String>,
    claimed: &[(String, String, Duration)],
    errors: &mut Vec<String>,
) {
    let holders: HashMap<&str, &str> = claimed
        .iter()
        .map(|(a, id, _)| (id.as_str(), a.as_str()))
        .collect();
    if holders.len() != claimed.len() {
        errors.push(format!(
            "{} claims acknowledged for {} distinct tasks: a task was claimed twice",
            claimed.len(),
            holders.len()
        ));
    }
    let progress: PathBuf = dir.join("queue/in-progress");
    let held = names(&progress);
    if held.len() != claimed.len() {
        errors.push(format!(
            "{} files in in-progress/ for {} claims",
            held.len(),
            claimed.len()
        ));
    }
    for name in &held {
        let bytes = std::fs::read(progress.join(name)).expect("read a task");
        let task = Task::from_json(&bytes).expect("a claimed task parses");
        let holder = holders.get(task.task_id.as_str()).copied();
        if holder.is_none() || task.assignee.as_deref() != holder || task.attempts != 1 {
            errors.push(format!(
                "{name}: held by {:?} (attempts {}), acknowledged to {holder:?}",
                task.assignee, task.attempts
            ));
        }
    }
    let left = ids(&dir.join("queue/pending"));
    let expected: BTreeSet<String> = before
        .iter()
        .filter(|id| !holders.contains_key(id.as_str()))
        .cloned()
        .collect();
    if left != expected {
        errors.push(format!(
            "{} tasks left pending, expected {}",
            left.len(),
            expected.len()
        ));
    }
    leftovers(dir, errors);
}
