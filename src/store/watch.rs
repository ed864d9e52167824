//! Waking a command that waits for the queue to change (`queue claim
//! --wait`, `fed work`): file-system notifications (inotify on Linux) on
//! the four queue folders and on `state.json`, never polling.
//!
//! A watch is made before the first look at the queue, so that a change
//! between that look and the wait is not missed: it is queued as a wake-up.
//! Reads (opening a file, listing a folder, access times) do not wake it;
//! names coming and going, and writes, do. Only commands that wait set one
//! up: the others never start the notification machinery.

use super::Store;
use super::layout::{Folder, STATE_FILE};
use crate::error::{Error, Kind, Result};
use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Instant;

/// Notifications of changes to the queue, as wake-ups.
pub struct Watch {
    rx: Receiver<()>,
    tx: Sender<()>,
    _watcher: notify::RecommendedWatcher,
}

/// Wakes a [`Watch`] from elsewhere (a signal, a worker's own thread).
#[derive(Clone)]
pub struct Waker(Sender<()>);

impl Waker {
    pub fn wake(&self) {
        let _ = self.0.send(());
    }
}

impl Store {
    /// Starts watching the queue folders and `state.json`.
    pub fn watch(&self) -> Result<Watch> {
        let (tx, rx) = channel();
        let sender = tx.clone();
        let root = self.root().to_path_buf();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                // An error (a lost event, an overflow) is a reason to look.
                if event.as_ref().is_ok_and(|e| !relevant(e, &root)) {
                    return;
                }
                let _ = sender.send(());
            })
            .map_err(|e| watch_error(self.root(), &e))?;
        for folder in Folder::ALL {
            let path = self.folder_path(folder);
            watcher
                .watch(&path, RecursiveMode::NonRecursive)
                .map_err(|e| watch_error(&path, &e))?;
        }
        watcher
            .watch(self.root(), RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(self.root(), &e))?;
        Ok(Watch {
            rx,
            tx,
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

/// Whether an event can make a task claimable: a name came or went, or a
/// file was written, in a queue folder; or `state.json` changed. In the
/// federation folder itself (the log, the config) nothing else counts.
fn relevant(event: &notify::Event, root: &Path) -> bool {
    match event.kind {
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => {
            event.paths.is_empty()
                || event.paths.iter().any(|p| {
                    p.parent() != Some(root) || p.file_name().is_some_and(|n| n == STATE_FILE)
                })
        }
    }
}

impl Watch {
    /// Waits until the queue changes or `until` passes; returns whether it
    /// was woken. Wake-ups that piled up meanwhile are taken together.
    pub fn wait_until(&self, until: Instant) -> bool {
        let timeout = until.saturating_duration_since(Instant::now());
        let woken = match self.rx.recv_timeout(timeout) {
            Ok(()) => true,
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(timeout);
                false
            }
        };
        while self.rx.try_recv().is_ok() {}
        woken
    }

    /// A handle that wakes this watch from another thread.
    pub fn waker(&self) -> Waker {
        Waker(self.tx.clone())
    }
}
