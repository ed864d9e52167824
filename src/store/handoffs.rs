//! The `handoffs/` folder: follow-up tasks prepared before the completion
//! of the task they follow lands, and moved into `queue/pending/` once it
//! has (`queue::handoff` decides when). A prepared file has exactly one
//! way out: a no-clobber rename into the queue, or a rename out of view
//! that drops it; either succeeds for one process only.

use super::fsx;
use super::layout::{Folder, HANDOFFS_DIR, MAX_TASK_BYTES, TMP_DIR};
use super::{MoveError, Store};
use crate::error::{Error, Result};
use crate::model::Task;
use crate::model::id::validate_id;
use std::io::ErrorKind;
use std::path::PathBuf;

/// A prepared handoff file.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub path: PathBuf,
    pub id: String,
}

/// What became of a prepared handoff that was to be queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queued {
    /// It is in `queue/pending/` now.
    Published,
    /// Another process queued or dropped it first.
    Gone,
    /// A task with its id is queued already; the prepared copy was removed.
    Leftover,
}

impl Store {
    /// Where a handoff waits before it is queued.
    pub fn handoff_path(&self, id: &str) -> PathBuf {
        self.path(HANDOFFS_DIR).join(format!("{id}.json"))
    }

    /// The prepared handoffs: regular files named after a valid id.
    pub fn prepared_handoffs(&self) -> Vec<Prepared> {
        let Ok(entries) = std::fs::read_dir(self.path(HANDOFFS_DIR)) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let id = name.strip_suffix(".json")?.to_string();
                validate_id(&id, "id").ok()?;
                Some(Prepared { path: e.path(), id })
            })
            .collect()
    }

    /// How many handoffs wait (for their task, or for `fed resume`).
    pub fn prepared_count(&self) -> usize {
        std::fs::read_dir(self.path(HANDOFFS_DIR))
            .map(|e| {
                e.flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                    .count()
            })
            .unwrap_or(0)
    }

    /// The task a prepared file holds; `None` when it was taken by another
    /// process meanwhile or cannot be read.
    pub fn read_prepared(&self, prepared: &Prepared) -> Option<Task> {
        let bytes = fsx::read_bounded(&prepared.path, MAX_TASK_BYTES).ok()?;
        Task::from_json(&bytes).ok()
    }

    /// Drops a prepared handoff; `false` when another process took it first.
    pub fn drop_prepared(&self, prepared: &Prepared) -> bool {
        let out_of_view = self.path(TMP_DIR).join(format!(".dropped.{}", prepared.id));
        if fsx::rename_noreplace(&prepared.path, &out_of_view).is_err() {
            return false;
        }
        let _ = std::fs::remove_file(&out_of_view);
        true
    }

    /// Moves a prepared handoff (holding `task`) into `queue/pending/`,
    /// durably.
    pub fn queue_prepared(&self, prepared: &Prepared, task: &Task) -> Result<Queued> {
        let dest = self.task_path(Folder::Pending, &prepared.id, None);
        match self.move_file(&prepared.path, &dest) {
            Ok(()) => {
                self.note_added(&dest, task);
                Ok(Queued::Published)
            }
            Err(MoveError::NotDurable(e)) => {
                self.note_added(&dest, task);
                Err(e)
            }
            Err(MoveError::NotMoved(e)) if e.kind() == ErrorKind::NotFound => Ok(Queued::Gone),
            Err(MoveError::NotMoved(e)) if e.kind() == ErrorKind::AlreadyExists => {
                // Queued already (a move cut short left this name behind).
                self.drop_name(&prepared.path);
                Ok(Queued::Leftover)
            }
            Err(MoveError::NotMoved(e)) => Err(Error::io(&dest, "publish", &e)),
        }
    }
}
