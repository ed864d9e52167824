//! What every part of the listing cache shares: where it lives, how far
//! file times are trusted, the clock, and a folder's stamp (its identity
//! and last change). A leaf: it uses no other part of the cache.

use std::os::unix::fs::MetadataExt;

pub const CACHE_DIR: &str = ".cache";
/// Files changed this recently (nanoseconds) are not trusted by their times.
pub const RACY_NS: i128 = 2_000_000_000;
/// How long after a listing matched the pending cache claims may choose
/// from the cache alone.
pub const TRUST_WINDOW_NS: i128 = 10_000_000_000;

/// How much of a file's identity must match its cache entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// Inode, size, mtime and ctime: a stat per file.
    Stat,
    /// The inode alone, from the directory read: no stat. A claim that
    /// lists this way verifies the task it takes.
    Inode,
    /// The inode alone while a listing that stat'ed every file found none
    /// changed in place less than [`TRUST_WINDOW_NS`] ago, else a stat per
    /// file: what
    /// the read-only views use (a file edited in place by hand, same
    /// inode, shows within the window).
    Recent,
}

/// A folder's identity and last change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Stamp {
    pub(super) ino: u64,
    pub(super) mtime_ns: i128,
    pub(super) ctime_ns: i128,
}

/// Removes temporary cache files a killed process left (older than ten
/// minutes: no live writer takes that long).
pub(super) fn remove_stale_tmp(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with('.') && name.ends_with(".tmp")) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() > 600));
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

pub fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

pub(super) fn dir_stamp(dir: &std::path::Path) -> Option<Stamp> {
    std::fs::symlink_metadata(dir).ok().map(|m| Stamp {
        ino: m.ino(),
        mtime_ns: ns(m.mtime(), m.mtime_nsec()),
        ctime_ns: ns(m.ctime(), m.ctime_nsec()),
    })
}

/// A file time (seconds and nanoseconds) in nanoseconds.
pub(super) fn ns(secs: i64, nsec: i64) -> i128 {
    i128::from(secs) * 1_000_000_000 + i128::from(nsec)
}
