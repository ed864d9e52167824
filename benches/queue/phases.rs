//! The phases after the latency ones: draining, contention, the cascade
//! and the router.

use crate::fixture::{self, Shape};
use crate::report::Report;
use crate::{Options, contention, extra, settle, wake};

use std::path::Path;

pub fn run_concurrent(root: &Path, opts: &Options, report: &mut Report) {
    if opts.wants("drain") {
        let tasks = if opts.short { 200 } else { 2_000 };
        let shape = Shape {
            completed: 0,
            pending: tasks,
            varied: false,
        };
        let dir = fixture::build(&root.join("drain"), shape);
        settle();
        let outcome = contention::drain(&dir, opts.workers, tasks);
        report.drain(tasks, outcome);
    }
    if opts.wants("contention") {
        let (pending, per_worker) = if opts.short {
            (1_000, 10)
        } else {
            (50_000, 150)
        };
        let shape = Shape {
            completed: 0,
            pending,
            varied: false,
        };
        let dir = fixture::build(&root.join("contention"), shape);
        settle();
        let per_worker = crate::timing::env_usize("FED_BENCH_CLAIMS", per_worker);
        let outcome = contention::contend(&dir, opts.workers, per_worker, pending);
        report.contention(pending, outcome);
    }
    if opts.wants("cascade") {
        let (len, runs) = if opts.short { (200, 1) } else { (10_000, 3) };
        let runs = crate::timing::env_usize("FED_BENCH_CASCADE_RUNS", runs).max(1);
        let samples = extra::cascade(&root.join("cascade"), len, runs);
        report.cascade(len, samples);
    }
    if opts.wants("router") {
        let (lines, runs, evals) = if opts.short {
            (500, 3, 1)
        } else {
            (10_000, 20, 3)
        };
        let dir = extra::router_fixture(&root.join("router"), lines);
        // As for the task files: the model cache trusts a history that has
        // not changed for two seconds.
        settle();
        let (route, eval) = extra::router(&dir, runs, evals);
        report.router(lines, route, eval);
    }
    if opts.wants("wake") {
        let runs = if opts.short { 3 } else { opts.runs.min(50) };
        let woken = wake::wake(&root.join("wake"), runs);
        report.wake(&woken);
    }
    if opts.wants("measures") {
        measures_phase(root, opts);
    }
    if opts.wants("remote") && std::env::var("FED_BENCH_REMOTE").as_deref() != Ok("0") {
        let runs =
            crate::timing::env_usize("FED_BENCH_REMOTE_RUNS", if opts.short { 3 } else { 20 });
        let shared = crate::remote::run_section(root, runs.max(1), opts.warmup, opts.short);
        if !crate::remote::print(&shared) {
            report.failure("the drain through a git remote lost, duplicated or left a task");
        }
    }
}

/// The overseer's measures: `fed report` on a large log, `fed work`'s
/// speed-up, a killed worker's takeover.
fn measures_phase(root: &Path, opts: &Options) {
    let shape = Shape {
        completed: if opts.short { 200 } else { 9_000 },
        pending: if opts.short { 100 } else { 1_000 },
        varied: true,
    };
    let dir = fixture::build(&root.join("measures-fixture"), shape);
    let tasks = shape.completed + shape.pending;
    let measured = crate::measures::measures(root, &dir, tasks, opts.runs);
    // It prints its own table, each target met or missed.
    crate::measures::report(&measured, &mut Vec::new());
}
