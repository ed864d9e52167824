//! Power cuts: a federation on forgetfs (tests/forgetfs), the FUSE
//! filesystem that keeps what was not fsynced in memory and forgets it at a
//! cut, and the helpers the power-cut suite (`powercut.rs`) needs around it.
//!
//! forgetfs mounts with mount(2) itself: it needs root and /dev/fuse. Where
//! either is missing the suite fails, saying so, unless `FED_SKIP_POWERCUT=1`
//! says that skipping is intended (then each test prints that it skipped).

use super::process::process_at;
use super::{Env, NOW};
use forgetfs::{ForgetFs, Model, Mount, Options};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether the long version is asked for (`FED_POWER=1`, or `FED_STRESS=1`
/// which asks every suite for its big version).
pub(crate) fn long() -> bool {
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0");
    set("FED_POWER") || set("FED_STRESS")
}

/// `small` by default, `big` in the long version.
pub(crate) fn sized(small: usize, big: usize) -> usize {
    if long() { big } else { small }
}

/// Why forgetfs cannot be mounted here, if it cannot.
fn missing() -> Option<String> {
    if !Path::new("/dev/fuse").exists() {
        return Some("/dev/fuse is missing (no fuse kernel module)".to_string());
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some("not running as root (forgetfs calls mount(2) itself)".to_string());
    }
    None
}

/// Whether the power-cut test `test` can run. Panics, saying why, where
/// forgetfs cannot be mounted, unless `FED_SKIP_POWERCUT=1`: then it prints
/// that the test was skipped and returns false.
pub(crate) fn available(test: &str) -> bool {
    let Some(why) = missing() else {
        return true;
    };
    if std::env::var_os("FED_SKIP_POWERCUT").is_some_and(|v| v == "1") {
        eprintln!("powercut: {test}: skipped (FED_SKIP_POWERCUT=1): {why}");
        return false;
    }
    panic!(
        "the power-cut tests mount forgetfs, a FUSE filesystem, and cannot here: {why}. \
         Run them as root on a machine with /dev/fuse, or set FED_SKIP_POWERCUT=1 to skip them \
         on purpose."
    );
}

/// A federation directory on a fresh forgetfs: the mount is the `Env`'s
/// temporary directory, so `env.dir()` is `MOUNT/.federation`. The mount
/// goes first on drop (fields drop in order), then the directory.
pub(crate) struct PowerEnv {
    pub mount: Mount,
    pub env: Env,
}

impl PowerEnv {
    /// An empty forgetfs with `model` (no federation yet), logging its
    /// requests (`mount.log()`).
    pub(crate) fn new(model: Model) -> PowerEnv {
        let env = Env {
            tmp: tempfile::Builder::new()
                .prefix("fed-powercut-")
                .tempdir()
                .expect("a temporary directory"),
            now: NOW.to_string(),
        };
        let options = Options { model, log: true };
        let mount = ForgetFs::mount_with(env.root(), options)
            .unwrap_or_else(|e| panic!("mounting forgetfs on {}: {e}", env.root().display()));
        PowerEnv { mount, env }
    }

    /// An empty forgetfs with a copy of the federation `template` in it,
    /// every file and folder of it synced (the copy is durable).
    pub(crate) fn with_copy(model: Model, template: &Path) -> PowerEnv {
        let pe = PowerEnv::new(model);
        copy_tree(template, &pe.env.dir());
        sync_tree(pe.env.root());
        pe
    }

    pub(crate) fn root(&self) -> &Path {
        self.env.root()
    }

    /// `fed ARGS` on this federation (`FED_DIR`), with the clock at `now`
    /// and the clean environment of every test.
    pub(crate) fn cmd(&self, agent: Option<&str>, now: &str, args: &[&str]) -> Command {
        let mut cmd = process_at(&self.env, agent, now, args);
        cmd.env("FED_DIR", self.env.dir());
        cmd
    }
}

/// Copies a directory tree (files by content; `.cache/` left empty: its
/// entries name inodes of the source).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let dest = to.join(entry.file_name());
        let ft = entry.file_type().expect("file type");
        if ft.is_dir() {
            if entry.file_name() == ".cache" {
                std::fs::create_dir_all(&dest).expect("create dir");
            } else {
                copy_tree(&entry.path(), &dest);
            }
        } else if ft.is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            std::fs::write(&dest, bytes).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
        }
    }
}

/// fsyncs every file and every folder under `root`, `root` included: what
/// is there now survives the next cut.
pub(crate) fn sync_tree(root: &Path) {
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let ft = entry.file_type().expect("file type");
            if ft.is_dir() {
                todo.push(entry.path());
            } else if ft.is_file() {
                sync_path(&entry.path());
            }
        }
        sync_path(&dir);
    }
}

fn sync_path(path: &Path) {
    File::open(path)
        .and_then(|f| f.sync_all())
        .unwrap_or_else(|e| panic!("fsync {}: {e}", path.display()));
}

/// Every path under `root` (relative, sorted) with the bytes of the files
/// (`None` for a folder or anything else).
pub(crate) fn tree(root: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut todo: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let rel = path
                .strip_prefix(root)
                .expect("below root")
                .display()
                .to_string();
            let ft = e.file_type().expect("file type");
            if ft.is_dir() {
                todo.push(path);
                out.push((rel, None));
            } else if ft.is_file() {
                out.push((rel, Some(std::fs::read(&path).unwrap_or_default())));
            } else {
                out.push((rel, None));
            }
        }
    }
    out.sort();
    out
}

/// The state letter of process `pid` in /proc (`R`, `S`, `D`, `T`, `Z`...),
/// or `None` when it is gone.
pub(crate) fn proc_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    after.trim_start().chars().next()
}
