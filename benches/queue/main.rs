//! End-to-end benchmark of the `fed` command line: whole-process wall and
//! CPU time of the commands agents run most, at three scales; the claim's
//! cost against finished and pending tasks; workers draining a queue;
//! claimers contending on a deep queue; a cascading cancel; the router;
//! the wake-up of `claim --wait`.
//!
//! ```text
//! cargo bench --bench queue                      # the 10k scale and every other phase
//! cargo bench --bench queue -- --scale 100k      # 1k, 10k, 100k or all
//! cargo bench --bench queue -- --only contention # latency, claims, drain, contention, cascade, router, wake, measures, remote
//! cargo bench --bench queue -- --short           # CI smoke: tiny fixtures, a few seconds
//! ```
//!
//! Environment: `FED_BENCH_RUNS` (timed runs per command, default 50),
//! `FED_BENCH_WARMUP` (3), `FED_BENCH_WORKERS` (16), `FED_BENCH_CLAIMS`
//! (claims per worker in the contention run, 150), `FED_BENCH_CASCADE_RUNS`
//! (3), `FED_BENCH_BIN` (the
//! `fed` binary to measure instead of the one cargo built), `TMPDIR` (where
//! the fixtures go; the file system matters), `FED_BENCH_KEEP=1` (keep the
//! fixtures and print where). The output is markdown tables for
//! docs/performance.md; it exits non-zero, with a line starting `FAILED:`,
//! if a fixture is not clean or a concurrent run loses, duplicates or
//! strands a task.

mod contention;
mod extra;
mod fixture;
mod latency;
mod measures;
mod memory;
#[path = "../support/remote.rs"]
mod remote;
mod report;
mod timing;
mod wake;

use fixture::Shape;
use latency::{Plan, Targets};
use std::path::Path;
use std::time::{Duration, Instant};
use timing::env_usize;

/// One latency scale: its fixture and its targets.
pub struct Scale {
    pub name: &'static str,
    pub completed: usize,
    pub pending: usize,
    pub targets: fn() -> Targets,
}

const SCALES: [Scale; 3] = [
    Scale {
        name: "1k",
        completed: 1_000,
        pending: 100,
        targets: || Targets {
            add: 3.0,
            claim: 3.0,
            complete: 3.0,
            status: None,
            ready: None,
            ready_json: None,
            check: None,
        },
    },
    Scale {
        name: "10k",
        completed: 9_000,
        pending: 1_000,
        targets: || Targets {
            add: 3.0,
            claim: 3.0,
            complete: 3.0,
            status: Some(8.0),
            ready: Some(8.0),
            ready_json: Some(10.0),
            check: None,
        },
    },
    Scale {
        name: "100k",
        completed: 100_000,
        pending: 10_000,
        targets: || Targets {
            add: 4.0,
            claim: 5.0,
            complete: 4.0,
            status: Some(30.0),
            ready: Some(60.0),
            ready_json: None,
            check: Some(2000.0),
        },
    },
];

/// What to run, from the command line.
pub struct Options {
    pub scales: Vec<&'static Scale>,
    pub short: bool,
    pub phases: Vec<String>,
    pub runs: usize,
    pub warmup: usize,
    pub workers: usize,
}

impl Options {
    pub fn wants(&self, phase: &str) -> bool {
        self.phases.iter().any(|p| p == phase)
    }
}

