//! Wake-up latency of `queue claim --wait`: a claimer waits for task B,
//! which depends on task A; the time from the completion of A to the
//! waiter holding B. The waiter is a separate `fed` process, woken by a
//! file-system notification, as agents run it.
//!
//! Two figures per run: from the start of the `complete` process (which
//! includes that process's own start and its fsyncs), and from its exit
//! (clamped at zero: the waiter may hold B before `complete` has written
//! its log line and exited).

use crate::timing::{Samples, fail, fed_as, fed_bin};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Median target, from the completion's exit to the waiter holding B.
pub const TARGET_MS: f64 = 20.0;

pub struct Wake {
    /// From the start of `fed queue complete A`.
    pub from_start: Samples,
    /// From its exit.
    pub from_exit: Samples,
}

fn ok(dir: &Path, agent: &str, args: &[&str]) -> String {
    let out = fed_as(dir, agent, args)
        .stdout(Stdio::piped())
        .output()
        .expect("spawn fed");
    if !out.status.success() {
        fail(format!(
            "`fed {}` failed during the wake benchmark",
            args.join(" ")
        ));
    }
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// `runs` rounds on a fresh federation at `root`.
pub fn wake(root: &Path, runs: usize) -> Wake {
    std::fs::create_dir_all(root).expect("create the wake fixture");
    let dir = root.join(".federation");
    let init = std::process::Command::new(fed_bin())
        .args(["--dir", &dir.to_string_lossy(), "init"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn fed init");
    if !init.success() {
        fail("fed init failed for the wake benchmark");
    }
    let mut result = Wake {
        from_start: Samples::default(),
        from_exit: Samples::default(),
    };
    for _ in 0..runs {
        let a = ok(&dir, "maker", &["queue", "add", "task A"]);
        let b = ok(&dir, "maker", &["queue", "add", "task B", "--after", &a]);
        if ok(&dir, "holder", &["queue", "claim", &a]) != a {
            fail("the holder did not get task A");
        }
        let mut waiter = fed_as(&dir, "waiter", &["queue", "claim", "--wait", "30s"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn the waiter");
        let stdout = waiter.stdout.take().expect("piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send((Instant::now(), line.trim().to_string()));
        });
        // Let the waiter look, find nothing, and start waiting.
        std::thread::sleep(Duration::from_millis(150));
        let start = Instant::now();
        ok(&dir, "holder", &["queue", "complete", &a]);
        let exited = Instant::now();
        let (held, id) = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| fail("the waiter never woke"));
        let _ = waiter.wait();
        if id != b {
            fail(format!("the waiter claimed {id:?}, not task B {b}"));
        }
        result.from_start.wall.push(held - start);
        result
            .from_exit
            .wall
            .push(held.saturating_duration_since(exited));
        ok(&dir, "waiter", &["queue", "complete", &b]);
    }
    result
}

/// Prints the section of the report; the median from the exit of
/// `complete`, and whether it meets [`TARGET_MS`].
pub fn report(woken: &Wake) -> (f64, bool) {
    println!(
        "## Wake-up: `complete` of A to a `claim --wait` holding B (which depends on A), {} runs\n",
        woken.from_exit.wall.len()
    );
    println!("| measured from | median ms | p90 ms | min ms | target (median) | result |");
    println!("|---|---:|---:|---:|---:|---|");
    let met = woken.from_exit.median() <= TARGET_MS;
    let target = format!("<= {TARGET_MS:.0} ms");
    for (from, s, verdict) in [
        (
            "the exit of `complete`",
            &woken.from_exit,
            if met { "PASS" } else { "MISS" },
        ),
        ("the start of `complete`", &woken.from_start, "-"),
    ] {
        println!(
            "| {from} | {:.2} | {:.2} | {:.2} | {} | {verdict} |",
            s.median(),
            s.p90(),
            s.min(),
            if verdict == "-" { "-" } else { target.as_str() },
        );
    }
    println!();
    (woken.from_exit.median(), met)
}
