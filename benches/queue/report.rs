//! The markdown report: one table per phase as it ends, then the machine
//! and a summary of every target.

use crate::contention::Outcome;
use crate::fixture::Shape;
use crate::latency::{Row, print_latency};
use crate::timing::{Samples, fail, loadavg, machine, median, percentile};
use std::path::Path;
use std::time::Duration;

#[derive(Default)]
pub struct Report {
    /// Short (smoke) runs judge no target: tiny fixtures, often a debug build.
    pub smoke: bool,
    /// (what, target, measured, met)
    targets: Vec<(String, String, String, bool)>,
    failures: Vec<String>,
}

impl Report {
    fn target(&mut self, what: String, target: String, measured: String, met: bool) {
        if !self.smoke {
            self.targets.push((what, target, measured, met));
        }
    }

    pub fn latency(&mut self, title: String, rows: Vec<Row>) {
        print_latency(&title, &rows);
        for row in &rows {
            if let Some(t) = row.target {
                let med = row.samples.median();
                let mut measured = format!("{med:.2} ms (CPU {:.2} ms)", row.samples.cpu_median());
                if let Some(kib) = row.rss_kib {
                    measured.push_str(&format!(", {:.0} MiB", kib as f64 / 1024.0));
                }
                let met = med <= t && row.rss_kib.is_none_or(|k| k < 100 * 1024);
                self.target(
                    format!("{title}: `{}`", row.command),
                    format!("{t} ms"),
                    measured,
                    met,
                );
            }
        }
    }

    pub fn claims(&mut self, rows: Vec<(Shape, Samples)>) {
        println!("## Claim cost versus finished and pending tasks\n");
        println!("| finished | pending | claim median ms | p90 ms | CPU ms (median) |");
        println!("|---:|---:|---:|---:|---:|");
        for (shape, s) in &rows {
            println!(
                "| {} | {} | {:.2} | {:.2} | {:.2} |",
                shape.completed,
                shape.pending,
                s.median(),
                s.p90(),
                s.cpu_median()
            );
        }
        let cpu = |i: usize| rows.get(i).map_or(f64::NAN, |(_, s)| s.cpu_median());
        println!(
            "\nCPU ratios: finished x100 (rows 1, 3): {:.2}x; pending x50 (rows 1, 5): {:.2}x\n",
            cpu(2) / cpu(0),
            cpu(4) / cpu(0)
        );
    }

    pub fn drain(&mut self, tasks: usize, o: Outcome) {
        println!(
            "## Throughput: {} workers draining {tasks} pending tasks (claim, complete)\n",
            o.workers
        );
        println!("| workers | tasks done | wall time s | tasks/s | verified |");
        println!("|---:|---:|---:|---:|---|");
        let ok = o.errors.is_empty();
        println!(
            "| {} | {} | {:.2} | {:.1} | {} |\n",
            o.workers,
            o.tasks,
            o.wall.as_secs_f64(),
            o.tasks as f64 / o.wall.as_secs_f64(),
            if ok {
                "all done exactly once"
            } else {
                "FAILED"
            }
        );
        self.fail_on("drain", o.errors);
    }

    pub fn contention(&mut self, pending: usize, o: Outcome) {
        println!(
            "## Contention: {} claimers on {pending} pending tasks (claim only)\n",
            o.workers
        );
        println!("| claims | wall s | claims/s | p50 ms | p95 ms | p99 ms | max ms | verified |");
        println!("|---:|---:|---:|---:|---:|---:|---:|---|");
        let rate = o.tasks as f64 / o.wall.as_secs_f64();
        let p = |q| percentile(&o.claims, q);
        let max = o.claims.iter().max().copied().unwrap_or_default();
        let ok = o.errors.is_empty();
        println!(
            "| {} | {:.2} | {rate:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {} |\n",
            o.tasks,
            o.wall.as_secs_f64(),
            p(50.0),
            p(95.0),
            p(99.0),
            max.as_secs_f64() * 1000.0,
            if ok {
                "each claimed exactly once"
            } else {
                "FAILED"
            }
        );
        let what = format!("{pending} pending, {} claimers", o.workers);
        self.target(
            format!("{what}: throughput"),
            "300 claims/s".into(),
            format!("{rate:.0} claims/s"),
            rate >= 300.0,
        );
        self.target(
            format!("{what}: p99 per claim"),
            "100 ms".into(),
            format!("{:.1} ms", p(99.0)),
            p(99.0) <= 100.0,
        );
        self.fail_on("contention", o.errors);
    }

