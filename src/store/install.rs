//! Applying a version of a document that arrived from elsewhere (a sync
//! with a remote), with the discipline of a local change: take the
//! document's current file into `.txn/` (so that no local command changes
//! it meanwhile), check that what the directory reflects is still what the
//! sync was planned against, swap the new content in, publish it where it
//! belongs (no clobber), fsync as a change does. No commit hook runs: the
//! content comes from the remote.
//!
//! A document a local process has in `.txn/` right now is left alone (the
//! next sync looks again), and so is one whose destination name another
//! file holds. A process killed half way leaves the document in `.txn/`,
//! old or new, whole; recovery puts it back where its content says.

use super::locate::{Place, place};
use super::scan::in_flight_ids;
use super::{MoveError, Store, fsx, sync_parent};
use crate::error::{Error, Result};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// What [`Store::install`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Installed {
    /// The new version is in place.
    Placed,
    /// The directory held this very version already: nothing written.
    Kept,
    /// A local process is changing the document right now (it is in
    /// `.txn/`, or moved while we looked): left for the next sync.
    Busy,
    /// The guard said no (the directory moved on since the plan).
    Stale,
    /// Another file holds the destination name: nothing changed.
    Occupied,
}

/// A document version to install: `kind` is "task" or "vote".
#[derive(Debug, Clone, Copy)]
pub struct Arrival<'a> {
    pub kind: &'static str,
    pub id: &'a str,
    /// Where the content says it belongs (inside the federation).
    pub dest: &'a Path,
    pub bytes: &'a [u8],
}

impl Store {
    /// Installs `doc` if `guard` (run while the document is held) agrees;
    /// a document whose file holds these very bytes is kept as it is.
    pub fn install(&self, doc: Arrival, guard: &dyn Fn() -> Result<bool>) -> Result<Installed> {
        match self.current_file(doc.kind, doc.id)? {
            Current::Busy => Ok(Installed::Busy),
            Current::None => self.install_new(doc, guard),
            Current::At(src) => self.install_over(doc, &src, guard),
        }
    }

    /// Where the document's file is now.
    fn current_file(&self, kind: &str, id: &str) -> Result<Current> {
        if kind == "vote" {
            for active in [false, true] {
                let path = self.vote_path(active, id);
                if std::fs::symlink_metadata(&path).is_ok() {
                    return Ok(Current::At(path));
                }
            }
            let busy = in_flight_ids(self, "yaml").iter().any(|f| f == id);
            return Ok(if busy { Current::Busy } else { Current::None });
        }
        Ok(match place(self, id)? {
            Some(Place::Folder { path, .. }) => Current::At(path),
            Some(Place::InFlight) => Current::Busy,
            None => Current::None,
        })
    }

    fn install_new(&self, doc: Arrival, guard: &dyn Fn() -> Result<bool>) -> Result<Installed> {
        if !guard()? {
            return Ok(Installed::Stale);
        }
        let tmp = self.write_tmp(doc.bytes)?;
        let published = self.stamped(&tmp, doc.dest, || fsx::rename_noreplace(&tmp, doc.dest));
        if published.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        match published {
            Ok(()) => {
                sync_parent(doc.dest)?;
                note(doc.kind, doc.bytes, |task| self.note_added(doc.dest, task));
                Ok(Installed::Placed)
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(Installed::Occupied),
            Err(e) => Err(Error::io(doc.dest, "create", &e)),
        }
    }

    fn install_over(
        &self,
        doc: Arrival,
        src: &Path,
        guard: &dyn Fn() -> Result<bool>,
    ) -> Result<Installed> {
        // This very version is here (a document added here, seen on the
        // branch): nothing to write, so nothing to take.
        if std::fs::read(src).is_ok_and(|here| here == doc.bytes) {
            return Ok(Installed::Kept);
        }
        let ext = if doc.kind == "vote" { "yaml" } else { "json" };
        let Some(txn) = self.take_name(src, doc.id, ext)? else {
            return Ok(Installed::Busy);
        };
        if let Err(e) = self.settle_takes(&[(src, doc.id, ext)]) {
            self.undo_take(src, doc.id, ext, &txn);
            return Err(e);
        }
        let mut held = Held {
            store: self,
            txn,
            src: src.to_path_buf(),
            swapped: std::cell::Cell::new(false),
            task: None,
        };
        let limit = super::layout::MAX_TASK_BYTES;
        let original = fsx::read_bounded(&held.txn, limit)
            .map_err(|e| Error::invalid(format!("{}: {}", src.display(), e.describe(limit))))?;
        // The listing caches follow, as for a local change: the document
        // left its folder; it is noted back wherever it is put back.
        if doc.kind == "task" {
            held.task = crate::model::Task::from_json(&original).ok();
        }
        if let Some(task) = &held.task {
            self.note_removed(src, task);
        }
        let go = guard()?;
        if !go || original == doc.bytes {
            held.put_back()?;
            return Ok(if go {
                Installed::Kept
            } else {
                Installed::Stale
            });
        }
        held.swap_in(doc.bytes)?;
        match self.move_file(&held.txn, doc.dest) {
            Ok(()) => {
                std::mem::forget(held);
                note(doc.kind, doc.bytes, |task| self.note_added(doc.dest, task));
                Ok(Installed::Placed)
            }
            Err(MoveError::NotDurable(e)) => {
                self.drop_name(&held.txn);
                std::mem::forget(held);
                Err(e)
            }
            Err(MoveError::NotMoved(e)) if e.kind() == ErrorKind::AlreadyExists => {
                held.swap_in(&original)?;
                held.put_back()?;
                Ok(Installed::Occupied)
            }
            Err(MoveError::NotMoved(e)) => {
                held.swap_in(&original)?;
                held.put_back()?;
                Err(Error::io(doc.dest, "publish", &e))
            }
        }
    }
}

/// Runs `f` on the task `bytes` hold, for a task document that parses.
fn note(kind: &str, bytes: &[u8], f: impl FnOnce(&crate::model::Task)) {
    if kind == "task"
        && let Ok(task) = crate::model::Task::from_json(bytes)
    {
        f(&task);
    }
}

enum Current {
    None,
    Busy,
    At(PathBuf),
}

/// A document taken for an install. Dropped on an error before its swap,
/// it goes back where it was; after, it stays in `.txn/` for recovery,
/// which puts it where its content says.
struct Held<'s> {
    store: &'s Store,
    txn: PathBuf,
    src: PathBuf,
    swapped: std::cell::Cell<bool>,
    /// The original task, for the listing caches when it goes back.
    task: Option<crate::model::Task>,
}

