//! Marks of a change landing: from before the push of a new document, or
//! of the first change of one that has no live ref (one in the archive),
//! until its settle, `.remote/landing/KIND-ID` exists.
//!
//! A sync installs such a document (an archive entry new to this
//! directory, or a live ref it has not applied) only while it has no
//! applied live ref. A local command making or changing it pushes,
//! publishes here, and only then settles: a sync installing the remote's
//! version in between would, for a new document, publish it first and
//! make the command's own publish fail (the name is taken), and, for an
//! archived one, put the archived version over the newer one, under an
//! applied ref that then says the newer. The mark closes both windows:
//! the sync's executor leaves a marked document for the next sync, by
//! when the command has published and settled.
//!
//! The mark holds an `flock` for as long as its process lives (made under
//! a temporary name, locked, then renamed in, so that a mark in view is
//! locked while its owner lives): a mark left by a killed process is
//! unlocked, and the next look removes it. Where locks are not supported,
//! a mark older than [`STALE`] (far longer than git's time limit on a
//! push) counts as left behind.

use crate::error::{Error, Result};
use crate::remote::layout::DocKind;
use crate::remote::lock::{Held, held, older_than};
use crate::remote::state::Paths;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How old a mark must be to count as left behind where it cannot be
/// locked.
pub const STALE: Duration = Duration::from_secs(300);

/// A mark, locked while it lives, removed when dropped.
#[derive(Debug)]
pub struct Mark {
    path: PathBuf,
    _file: File,
}

impl Drop for Mark {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Marks document `id` as landing (no flush: a power cut stops its
/// process, and a mark only holds a sync back).
pub fn mark(paths: &Paths, kind: DocKind, id: &str) -> Result<Mark> {
    let dir = paths.landing_dir();
    let path = dir.join(kind.label(id));
    let tmp = dir.join(format!(
        ".{}-{}",
        std::process::id(),
        crate::model::id::random_base36(8)
    ));
    let file = match create_locked(&tmp) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, "create", &e))?;
            create_locked(&tmp)
        }
        other => other,
    }
    .map_err(|e| Error::io(&tmp, "create", &e))?;
    if let Err(e) = std::fs::rename(&tmp, &path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(&path, "rename", &e));
    }
    Ok(Mark { path, _file: file })
}

fn create_locked(path: &Path) -> std::io::Result<File> {
    let file = File::create(path)?;
    match file.try_lock() {
        Ok(()) | Err(std::fs::TryLockError::Error(_)) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(std::io::Error::other("locked")),
    }
}

/// Whether a live process is landing a change of document `id`; a mark
/// its process left behind is removed.
pub fn is_marked(paths: &Paths, kind: DocKind, id: &str) -> bool {
    let path = paths.landing_dir().join(kind.label(id));
    let alive = match held(&path) {
        None => return false,
        Some(Held::Yes) => true,
        Some(Held::No) => false,
        Some(Held::Unknown) => !older_than(&path, STALE),
    };
    if !alive {
        let _ = std::fs::remove_file(&path);
    }
    alive
}

/// Removes what killed processes left in `.remote/landing/`: marks no one
/// holds, and temporary files a process was killed making (a minute old
/// and unlocked; a live maker locks its file an instant after making
/// it). After each sync.
pub fn sweep(paths: &Paths) {
    let Ok(entries) = std::fs::read_dir(paths.landing_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if older_than(&path, LEFT) && held(&path) == Some(Held::No) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// How old an unlocked file in `.remote/landing/` must be to be swept.
const LEFT: Duration = Duration::from_secs(60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_lives_as_long_as_its_guard_and_its_process() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path());
        assert!(!is_marked(&paths, DocKind::Task, "t-1"));
        let held = mark(&paths, DocKind::Task, "t-1").unwrap();
        assert!(is_marked(&paths, DocKind::Task, "t-1"));
        assert!(!is_marked(&paths, DocKind::Vote, "t-1"));
        drop(held);
        assert!(!is_marked(&paths, DocKind::Task, "t-1"));
        // One left by a killed process is unlocked: no one's.
        std::fs::write(paths.landing_dir().join("task-t-2"), b"").unwrap();
        assert!(!is_marked(&paths, DocKind::Task, "t-2"));
        assert!(!paths.landing_dir().join("task-t-2").exists());
        // Nothing but marks is left in the folder.
        let left = std::fs::read_dir(paths.landing_dir()).unwrap().count();
        assert_eq!(left, 0);
    }

    #[test]
    fn a_sweep_removes_only_what_killed_processes_left() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path());
        let live = mark(&paths, DocKind::Task, "t-1").unwrap();
        let aged = |name: &str| {
            let path = paths.landing_dir().join(name);
            let file = File::create(&path).unwrap();
            file.set_modified(std::time::SystemTime::now() - LEFT * 2)
                .unwrap();
            path
        };
        let stray = aged(".123-abcdefgh");
        let dead = aged("task-t-2");
        let young = paths.landing_dir().join(".124-abcdefgh");
        File::create(&young).unwrap();
        // A live mark, however old, stays.
        let held = paths.landing_dir().join("task-t-1");
        File::options()
            .write(true)
            .open(&held)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - LEFT * 2)
            .unwrap();
        sweep(&paths);
        assert!(!stray.exists() && !dead.exists());
        assert!(young.exists(), "being made an instant ago");
        assert!(held.exists());
        assert!(is_marked(&paths, DocKind::Task, "t-1"));
        drop(live);
    }
}
