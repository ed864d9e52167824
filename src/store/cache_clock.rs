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

/// A new hidden temporary file in the cache folder `dir` (`.STEM.RANDOM.tmp`,
/// which [`remove_stale_tmp`] removes once a killed writer left it):
/// its path and the file, open for writing.
pub(super) fn new_tmp(
    dir: &std::path::Path,
    stem: &str,
) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = dir.join(format!(
        ".{stem}.{}.tmp",
        crate::model::id::random_base36(8)
    ));
    let file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&path)?;
    Ok((path, file))
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

/// When this boot of the machine began, on the wall clock (`None` where
/// the kernel does not say). A cache base written before it is not read
/// (`Store::open_base`): bases are never flushed, so the power cut that
/// may have ended the last boot can have torn one (and one written over
/// the spare can then hold pages of two versions); recovery also removes
/// them at a new boot, but the views run no recovery.
pub(super) fn boot_started_ns() -> Option<i128> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let mut since = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `since` is a valid timespec to write to.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut since) };
        (rc == 0).then(|| now_ns() - ns(since.tv_sec, since.tv_nsec))
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    None
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
