//! Several machines sharing one federation through a git remote, driven
//! through the real binary: a bare repository (the hub) in a temporary
//! directory, and one [`Env`] per machine (its own directory and replica).

use super::process::{process, run_bounded};
use super::{Env, code, stderr, stdout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// How long one fed command through the hub may take before the test calls
/// it hung (the machine is shared with other test suites).
pub(crate) const LIMIT: Duration = Duration::from_secs(120);

/// Whether `FED_REMOTE_LONG` asks for the big versions.
pub(crate) fn long() -> bool {
    std::env::var("FED_REMOTE_LONG").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// `small` by default, `big` under `FED_REMOTE_LONG=1`.
pub(crate) fn size(small: usize, big: usize) -> usize {
    if long() { big } else { small }
}

/// Dates `env`'s last sync back past `fed::remote::session::FRESH`, so
/// that its next changing command syncs for itself instead of counting
/// that sync as its own.
pub(crate) fn age_last_sync(env: &Env) {
    date_last_sync(
        env,
        std::time::SystemTime::now() - fed::remote::session::FRESH * 10,
    );
}

/// Dates `env`'s last sync now: its next changing command (within
/// `FRESH`) counts that sync as its own.
pub(crate) fn freshen_last_sync(env: &Env) {
    date_last_sync(env, std::time::SystemTime::now());
}

fn date_last_sync(env: &Env, at: std::time::SystemTime) {
    let path = env.path(".remote/synced-at");
    let file = std::fs::File::options()
        .write(true)
        .open(&path)
        .expect("open .remote/synced-at");
    file.set_modified(at).expect("date .remote/synced-at");
}

/// A bare repository standing for the shared remote, reached through a
/// symbolic link (its URL) that [`Hub::vanish`] removes.
pub(crate) struct Hub {
    tmp: tempfile::TempDir,
}

impl Hub {
    pub(crate) fn new() -> Hub {
        let tmp = tempfile::tempdir().expect("temp dir");
        let hub = Hub { tmp };
        let out = git(
            None,
            &["init", "--quiet", "--bare"],
            Some(&hub.repository()),
        );
        assert!(out.status.success(), "git init --bare: {}", stderr(&out));
        hub.come_back();
        hub
    }

    /// Where the remote is reached (while it has not vanished).
    pub(crate) fn path(&self) -> PathBuf {
        self.tmp.path().join("hub.git")
    }

    /// The repository itself, which never moves.
    fn repository(&self) -> PathBuf {
        self.tmp.path().join("repository.git")
    }

    pub(crate) fn url(&self) -> String {
        self.path().display().to_string()
    }

    /// Takes the remote's path away (the remote becomes unreachable). Git
    /// processes already inside the repository go on to the end, as on a
    /// server whose network went down: moving the repository itself would
    /// not do, git keeps absolute paths to its lock files, and one moved
    /// under a running push would be left behind for good.
    pub(crate) fn vanish(&self) {
        std::fs::remove_file(self.path()).expect("take the hub's path away");
    }

    /// Brings it back.
    pub(crate) fn come_back(&self) {
        std::os::unix::fs::symlink(self.repository(), self.path()).expect("bring the hub back");
    }

    /// Every ref of the hub and the commit it names.
    pub(crate) fn refs(&self) -> BTreeMap<String, String> {
        let out = git(
            Some(&self.path()),
            &["for-each-ref", "--format=%(refname) %(objectname)"],
            None,
        );
        stdout(&out)
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(r, o)| (r.to_string(), o.to_string()))
            .collect()
    }

    /// The content of `spec` (`REV:PATH`) on the hub.
    pub(crate) fn show(&self, spec: &str) -> Option<String> {
        let out = git(Some(&self.path()), &["show", spec], None);
        out.status.success().then(|| stdout(&out))
    }
}

/// `git ARGS` (with `--git-dir` when given; `target` appended).
pub(crate) fn git(
    git_dir: Option<&Path>,
    args: &[&str],
    target: Option<&Path>,
) -> std::process::Output {
    let mut cmd = Command::new("git");
    if let Some(dir) = git_dir {
        cmd.arg("--git-dir").arg(dir);
    }
    cmd.args(args);
    if let Some(t) = target {
        cmd.arg(t);
    }
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs")
}

/// The first machine: a new federation, shared through `hub`.
pub(crate) fn first_machine(hub: &Hub) -> Env {
    let env = Env::new();
    let out = run(&env, None, &["remote", "set", &hub.url()]);
    assert_eq!(code(&out), 0, "remote set: {}", stderr(&out));
    env
}

/// Another machine: `fed clone` of `hub`.
pub(crate) fn clone_machine(hub: &Hub) -> Env {
    let env = Env::empty();
    let out = run(&env, None, &["clone", &hub.url()]);
    assert_eq!(code(&out), 0, "clone: {}", stderr(&out));
    env
}

/// `n` machines sharing `hub` (the first one publishes the federation).
pub(crate) fn machines(hub: &Hub, n: usize) -> Vec<Env> {
    let mut all = vec![first_machine(hub)];
    all.extend((1..n).map(|_| clone_machine(hub)));
    all
}

/// `fed ARGS` on `env` as `agent`, bounded.
pub(crate) fn run(env: &Env, agent: Option<&str>, args: &[&str]) -> std::process::Output {
    run_bounded(process(env, agent, args), LIMIT)
}

/// `fed ARGS` that must succeed; its stdout, trimmed.
#[track_caller]
pub(crate) fn ok(env: &Env, agent: Option<&str>, args: &[&str]) -> String {
    let out = run(env, agent, args);
    assert_eq!(code(&out), 0, "fed {args:?}: {}", stderr(&out));
    stdout(&out).trim().to_string()
}

/// The task and vote files of a machine (relative path, bytes).
pub(crate) fn documents(env: &Env) -> BTreeMap<String, Vec<u8>> {
    let mut docs = BTreeMap::new();
    for folder in [
        "queue/pending",
        "queue/in-progress",
        "queue/blocked",
        "queue/completed",
        "votes/active",
        "votes/resolved",
    ] {
        let Ok(entries) = std::fs::read_dir(env.path(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') {
                let bytes = std::fs::read(entry.path()).unwrap_or_default();
                docs.insert(format!("{folder}/{name}"), bytes);
            }
        }
    }
    docs
}

/// The status of task `id` as a machine's directory has it (`None`: absent).
pub(crate) fn status_of(env: &Env, id: &str) -> Option<String> {
    documents(env).iter().find_map(|(path, bytes)| {
        let name = path.rsplit('/').next()?;
        let stem = name.strip_suffix(".json")?;
        (stem == id || stem.starts_with(&format!("{id}@"))).then(|| {
            let task: serde_json::Value = serde_json::from_slice(bytes).expect("task JSON");
            task["status"].as_str().unwrap_or("?").to_string()
        })
    })
}

/// The status of task `id` on the hub (its live ref, else the archive).
pub(crate) fn hub_status(hub: &Hub, id: &str) -> Option<String> {
    hub_live(hub, id).or_else(|| hub_archived(hub, id))
}

/// The status of task `id` on its live ref on the hub (`None`: no live ref).
pub(crate) fn hub_live(hub: &Hub, id: &str) -> Option<String> {
    let doc = hub.show(&format!("refs/fed/fed/tasks/{id}:{id}.json"))?;
    let task: serde_json::Value = serde_json::from_str(&doc).expect("task JSON");
    Some(task["status"].as_str().unwrap_or("?").to_string())
}

/// The status of task `id` in the archive on the hub's branch (`None`: not
/// archived there).
pub(crate) fn hub_archived(hub: &Hub, id: &str) -> Option<String> {
    let path = fed::remote::layout::archive_path(fed::remote::layout::DocKind::Task, id);
    let doc = hub.show(&format!("refs/heads/fed:{path}"))?;
    let task: serde_json::Value = serde_json::from_str(&doc).expect("task JSON");
    Some(task["status"].as_str().unwrap_or("?").to_string())
}
