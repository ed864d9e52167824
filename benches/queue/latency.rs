//! Latency of the commands agents run most, in interleaved rounds, and the
//! claim's cost against the number of finished and of pending tasks.

use crate::timing::{Run, Samples, expect_ok, fail, fed, run};
use std::path::Path;

/// One command's samples and its target (median, ms).
pub struct Row {
    pub command: &'static str,
    pub samples: Samples,
    pub target: Option<f64>,
    /// Peak resident memory (KiB) of the largest run, when measured.
    pub rss_kib: Option<u64>,
    /// Bytes printed by the last run.
    pub out_bytes: usize,
}

/// One claim followed by the complete of the claimed task.
pub fn claim_complete(dir: &Path) -> (Run, Run) {
    let claim = run(fed(dir, &["queue", "claim"]), true);
    expect_ok("queue claim", claim.code);
    let id = claim.stdout.clone();
    if id.is_empty() {
        fail("`fed queue claim` printed no task id");
    }
    let args = ["queue", "complete", &id, "--summary", "bench"];
    let complete = run(fed(dir, &args), false);
    expect_ok(&format!("queue complete {id}"), complete.code);
    (claim, complete)
}

/// Targets (median ms) of one scale: add, claim, complete, status,
/// list --ready, list --ready --json, check.
pub struct Targets {
    pub add: f64,
    pub claim: f64,
    pub complete: f64,
    pub status: Option<f64>,
    pub ready: Option<f64>,
    pub ready_json: Option<f64>,
    pub check: Option<f64>,
}

/// What one latency phase runs.
pub struct Plan {
    pub runs: usize,
    pub warmup: usize,
    /// `check` (and `analytics`) run once every this many rounds.
    pub check_every: usize,
    pub analytics: bool,
    pub targets: Targets,
}

/// Rounds interleave the commands, so that a burst of noise on a shared
/// machine spreads over all of them instead of hitting one. Each claim is
/// paired with the complete of the task it claimed, and each round adds
/// two tasks (one for anyone, one addressed to an agent): the numbers of
/// pending and finished tasks stay near the fixture's (one more pending
/// task a round).
pub fn latency(dir: &Path, plan: &Plan) -> Vec<Row> {
    const NAMES: [&str; 10] = [
        "fed --version (process start only)",
        "queue add",
        "queue add --to AGENT",
        "queue claim",
        "queue complete",
        "queue list --ready",
        "queue list --ready --json",
        "status",
        "check",
        "analytics",
    ];
    let mut samples: Vec<Samples> = vec![Samples::default(); NAMES.len()];
    let mut out_bytes = [0; NAMES.len()];
    let mut check_rss = 0;
    for round in 0..plan.warmup + plan.runs {
        let keep = round >= plan.warmup;
        let mut rec = |i: usize, r: Run| {
            expect_ok(NAMES[i], r.code);
            out_bytes[i] = r.bytes;
            if keep {
                samples[i].push(&r);
            }
        };
        rec(0, run(fed(dir, &["--version"]), false));
        let desc = format!("benchmark task {round}: measure how long adding a task takes");
        rec(1, run(fed(dir, &["queue", "add", &desc]), true));
        // Addressed to an agent, whose pending limit is counted: a new
        // name each round, so that no limit is ever reached.
        let to = format!("peer-{round}");
        rec(
            2,
            run(fed(dir, &["queue", "add", &desc, "--to", &to]), true),
        );
        let (c, d) = claim_complete(dir);
        rec(3, c);
        rec(4, d);
        rec(5, run(fed(dir, &["queue", "list", "--ready"]), true));
        let json = ["--json", "queue", "list", "--ready"];
        rec(6, run(fed(dir, &json), true));
        rec(7, run(fed(dir, &["status"]), true));
        if round % plan.check_every == 0 {
            let (r, rss) = crate::memory::run_rss(fed(dir, &["check"]));
            check_rss = check_rss.max(rss);
            rec(8, r);
            if plan.analytics {
                rec(9, run(fed(dir, &["analytics"]), true));
            }
        }
    }
    let t = &plan.targets;
    let targets = [
        None,
        Some(t.add),
        None,
        Some(t.claim),
        Some(t.complete),
        t.ready,
        t.ready_json,
        t.status,
        t.check,
        None,
    ];
    NAMES
        .iter()
        .zip(samples)
        .zip(targets)
        .zip(out_bytes)
        .filter(|(((_, s), _), _)| !s.wall.is_empty())
        .map(|(((command, samples), target), out_bytes)| Row {
            command,
            samples,
            target,
            rss_kib: (*command == "check").then_some(check_rss),
            out_bytes,
        })
        .collect()
}

/// Claim latency on each fixture, claim then complete on each in turn.
pub fn claim_scaling(dirs: &[&Path], runs: usize, warmup: usize) -> Vec<Samples> {
    let mut all = vec![Samples::default(); dirs.len()];
    for round in 0..warmup + runs {
        for (dir, samples) in dirs.iter().zip(all.iter_mut()) {
            let (claim, _) = claim_complete(dir);
            if round >= warmup {
                samples.push(&claim);
            }
        }
    }
    all
}

/// Prints the latency table of one scale; returns the commands that
/// missed their target.
pub fn print_latency(title: &str, rows: &[Row]) -> Vec<String> {
    println!("## Latency: {title}\n");
    println!(
        "| command | median ms | p90 ms | min ms | CPU ms (median) | runs | target (median) | result |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut missed = Vec::new();
    for row in rows {
        let med = row.samples.median();
        let (target, verdict) = match row.target {
            Some(t) if med <= t => (format!("<= {t} ms"), "PASS"),
            Some(t) => {
                missed.push(format!("{title}: {}", row.command));
                (format!("<= {t} ms"), "MISS")
            }
            None => ("-".to_string(), "-"),
        };
        println!(
            "| `{}` | {med:.2} | {:.2} | {:.2} | {:.2} | {} | {target} | {verdict} |",
            row.command,
            row.samples.p90(),
            row.samples.min(),
            row.samples.cpu_median(),
            row.samples.wall.len()
        );
    }
    for row in rows.iter().filter(|r| r.command.contains("--json")) {
        println!(
            "\n`{}` prints {:.0} KB",
            row.command,
            row.out_bytes as f64 / 1000.0
        );
    }
    for row in rows {
        if let Some(kib) = row.rss_kib.filter(|k| *k > 0) {
            println!(
                "\n`{}`: peak resident memory {:.1} MiB",
                row.command,
                kib as f64 / 1024.0
            );
        }
    }
    println!();
    missed
}
