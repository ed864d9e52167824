//! Waking a view when the federation changes (`fed log --follow`, `fed
//! serve`): file-system notifications (inotify on Linux) on the
//! federation folder, its queue and vote folders, and a slow safety
//! re-check in case a notification is lost. Only those commands set one
//! up: the short commands never start the notification machinery.

use super::Store;
use super::layout::{Folder, VOTES_ACTIVE, VOTES_RESOLVED};
use crate::error::{Error, Kind, Result};
use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// Notifications of changes, as wake-ups.
pub struct Wake {
    rx: Receiver<()>,
    _watcher: notify::RecommendedWatcher,
}

/// What to watch: the federation folder alone (the log, state.json) or
/// every folder whose names or files change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Root,
    Everything,
}

impl Store {
    /// Starts watching.
    pub fn wake_on_change(&self, scope: Scope) -> Result<Wake> {
        let (tx, rx) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                // An error (a lost event, an overflow) is a reason to look.
                if event.as_ref().is_ok_and(|e| !relevant(e)) {
                    return;
                }
                let _ = tx.send(());
            })
            .map_err(|e| watch_error(self.root(), &e))?;
        let mut dirs = vec![self.root().to_path_buf()];
        if scope == Scope::Everything {
            dirs.extend(Folder::ALL.iter().map(|f| self.folder_path(*f)));
            dirs.push(self.path(VOTES_ACTIVE));
            dirs.push(self.path(VOTES_RESOLVED));
        }
        for dir in dirs {
            watcher
                .watch(&dir, RecursiveMode::NonRecursive)
                .map_err(|e| watch_error(&dir, &e))?;
        }
        Ok(Wake {
            rx,
            _watcher: watcher,
        })
    }
}

fn watch_error(path: &Path, e: &notify::Error) -> Error {
    Error::new(
        Kind::Io,
        format!("cannot watch {} for changes: {e}", path.display()),
    )
}

/// Reads (opening a file, access times) change nothing; writes, names
/// coming and going do.
fn relevant(event: &notify::Event) -> bool {
    !matches!(
        event.kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

impl Wake {
    /// Waits until something changed or `recheck` passed; wake-ups that
    /// piled up meanwhile are taken together. True when woken by a change.
    pub fn wait(&self, recheck: Duration) -> bool {
        let woken = match self.rx.recv_timeout(recheck) {
            Ok(()) => true,
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(recheck);
                false
            }
        };
        while self.rx.try_recv().is_ok() {}
        woken
    }
}

impl Store {
    /// A number that changes when anything a view shows may have changed:
    /// the size and times of the log, `state.json`, and the queue and vote
    /// folders (a name added or removed changes its folder's times; fed
    /// replaces files by renaming, so a changed task changes its folder).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        use std::os::unix::fs::MetadataExt;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let mut paths = vec![
            self.path(super::layout::LOG_FILE),
            self.path(super::layout::STATE_FILE),
            self.path(VOTES_ACTIVE),
            self.path(VOTES_RESOLVED),
        ];
        paths.extend(Folder::ALL.iter().map(|f| self.folder_path(*f)));
        for path in paths {
            match std::fs::symlink_metadata(&path) {
                Ok(m) => {
                    (m.ino(), m.len(), m.mtime(), m.mtime_nsec(), m.ctime_nsec()).hash(&mut hasher)
                }
                Err(_) => 0u8.hash(&mut hasher),
            }
        }
        hasher.finish()
    }
}
