//! Changing a task: take, swap, publish.
//!
//! 1. **Take**: rename the task's current name into `.txn/ID@OWNER.json`.
//!    Only one process can rename a given name; a missing source means
//!    another process moved the task first, and this one changed nothing.
//! 2. **Swap**: write the new document to a durable temporary file and
//!    exchange it with the taken file (`RENAME_EXCHANGE`), so the taken name
//!    holds either the old or the new document, never a partial one.
//! 3. **Publish**: rename the taken file to the name its new content says
//!    (folder from `status`, token from `lease`), never over an existing
//!    file, then fsync that folder.
//!
//! Dropping a [`Taken`] without committing puts the original back.

use super::fsx;
use super::layout::{Folder, MAX_TASK_BYTES, TXN_DIR, txn_file_name};
use super::{Store, sync_parent};
use crate::error::{Error, Result};
use crate::model::Task;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// A task file taken out of its folder by this process.
pub struct Taken<'s> {
    store: &'s Store,
    txn: PathBuf,
    src: PathBuf,
    /// The document as it was when taken.
    pub task: Task,
    original: Vec<u8>,
    swapped: bool,
    finished: bool,
}

/// Where a task with this content lives.
pub fn home_of(store: &Store, task: &Task) -> PathBuf {
    let folder = Folder::of(task.status);
    let token = task.lease.as_ref().map(|l| l.token.as_str());
    store.task_path(folder, &task.task_id, token)
}

impl Store {
    /// Takes the task file at `src` (whose id is `id`) into `.txn/`.
    /// `Ok(None)`: the name was gone, another process moved it first.
    pub fn take(&self, src: &Path, id: &str) -> Result<Option<Taken<'_>>> {
        let owner = &self.session()?.owner;
        let txn = self.path(TXN_DIR).join(txn_file_name(id, owner));
        match fsx::rename_noreplace(src, &txn) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(src, "take", &e)),
        }
        let put_back = |msg: String| {
            let _ = fsx::rename_noreplace(&txn, src);
            Error::invalid(msg)
        };
        let original = fsx::read_bounded(&txn, MAX_TASK_BYTES).map_err(|e| {
            put_back(format!(
                "{}: cannot read the task: {}",
                src.display(),
                e.describe(MAX_TASK_BYTES)
            ))
        })?;
        let task = Task::from_json(&original)
            .map_err(|msg| put_back(format!("{}: invalid task: {msg}", src.display())))?;
        if task.task_id != id {
            return Err(put_back(format!(
                "{}: the file holds task_id '{}'",
                src.display(),
                task.task_id
            )));
        }
        Ok(Some(Taken {
            store: self,
            txn,
            src: src.to_path_buf(),
            task,
            original,
            swapped: false,
            finished: false,
        }))
    }
}

impl Taken<'_> {
    /// Replaces the content of the taken file, atomically and durably.
    fn swap_in(&mut self, bytes: &[u8]) -> Result<()> {
        let tmp = self.store.write_tmp(bytes)?;
        let swapped = fsx::exchange(&tmp, &self.txn);
        let _ = std::fs::remove_file(&tmp);
        match swapped {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                self.finished = true;
                Err(Error::conflict(format!(
                    "task {}: this process stalled and another one recovered the task; nothing changed",
                    self.task.task_id
                )))
            }
            Err(e) => Err(Error::io(&self.txn, "rewrite", &e)),
        }
    }

    /// Publishes `task` as the new state of the taken task.
    pub fn commit(mut self, task: &Task) -> Result<PathBuf> {
        let dest = home_of(self.store, task);
        let bytes = task.to_json();
        self.swap_in(&bytes)?;
        self.swapped = true;
        match fsx::rename_noreplace(&self.txn, &dest) {
            Ok(()) => {
                self.finished = true;
                sync_parent(&dest)?;
                Ok(dest)
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                self.restore()?;
                Err(Error::conflict(format!(
                    "{} already exists; task {} was left as it was",
                    dest.display(),
                    task.task_id
                )))
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                // Another process judged this one dead and published the
                // new content for it: the change landed all the same.
                self.finished = true;
                match fsx::read_bounded(&dest, MAX_TASK_BYTES) {
                    Ok(found) if found == bytes => Ok(dest),
                    _ => Err(Error::conflict(format!(
                        "task {} changed underneath while this process stalled",
                        task.task_id
                    ))),
                }
            }
            Err(e) => {
                let err = Error::io(&dest, "publish", &e);
                self.restore()?;
                Err(err)
            }
        }
    }

    /// Puts the original document back where it was taken from.
    pub fn abort(mut self) -> Result<()> {
        self.restore()
    }

    fn restore(&mut self) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        if self.swapped {
            let original = std::mem::take(&mut self.original);
            self.swap_in(&original)?;
            self.swapped = false;
        }
        self.finished = true;
        fsx::rename_noreplace(&self.txn, &self.src).map_err(|e| {
            Error::io(
                &self.src,
                "put back (the task stays in .txn/ and the next command recovers it)",
                &e,
            )
        })
    }
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        let _ = self.restore();
    }
}