impl Held<'_> {
    fn swap_in(&self, bytes: &[u8]) -> Result<()> {
        let tmp = self.store.write_tmp(bytes)?;
        let swapped = fsx::exchange(&tmp, &self.txn);
        let _ = std::fs::remove_file(&tmp);
        swapped.map_err(|e| Error::io(&self.txn, "rewrite", &e))?;
        self.swapped.set(true);
        Ok(())
    }

    /// Puts the (original) document back under its old name.
    fn put_back(mut self) -> Result<()> {
        let moved = self.store.move_file(&self.txn, &self.src);
        let (src, task) = (self.src.clone(), self.task.take());
        let store = self.store;
        std::mem::forget(self);
        if !matches!(moved, Err(MoveError::NotMoved(_)))
            && let Some(task) = &task
        {
            store.note_added(&src, task);
        }
        match moved {
            Ok(()) => Ok(()),
            Err(MoveError::NotDurable(e)) => Err(e),
            Err(MoveError::NotMoved(e)) => Err(Error::io(
                &src,
                "put back (it stays in .txn/ and the next command recovers it)",
                &e,
            )),
        }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if !self.swapped.get()
            && !matches!(
                self.store.move_file(&self.txn, &self.src),
                Err(MoveError::NotMoved(_))
            )
            && let Some(task) = &self.task
        {
            self.store.note_added(&self.src, task);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::layout::{Folder, TXN_DIR};

    fn task(id: &str, status: &str) -> Vec<u8> {
        format!(
            "{{\"task_id\": \"{id}\", \"description\": \"d\", \"status\": \"{status}\", \"created_at\": \"2026-11-21T09:00:00Z\", \"updated_at\": \"2026-11-21T09:00:00Z\"}}\n"
        )
        .into_bytes()
    }

    fn arrival<'a>(id: &'a str, dest: &'a Path, bytes: &'a [u8]) -> Arrival<'a> {
        Arrival {
            kind: "task",
            id,
            dest,
            bytes,
        }
    }

    #[test]
    fn a_new_document_is_published_once_and_an_old_one_moves_whole() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let pending = store.task_path(Folder::Pending, "t1", None);
        let bytes = task("t1", "pending");
        let yes = || Ok(true);
        assert_eq!(
            store
                .install(arrival("t1", &pending, &bytes), &yes)
                .unwrap(),
            Installed::Placed
        );
        assert_eq!(std::fs::read(&pending).unwrap(), bytes);
        // Done elsewhere: the pending file moves to completed/, whole.
        let done_path = store.task_path(Folder::Completed, "t1", None);
        let done = task("t1", "done");
        assert_eq!(
            store
                .install(arrival("t1", &done_path, &done), &yes)
                .unwrap(),
            Installed::Placed
        );
        assert!(!pending.exists());
        assert_eq!(std::fs::read(&done_path).unwrap(), done);
        // The same version again: kept as it is, not rewritten.
        let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
        let before = inode(&done_path);
        assert_eq!(
            store
                .install(arrival("t1", &done_path, &done), &yes)
                .unwrap(),
            Installed::Kept
        );
        assert_eq!(inode(&done_path), before, "rewritten");
        assert_eq!(
            std::fs::read_dir(store.path(TXN_DIR))
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .ends_with(".json")
                })
                .count(),
            0
        );
    }

    #[test]
    fn a_refusing_guard_a_busy_document_and_a_taken_name_change_nothing() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let pending = store.task_path(Folder::Pending, "t1", None);
        let old = task("t1", "pending");
        std::fs::write(&pending, &old).unwrap();
        let blocked = store.task_path(Folder::Blocked, "t1", None);
        let new = task("t1", "blocked");
        let no = || Ok(false);
        assert_eq!(
            store.install(arrival("t1", &blocked, &new), &no).unwrap(),
            Installed::Stale
        );
        assert_eq!(std::fs::read(&pending).unwrap(), old);
        assert!(!blocked.exists());
        // Another file holds the destination: the original stays.
        std::fs::write(&blocked, b"someone else's").unwrap();
        let yes = || Ok(true);
        assert_eq!(
            store.install(arrival("t1", &blocked, &new), &yes).unwrap(),
            Installed::Occupied
        );
        assert_eq!(std::fs::read(&pending).unwrap(), old);
        assert_eq!(std::fs::read(&blocked).unwrap(), b"someone else's");
        // In flight (a local command holds it): left alone.
        std::fs::remove_file(&blocked).unwrap();
        let txn = store.path(TXN_DIR).join("t1@someone.json");
        std::fs::rename(&pending, &txn).unwrap();
        assert_eq!(
            store.install(arrival("t1", &blocked, &new), &yes).unwrap(),
            Installed::Busy
        );
        assert!(!blocked.exists());
        assert_eq!(std::fs::read(&txn).unwrap(), old);
    }
}
