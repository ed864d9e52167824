//! This process's identity for crash recovery: its owner name, its lock
//! in `.txn/`, and its temporary files in `.tmp/`.

use super::layout::{self, TMP_DIR, TXN_DIR};
use super::{Store, fsx};
use crate::error::{Error, Kind, Result};
use crate::model::id::random_base36;
use std::cell::Cell;
use std::fs::File;
use std::path::PathBuf;

/// This process's identity for crash recovery: a random owner name and an
/// exclusive lock on `.txn/OWNER.lock`, held until the process ends. A
/// lock that can be taken means its owner is dead.
pub(super) struct Session {
    pub(super) owner: String,
    lock_path: PathBuf,
    _lock: File,
    tmp_counter: Cell<u32>,
    /// Set when this process leaves a document where only recovery finds
    /// it (a take's hidden name it could not put back): the lock file then
    /// stays, so that the next recovery sees a dead owner and looks.
    keep_lock: Cell<bool>,
}

impl Session {
    fn new(owner: String, lock_path: PathBuf, lock: File) -> Session {
        Session {
            owner,
            lock_path,
            _lock: lock,
            tmp_counter: Cell::new(0),
            keep_lock: Cell::new(false),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.keep_lock.get() {
            let _ = std::fs::remove_file(&self.lock_path);
        }
    }
}

impl Store {
    pub(super) fn session(&self) -> Result<&Session> {
        if let Some(s) = self.session.get() {
            return Ok(s);
        }
        // The lock file must never be seen unlocked while its owner lives:
        // it is created unnamed, locked, then linked into view; where the
        // filesystem cannot, it is created and locked under a hidden name
        // (which recovery sweeps only once old) and renamed into view.
        for _ in 0..5 {
            let owner = random_base36(10);
            let lock_path = self.path(TXN_DIR).join(layout::lock_file_name(&owner));
            match fsx::create_locked(&lock_path) {
                Ok(Some(lock)) => {
                    return Ok(self
                        .session
                        .get_or_init(|| Session::new(owner, lock_path, lock)));
                }
                Ok(None) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io(&lock_path, "create", &e)),
            }
            let hidden = self.path(TXN_DIR).join(format!(".{owner}.lock"));
            let lock = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&hidden)
                .map_err(|e| Error::io(&hidden, "create", &e))?;
            let ready =
                lock.try_lock().is_ok() && fsx::rename_noreplace(&hidden, &lock_path).is_ok();
            if !ready {
                let _ = std::fs::remove_file(&hidden);
                continue;
            }
            return Ok(self
                .session
                .get_or_init(|| Session::new(owner, lock_path, lock)));
        }
        Err(Error::new(
            Kind::Io,
            format!("cannot take a lock in {}", self.path(TXN_DIR).display()),
        ))
    }

    /// A new name for a temporary file owned by this process.
    pub(super) fn tmp_path(&self) -> Result<PathBuf> {
        let session = self.session()?;
        let n = session.tmp_counter.get();
        session.tmp_counter.set(n + 1);
        Ok(self
            .path(TMP_DIR)
            .join(format!("{}.{n}.tmp", session.owner)))
    }

    /// Writes `bytes` to a new durable temporary file owned by this process.
    pub(super) fn write_tmp(&self, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.tmp_path()?;
        fsx::write_new(&path, bytes).map_err(|e| Error::io(&path, "write", &e))?;
        Ok(path)
    }

    /// Keeps this process's lock file when it ends (see
    /// `Session::keep_lock`).
    pub(super) fn keep_lock(&self) {
        if let Some(session) = self.session.get() {
            session.keep_lock.set(true);
        }
    }
}
