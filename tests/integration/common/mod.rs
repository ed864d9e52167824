//! The test harness: a temporary federation, a clean environment, a fixed
//! clock and terminal width, and helpers that run the real binary.

#![allow(dead_code)]

pub mod inflight;
pub mod invariants;
pub mod jepsen;
pub mod ledger;
pub mod machines;
pub mod powercut;
pub mod process;
pub mod rng;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The default clock of every test (tests move it with `at`).
pub const NOW: &str = "2026-11-21T09:00:00Z";

pub fn fed_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin!("fed").to_path_buf()
}

/// A temporary directory holding `.federation/`, removed on drop.
pub struct Env {
    pub tmp: tempfile::TempDir,
    pub now: String,
}

impl Env {
    /// A fresh, initialised federation.
    pub fn new() -> Env {
        let env = Env::empty();
        env.fed(&["init"]).assert().success();
        env
    }

    /// A temporary directory without a federation.
    pub fn empty() -> Env {
        Env {
            tmp: tempfile::tempdir().expect("temp dir"),
            now: NOW.to_string(),
        }
    }

    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    pub fn dir(&self) -> PathBuf {
        self.root().join(".federation")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir().join(rel)
    }

    /// `fed ARGS` in the temp dir with a clean environment.
    pub fn fed(&self, args: &[&str]) -> Command {
        Command::from_std(self.clean(&self.now, args))
    }

    /// `fed ARGS` with the clock at `now`, in the temp dir, with nothing of
    /// the caller's environment but `PATH`: the one place tests build a
    /// command (see [`process`] for spawning it).
    pub fn clean(&self, now: &str, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(fed_bin());
        cmd.current_dir(self.root())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("FED_NOW", now)
            .env("COLUMNS", "200")
            .env("NO_COLOR", "1")
            .args(args);
        // The suites run again with the fallbacks of filesystems without
        // renameat2 flags forced (see .ci/run).
        if let Some(forced) = std::env::var_os("FED_FORCE_FALLBACKS") {
            cmd.env("FED_FORCE_FALLBACKS", forced);
        }
        cmd
    }

    /// `fed --agent AGENT ARGS`.
    pub fn as_agent(&self, agent: &str, args: &[&str]) -> Command {
        let mut cmd = self.fed(args);
        cmd.env("FED_AGENT", agent);
        cmd
    }

    /// Runs and returns the output, whatever the exit code.
    pub fn run(&self, agent: Option<&str>, args: &[&str]) -> Output {
        let mut cmd = match agent {
            Some(a) => self.as_agent(a, args),
            None => self.fed(args),
        };
        cmd.output().expect("fed runs")
    }

    /// Adds a task and returns its id.
    pub fn add(&self, args: &[&str]) -> String {
        let mut all = vec!["queue", "add"];
        all.extend_from_slice(args);
        let out = self.fed(&all).output().expect("fed runs");
        assert!(out.status.success(), "add failed: {}", stderr(&out));
        stdout(&out).trim().to_string()
    }

    /// Claims as `agent`; returns the claimed id.
    pub fn claim(&self, agent: &str) -> String {
        let out = self
            .as_agent(agent, &["queue", "claim"])
            .output()
            .expect("fed runs");
        assert!(out.status.success(), "claim failed: {}", stderr(&out));
        stdout(&out).trim().to_string()
    }

    /// Writes config.yaml.
    pub fn config(&self, text: &str) {
        std::fs::write(self.path("config.yaml"), text).expect("write config");
    }

    /// Writes a pending task document straight into `pending/` (much
    /// faster than `queue add` for fixtures of hundreds of tasks).
    pub fn write_pending(&self, id: &str, title: &str, dependencies: &[String]) {
        let doc = serde_json::json!({
            "task_id": id,
            "title": title,
            "description": "d",
            "status": "pending",
            "dependencies": dependencies,
            "created_at": "2026-11-21T08:00:00Z",
            "updated_at": "2026-11-21T08:00:00Z",
        });
        let path = self.path(&format!("queue/pending/{id}.json"));
        std::fs::write(path, doc.to_string()).expect("write a pending task");
    }

    /// `fed --json ARGS` parsed.
    pub fn json(&self, agent: Option<&str>, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(agent, &all);
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("stdout of {args:?} is not JSON ({e}): {}", stdout(&out)))
    }

    /// The names in a queue folder (hidden files left out), sorted.
    pub fn names(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path(&format!("queue/{folder}")))
            .expect("read folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    }

    /// Every file under the federation with its bytes, for "nothing
    /// changed" assertions (fed's scratch folders .txn, .tmp, .cache and the log left out).
    pub fn snapshot_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        let mut todo = vec![self.dir()];
        while let Some(dir) = todo.pop() {
            for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if name == ".txn" || name == ".tmp" || name == ".cache" || name == "log.jsonl" {
                    continue;
                }
                let ft = entry.file_type().expect("file type");
                if ft.is_dir() {
                    todo.push(path);
                } else if ft.is_file() {
                    let bytes = std::fs::read(&path).unwrap_or_default();
                    files.push((path, bytes));
                } else {
                    files.push((path, b"<special>".to_vec()));
                }
            }
        }
        files.sort();
        files
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// Makes a FIFO at `path` (a file that hangs any reader without a writer).
pub fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}
