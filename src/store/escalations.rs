//! Which escalations of blocked tasks were logged (`.escalated/`): one
//! empty marker file per task, stage and blocking, created with
//! `O_EXCL`, so that of any number of processes noticing the same
//! escalation exactly one logs it. Markers of tasks that are no longer
//! blocked as they were are removed.

use super::Store;
use super::fsx;
use crate::error::{Error, Result};

/// The folder of the markers.
pub const ESCALATED_DIR: &str = ".escalated";

impl Store {
    /// Creates the marker `key`; true when this call created it (the
    /// caller then logs the escalation), false when it existed.
    pub fn mark_escalated(&self, key: &str) -> Result<bool> {
        let dir = self.path(ESCALATED_DIR);
        if let Err(e) = std::fs::create_dir(&dir)
            && e.kind() != std::io::ErrorKind::AlreadyExists
        {
            return Err(Error::io(&dir, "create", &e));
        }
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            _ => {
                return Err(Error::invalid(format!(
                    "{} is not a directory; refusing to use it",
                    dir.display()
                )));
            }
        }
        let path = dir.join(key);
        match fsx::write_new(&path, b"") {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(Error::io(&path, "create", &e)),
        }
    }

    /// The markers there are.
    pub fn escalation_marks(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.path(ESCALATED_DIR)) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .collect()
    }

    /// Removes the marker `key` (a missing one is fine).
    pub fn unmark_escalated(&self, key: &str) {
        if !key.contains('/') && !key.starts_with('.') {
            let _ = fsx::unlink(&self.path(ESCALATED_DIR).join(key));
        }
    }
}
