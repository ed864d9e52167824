//! The overseer's measures: `fed report` on a 100,000-event log, the
//! speed-up of 3 `fed work` workers over 1, and the time from `kill -9`
//! of a worker to its task being held by another (leases.worker_ttl at its
//! default of 2m).

use crate::timing::{Samples, expect_ok, fail, fed_as, fed_bin, run};
use std::io::Write;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// `fed report` median target.
pub const REPORT_TARGET_MS: f64 = 1000.0;
/// 3 workers over 1: target.
pub const SPEEDUP_TARGET: f64 = 2.5;
pub const TAKEOVER_TARGET_S: f64 = 120.0;

pub struct Measures {
    /// The tasks of the federation `fed report` reads.
    pub tasks: usize,
    pub events: usize,
    pub report: Samples,
    pub one: Duration,
    pub three: Duration,
    pub takeover: Option<Duration>,
}

/// Appends events to `dir`'s log until it holds `total`: each task's life
/// (added, claimed, heartbeats, its end) as its file says, then notes.
fn grow_log(dir: &Path, total: usize) -> usize {
    let mut tasks = Vec::new();
    for folder in ["pending", "completed"] {
        for entry in std::fs::read_dir(dir.join("queue").join(folder)).expect("list fixture") {
            let path = entry.expect("entry").path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            let id = doc["task_id"].as_str().unwrap_or_default().to_string();
            let status = doc["status"].as_str().unwrap_or_default().to_string();
            tasks.push((id, status));
        }
    }
    let start = chrono::Utc::now() - chrono::TimeDelta::days(13);
    let mut lines = String::new();
    let mut n = 0usize;
    let at = |i: usize| {
        (start + chrono::TimeDelta::seconds(i as i64 * 10))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    };
    let push = |lines: &mut String,
                n: &mut usize,
                agent: &str,
                event: &str,
                id: &str,
                extra: &str| {
        lines.push_str(&format!(
            "{{\"at\":\"{}\",\"agent\":\"{agent}\",\"event\":\"{event}\",\"task_id\":\"{id}\"{extra}}}\n",
            at(*n)
        ));
        *n += 1;
    };
    for (i, (id, status)) in tasks.iter().enumerate() {
        let agent = ["claude", "kimi", "copilot"][i % 3];
        push(
            &mut lines,
            &mut n,
            "reuben",
            "added",
            id,
            ",\"to\":null,\"priority\":\"normal\"",
        );
        if status == "pending" {
            continue;
        }
        push(&mut lines, &mut n, agent, "claimed", id, ",\"attempt\":1");
        push(&mut lines, &mut n, agent, "heartbeat", id, "");
        let end = match status.as_str() {
            "done" => "completed",
            other => other,
        };
        push(&mut lines, &mut n, agent, end, id, "");
    }
    let mut i = 0;
    while n < total && !tasks.is_empty() {
        let (id, _) = &tasks[i % tasks.len()];
        push(
            &mut lines,
            &mut n,
            "claude",
            "noted",
            id,
            ",\"text\":\"a note to grow the log\"",
        );
        i += 1;
    }
    let mut log = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(dir.join("log.jsonl"))
        .expect("open the log");
    log.write_all(lines.as_bytes()).expect("write the log");
    n
}

fn spawn_worker(dir: &Path, agent: &str, args: &[&str]) -> Child {
    let mut all = vec!["work"];
    all.extend_from_slice(args);
    fed_as(dir, agent, &all)
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn fed work")
}

fn stop(mut child: Child) {
    // SAFETY: signalling a child of ours.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let _ = child.wait();
}

