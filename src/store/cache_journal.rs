//! The journal of a folder's cache (`.cache/FOLDER.log`): one line per
//! change fed makes to the folder, appended right after the change, so
//! that the cache follows the folder without being rewritten. A base
//! (`cache_base`) names the journal file it goes with (by inode) and how
//! much of it it includes; readers replay the rest.
//!
//! ```text
//! +  AT  DIR_MTIME  DIR_CTIME  BEFORE_MTIME  BEFORE_CTIME  ENTRY LINE
//!                                              a task file arrived
//! -  AT  DIR_MTIME  DIR_CTIME  BEFORE_MTIME  BEFORE_CTIME  NAME ID STATUS
//!                                              a task file left
//! ~  AT  DIR_MTIME  DIR_CTIME  BEFORE_MTIME  BEFORE_CTIME  NAME
//!                                              a take's hidden name left
//!                                              (the listing is unchanged)
//! V  AT  DIR_MTIME  DIR_CTIME                  a listing matched the cache
//! C  AT  DIR_MTIME  DIR_CTIME                  one that stat'ed every file found
//!                                              none changed in place
//! ```
//!
//! `AT` is when the line was written. `DIR_*` are the folder's times right
//! after the change, `BEFORE_*` right before it, read around the move
//! itself ([`Store::stamped`]), so that the records chain (each one's
//! "before" is another's "after") exactly when no change went unrecorded
//! ([`chain`]); a move made otherwise has `BEFORE_*` 0 and `DIR_*` read
//! when the line is written, which breaks the chain. Appends
//! take a shared lock on the journal; rotating it (a new empty journal
//! renamed over it) takes the lock exclusively, and an appender that finds
//! its file rotated away appends to the new one. Nothing here is fsynced:
//! the cache is never trusted over the folders.

pub(super) mod chain;
mod records;

use super::Store;
use super::cache_clock::{CACHE_DIR, Stamp, dir_stamp, now_ns};
use super::cache_line::{Key, write_line};
use super::layout::Folder;
use crate::model::{Task, TaskSummary};
pub(super) use records::{Op, Record, last_matched, parse_records};
use std::io::Write;
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// A journal larger than this is rotated when the cache is compacted.
pub(super) const ROTATE_BYTES: u64 = 8 * 1024 * 1024;

/// What this process has not written to the journals yet: lines held
/// back during a batch, and the folder times around moves into and out of
/// queue folders whose records are still to come.
#[derive(Default)]
pub(crate) struct Unwritten {
    buffer: Option<Vec<(Folder, String)>>,
    moves: foldhash::HashMap<PathBuf, Around>,
}

/// A folder's stamps right before and right after one move.
#[derive(Debug, Clone, Copy)]
struct Around {
    before: Stamp,
    after: Stamp,
}

/// The part of a journal after what a base includes.
pub(super) struct Tail {
    pub(super) text: String,
    /// Where the last complete line ends (a compaction's new offset).
    pub(super) end: u64,
}

impl Store {
    pub(super) fn journal_path(&self, folder: Folder) -> PathBuf {
        self.path(CACHE_DIR)
            .join(format!("{}.log", folder.dir_name()))
    }

    /// The journal's lines from `offset`, if the journal is still the file
    /// `ino` (complete lines only: an append may be under way).
    pub(super) fn read_journal(&self, folder: Folder, ino: u64, offset: u64) -> Option<Tail> {
        let file = super::fsx::open_regular(&self.journal_path(folder)).ok()??;
        let meta = file.metadata().ok()?;
        if meta.ino() != ino || meta.len() < offset {
            return None;
        }
        let mut bytes = vec![0; (meta.len() - offset) as usize];
        let read = file.read_at(&mut bytes, offset).ok()?;
        bytes.truncate(read);
        let keep = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        bytes.truncate(keep);
        Some(Tail {
            text: String::from_utf8(bytes).ok()?,
            end: offset + keep as u64,
        })
    }

    /// The journal's inode and length, creating it when missing: what a
    /// new base records.
    pub(super) fn journal_mark(&self, folder: Folder) -> Option<(u64, u64)> {
        let file = open_append(&self.journal_path(folder)).ok()?;
        let meta = file.metadata().ok()?;
        Some((meta.ino(), meta.len()))
    }

    /// Appends one line; best effort (a line that cannot be written leaves
    /// the cache stale, which readers notice by the folder's times or the
    /// next full listing).
    pub(super) fn append_journal(&self, folder: Folder, line: &str) {
        if let Some(buffer) = self.journal.borrow_mut().buffer.as_mut() {
            buffer.push((folder, line.to_string()));
            return;
        }
        let path = self.journal_path(folder);
        for _ in 0..3 {
            let Ok(mut file) = open_append(&path) else {
                return;
            };
            if file.lock_shared().is_err() {
                return;
            }
            // Rotated away while we waited for the lock: use the new one.
            if file.metadata().is_ok_and(|m| m.nlink() == 0) {
                continue;
            }
            let _ = file.write_all(line.as_bytes());
            return;
        }
    }

