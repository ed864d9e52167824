//! `fed check`: everything wrong with a federation, for CI and people.
//! Reads only; reports and never repairs.

use crate::gate::{Gate, gate};
use crate::graph::find_cycle;
use crate::model::Status;
use crate::model::time::Timestamp;
use crate::store::Store;
use crate::store::cache::Row;
use crate::store::scan::Problem;
use crate::store::snapshot::Snapshot;
use std::collections::HashMap;
use std::path::Path;

/// How many cycles are reported before `check` stops looking for more.
const MAX_CYCLES: usize = 20;

pub fn check(store: &Store, now: Timestamp) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Err(e) = store.config() {
        problems.push(Problem::error("config", e.message));
    }
    if let Err(e) = store.state() {
        problems.push(Problem::error("state", e.message));
    }
    let (rows, file_problems) = Snapshot::read_all(store);
    let twice = in_two_folders(&rows, &file_problems);
    let snapshot = Snapshot::from_rows(rows, file_problems);
    problems.extend(snapshot.problems.iter().cloned());
    problems.extend(twice.into_iter().filter(|p| {
        !snapshot
            .problems
            .iter()
            .any(|s| s.kind == "duplicate" && s.task_id == p.task_id)
    }));
    let mut in_flight = store.scan_in_flight().problems;
    in_flight.extend(store.scan_hidden_takes());
    // A dependency in .txn/ exists: it is being changed (or will be put
    // back by the next changing command), so its dependants do not dangle.
    let moving: std::collections::HashSet<String> =
        in_flight.iter().filter_map(|p| p.task_id.clone()).collect();
    let status_of = |id: &str| {
        snapshot
            .status_of(id)
            .or_else(|| moving.contains(id).then_some(Status::Pending))
    };
    problems.extend(in_flight.iter().cloned());
    problems.extend(store.list_votes().1);
    problems.extend(store.leftovers());
    problems.extend(store.append_target_problems());
    for row in &snapshot.rows {
        problems.extend(task_problems(row, &status_of, now));
    }
    problems.extend(cycles(&snapshot));
    problems.extend(log_problems(store));
    problems.extend(remote_problems(store));
    if let Ok(config) = store.config()
        && let Some(cycle) = config.handoff_loop()
    {
        problems.push(Problem::warning(
            "handoff-loop",
            format!(
                "the handoff rules can loop: {} (each chain stops at limits.max_handoff_depth = {})",
                cycle.join(" -> "),
                config.limits.max_handoff_depth
            ),
        ));
    }
    problems.sort_by_key(|a| a.severity);
    problems
}

/// Ids whose files are in more than one folder, whether or not each copy
/// is valid (a copy whose status does not match its folder counts too).
fn in_two_folders(rows: &[Row], file_problems: &[Problem]) -> Vec<Problem> {
    let mut places: HashMap<&str, Vec<&Path>> = HashMap::with_capacity(rows.len());
    for row in rows {
        places
            .entry(&row.summary.task_id)
            .or_default()
            .push(&row.path);
    }
    for problem in file_problems {
        if let (Some(id), Some(path)) = (&problem.task_id, &problem.path) {
            places.entry(id).or_default().push(path);
        }
    }
    let mut twice: Vec<(&str, Vec<&Path>)> = places
        .into_iter()
        // A task that moved while the folders were read is seen twice:
        // only copies that all still exist are a problem.
        .filter(|(_, paths)| paths.len() > 1 && paths.iter().all(|p| p.exists()))
        .collect();
    twice.sort_unstable();
    twice
        .into_iter()
        .map(|(id, paths)| {
            let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            Problem::error(
                "duplicate",
                format!(
                    "task {id} is in {} places: {}",
                    paths.len(),
                    list.join(", ")
                ),
            )
            .at(paths[1].to_path_buf())
            .task(id)
        })
        .collect()
}

/// What is wrong with one task: dependencies that do not exist or can
/// never be done, an expired lease.
fn task_problems(
    row: &Row,
    status_of: &impl Fn(&str) -> Option<Status>,
    now: Timestamp,
) -> Vec<Problem> {
    let task = &row.summary;
    let id = task.task_id.as_str();
    let at = |problem: Problem| problem.at(row.path.clone()).task(id);
    let mut problems = Vec::new();
    match gate(&task.dependencies, status_of) {
        Gate::Dangling(deps) => {
            let severity = if task.status.is_finished() {
                Problem::warning
            } else {
                Problem::error
            };
            problems.push(at(severity(
                "dangling-dependency",
                format!(
                    "task {id} depends on {}, which does not exist",
                    deps.join(", ")
                ),
            )));
        }
        Gate::Stranded(deps) if !task.status.is_finished() && task.status != Status::InProgress => {
            let list: Vec<_> = deps.iter().map(|(d, s)| format!("{d} is {s}")).collect();
            problems.push(at(Problem::warning(
                "stranded",
                format!(
                    "task {id} cannot become ready: {} (`fed queue retry` puts a dependency back in the queue)",
                    list.join(", ")
                ),
            )));
        }
        _ => {}
    }
    if task.status == Status::InProgress
        && let Some(expires_at) = task.lease_expires_at
        && expires_at <= now
    {
        problems.push(at(Problem::warning(
            "expired-lease",
            format!(
                "task {id}: the lease of {} expired at {}; `fed queue reap` returns it to the queue",
                task.assignee.as_deref().unwrap_or("nobody"),
                crate::model::time::format_time(expires_at)
            ),
        )));
    }
    problems
}

/// Dependency cycles, up to [`MAX_CYCLES`] of them.
fn cycles(snapshot: &Snapshot) -> Vec<Problem> {
    let mut problems = Vec::new();
    // A task without dependencies is in no cycle: leave it out.
    let mut graph: crate::graph::Graph = snapshot
        .rows
        .iter()
        .filter(|r| !r.summary.dependencies.is_empty())
        .map(|r| (r.summary.task_id.clone(), r.summary.dependencies.clone()))
        .collect();
    for _ in 0..MAX_CYCLES {
        let Some(cycle) = find_cycle(&graph) else {
            break;
        };
        problems.push(
            Problem::error("cycle", format!("dependency cycle: {}", cycle.join(" -> ")))
                .task(&cycle[0]),
        );
        // Cut the cycle's first edge and look for another one.
        if let Some(deps) = graph.get_mut(&cycle[0]) {
            deps.retain(|d| d != &cycle[1]);
        }
    }
    problems
}

/// Documents a sync refused (malformed, conflict markers, too big): kept
/// aside in `.remote/rejected/`, never written into the queue, and
/// reported until the remote holds a valid version again.
fn remote_problems(store: &Store) -> Vec<Problem> {
    crate::remote::state::Paths::new(store.root())
        .rejected()
        .into_iter()
        .map(|path| {
            let message = format!(
                "{}: arrived from the remote malformed and was set aside (never written into the queue); fix it on the remote, and the next sync replaces it",
                path.display()
            );
            Problem::error("remote-invalid", message).at(path)
        })
        .collect()
}

/// Lines of the event log that cannot be read (the first 20).
fn log_problems(store: &Store) -> Vec<Problem> {
    match store.read_events() {
        Ok((_, bad)) => bad
            .iter()
            .take(20)
            .map(|line| {
                let name = line.file.strip_prefix(store.root()).unwrap_or(&line.file);
                Problem::warning(
                    "log",
                    format!("{} line {}: {}", name.display(), line.line, line.message),
                )
                .at(line.file.clone())
            })
            .collect(),
        Err(e) => vec![Problem::error("log", e.message)],
    }
}
