//! Mounting for the tests, and the system calls they make.
//!
//! Every test mounts a real forgetfs, which needs root and /dev/fuse. Where
//! they are missing the tests fail with a message saying so, unless
//! FORGETFS_SKIP=1, which makes them pass without running.

#![allow(dead_code)]

use forgetfs::{ForgetFs, Model, Mount, Options};
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A mount on a fresh temporary directory; unmounted before the directory
/// is removed (fields drop in order).
pub struct Fixture {
    pub mount: Mount,
    dir: TempDir,
}

impl Fixture {
    /// `name` inside the mount.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// Why forgetfs cannot be mounted here, if it cannot.
fn missing() -> Option<String> {
    if !Path::new("/dev/fuse").exists() {
        return Some("/dev/fuse is missing (no fuse kernel module)".to_string());
    }
    if !nix::unistd::geteuid().is_root() {
        return Some("not running as root (forgetfs calls mount(2) itself)".to_string());
    }
    None
}

fn skipping(why: &str) -> bool {
    if std::env::var_os("FORGETFS_SKIP").is_some_and(|v| v == "1") {
        eprintln!("forgetfs test skipped (FORGETFS_SKIP=1): {why}");
        return true;
    }
    panic!(
        "forgetfs tests mount a real FUSE filesystem and cannot here: {why}. \
         Run them as root on a machine with /dev/fuse, or set FORGETFS_SKIP=1 to skip them."
    );
}

/// Mounts forgetfs with `model` (and the op log), or `None` when the
/// machine cannot and FORGETFS_SKIP=1.
pub fn mount(model: Model) -> Option<Fixture> {
    if let Some(why) = missing() {
        skipping(&why);
        return None;
    }
    let dir = tempfile::Builder::new()
        .prefix("forgetfs-test-")
        .tempdir()
        .expect("a temporary directory");
    let options = Options { model, log: true };
    match ForgetFs::mount_with(dir.path(), options) {
        Ok(mount) => Some(Fixture { mount, dir }),
        Err(e) => {
            skipping(&format!("mount failed: {e}"));
            None
        }
    }
}

/// Creates `path` with `bytes`, without any fsync.
pub fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Creates (or truncates) `path`, writes `bytes` and fsyncs the file.
pub fn write_synced(path: &Path, bytes: &[u8]) {
    let mut file = File::create(path).unwrap();
    file.write_all(bytes).unwrap();
    file.sync_all().unwrap();
}

pub fn fsync(path: &Path) {
    File::open(path).unwrap().sync_all().unwrap();
}

/// Opens a directory and fsyncs it.
pub fn fsync_dir(path: &Path) {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY)
        .open(path)
        .unwrap()
        .sync_all()
        .unwrap();
}

pub fn read(path: &Path) -> Option<Vec<u8>> {
    match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => panic!("read {}: {e}", path.display()),
    }
}

/// The names in a directory, sorted.
pub fn names(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

pub fn renameat2(from: &Path, to: &Path, flags: nix::fcntl::RenameFlags) -> io::Result<()> {
    use nix::fcntl::AT_FDCWD;
    nix::fcntl::renameat2(AT_FDCWD, from, AT_FDCWD, to, flags).map_err(io::Error::from)
}
