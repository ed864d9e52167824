//! Fixtures: federations written with the `fed` library itself (the exact
//! bytes `fed` writes) into a directory made by `fed init`, each checked
//! with `fed check` and `fed status` before anything is measured.

use crate::timing::{fail, fed};
use fed::model::time::{Timestamp, parse_time};
use fed::model::{HistoryEntry, Outcome, Priority, Status, Task};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const AGENTS: [&str; 4] = ["claude", "codex", "gemini", "kimi"];
const TYPES: [&str; 4] = ["implement", "review", "research", "general"];

/// `secs` seconds after 2025-01-01T00:00:00Z.
pub fn ts(secs: u64) -> Timestamp {
    let base = parse_time("2025-01-01T00:00:00Z", "fixture").expect("a valid fixture time");
    base + chrono::Duration::seconds(secs as i64)
}

fn id_for(created: Timestamp, tag: char, n: usize) -> String {
    format!("{}-{tag}{n:05}", created.format("%Y%m%d-%H%M%S"))
}

fn entry(at: Timestamp, event: &str, agent: &str, note: Option<&str>) -> HistoryEntry {
    HistoryEntry {
        at,
        event: event.to_string(),
        agent: Some(agent.to_string()),
        note: note.map(str::to_string),
        extra: Map::new(),
    }
}

fn description(n: usize, kind: &str) -> String {
    format!(
        "{kind} step {n}: update the parser module so that it handles the new \
         configuration keys, add tests for the edge cases, and document the \
         behaviour in the user guide"
    )
}

fn base_task(id: String, n: usize, created: Timestamp, status: Status) -> Task {
    let kind = TYPES[n % TYPES.len()];
    let mut context = Map::new();
    if n.is_multiple_of(3) {
        context.insert(
            "artifact_path".to_string(),
            Value::String(format!("src/module_{}.rs", n % 97)),
        );
    }
    Task {
        task_id: id,
        title: format!("{kind} step {n}"),
        description: description(n, kind),
        task_type: kind.to_string(),
        status,
        priority: Priority::Normal,
        from_agent: Some(AGENTS[n % AGENTS.len()].to_string()),
        to_agent: None,
        lead: None,
        assignee: None,
        dependencies: Vec::new(),
        context,
        created_at: created,
        updated_at: created,
        attempts: 0,
        lease: None,
        blocked: None,
        result: None,
        history: vec![entry(created, "added", AGENTS[n % AGENTS.len()], None)],
        reworks: None,
        files: Vec::new(),
        check: None,
        handoff: None,
        routing: None,
        notes: Vec::new(),
        extra: Map::new(),
    }
}

/// A finished task: mostly done, 1 in 25 failed, 1 in 50 cancelled.
fn completed_task(n: usize) -> Task {
    let created = ts(n as u64 * 50);
    let status = if n % 50 == 7 {
        Status::Cancelled
    } else if n % 25 == 3 {
        Status::Failed
    } else {
        Status::Done
    };
    let mut task = base_task(id_for(created, 'c', n), n, created, status);
    let worker = AGENTS[(n + 1) % AGENTS.len()];
    let finished = ts(n as u64 * 50 + 1200);
    let (summary, by, started) = if status == Status::Cancelled {
        let note = Some("no longer needed");
        task.history
            .push(entry(finished, "cancelled", "reuben", note));
        ("no longer needed", "reuben", None)
    } else {
        let started = ts(n as u64 * 50 + 60);
        task.assignee = Some(worker.to_string());
        task.attempts = 1;
        task.history.push(entry(started, "claimed", worker, None));
        let note = Some("merged in the feature branch");
        task.history
            .push(entry(finished, status.as_str(), worker, note));
        ("merged in the feature branch", worker, Some(started))
    };
    task.result = Some(Outcome {
        summary: Some(summary.to_string()),
        by: Some(by.to_string()),
        finished_at: finished,
        started_at: started,
        extra: Map::new(),
    });
    task.updated_at = finished;
    task
}

/// Runs `fed init` at `root/.federation` and returns that directory.
pub fn init(root: &Path) -> PathBuf {
    let dir = root.join(".federation");
    let status = Command::new(crate::timing::fed_bin())
        .arg("init")
        .env("FED_DIR", &dir)
        .env_remove("FED_NOW")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run fed init");
    if !status.success() {
        fail(format!("fed init in {} exited {status}", dir.display()));
    }
    dir
}

fn write_task(dir: &Path, folder: &str, task: &Task) {
    let path = dir.join("queue").join(folder);
    std::fs::write(path.join(format!("{}.json", task.task_id)), task.to_json())
        .expect("write a task");
}