    pub fn wake(&mut self, woken: &crate::wake::Wake) {
        let (median, met) = crate::wake::report(woken);
        self.target(
            "`claim --wait` wake-up after the completion of its dependency".into(),
            format!("{} ms", crate::wake::TARGET_MS),
            format!("{median:.2} ms"),
            met,
        );
    }

    pub fn cascade(&mut self, len: usize, s: Samples) {
        println!("## `queue cancel --cascade` over a chain of {len} tasks\n");
        println!("| runs | median s | min s | CPU s (median) |");
        println!("|---:|---:|---:|---:|");
        println!(
            "| {} | {:.3} | {:.3} | {:.3} |\n",
            s.wall.len(),
            s.median() / 1000.0,
            s.min() / 1000.0,
            s.cpu_median() / 1000.0
        );
        let measured = format!(
            "{:.3} s (CPU {:.3} s)",
            s.median() / 1000.0,
            s.cpu_median() / 1000.0
        );
        self.target(
            format!("{len}-task chain: `cancel --cascade`"),
            "1 s".into(),
            measured,
            s.median() <= 1000.0,
        );
    }

    pub fn router(&mut self, lines: usize, route: Samples, eval: Samples) {
        println!("## The router with {lines} history lines\n");
        println!("| command | runs | median ms | p90 ms | CPU ms (median) |");
        println!("|---|---:|---:|---:|---:|");
        for (name, s) in [("route DESCRIPTION", &route), ("route eval", &eval)] {
            println!(
                "| `{name}` | {} | {:.2} | {:.2} | {:.2} |",
                s.wall.len(),
                s.median(),
                s.p90(),
                s.cpu_median()
            );
        }
        println!();
        for (name, s, t) in [("route", &route, 10.0), ("route eval", &eval, 2000.0)] {
            let measured = format!("{:.2} ms (CPU {:.2} ms)", s.median(), s.cpu_median());
            self.target(
                format!("{lines} history lines: `{name}`"),
                format!("{t} ms"),
                measured,
                median(&s.wall) <= t,
            );
        }
    }

    fn fail_on(&mut self, phase: &str, errors: Vec<String>) {
        if !errors.is_empty() {
            for e in errors.iter().take(20) {
                println!("  {e}");
            }
            self.failures
                .push(format!("{phase}: {} problem(s)", errors.len()));
        }
    }

    /// A run that lost, duplicated or left a task behind: the benchmark
    /// fails at the end.
    pub fn failure(&mut self, what: &str) {
        self.failures.push(what.to_string());
    }

    pub fn finish(self, root: &Path, load_before: &str, took: Duration) {
        let load_after = loadavg();
        println!("## Machine\n\n| | |\n|---|---|");
        for (k, v) in machine(root) {
            println!("| {k} | {v} |");
        }
        println!("| load average (1/5/15 min) before / after | {load_before} / {load_after} |\n");
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        let busy = |l: &str| {
            l.split_whitespace()
                .next()
                .and_then(|x| x.parse::<f64>().ok())
                .is_some_and(|x| x > cpus)
        };
        if busy(load_before) || busy(&load_after) {
            println!(
                "WARNING: the load average exceeds the {cpus} CPUs: wall times include waiting \
                 for a CPU; the CPU columns are the steadier figures.\n"
            );
        }
        if !self.targets.is_empty() {
            println!("## Targets\n\n| workload: operation | target | measured (median) | result |");
            println!("|---|---:|---:|---|");
            for (what, target, measured, met) in &self.targets {
                let verdict = if *met { "met" } else { "MISSED" };
                println!("| {what} | {target} | {measured} | {verdict} |");
            }
            println!();
        }
        println!("benchmark took {:.1} s", took.as_secs_f64());
        if !self.failures.is_empty() {
            fail(format!(
                "tasks were lost, duplicated or left behind: {}",
                self.failures.join("; ")
            ));
        }
    }
}
