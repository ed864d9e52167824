//! Recovery of what a killed process left behind.
//!
//! A process that dies mid-change leaves at most one file per document in
//! `.txn/`, holding either the old or the new document, and temporary files
//! in `.tmp/`. Its lock on `.txn/OWNER.lock` dies with it. Recovery takes
//! that lock (so two recoverers never race), puts each taken file back
//! where its content says it belongs, and removes the owner's temporary
//! files, which are never the only copy of anything. A take's hidden name
//! left in a folder is recovered the same way ([`takes`]).

use super::doc::Document;
use super::fsx;
use super::layout::MAX_TASK_BYTES;
use super::layout::{TMP_DIR, TXN_DIR, TxnName, parse_txn_name, tmp_owner};
use super::{MoveError, Store};
use crate::model::time::Timestamp;
use crate::model::{Duration, Task};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::ErrorKind;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

mod takes;

pub(super) use takes::{hidden_takes, mark_if_clean};

/// What recovery did with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// The document (`kind`: "task" or "vote") went back to `to`.
    Restored {
        kind: &'static str,
        id: String,
        to: PathBuf,
    },
    /// It could not be placed; it stays in `.txn/` and `fed check` reports it.
    Stuck { path: PathBuf, reason: String },
    /// Another recoverer placed it first: nothing to do.
    Gone,
}

impl Store {
    /// Recovers every dead process's leftovers, and what a live but stuck
    /// one (stopped, say) has held past its lease. Cheap when there are
    /// none (a read of `.txn/`, and a look for this boot's sweep marker).
    /// `now` is the clock leases are read with; a document without a lease
    /// is overdue after `stale`.
    pub fn recover(&self, now: Timestamp, stale: Duration) -> Vec<Recovery> {
        let own = self.session.get().map(|s| s.owner.clone());
        let txn_dir = self.path(TXN_DIR);
        let Some(InTxn {
            owners,
            mut takings,
        }) = self.in_txn()
        else {
            return Vec::new();
        };
        let mut done = Vec::new();
        let mut dead = false;
        for (owner, files) in owners {
            if Some(&owner) == own.as_ref() {
                continue;
            }
            let lock_path = txn_dir.join(super::layout::lock_file_name(&owner));
            let lock = match File::options().write(true).open(&lock_path) {
                Ok(file) => match file.try_lock() {
                    Ok(()) => Some(file),
                    Err(_) => {
                        // Alive: only what it has held past its lease.
                        for (path, id, ext) in files {
                            if overdue(&path, &ext, now, stale) {
                                done.push(self.put_back(path, &id, &ext));
                            }
                        }
                        continue;
                    }
                },
                Err(e) if e.kind() == ErrorKind::NotFound => None,
                Err(_) => continue,
            };
            // A lock left behind is a process that died; a lock file gone
            // (also just after we opened it) is one that ended, its names
            // listed just before, or a power cut (after which this boot's
            // sweep runs anyway).
            dead |= lock
                .as_ref()
                .and_then(|f| f.metadata().ok())
                .is_some_and(|m| m.nlink() > 0);
            // First its second names, which would pass for another holder.
            for path in takings.remove(&owner).unwrap_or_default() {
                self.drop_name(&path);
            }
            for (path, id, ext) in files {
                done.push(self.put_back(path, &id, &ext));
            }
            self.remove_tmp_files(&owner);
            let _ = std::fs::remove_file(&lock_path);
            drop(lock);
        }
        done.extend(self.recover_takes(own.as_deref(), dead));
        self.remove_orphan_tmp_files(own.as_deref());
        done
    }