/// Shape of a queue fixture.
#[derive(Clone, Copy)]
pub struct Shape {
    pub completed: usize,
    pub pending: usize,
    /// 30% of the pending tasks wait on 1-3 done tasks, 2% on an earlier
    /// pending task, 10% are addressed to a named agent (not the caller);
    /// without it every task is for anyone and ready. Priorities vary in
    /// both.
    pub varied: bool,
}

/// Builds a federation of `shape` under `root` and checks it.
pub fn build(root: &Path, shape: Shape) -> PathBuf {
    let dir = init(root);
    let mut done_ids = Vec::new();
    // The history `fed queue complete` would have written.
    let mut history = String::new();
    for n in 0..shape.completed {
        let task = completed_task(n);
        if task.status == Status::Done {
            done_ids.push(task.task_id.clone());
        }
        if let Some(result) = &task.result
            && task.status != Status::Cancelled
        {
            let by = result.by.clone().unwrap_or_default();
            let success = task.status == Status::Done;
            let record = fed::model::record::Record::of(
                &task,
                &by,
                success,
                result.finished_at,
                result.started_at,
            );
            history.push_str(&serde_json::to_string(&record).expect("a record serializes"));
            history.push('\n');
        }
        write_task(&dir, "completed", &task);
    }
    std::fs::write(dir.join("routing-history.jsonl"), history).expect("write the history");
    let mut pending_ids: Vec<String> = Vec::new();
    let start = shape.completed as u64 * 50 + 3600;
    for n in 0..shape.pending {
        let created = ts(start + n as u64 * 30);
        let mut task = base_task(id_for(created, 'p', n), n, created, Status::Pending);
        task.priority = match n % 100 {
            0..=1 => Priority::Critical,
            2..=9 => Priority::High,
            10..=89 => Priority::Normal,
            _ => Priority::Low,
        };
        if shape.varied {
            vary(&mut task, n, &done_ids, &pending_ids);
        }
        write_task(&dir, "pending", &task);
        pending_ids.push(task.task_id.clone());
    }
    verify(&dir, shape.completed, shape.pending);
    dir
}

fn vary(task: &mut Task, n: usize, done_ids: &[String], pending_ids: &[String]) {
    if n % 10 == 5 {
        task.to_agent = Some(AGENTS[n % AGENTS.len()].to_string());
    }
    if done_ids.is_empty() {
        return;
    }
    if n % 10 < 3 {
        for k in 0..(1 + n % 3) {
            let dep = &done_ids[(n * 7 + k * 131) % done_ids.len()];
            if !task.dependencies.contains(dep) {
                task.dependencies.push(dep.clone());
            }
        }
    }
    if n % 50 == 25 && !pending_ids.is_empty() {
        task.dependencies
            .push(pending_ids[n % pending_ids.len()].clone());
    }
}

/// A chain of `len` pending tasks, each depending on the one before; the
/// first (`chain-00000`) is the one to cancel. Returns the directory.
pub fn chain(root: &Path, len: usize) -> PathBuf {
    let dir = init(root);
    for n in 0..len {
        let created = ts(n as u64);
        let mut task = base_task(format!("chain-{n:05}"), n, created, Status::Pending);
        if n > 0 {
            task.dependencies.push(format!("chain-{:05}", n - 1));
        }
        write_task(&dir, "pending", &task);
    }
    verify(&dir, 0, len);
    dir
}

/// `fed check` must pass and `fed status` must count what was written.
pub fn verify(dir: &Path, completed: usize, pending: usize) {
    let out = fed(dir, &["check", "--json"])
        .output()
        .expect("run fed check");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    if out.status.code() != Some(0) || report["ok"] != Value::Bool(true) {
        fail(format!(
            "fed check on the fixture {} exited {:?}: {}",
            dir.display(),
            out.status.code(),
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    let out = fed(dir, &["status", "--json"])
        .output()
        .expect("run fed status");
    let status: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let count = |s: &str| status["counts"][s].as_u64().unwrap_or(0) as usize;
    let finished = count("done") + count("failed") + count("cancelled");
    if count("pending") != pending || finished != completed {
        fail(format!(
            "fed status on the fixture counts {} pending and {finished} finished; expected {pending} and {completed}",
            count("pending")
        ));
    }
    println!(
        "fixture {}: {completed} completed, {pending} pending ({} ready); fed check: exit 0",
        dir.display(),
        status["ready"]
    );
}
