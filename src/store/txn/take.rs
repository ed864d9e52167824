//! The take's moves (see the parent module): a second name in `.txn/`
//! while it decides, the rename to a hidden name in the document's own
//! folder, the link into `.txn/`, and, once `.txn/` is fsynced, the
//! hidden name's removal.
//!
//! Why not one rename into `.txn/`: a rename from one folder into another
//! changes two folders, and where a filesystem makes them durable
//! separately (POSIX asks no more), another process's fsync of the source
//! folder (every add fsyncs `pending/`) could make the document's
//! departure durable before its arrival in `.txn/`, and a power cut then
//! lose it. A rename within one folder is one change of that folder:
//! durably, the document is under its old name or its hidden one until
//! its `.txn/` name is durable. A hidden name a cut leaves behind is found
//! by recovery (`store::recover::takes`).

use super::super::fsx;
use super::super::layout::{TXN_DIR, taking_file_name, taking_txn_name, txn_file_name};
use super::super::{Store, sync_dir};
use crate::error::{Error, Result};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

impl Store {
    /// The moves of a take; `None` when `src` was gone (another process
    /// took it first). The document gets a second name in `.txn/` while
    /// the take decides (`ID@OWNER.EXT.taking`: readers see it in flight
    /// throughout), is renamed to its hidden name in its folder (the one
    /// step only one process can win), and is linked from there into
    /// `.txn/` (from the hidden name: a file another process published at
    /// `src` meanwhile is never the one taken). The `.txn/` name is
    /// returned; the hidden one stays until [`Store::settle_takes`].
    pub(in crate::store) fn take_name(
        &self,
        src: &Path,
        id: &str,
        ext: &str,
    ) -> Result<Option<PathBuf>> {
        let owner = &self.session()?.owner;
        let txn = self.path(TXN_DIR).join(txn_file_name(id, owner, ext));
        let taking = self.path(TXN_DIR).join(taking_txn_name(id, owner, ext));
        let gone = |e: &std::io::Error| e.kind() == ErrorKind::NotFound;
        match fsx::second_name(src, &taking) {
            Ok(()) => {}
            Err(e) if gone(&e) => return Ok(None),
            // No hard links here: the document moves into .txn/ at once.
            Err(e) if fsx::no_hard_links(&e) => {
                return match self.stamped(src, &txn, || fsx::rename_noreplace(src, &txn)) {
                    Ok(()) => Ok(Some(txn)),
                    Err(e) if gone(&e) => Ok(None),
                    Err(e) => Err(Error::io(src, "take", &e)),
                };
            }
            Err(e) => return Err(Error::io(src, "take", &e)),
        }
        let hidden = self.taking_path(src, id, ext)?;
        let taken = match self.stamped(src, &hidden, || fsx::rename_noreplace(src, &hidden)) {
            Ok(()) => self.link_taken(src, &hidden, &txn),
            Err(e) if gone(&e) => Ok(None),
            Err(e) => Err(Error::io(src, "take", &e)),
        };
        self.drop_name(&taking);
        taken
    }

    /// The last move of a take: the hidden name linked into `.txn/`. Where
    /// that fails the document goes back to `src`; should that fail too,
    /// the hidden name keeps it, and this process's lock stays to lead
    /// recovery to it.
    fn link_taken(&self, src: &Path, hidden: &Path, txn: &Path) -> Result<Option<PathBuf>> {
        let Err(e) = fsx::link_noreplace(hidden, txn) else {
            return Ok(Some(txn.to_path_buf()));
        };
        if (self.stamped(hidden, src, || fsx::rename_noreplace(hidden, src))).is_err() {
            self.keep_lock();
            return Err(Error::io(
                src,
                "take (it stays in its folder under a hidden name and the next command recovers it)",
                &e,
            ));
        }
        Err(Error::io(src, "take", &e))
    }

    /// Makes takes (source, id, extension) survive a power cut before
    /// anything builds on them: first each document's name in `.txn/` (so
    /// that it is never durably nowhere), then, its hidden name gone, its
    /// absence from its source folder (so that its publication can never
    /// durably leave it in two places).
    pub(in crate::store) fn settle_takes(&self, takes: &[(&Path, &str, &str)]) -> Result<()> {
        sync_dir(&self.path(TXN_DIR))?;
        let mut folders: Vec<&Path> = Vec::new();
        for &(src, id, ext) in takes {
            self.unhide(src, id, ext);
            if let Some(dir) = src.parent()
                && !folders.contains(&dir)
            {
                folders.push(dir);
            }
        }
        folders.iter().try_for_each(|dir| sync_dir(dir))
    }

    /// Puts back a take that could not be made durable: the document goes
    /// back to `src` (durably), then its hidden name goes.
    pub(in crate::store) fn undo_take(&self, src: &Path, id: &str, ext: &str, txn: &Path) {
        let _ = self.move_file(txn, src);
        self.unhide(src, id, ext);
    }

    /// A take's hidden name for document `id` taken from `src`.
    fn taking_path(&self, src: &Path, id: &str, ext: &str) -> Result<PathBuf> {
        let owner = &self.session()?.owner;
        Ok(src.with_file_name(taking_file_name(id, owner, ext)))
    }

    /// Removes a take's hidden name once the document is durably in `.txn/`
    /// (or back in place); the listing caches note the folder's change.
    fn unhide(&self, src: &Path, id: &str, ext: &str) {
        let Ok(hidden) = self.taking_path(src, id, ext) else {
            return;
        };
        match self.stamped(&hidden, &hidden, || fsx::unlink(&hidden)) {
            Ok(()) => self.note_hidden(&hidden),
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            // A leftover for recovery, which this process's lock leads to.
            Err(_) => self.keep_lock(),
        }
    }
}
