//! Changing a document (a task or a vote): take, swap, publish.
//!
//! 1. **Take**: move the document from its folder into
//!    `.txn/ID@OWNER.EXT` ([`take`]: by way of a hidden name in its own
//!    folder). Only one process can move a given name; a missing source
//!    means another process moved it first, and this one changed nothing.
//! 2. **Swap**: write the new document to a durable temporary file and
//!    exchange it with the taken file (`RENAME_EXCHANGE`), so the taken name
//!    holds either the old or the new document, never a partial one.
//! 3. **Publish**: move the taken file to the name its new content says
//!    (for a task: folder from `status`, token from `lease`), never over an
//!    existing file ([`Store::move_file`]: link, fsync the folder, unlink
//!    the `.txn/` name, fsync `.txn/`).
//!
//! The take is made durable at once (fsync of `.txn/`, then, the hidden
//! name gone, of the source folder), so that a power cut at any point
//! leaves the document in its old place, under its hidden name there or
//! in `.txn/` (recovery puts it back), or in its new place, possibly with
//! a stale `.txn/` name beside it (recovery drops that one);
//! docs/guarantees.md gives the sequence and why each fsync is needed.
//!
//! In a shared federation the commit hook ([`super::publish`]) runs
//! between the take and the swap: the remote takes the change, or the
//! original goes back.
//!
//! Dropping a [`Taken`] without committing puts the original back.

use super::doc::Document;
use super::fsx;
use super::publish::DocRef;
use super::{MoveError, Store, sync_parent};
use crate::error::{Error, Result};
use crate::model::Task;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

mod take;

/// A document taken out of its folder by this process.
pub struct Taken<'s, D: Document = Task> {
    store: &'s Store,
    txn: PathBuf,
    src: PathBuf,
    /// The document as it was when taken.
    pub doc: D,
    original: Vec<u8>,
    swapped: bool,
    finished: bool,
}

impl Store {
    /// Takes the task file at `src` (whose id is `id`) into `.txn/`.
    /// `Ok(None)`: the name was gone, another process moved it first.
    pub fn take(&self, src: &Path, id: &str) -> Result<Option<Taken<'_>>> {
        self.take_doc(src, id)
    }

    /// Takes the document file at `src` (whose id is `id`) into `.txn/`.
    pub fn take_doc<D: Document>(&self, src: &Path, id: &str) -> Result<Option<Taken<'_, D>>> {
        let Some(txn) = self.take_name(src, id, D::EXT)? else {
            return Ok(None);
        };
        if let Err(e) = self.settle_takes(&[(src, id, D::EXT)]) {
            self.undo_take(src, id, D::EXT, &txn);
            return Err(e);
        }
        self.taken(src, id, txn).map(Some)
    }

    /// Reads the document taken from `src` into `txn` (durably); one that
    /// cannot be read, or holds another id, is put back.
    pub(super) fn taken<D: Document>(
        &self,
        src: &Path,
        id: &str,
        txn: PathBuf,
    ) -> Result<Taken<'_, D>> {
        let put_back = |msg: String| {
            let _ = self.move_file(&txn, src);
            Error::invalid(msg)
        };
        let original = fsx::read_bounded(&txn, D::MAX_BYTES).map_err(|e| {
            put_back(format!(
                "{}: cannot read the {}: {}",
                src.display(),
                D::KIND,
                e.describe(D::MAX_BYTES)
            ))
        })?;
        let doc = D::parse(&original)
            .map_err(|msg| put_back(format!("{}: invalid {}: {msg}", src.display(), D::KIND)))?;
        if doc.id() != id {
            return Err(put_back(format!(
                "{}: the file holds the id '{}'",
                src.display(),
                doc.id()
            )));
        }
        if let Some(task) = doc.as_task() {
            self.note_removed(src, task);
        }
        Ok(Taken {
            store: self,
            txn,
            src: src.to_path_buf(),
            doc,
            original,
            swapped: false,
            finished: false,
        })
    }
}