    /// Runs `f` with the journal lines it causes held back, then appends
    /// them with one write per folder (a batch of changes).
    pub fn batched<R>(&self, f: impl FnOnce() -> R) -> R {
        let outer = self.journal.borrow().buffer.is_some();
        if !outer {
            self.journal.borrow_mut().buffer = Some(Vec::new());
        }
        let result = f();
        if !outer {
            let lines = self.journal.borrow_mut().buffer.take().unwrap_or_default();
            for folder in Folder::ALL {
                let text: String = lines
                    .iter()
                    .filter(|(f, _)| *f == folder)
                    .map(|(_, l)| l.as_str())
                    .collect();
                if !text.is_empty() {
                    self.append_journal(folder, &text);
                }
            }
        }
        result
    }

    /// Notes that `task` now lives at `path` (a file just published into
    /// a queue folder).
    pub(crate) fn note_added(&self, path: &Path, task: &Task) {
        let Some((folder, name)) = self.folder_of_path(path) else {
            return;
        };
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return;
        };
        // Only the inode: the file is too fresh for its times to vouch
        // for its content (see `cache`), and claims need nothing more.
        let key = Key {
            ino: meta.ino(),
            size: 0,
            mtime_ns: 0,
            ctime_ns: 0,
        };
        let doc = super::cache_line::cached_doc(folder, task);
        let mut line = self.record_prefix('+', folder, path);
        write_line(
            &mut line,
            &name,
            &key,
            &TaskSummary::from(task),
            doc.as_deref(),
        );
        line.push('\n');
        self.append_journal(folder, &line);
    }

    /// Notes that the file at `path` (in a queue folder, holding `task`)
    /// is gone: taken into `.txn/`.
    pub(crate) fn note_removed(&self, path: &Path, task: &Task) {
        let Some((folder, name)) = self.folder_of_path(path) else {
            return;
        };
        let mut line = self.record_prefix('-', folder, path);
        line.push_str(&format!(
            "{name}\t{}\t{}\n",
            task.task_id,
            task.status.as_str()
        ));
        self.append_journal(folder, &line);
    }

    /// Notes that the hidden name `path` of a take left its folder (see
    /// [`Op::Hidden`]).
    pub(crate) fn note_hidden(&self, path: &Path) {
        let Some((folder, name)) = self.folder_of_path(path) else {
            return;
        };
        let mut line = self.record_prefix('~', folder, path);
        line.push_str(&name);
        line.push('\n');
        self.append_journal(folder, &line);
    }

    /// Notes that a full listing of `folder` matched its cache (`matched`)
    /// and that it stat'ed every file and found none changed in place
    /// (`checked`); `dir` is the folder's stamp after that listing.
    pub(super) fn note_validated(
        &self,
        folder: Folder,
        dir: Stamp,
        at_ns: i128,
        matched: bool,
        checked: bool,
    ) {
        let mut line = String::new();
        for (op, yes) in [('V', matched), ('C', checked)] {
            if yes {
                line.push_str(&format!(
                    "{op}\t{at_ns}\t{}\t{}\n",
                    dir.mtime_ns, dir.ctime_ns
                ));
            }
        }
        self.append_journal(folder, &line);
    }

    /// `OP AT DIR_MTIME DIR_CTIME BEFORE_MTIME BEFORE_CTIME ` for the
    /// record of a move of `path`: the times read around it, else the
    /// folder's times now and 0 before them (a record without them breaks
    /// the chain, so that readers list the folder: `chain`).
    fn record_prefix(&self, op: char, folder: Folder, path: &Path) -> String {
        let around = self.journal.borrow_mut().moves.remove(path);
        let (before, after) = match around {
            Some(around) => (around.before, around.after),
            None => (
                Stamp::default(),
                dir_stamp(&self.folder_path(folder)).unwrap_or_default(),
            ),
        };
        let mut line = String::with_capacity(512);
        line.push_str(&format!(
            "{op}\t{}\t{}\t{}\t{}\t{}\t",
            now_ns(),
            after.mtime_ns,
            after.ctime_ns,
            before.mtime_ns,
            before.ctime_ns
        ));
        line
    }

    /// Runs `step`, a rename or link of `from` to `to`. Where either is in
    /// a queue folder, that folder's times right before and right after
    /// it are kept for that file's journal record, which the next
    /// [`Store::note_added`] or [`Store::note_removed`] of it writes.
    pub(super) fn stamped(
        &self,
        from: &Path,
        to: &Path,
        step: impl FnOnce() -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut around: Vec<(&Path, PathBuf, Option<Stamp>)> = Vec::new();
        for path in [from, to] {
            if let Some((folder, _)) = self.folder_of_path(path) {
                let dir = self.folder_path(folder);
                let before = dir_stamp(&dir);
                around.push((path, dir, before));
            }
        }
        let moved = step();
        if moved.is_ok() {
            for (path, dir, before) in around {
                if let (Some(before), Some(after)) = (before, dir_stamp(&dir)) {
                    let around = Around { before, after };
                    (self.journal.borrow_mut().moves).insert(path.to_path_buf(), around);
                }
            }
        }
        moved
    }

    /// The queue folder `path` is in, and its file name.
    fn folder_of_path(&self, path: &Path) -> Option<(Folder, String)> {
        let parent = path.parent()?;
        let folder = Folder::ALL
            .into_iter()
            .find(|f| self.folder_path(*f) == parent)?;
        Some((folder, path.file_name()?.to_str()?.to_string()))
    }
}

fn open_append(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o644)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
}
