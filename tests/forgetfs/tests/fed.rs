//! The real `fed` binary runs on forgetfs: init, add, claim, complete and
//! check all exit 0. This proves that forgetfs supports what fed uses
//! (flock, renameat2 with RENAME_NOREPLACE and RENAME_EXCHANGE, the
//! O_TMPFILE fallback, O_APPEND, fsync of files and folders). It does not
//! test that fed's changes survive a cut (under `strict` they do not yet);
//! it prints what does. Concurrent claims show that flock and the
//! renameat2 flags keep their exclusivity on forgetfs.

mod common;

use common::{Fixture, mount};
use forgetfs::Model;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The fed binary: $FED_BIN, else target/debug/fed, built by
/// `cargo build -p fed` first (a no-op when it is up to date), once.
fn fed_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(build_fed)
}

fn build_fed() -> PathBuf {
    if let Some(bin) = std::env::var_os("FED_BIN") {
        return PathBuf::from(bin);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", "fed", "--bin", "fed"])
        .current_dir(&root)
        .status()
        .expect("running cargo build -p fed");
    assert!(status.success(), "cargo build -p fed failed");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or(root.join("target"), PathBuf::from);
    target.join("debug/fed")
}

fn run(bin: &Path, fx: &Fixture, agent: &str, args: &[&str]) -> Output {
    Command::new(bin)
        .arg("--dir")
        .arg(fx.path(".federation"))
        .args(args)
        .env("FED_AGENT", agent)
        .env("NO_COLOR", "1")
        .output()
        .expect("running fed")
}

/// Runs fed as agent `forgetfs-test`, asserts exit 0, returns stdout.
fn fed(bin: &Path, fx: &Fixture, args: &[&str]) -> String {
    let output = run(bin, fx, "forgetfs-test", args);
    assert!(
        output.status.success(),
        "fed {args:?} exited {:?}\nstdout: {}\nstderr: {}\nlog: {:#?}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        fx.mount
            .log()
            .iter()
            .filter(|r| r.errno != 0)
            .collect::<Vec<_>>()
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Every path under `dir`, relative to it, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            out.push(path.strip_prefix(dir).unwrap().display().to_string());
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                todo.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fed_runs_a_task_through_its_life_on_forgetfs() {
    for model in Model::ALL {
        let Some(fx) = mount(model) else {
            return;
        };
        let bin = fed_bin();
        fed(bin, &fx, &["init"]);
        let id = fed(bin, &fx, &["queue", "add", "Survive a power cut"]);
        assert_eq!(fed(bin, &fx, &["queue", "claim"]), id);
        fed(bin, &fx, &["queue", "complete", &id, "--summary", "done"]);
        fed(bin, &fx, &["check"]);
        let done = format!(".federation/queue/completed/{id}.json");
        assert!(fx.path(&done).is_file());
        let log = fx.mount.log();
        for op in ["rename-noreplace", "rename-exchange", "fsync", "fsyncdir"] {
            let used = log.iter().any(|r| r.op == op && r.errno == 0);
            assert!(used, "fed made no successful {op} under {model}");
        }
        let ops = fx.mount.ops_count();
        fx.mount.cut();
        let left = tree(fx.root());
        eprintln!(
            "{model}: fed made {ops} mutating requests; after the cut {} paths remain, \
             the completed task {}",
            left.len(),
            if left.contains(&done) {
                "among them"
            } else {
                "lost"
            }
        );
    }
}

#[test]
fn concurrent_fed_claims_take_every_task_once_on_forgetfs() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    let bin = fed_bin();
    fed(bin, &fx, &["init"]);
    let ids: HashSet<String> = (0..12)
        .map(|i| fed(bin, &fx, &["queue", "add", &format!("task {i}")]))
        .collect();
    let claimed: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|w| {
                let fx = &fx;
                scope.spawn(move || {
                    let agent = format!("worker-{w}");
                    let mut got = Vec::new();
                    for _ in 0..4 {
                        let out = run(bin, fx, &agent, &["queue", "claim"]);
                        match out.status.code() {
                            Some(0) => got.push(String::from_utf8_lossy(&out.stdout).trim().into()),
                            Some(3) => {}
                            code => panic!("claim exited {code:?}: {out:?}"),
                        }
                    }
                    got
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert_eq!(claimed.len(), ids.len(), "{claimed:?}");
    assert_eq!(claimed.into_iter().collect::<HashSet<_>>(), ids);
    fed(bin, &fx, &["check"]);
}
