//! `fed check`: everything wrong with a federation, for CI and people.
//! Reads only; reports and never repairs.

use crate::gate::{Gate, gate};
use crate::graph::find_cycle;
use crate::model::Status;
use crate::model::time::Timestamp;
use crate::queue::snapshot::Snapshot;
use crate::store::Store;
use crate::store::layout::{TMP_DIR, TXN_DIR, TxnName, parse_txn_name};
use crate::store::scan::Problem;

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
    let snapshot = Snapshot::from_scan(store.scan_all());
    problems.extend(snapshot.problems.iter().cloned());
    let in_flight = store.scan_in_flight().problems;
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
    problems.extend(crate::vote::ops::list(store).1);
    problems.extend(leftovers(store));

    for file in &snapshot.rows {
        let task = &file.summary;
        let id = task.task_id.as_str();
        match gate(&task.dependencies, status_of) {
            Gate::Dangling(deps) => {
                let severity = if task.status.is_finished() {
                    Problem::warning
                } else {
                    Problem::error
                };
                problems.push(
                    severity(
                        "dangling-dependency",
                        format!(
                            "task {id} depends on {}, which does not exist",
                            deps.join(", ")
                        ),
                    )
                    .at(file.path.clone())
                    .task(id),
                );
            }
            Gate::Stranded(deps)
                if !task.status.is_finished() && task.status != Status::InProgress =>
            {
                let list: Vec<_> = deps.iter().map(|(d, s)| format!("{d} is {s}")).collect();
                problems.push(
                    Problem::warning(
                        "stranded",
                        format!("task {id} can never be ready: {}", list.join(", ")),
                    )
                    .at(file.path.clone())
                    .task(id),
                );
            }
            _ => {}
        }
        if task.status == Status::InProgress
            && let Some(expires_at) = task.lease_expires_at
            && expires_at <= now
        {
            problems.push(
                Problem::warning(
                    "expired-lease",
                    format!(
                        "task {id}: the lease of {} expired at {}; `fed queue reap` returns it to the queue",
                        task.assignee.as_deref().unwrap_or("nobody"),
                        crate::model::time::format_time(expires_at)
                    ),
                )
                .at(file.path.clone())
                .task(id),
            );
        }
    }

    let mut graph = snapshot.graph();
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

    match store.read_events() {
        Ok((_, bad)) => {
            for line in bad.iter().take(20) {
                problems.push(
                    Problem::warning(
                        "log",
                        format!("log.jsonl line {}: {}", line.line, line.message),
                    )
                    .at(store.path(crate::store::layout::LOG_FILE)),
                );
            }
        }
        Err(e) => problems.push(Problem::error("log", e.message)),
    }
    if let Ok(config) = store.config()
        && let Some(cycle) = crate::learn::handoff::find_loop(&config.handoffs)
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

/// Unknown files in fed's scratch folders.
fn leftovers(store: &Store) -> Vec<Problem> {
    let mut problems = Vec::new();
    for dir in [TXN_DIR, TMP_DIR] {
        let Ok(entries) = std::fs::read_dir(store.path(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let known = match dir {
                TXN_DIR => parse_txn_name(&name) != TxnName::Other,
                _ => crate::store::layout::tmp_owner(&name).is_some(),
            };
            if !known {
                problems.push(
                    Problem::warning(
                        "foreign",
                        format!("{}: not a file fed made; ignored", entry.path().display()),
                    )
                    .at(entry.path()),
                );
            }
        }
    }
    problems
}
