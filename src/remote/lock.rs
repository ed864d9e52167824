//! One process at a time syncs a replica: a sync (its fetch rewrites the
//! mirror refs, its executor the applied ones and the files) holds
//! `.remote/sync.lock` (an `flock`, released when its holder dies), and
//! so do the other writers of many refs at once (`remote set`'s publish).
//! Two syncs at once would install the same documents twice over and
//! extend other machines' logs twice. A command's own change does not
//! take it: its settle moves one applied ref with a compare-and-swap, and
//! a fetch that finds a mirror ref moved under it tries again.

use crate::error::{Error, Result};
use crate::remote::state::Paths;
use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a process waits for another one's sync.
const LOCK_WAIT: Duration = Duration::from_secs(60);

/// The replica's lock, held until dropped.
pub struct ReplicaLock {
    _file: File,
    /// Whether another process held it while this one waited.
    pub waited: bool,
}

/// Takes the lock of the replica at `paths`, waiting (bounded) for its
/// holder; `url` names the remote in the error.
pub fn lock(paths: &Paths, url: &str) -> Result<ReplicaLock> {
    let path = paths.sync_lock();
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, "open", &e))?;
    let start = Instant::now();
    let mut waited = false;
    let mut pause = Duration::from_millis(1);
    loop {
        if file.try_lock().is_ok() {
            return Ok(ReplicaLock {
                _file: file,
                waited,
            });
        }
        if start.elapsed() > LOCK_WAIT {
            return Err(Error::new(
                crate::error::Kind::Io,
                format!(
                    "remote {url}: another fed process has held {} for {} s; try again",
                    path.display(),
                    LOCK_WAIT.as_secs()
                ),
            ));
        }
        waited = true;
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Whether a process holds an `flock` on a file of `.remote/` (a group
/// request, a landing mark): each such file is locked by its process for
/// as long as it lives, so one nobody holds was left by a killed process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Held {
    Yes,
    No,
    /// The filesystem does not support locks.
    Unknown,
}

/// Who holds `path`; `None` when it cannot be opened (it is gone).
pub(crate) fn held(path: &Path) -> Option<Held> {
    let file = File::open(path).ok()?;
    Some(match file.try_lock() {
        Ok(()) => Held::No,
        Err(std::fs::TryLockError::WouldBlock) => Held::Yes,
        Err(std::fs::TryLockError::Error(_)) => Held::Unknown,
    })
}

/// Whether `path` was last modified more than `age` ago.
pub(crate) fn older_than(path: &Path, age: Duration) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t.elapsed().is_ok_and(|e| e > age))
}