impl<D: Document> Taken<'_, D> {
    /// Replaces the content of the taken file, atomically and durably.
    fn swap_in(&mut self, bytes: &[u8]) -> Result<()> {
        let tmp = self.store.write_tmp(bytes)?;
        let swapped = self.exchange(&tmp);
        let _ = std::fs::remove_file(&tmp);
        swapped
    }

    /// Swaps the durable temporary file `tmp` in as the content of the
    /// taken file; `tmp` then holds the old content (or nothing, where the
    /// exchange is emulated), for the caller to remove or reuse.
    pub(super) fn exchange(&mut self, tmp: &Path) -> Result<()> {
        match fsx::exchange(tmp, &self.txn) {
            Ok(()) => {
                self.swapped = true;
                Ok(())
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                self.finished = true;
                Err(Error::conflict(format!(
                    "{} {}: this process stalled and another one recovered it; nothing changed",
                    D::KIND,
                    self.doc.id()
                )))
            }
            Err(e) => Err(Error::io(&self.txn, "rewrite", &e)),
        }
    }

    /// Publishes `doc` as the new state of the taken document. In a shared
    /// federation the remote takes the change first (the commit hook,
    /// [`super::publish`]): when it refuses, the original goes back and
    /// nothing changed anywhere.
    pub fn commit(mut self, doc: &D) -> Result<PathBuf> {
        let dest = doc.home(self.store);
        let bytes = self.new_bytes(doc)?;
        // Before the swap: a process killed after the push but before the
        // swap leaves the old version here (behind the remote, which the
        // next sync fixes), never a version the remote does not have.
        let pushed = self.push(&bytes)?;
        self.swap_in(&bytes)?;
        self.swapped = true;
        if let Some(settled) = self.link_to(&dest, doc, &bytes)? {
            return Ok(settled);
        }
        let synced = sync_parent(&dest);
        let published = self.published(&dest, doc, synced);
        // In place (durably or not): what the push recorded is settled.
        self.store.settle(pushed);
        published
    }

    /// Publishes `bytes` to the remote of a shared federation (the commit
    /// hook; nothing on one machine); when the remote refuses, the
    /// original goes back and nothing changed anywhere.
    fn push(&mut self, bytes: &[u8]) -> Result<Option<super::publish::Pushed>> {
        let what = DocRef {
            kind: D::KIND,
            id: self.doc.id(),
        };
        self.store
            .push_doc(what, bytes, false)
            .map_err(|e| match self.restore() {
                Ok(()) => e,
                Err(put_back) => put_back,
            })
    }

    /// The bytes `doc` is written as; when fed could not read them back,
    /// the original is put back instead.
    pub(super) fn new_bytes(&mut self, doc: &D) -> Result<Vec<u8>> {
        super::doc::writable(doc).map_err(|e| match self.restore() {
            Ok(()) => e,
            Err(put_back) => put_back,
        })
    }

    /// Links the taken file (holding `doc`, written as `bytes`) in at
    /// `dest`, never over another file. `Ok(None)`: linked, and the caller
    /// fsyncs `dest`'s folder and calls [`Taken::published`]; otherwise how
    /// it settled.
    pub(super) fn link_to(
        &mut self,
        dest: &Path,
        doc: &D,
        bytes: &[u8],
    ) -> Result<Option<PathBuf>> {
        let txn = &self.txn;
        match (self.store).stamped(txn, dest, || fsx::link_noreplace(txn, dest)) {
            Ok(()) => Ok(None),
            Err(e) => self.not_published(e, dest, doc, bytes).map(Some),
        }
    }

    /// After the link to `dest` and the fsync of its folder (`synced`):
    /// the `.txn/` name goes (a leftover if the fsync failed: the document
    /// is in place, maybe not durably, and recovery drops the old name).
    pub(super) fn published(
        &mut self,
        dest: &Path,
        doc: &D,
        synced: Result<()>,
    ) -> Result<PathBuf> {
        self.finished = true;
        self.store.drop_name(&self.txn);
        if let Some(task) = doc.as_task() {
            self.store.note_added(dest, task);
        }
        synced.map(|()| dest.to_path_buf())
    }

    /// The publishing link failed with `e`: another document holds `dest`,
    /// another process published this one for us, or an I/O error.
    fn not_published(
        &mut self,
        e: std::io::Error,
        dest: &Path,
        doc: &D,
        bytes: &[u8],
    ) -> Result<PathBuf> {
        match e {
            e if e.kind() == ErrorKind::AlreadyExists => {
                self.restore()?;
                Err(Error::conflict(format!(
                    "{} already exists; {} {} was left as it was",
                    dest.display(),
                    D::KIND,
                    doc.id()
                )))
            }
            e if e.kind() == ErrorKind::NotFound => {
                // Another process judged this one dead and published the
                // new content for it: the change landed all the same.
                self.finished = true;
                match fsx::read_bounded(dest, D::MAX_BYTES) {
                    Ok(found) if found == bytes => Ok(dest.to_path_buf()),
                    _ => Err(Error::conflict(format!(
                        "{} {} changed underneath while this process stalled",
                        D::KIND,
                        doc.id()
                    ))),
                }
            }
            e => {
                let err = Error::io(dest, "publish", &e);
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
        match self.store.move_file(&self.txn, &self.src) {
            Ok(()) => {
                if let Some(task) = self.doc.as_task() {
                    self.store.note_added(&self.src, task);
                }
                Ok(())
            }
            Err(MoveError::NotDurable(e)) => {
                self.store.drop_name(&self.txn);
                if let Some(task) = self.doc.as_task() {
                    self.store.note_added(&self.src, task);
                }
                Err(e)
            }
            Err(MoveError::NotMoved(e)) => Err(Error::io(
                &self.src,
                "put back (it stays in .txn/ and the next command recovers it)",
                &e,
            )),
        }
    }
}

impl<D: Document> Drop for Taken<'_, D> {
    fn drop(&mut self) {
        let _ = self.restore();
    }
}
