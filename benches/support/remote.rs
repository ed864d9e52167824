//! The git-remote section of the benchmark: the same commands through a
//! remote (a bare repository on the same disk), and 16 workers on 4
//! replicas draining 2,000 tasks; the commands as the pushes left the
//! remote, after `git gc` there, and on the remote kept as
//! docs/machines.md advises (its refs in a reftable, its commit-graph kept
//! current); the drain as the publish left the remote and on one kept so.
//! Part of `cargo bench --bench queue`;
//! `FED_BENCH_REMOTE=0` skips it (it takes minutes),
//! `FED_BENCH_REMOTE_RUNS` sets its runs per command (default 20) and
//! `FED_BENCH_DRAIN_TASKS` the tasks of the drain (default 2,000).

mod drain;

use crate::fixture::{Shape, build};
use crate::timing::{Run, Samples, expect_ok, fail, fed, fed_bin, run};
use drain::{Drain, drain};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// What the section measured, for the report.
pub struct Report {
    /// The tasks of the latency federation.
    pub tasks: usize,
    /// The latency rounds: as the pushes left the remote, after a `git gc`
    /// there, and on the remote kept (when this git can keep it so).
    pub tables: Vec<(&'static str, Vec<(&'static str, Samples)>)>,
    pub setup: Vec<(String, Duration)>,
    pub live_refs: usize,
    /// The drain on a remote as the publish left it, then on one kept.
    pub drains: Vec<(&'static str, Drain)>,
}

/// A bare repository at `path`, as `git init --bare` makes it; kept as
/// docs/machines.md advises when `kept` (git 2.45 and later: older git
/// knows no `--ref-format`).
fn git_init_bare(path: &Path, kept: bool) {
    let mut args = vec!["init", "--quiet", "--bare"];
    if kept {
        args.push("--ref-format=reftable");
    }
    let ok = Command::new("git")
        .args(args)
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        fail(format!("git init --bare {}", path.display()));
    }
    if kept {
        keep_commit_graph(path);
    }
}

/// Whether this git keeps refs in a reftable (2.45 and later): the kept
/// remote needs it.
fn has_reftable() -> bool {
    let probe = std::env::temp_dir().join(format!("fed-bench-reftable-{}", std::process::id()));
    let ok = Command::new("git")
        .args(["init", "--quiet", "--bare", "--ref-format=reftable"])
        .arg(&probe)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let _ = std::fs::remove_dir_all(&probe);
    ok
}

/// The remote's own upkeep after each push (`maintenance run --auto`,
/// which receive-pack runs) also writes the commits that arrived into its
/// commit-graph, once a hundred of them are missing there; in the
/// foreground, since a detached upkeep of git 2.47 to 2.54 does not keep
/// its lock, and two of them writing the graph at once can crash and
/// leave the graph locked (docs/machines.md, "A remote you run").
fn keep_commit_graph(hub: &Path) {
    git_in(hub, &["config", "maintenance.commit-graph.enabled", "true"]);
    git_in(hub, &["config", "maintenance.autoDetach", "false"]);
}

/// Runs git in the bare repository `hub`; the benchmark stops if it fails.
fn git_in(hub: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("--git-dir")
        .arg(hub)
        .args(args)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        fail(format!("git {} in {}", args.join(" "), hub.display()));
    }
}

fn timed(what: &str, cmd: Command) -> Duration {
    let r = run(cmd, false);
    expect_ok(what, r.code);
    r.wall
}

/// A federation directory `root/.federation` made by `fed clone URL`.
fn clone_into(root: &Path, url: &str) -> (PathBuf, Duration) {
    std::fs::create_dir_all(root).expect("create a machine directory");
    let dir = root.join(".federation");
    let mut cmd = Command::new(fed_bin());
    cmd.args(["clone", url])
        .arg(&dir)
        .env_remove("FED_NOW")
        .env_remove("FED_DIR")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    (dir, timed("clone", cmd))
}

/// The section; `short` (the CI smoke) uses a federation of 300 tasks and
/// a drain of 40 by 4 workers on 2 replicas.
pub fn run_section(tmp: &Path, runs: usize, warmup: usize, short: bool) -> Report {
    let (finished, pending) = if short { (200, 100) } else { (9_000, 1_000) };
    let (replicas, workers, drained) = if short { (2, 4, 40) } else { (4, 16, 2_000) };
    let drained = crate::timing::env_usize("FED_BENCH_DRAIN_TASKS", drained).max(1);
    let mut setup = Vec::new();
    let hub = tmp.join("remote/hub.git");
    git_init_bare(&hub, false);
    let url = hub.display().to_string();
    let t = Instant::now();
    let a = build_fixture(&tmp.join("remote/a"), finished, pending, true);
    let total = finished + pending;
    setup.push((
        format!("build a local federation of {total} tasks"),
        t.elapsed(),
    ));
    let wall = timed("remote set", fed(&a, &["remote", "set", &url]));
    setup.push((
        format!(
            "`fed remote set` ({finished} finished and {pending} pending, all into the archive)"
        ),
        wall,
    ));
    let (b, wall) = clone_into(&tmp.join("remote/b"), &url);
    setup.push((
        format!("`fed clone` of it (first sync of {total} tasks)"),
        wall,
    ));
    std::thread::sleep(Duration::from_millis(2_500));
    let mut tables = vec![(
        "the remote as the pushes left it: every ref a loose file",
        rounds(&a, &b, runs, warmup, "fresh"),
    )];
    // What the remote's own upkeep does once enough pushes arrived
    // (`maintenance --auto` after a push runs `gc --auto`): refs packed,
    // a commit-graph written. A push reads every ref and walks every tip.
    git_gc(&hub);
    tables.push((
        "after `git gc` on the remote: refs packed, a commit-graph",
        rounds(&a, &b, runs, warmup, "gc"),
    ));
    let kept = has_reftable();
    if kept {
        // The same remote kept: its refs moved into a reftable, where a
        // push reads them from a few sorted files, and its commit-graph
        // written again as commits arrive.
        git_in(&hub, &["refs", "migrate", "--ref-format=reftable"]);
        keep_commit_graph(&hub);
        tables.push((KEPT, rounds(&a, &b, runs, warmup, "kept")));
    } else {
        eprintln!("this git keeps no refs in a reftable (2.45 or later does): no kept remote");
    }
    let live_refs = count_refs(&hub);
    let mut states = vec![("as the publish left it", "drain", (false, false))];
    if kept {
        states.push((KEPT, "drain-kept", (true, false)));
        states.push((KEPT_ADDED, "drain-added", (true, true)));
    }
    let drains = (states.into_iter())
        .map(|(state, name, how)| {
            let shape = (replicas, workers, drained);
            (state, drain(tmp, name, shape, how, &mut setup))
        })
        .collect();
    Report {
        tasks: total,
        tables,
        setup,
        live_refs,
        drains,
    }
}

