//! Making changes survive a power cut: every folder whose entries a change
//! touched is fsynced before the change is reported, and a file moves
//! between folders by link, fsync, unlink, fsync, so that a cut leaves it
//! under its old name, its new name or both, never under none (see
//! docs/guarantees.md for each operation's sequence).

use super::{Store, fsx};
use crate::error::{Error, Kind, Result};
use std::path::Path;

/// How a durable move ([`Store::move_file`]) failed.
#[derive(Debug)]
pub(crate) enum MoveError {
    /// The file did not get its new name: nothing changed.
    NotMoved(std::io::Error),
    /// The file is at its new name, but that may not survive a power loss.
    NotDurable(Error),
}

impl Store {
    /// Moves the file at `from` to `to` (a name that must not exist) so
    /// that no power cut can lose it: link it in at `to`, make that
    /// durable, then drop the old name and make that durable. A cut in
    /// between leaves the file under both names, never under none; the old
    /// name is then a leftover that recovery removes (`store::recover`).
    pub(crate) fn move_file(&self, from: &Path, to: &Path) -> std::result::Result<(), MoveError> {
        self.stamped(from, to, || fsx::link_noreplace(from, to))
            .map_err(MoveError::NotMoved)?;
        sync_parent(to).map_err(MoveError::NotDurable)?;
        self.drop_name(from);
        Ok(())
    }

    /// Removes a name whose file is in place elsewhere. Not fsynced: a name
    /// that a power cut brings back is an earlier version of a document in
    /// place, and recovery drops it again (`store::recover`).
    pub(crate) fn drop_name(&self, path: &Path) {
        let _ = fsx::unlink(path);
    }
}

/// Creates `dir` (and its missing parents) so that it survives a power
/// cut: each new folder is fsynced into its parent. Whether it was new.
pub(crate) fn create_dir_durably(dir: &Path) -> Result<bool> {
    if dir.exists() {
        return Ok(false);
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir_durably(parent)?;
    }
    match std::fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(Error::io(dir, "create", &e)),
    }
    sync_parent(dir)?;
    Ok(true)
}

/// fsyncs a folder whose entries this process changed, so that a power
/// cut cannot undo that change (see docs/guarantees.md).
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    fsx::fsync_dir(dir).map_err(|e| Error::io(dir, "sync", &e))
}

/// fsyncs the folder holding `path`, making a rename into it durable.
/// Called right after a rename into the folder, so a failure here means
/// the change is made but may not be durable, and the message says so.
pub(crate) fn sync_parent(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fsx::fsync_dir(dir).map_err(|e| {
        Error::new(
            Kind::Io,
            format!(
                "{} is in place, but syncing {} failed ({}): the change is made, but may not survive a power loss",
                path.file_name().unwrap_or_default().to_string_lossy(),
                dir.display(),
                crate::error::describe_io(&e)
            ),
        )
    })
}