    /// What `.txn/` holds, by owner (every owner with a lock, a document
    /// or a second name there); `None` when it cannot be read. Sweeps old
    /// lock files that never got their name on the way.
    fn in_txn(&self) -> Option<InTxn> {
        let entries = std::fs::read_dir(self.path(TXN_DIR)).ok()?;
        let mut found = InTxn::default();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            match parse_txn_name(&name) {
                TxnName::Doc {
                    owner,
                    taking: true,
                    ..
                } => {
                    found.owners.entry(owner.clone()).or_default();
                    found.takings.entry(owner).or_default().push(entry.path());
                }
                TxnName::Doc { id, owner, ext, .. } => {
                    let docs = found.owners.entry(owner).or_default();
                    docs.push((entry.path(), id, ext));
                }
                TxnName::Lock { owner } => {
                    found.owners.entry(owner).or_default();
                }
                TxnName::Other => remove_unborn_lock(&entry, &name),
            }
        }
        Some(found)
    }

    fn put_back(&self, path: PathBuf, id: &str, ext: &str) -> Recovery {
        match ext {
            "yaml" => self.put_home::<crate::model::Vote>(path, id),
            _ => self.put_home::<Task>(path, id),
        }
    }

    /// Puts a dead owner's document back where its content says it
    /// belongs. A copy of a document that is in place already is a
    /// leftover of a publish cut short (the published version supersedes
    /// it) and is dropped; anything else that does not fit (a name that
    /// disagrees with the content, a copy that is not an earlier version of
    /// the placed one) stays, reported, never acted on.
    fn put_home<D: Document>(&self, path: PathBuf, name_id: &str) -> Recovery {
        let stuck = |reason: String| Recovery::Stuck {
            path: path.clone(),
            reason,
        };
        let bytes = match fsx::read_bounded(&path, D::MAX_BYTES) {
            Ok(bytes) => bytes,
            Err(fsx::ReadError::Missing) => return Recovery::Gone,
            Err(e) => return stuck(e.describe(D::MAX_BYTES)),
        };
        let doc = match D::parse(&bytes) {
            Ok(doc) => doc,
            Err(msg) => return stuck(format!("invalid {}: {msg}", D::KIND)),
        };
        if doc.id() != name_id {
            return stuck(format!(
                "the file name says '{name_id}' but the {} holds '{}'",
                D::KIND,
                doc.id()
            ));
        }
        if let Some(placed) = D::placed(self, name_id) {
            if !placed.supersedes(&doc) {
                return stuck(format!(
                    "{} {name_id} is in place already, and this copy is not an earlier version of it",
                    D::KIND
                ));
            }
            self.drop_name(&path);
            return Recovery::Gone;
        }
        if self.held_by_live_owner(name_id, D::EXT, &path) {
            return Recovery::Gone; // the live one publishes; this copy waits
        }
        let home = doc.home(self);
        match self.move_file(&path, &home) {
            Ok(()) | Err(MoveError::NotDurable(_)) => {
                if let Some(task) = doc.as_task() {
                    self.note_added(&home, task);
                }
                Recovery::Restored {
                    kind: D::KIND,
                    id: doc.id().to_string(),
                    to: home,
                }
            }
            Err(MoveError::NotMoved(e)) if e.kind() == ErrorKind::NotFound => Recovery::Gone,
            Err(MoveError::NotMoved(e)) if e.kind() == ErrorKind::AlreadyExists => stuck(format!(
                "{} already exists with other content",
                home.display()
            )),
            Err(MoveError::NotMoved(e)) => stuck(crate::error::describe_io(&e)),
        }
    }

    /// Whether another copy of document `id` is in `.txn/` under an owner
    /// that is alive (then that owner's transaction decides).
    fn held_by_live_owner(&self, id: &str, ext: &str, own: &std::path::Path) -> bool {
        let Ok(entries) = std::fs::read_dir(self.path(TXN_DIR)) else {
            return false;
        };
        entries.flatten().any(|entry| {
            let TxnName::Doc {
                id: found,
                owner,
                ext: kind,
                ..
            } = parse_txn_name(&entry.file_name().to_string_lossy())
            else {
                return false;
            };
            found == id && kind == ext && entry.path() != own && self.is_alive(&owner)
        })
    }

    /// Whether process `owner` still holds its lock.
    pub(super) fn is_alive(&self, owner: &str) -> bool {
        let lock = self
            .path(TXN_DIR)
            .join(super::layout::lock_file_name(owner));
        File::options()
            .write(true)
            .open(lock)
            .is_ok_and(|f| f.try_lock().is_err())
    }

    /// Removes temporary files whose owner has no lock file at all: a
    /// power cut can keep a temporary name (made durable with its data on
    /// some filesystems) and lose the lock file that would lead recovery
    /// to it. A process makes its lock before its first temporary file, so
    /// a temporary file without a lock file beside it has no live owner.
    fn remove_orphan_tmp_files(&self, own: Option<&str>) {
        let Ok(entries) = std::fs::read_dir(self.path(TMP_DIR)) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(owner) = tmp_owner(&name) else {
                continue;
            };
            let lock = self
                .path(TXN_DIR)
                .join(super::layout::lock_file_name(owner));
            if Some(owner) != own && std::fs::symlink_metadata(&lock).is_err() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    fn remove_tmp_files(&self, owner: &str) {
        let Ok(entries) = std::fs::read_dir(self.path(TMP_DIR)) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if tmp_owner(&name.to_string_lossy()) == Some(owner) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// `.txn/` by owner: each one's documents (path, id, extension), and its
/// takes' second names (`ID@OWNER.EXT.taking`: never a document's only
/// name, dropped once their owner is dead).
#[derive(Default)]
struct InTxn {
    owners: BTreeMap<String, Vec<(PathBuf, String, String)>>,
    takings: BTreeMap<String, Vec<PathBuf>>,
}

/// Removes a lock file not yet renamed into view by a process killed at
/// birth. A live process renames its own within microseconds, but between
/// its create and its lock any other process could lock it: only old ones
/// are swept.
fn remove_unborn_lock(entry: &std::fs::DirEntry, name: &str) {
    let born_long_ago = entry
        .metadata()
        .and_then(|m| m.modified())
        .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() >= 60));
    if name.starts_with('.')
        && name.ends_with(".lock")
        && born_long_ago
        && File::options()
            .write(true)
            .open(entry.path())
            .is_ok_and(|f| f.try_lock().is_ok())
    {
        let _ = std::fs::remove_file(entry.path());
    }
}

/// How long a live process may hold a document in `.txn/` before its lease
/// (or, without one, `stale`) is looked at: a transaction takes
/// milliseconds, so one held this long is stuck (stopped, or swapped out).
const GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Whether a live process has held the document at `path` past what it
/// may: a task whose lease (as the document says) expired at `now`, or any
/// document held longer than `stale`. The lease, not the process, decides:
/// a holder that resumes finds its document gone and changes nothing.
fn overdue(path: &std::path::Path, ext: &str, now: Timestamp, stale: Duration) -> bool {
    // The take renamed the file into .txn/, which set its ctime.
    let held = std::fs::symlink_metadata(path).ok().and_then(|m| {
        let taken = std::time::UNIX_EPOCH
            + std::time::Duration::new(m.ctime().max(0) as u64, m.ctime_nsec().max(0) as u32);
        taken.elapsed().ok()
    });
    let Some(held) = held.filter(|h| *h >= GRACE) else {
        return false;
    };
    if held.as_secs() >= stale.as_secs().max(0) as u64 {
        return true;
    }
    ext == "json"
        && fsx::read_bounded(path, MAX_TASK_BYTES)
            .ok()
            .and_then(|bytes| Task::from_json(&bytes).ok())
            .and_then(|task| task.lease)
            .is_some_and(|lease| lease.expires_at <= now)
}