/// The remote kept as docs/machines.md advises.
const KEPT: &str =
    "kept: refs in a reftable, commit-graph written by an upkeep in the foreground (`git gc` once)";

/// The kept remote, with tasks added through it one at a time.
const KEPT_ADDED: &str =
    "kept, the tasks added through the remote one `queue add` at a time (16 at once)";

/// `git gc` in the bare repository `hub`: refs packed, a commit-graph.
fn git_gc(hub: &Path) {
    git_in(hub, &["gc", "--quiet"]);
}

/// `runs` rounds (after `warmup`) of the commands on machine `a` and the
/// reading ones on its clone `b`, each timed.
fn rounds(
    a: &Path,
    b: &Path,
    runs: usize,
    warmup: usize,
    tag: &str,
) -> Vec<(&'static str, Samples)> {
    let names = [
        "queue add",
        "queue claim",
        "queue complete",
        "sync (nothing new)",
        "sync (another machine's claim and complete)",
        "queue list --ready (replica)",
        "status (replica)",
    ];
    let mut samples: Vec<Samples> = names.iter().map(|_| Samples::default()).collect();
    for round in 0..warmup + runs {
        let keep = round >= warmup;
        let mut rec = |i: usize, r: Run, what: &str| {
            expect_ok(what, r.code);
            if keep {
                samples[i].push(&r);
            }
        };
        let desc = format!("remote benchmark task {tag} {round}");
        rec(0, run(fed(a, &["queue", "add", &desc]), true), "queue add");
        let (c, d) = claim_complete(a);
        rec(1, c, "queue claim");
        rec(2, d, "queue complete");
        rec(3, run(fed(a, &["sync"]), false), "sync");
        rec(4, run(fed(b, &["sync"]), false), "sync");
        rec(5, run(fed(b, &["queue", "list", "--ready"]), true), "list");
        rec(6, run(fed(b, &["status"]), true), "status");
    }
    names.into_iter().zip(samples).collect()
}

fn count_refs(hub: &Path) -> usize {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(hub)
        .args(["for-each-ref", "--format=%(refname)", "refs/fed/"])
        .output()
        .expect("git for-each-ref");
    String::from_utf8_lossy(&out.stdout).lines().count()
}

/// Prints the section's tables; whether the drain was verified.
pub fn print(report: &Report) -> bool {
    println!("## Through a git remote (a bare repository on the same disk)\n");
    println!("| setup | wall s |\n|---|---:|");
    for (what, wall) in &report.setup {
        println!("| {what} | {:.1} |", wall.as_secs_f64());
    }
    for (state, rows) in &report.tables {
        println!(
            "\nLatency on a federation of {} tasks (most finished, in the archive; {} live refs at the end), {state}:\n",
            report.tasks, report.live_refs
        );
        println!(
            "| command | median ms | p90 ms | min ms | CPU ms (median, git included) | target | result |"
        );
        println!("|---|---:|---:|---:|---:|---:|---|");
        for (name, s) in rows {
            let changing = matches!(*name, "queue add" | "queue claim" | "queue complete");
            let (target, verdict) = match changing {
                true if s.median() <= 50.0 => ("<= 50 ms", "PASS"),
                true => ("<= 50 ms", "MISS"),
                false => ("-", "-"),
            };
            println!(
                "| `{name}` | {:.1} | {:.1} | {:.1} | {:.1} | {target} | {verdict} |",
                s.median(),
                s.p90(),
                s.min(),
                s.cpu_median()
            );
        }
    }
    let mut ok = true;
    for (state, d) in &report.drains {
        ok &= drain::print(state, d);
    }
    ok
}

/// A fixture of `completed` finished and `pending` pending tasks.
fn build_fixture(root: &Path, completed: usize, pending: usize, varied: bool) -> PathBuf {
    build(
        root,
        Shape {
            completed,
            pending,
            varied,
        },
    )
}

/// One claim and its completion, timed each.
fn claim_complete(dir: &Path) -> (Run, Run) {
    let claim = run(fed(dir, &["queue", "claim"]), true);
    expect_ok("queue claim", claim.code);
    let id = claim.stdout.clone();
    if id.is_empty() {
        fail("`fed queue claim` printed no task id");
    }
    let complete = run(
        fed(dir, &["queue", "complete", &id, "--summary", "bench"]),
        false,
    );
    expect_ok(&format!("queue complete {id}"), complete.code);
    (claim, complete)
}