const PHASES: [&str; 9] = [
    "latency",
    "claims",
    "drain",
    "contention",
    "cascade",
    "router",
    "wake",
    "measures",
    "remote",
];

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let (mut scale, mut short, mut only) = ("10k".to_string(), false, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--scale" => scale = args.next().unwrap_or_default(),
            "--short" => short = true,
            "--only" => only = args.next(),
            "--bench" => {} // cargo bench passes it
            other => timing::fail(format!(
                "unknown argument {other}: try --scale 1k|10k|100k|all, --only PHASE,..., --short"
            )),
        }
    }
    let scales: Vec<&'static Scale> = match scale.as_str() {
        "all" => SCALES.iter().collect(),
        s => match SCALES.iter().find(|sc| sc.name == s) {
            Some(sc) => vec![sc],
            None => timing::fail(format!("--scale {s}: use 1k, 10k, 100k or all")),
        },
    };
    let phases: Vec<String> = match only {
        Some(list) => list.split(',').map(str::to_string).collect(),
        None => PHASES.iter().map(|p| p.to_string()).collect(),
    };
    if let Some(bad) = phases.iter().find(|p| !PHASES.contains(&p.as_str())) {
        timing::fail(format!(
            "--only {bad}: the phases are {}",
            PHASES.join(", ")
        ));
    }
    let (runs, warmup) = if short { (5, 1) } else { (50, 3) };
    Options {
        scales,
        short,
        phases,
        runs: env_usize("FED_BENCH_RUNS", runs).max(1),
        warmup: env_usize("FED_BENCH_WARMUP", warmup),
        workers: env_usize("FED_BENCH_WORKERS", if short { 4 } else { 16 }).max(1),
    }
}

/// The fixtures settle before timing: fed's summary cache never trusts
/// a file changed in the last two seconds, and a real federation's tasks
/// arrive over time.
fn settle() {
    std::thread::sleep(Duration::from_millis(2_500));
}

fn main() {
    let opts = options();
    let total = Instant::now();
    let load_before = timing::loadavg();
    let tmp = tempfile::Builder::new()
        .prefix("fed-bench-")
        .tempdir()
        .expect("create a temporary directory");
    let _ = timing::FIXTURES.set(tmp.path().to_path_buf());
    let root = tmp.path();
    println!(
        "fed queue benchmark{}: {} runs per command after {} warm-up runs",
        if opts.short { " (short)" } else { "" },
        opts.runs,
        opts.warmup
    );
    println!("binary: {}", timing::fed_bin().display());
    let mut report = report::Report::default();
    report.smoke = opts.short;
    if opts.wants("latency") {
        for scale in &opts.scales {
            latency_phase(root, scale, &opts, &mut report);
        }
    }
    if opts.wants("claims") {
        claims_phase(root, &opts, &mut report);
    }
    phases::run_concurrent(root, &opts, &mut report);
    report.finish(root, &load_before, total.elapsed());
    if std::env::var_os("FED_BENCH_KEEP").is_some_and(|v| v != "0" && !v.is_empty()) {
        println!("fixtures kept in {}", tmp.keep().display());
    }
}

fn latency_phase(root: &Path, scale: &Scale, opts: &Options, report: &mut report::Report) {
    let (completed, pending) = if opts.short {
        (200, 100)
    } else {
        (scale.completed, scale.pending)
    };
    let shape = Shape {
        completed,
        pending,
        varied: true,
    };
    let dir = fixture::build(&root.join(format!("scale-{}", scale.name)), shape);
    settle();
    let plan = Plan {
        runs: opts.runs,
        warmup: opts.warmup,
        check_every: if completed >= 50_000 { 10 } else { 1 },
        analytics: completed <= 10_000,
        targets: (scale.targets)(),
    };
    let rows = latency::latency(&dir, &plan);
    let title = format!(
        "{} scale: {completed} finished, {pending} pending",
        if opts.short { "short" } else { scale.name }
    );
    report.latency(title, rows);
}

mod phases;

fn claims_phase(root: &Path, opts: &Options, report: &mut report::Report) {
    let (small, mid, big, deep) = if opts.short {
        (100, 300, 1_000, 1_000)
    } else {
        (1_000, 10_000, 100_000, 50_000)
    };
    let shapes = [
        (small, small),
        (mid, small),
        (big, small),
        (small, mid),
        (small, deep),
    ];
    let dirs: Vec<_> = shapes
        .iter()
        .enumerate()
        .map(|(i, &(completed, pending))| {
            let shape = Shape {
                completed,
                pending,
                varied: true,
            };
            (
                fixture::build(&root.join(format!("claims-{i}")), shape),
                shape,
            )
        })
        .collect();
    settle();
    let paths: Vec<&Path> = dirs.iter().map(|(d, _)| d.as_path()).collect();
    let samples = latency::claim_scaling(&paths, opts.runs, opts.warmup);
    let rows = dirs.iter().map(|(_, s)| *s).zip(samples).collect();
    report.claims(rows);
}
