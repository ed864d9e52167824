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

use super::Store;
use super::cache_clock::{CACHE_DIR, Stamp, dir_stamp, now_ns};
use super::cache_line::{Key, write_line};
use super::layout::Folder;
use crate::model::{Status, Task, TaskSummary};
use std::io::Write;
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// A journal larger than this is rotated when the cache is compacted.
pub(super) const ROTATE_BYTES: u64 = 8 * 1024 * 1024;

/// One journal line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Record<'t> {
    pub(super) at_ns: i128,
    /// The folder's mtime and ctime right after the change.
    pub(super) dir: (i128, i128),
    /// The folder's mtime and ctime right before the change: 0 where they
    /// were not read (a move not made through `Store::stamped`, a `V` or
    /// `C` line).
    pub(super) before: (i128, i128),
    pub(super) op: Op<'t>,
}

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

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Op<'t> {
    /// A task file arrived: its entry line.
    Add { name: &'t str, line: &'t str },
    /// A task file left.
    Remove {
        name: &'t str,
        id: &'t str,
        status: Status,
    },
    /// A take's hidden name left the folder (`store::txn`): a change of
    /// the folder's times that changes no entry of the listing.
    Hidden { name: &'t str },
    /// A listing of the folder matched the cache at `at_ns` (`V`), or
    /// (`checked`, `C`) one that stat'ed every file found none changed in
    /// place (see `Trust::Recent`).
    Validated { checked: bool },
}

/// When a listing last matched the cache (or, `checked`, last found no
/// file changed in place): `from` (the base's time) or a later journal
/// record.
pub(super) fn last_matched(records: &[Record], from: i128, checked: bool) -> i128 {
    records
        .iter()
        .filter(|r| r.op == Op::Validated { checked })
        .map(|r| r.at_ns)
        .fold(from, i128::max)
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
        let doc = (folder != Folder::Completed).then(|| crate::model::summary::list_json(task));
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

/// Parses a journal tail; `None` when any line is not a journal line (a
/// journal that is not ours, or torn other than at its end, is not used).
pub(super) fn parse_records(text: &str) -> Option<Vec<Record<'_>>> {
    // Every claim parses the pending journal's tail: up to a few thousand
    // lines, split with SIMD searches and their numbers read digit by digit.
    super::cache_line::lines(text).map(parse_record).collect()
}

/// One journal line (see the module).
fn parse_record(line: &str) -> Option<Record<'_>> {
    let ns = super::cache_line::parse_ns;
    let (op, rest) = cut(line);
    let (at, rest) = cut(rest?);
    let (mtime, rest) = cut(rest?);
    let (ctime, mut rest) = cut(rest?);
    let mut before = (0, 0);
    if matches!(op, "+" | "-" | "~") {
        let (before_mtime, more) = cut(rest?);
        let (before_ctime, more) = cut(more?);
        before = (ns(before_mtime)?, ns(before_ctime)?);
        rest = more;
    }
    let op = match (op, rest) {
        ("+", Some(entry)) => {
            // The shape only: summaries are parsed when used.
            super::cache_line::split_fields::<{ super::cache_line::FIELDS }>(entry)?;
            Op::Add {
                name: cut(entry).0,
                line: entry,
            }
        }
        ("-", Some(rest)) => {
            let (name, rest) = cut(rest);
            let (id, rest) = cut(rest?);
            let (status, rest) = cut(rest?);
            if rest.is_some() {
                return None;
            }
            Op::Remove {
                name,
                id,
                status: Status::parse(status)?,
            }
        }
        ("~", Some(name)) if !name.contains('\t') => Op::Hidden { name },
        ("V", None) => Op::Validated { checked: false },
        ("C", None) => Op::Validated { checked: true },
        _ => return None,
    };
    Some(Record {
        at_ns: ns(at)?,
        dir: (ns(mtime)?, ns(ctime)?),
        before,
        op,
    })
}

/// `text` up to its first tab, and what follows that tab (`None` without
/// one).
fn cut(text: &str) -> (&str, Option<&str>) {
    match crate::bytes::find(b'\t', text.as_bytes()) {
        Some(tab) => (&text[..tab], Some(&text[tab + 1..])),
        None => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_journal_line_parses_and_a_line_cut_short_does_not() {
        let entry = vec!["f"; crate::store::cache_line::FIELDS].join("\t");
        let text = format!(
            "+\t10\t11\t12\t8\t9\t{entry}\n-\t20\t21\t22\t18\t19\tt-1.json\tt-1\tdone\n\
             ~\t30\t31\t32\t28\t29\t.t-2@o.json\nV\t40\t41\t42\nC\t50\t51\t52\n"
        );
        let records = parse_records(&text).expect("every line parses");
        let ops: Vec<&Op> = records.iter().map(|r| &r.op).collect();
        assert_eq!(
            ops,
            [
                &Op::Add {
                    name: "f",
                    line: &entry
                },
                &Op::Remove {
                    name: "t-1.json",
                    id: "t-1",
                    status: Status::Done
                },
                &Op::Hidden {
                    name: ".t-2@o.json"
                },
                &Op::Validated { checked: false },
                &Op::Validated { checked: true },
            ]
        );
        let stamps: Vec<_> = records.iter().map(|r| (r.at_ns, r.dir, r.before)).collect();
        assert_eq!(stamps[0], (10, (11, 12), (8, 9)));
        assert_eq!(stamps[1], (20, (21, 22), (18, 19)));
        assert_eq!(stamps[3], (40, (41, 42), (0, 0)));
        // Cut short, with a field too many, or a number that is not one.
        for bad in [
            "V\t40\t41",
            "V\t40\t41\t42\tx",
            "-\t20\t21\t22\t18\t19\tt-1.json\tt-1",
            "-\t20\t21\t22\t18\t19\tt-1.json\tt-1\tdone\tx",
            "~\t30\t31\t32\t28\t29\ta\tb",
            "+\t10\t11\t12\t8\t9\tf\tf",
            "V\t4x\t41\t42",
            "\n",
        ] {
            assert!(parse_records(bad).is_none(), "{bad:?}");
        }
    }
}
