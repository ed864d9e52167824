//! A directory entry the listing cache did not vouch for: its identity
//! (key) and, when it must be read, its summary and new cache line.

use super::cache_clock::{RACY_NS, ns};
use super::cache_line::{Key, parse_key, write_line};
use super::layout::Folder;
use super::scan::{Entry, Problem, classify, read_task};
use crate::model::TaskSummary;
use std::fs::DirEntry;
use std::os::unix::fs::{DirEntryExt, MetadataExt};

/// What a directory entry the cache did not vouch for turned out to be.
pub(super) enum Miss {
    /// A task: its summary and its new cache line; `fresh` when it changed
    /// too recently for its times to be trusted later (its line then
    /// carries the inode alone).
    Read {
        summary: Box<TaskSummary>,
        line: String,
        fresh: bool,
    },
    Problem(Problem),
    /// Hidden bookkeeping, or gone while we looked.
    Skip,
}

/// Reads the task behind an entry of `folder` that the cache did not
/// vouch for (`key`: the file's identity as already looked up).
pub(super) fn read_miss(
    folder: Folder,
    name: &str,
    entry: &DirEntry,
    mut key: Key,
    inode_only: bool,
    started: i128,
) -> Miss {
    let (id, token) = match classify(folder, name, entry) {
        Entry::Task { id, token } => (id, token),
        Entry::Skip => return Miss::Skip,
        Entry::Problem(problem) => return Miss::Problem(problem),
    };
    match read_task(&entry.path(), folder, &id, token.as_deref()) {
        Ok(task) => {
            let summary = TaskSummary::from(&task);
            let fresh = !inode_only && key.ctime_ns.max(key.mtime_ns) > started - RACY_NS;
            if fresh || inode_only {
                (key.size, key.mtime_ns, key.ctime_ns) = (0, 0, 0);
            }
            let doc = super::cache_line::cached_doc(folder, &task);
            let mut line = String::with_capacity(512);
            write_line(&mut line, name, &key, &summary, doc.as_deref());
            Miss::Read {
                summary: Box::new(summary),
                line,
                fresh,
            }
        }
        Err(Some(problem)) => Miss::Problem(problem.task(&id)),
        Err(None) => Miss::Skip,
    }
}

/// The key of the file behind a directory entry: its inode alone, or
/// (with a stat relative to the open directory) inode, size, mtime, ctime.
pub(super) fn file_key(entry: &DirEntry, inode_only: bool) -> Option<Key> {
    if inode_only {
        return Some(Key {
            ino: entry.ino(),
            size: 0,
            mtime_ns: 0,
            ctime_ns: 0,
        });
    }
    entry.metadata().ok().map(|m| Key {
        ino: m.ino(),
        size: m.size(),
        mtime_ns: ns(m.mtime(), m.mtime_nsec()),
        ctime_ns: ns(m.ctime(), m.ctime_nsec()),
    })
}

/// Whether the cached line describes the file with `key`: same inode and,
/// unless `inode_only`, same size, mtime and ctime (a line whose times are
/// 0 was recorded too fresh and never matches).
pub(super) fn key_matches(line: &str, key: &Key, inode_only: bool) -> bool {
    match parse_key(line) {
        Some(old) if inode_only => old.ino == key.ino,
        Some(old) => old == *key && old.mtime_ns != 0,
        None => false,
    }
}