fn fresh(root: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(root).expect("create a fixture");
    let dir = root.join(".federation");
    let ok = std::process::Command::new(fed_bin())
        .args(["--dir", &dir.to_string_lossy(), "init"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn fed init");
    if !ok.success() {
        fail("fed init failed for the measures benchmark");
    }
    dir
}

/// Wall time for `workers` workers to finish `tasks` tasks of 0.5 s each,
/// from the workers' start to `fed wait --all` returning.
fn drain(root: &Path, workers: usize, tasks: usize) -> Duration {
    let dir = fresh(root);
    for i in 0..tasks {
        let out = run(
            fed_as(
                &dir,
                "maker",
                &["queue", "add", &format!("independent task {i}")],
            ),
            false,
        );
        expect_ok("queue add", out.code);
    }
    let waiter = fed_as(&dir, "maker", &["wait", "--all"])
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn fed wait");
    let start = Instant::now();
    let running: Vec<Child> = (0..workers)
        .map(|w| spawn_worker(&dir, &format!("w{w}"), &["--", "sleep", "0.5"]))
        .collect();
    let out = waiter.wait_with_output().expect("fed wait");
    let took = start.elapsed();
    if !out.status.success() {
        fail("fed wait --all failed in the worker benchmark");
    }
    running.into_iter().for_each(stop);
    took
}

/// From `kill -9` of a worker holding a task to another worker holding it,
/// with the default leases.worker_ttl (2m).
fn takeover(root: &Path) -> Duration {
    let dir = fresh(root);
    let out = run(fed_as(&dir, "maker", &["queue", "add", "orphaned"]), true);
    expect_ok("queue add", out.code);
    let id = out.stdout;
    let pidfile = root.join("sleep.pid");
    let script = format!("echo $$ > {}; exec sleep 600", pidfile.display());
    let mut first = spawn_worker(&dir, "w1", &["--", "sh", "-c", &script]);
    let held = |who: &str| {
        let out = run(
            fed_as(&dir, "maker", &["--json", "queue", "show", &id]),
            true,
        );
        serde_json::from_str::<serde_json::Value>(&out.stdout)
            .is_ok_and(|t| t["assignee"] == who && t["status"] == "in-progress")
    };
    while !held("w1") {
        std::thread::sleep(Duration::from_millis(50));
    }
    // SAFETY: killing our own child (its orphaned sleep is killed below).
    unsafe { libc::kill(first.id() as i32, libc::SIGKILL) };
    let killed = Instant::now();
    let _ = first.wait();
    // Its command lasts long enough for the takeover to be seen in progress.
    let second = spawn_worker(&dir, "w2", &["--once", "--", "sleep", "2"]);
    while !held("w2") {
        if killed.elapsed() > Duration::from_secs(300) {
            fail("no worker took over the killed worker's task in 5 minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let took = killed.elapsed();
    let _ = second.wait_with_output();
    if let Some(pid) = std::fs::read_to_string(&pidfile)
        .ok()
        .and_then(|p| p.trim().parse::<i32>().ok())
    {
        // SAFETY: the sleep the killed worker started for us.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
    took
}

pub fn measures(tmp: &Path, big: &Path, tasks: usize, runs: usize) -> Measures {
    let events = grow_log(big, 100_000);
    let mut report = Samples::default();
    for i in 0..runs.clamp(3, 10) + 1 {
        let r = run(fed_as(big, "reuben", &["--json", "report"]), true);
        expect_ok("report", r.code);
        if i > 0 {
            report.push(&r);
        }
    }
    let one = drain(&tmp.join("work1"), 1, 30);
    let three = drain(&tmp.join("work3"), 3, 30);
    let takeover = std::env::var("FED_BENCH_TAKEOVER")
        .map_or(true, |v| v != "0")
        .then(|| takeover(&tmp.join("takeover")));
    Measures {
        tasks,
        events,
        report,
        one,
        three,
        takeover,
    }
}

pub fn report(m: &Measures, missed: &mut Vec<&'static str>) {
    println!("## The overseer's measures\n");
    println!("| measure | value | target | result |");
    println!("|---|---:|---:|---|");
    let verdict = |ok: bool, name: &'static str, missed: &mut Vec<&'static str>| {
        if ok {
            "PASS"
        } else {
            missed.push(name);
            "MISS"
        }
    };
    let med = m.report.median();
    let v = verdict(med <= REPORT_TARGET_MS, "fed report", missed);
    println!(
        "| `fed report` on {} tasks and {} log events (median ms; CPU {:.0} ms) | {med:.0} | <= {REPORT_TARGET_MS:.0} | {v} |",
        m.tasks,
        m.events,
        m.report.cpu_median()
    );
    let speedup = m.one.as_secs_f64() / m.three.as_secs_f64();
    let v = verdict(speedup >= SPEEDUP_TARGET, "fed work speed-up", missed);
    println!(
        "| 30 tasks of 0.5 s: 1 worker {:.1} s, 3 workers {:.1} s (speed-up) | {speedup:.2}x | >= {SPEEDUP_TARGET}x | {v} |",
        m.one.as_secs_f64(),
        m.three.as_secs_f64()
    );
    match m.takeover {
        Some(t) => {
            let v = verdict(
                t.as_secs_f64() < TAKEOVER_TARGET_S,
                "worker takeover",
                missed,
            );
            println!(
                "| `kill -9` of a worker to its task held by another (worker_ttl 2m) | {:.1} s | < {TAKEOVER_TARGET_S:.0} s | {v} |",
                t.as_secs_f64()
            );
        }
        None => println!("| worker takeover | skipped (FED_BENCH_TAKEOVER=0) | | |"),
    }
    println!();
}
