//! The `handoffs/` folder: follow-up tasks prepared before the completion
//! of the task they follow lands, and moved into `queue/pending/` once it
//! has (`queue::handoff` decides when). A prepared file has exactly one
//! way out: a no-clobber rename into the queue, or a rename out of view
//! that drops it; either succeeds for one process only.

use super::fsx;
use super::layout::{Folder, HANDOFFS_DIR, MAX_TASK_BYTES, TMP_DIR};
use super::publish::{DocRef, Pushed};
use super::{MoveError, Store};
use crate::error::{Error, Kind, Result};
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
    /// durably. A shared federation publishes it to the remote first, as a
    /// new task.
    pub fn queue_prepared(&self, prepared: &Prepared, task: &Task) -> Result<Queued> {
        let dest = self.task_path(Folder::Pending, &prepared.id, None);
        let pushed = match self.push_prepared(prepared, &dest)? {
            Ok(pushed) => pushed,
            Err(done) => return Ok(done),
        };
        match self.move_file(&prepared.path, &dest) {
            Ok(()) => {
                self.note_added(&dest, task);
                self.settle(pushed);
                Ok(Queued::Published)
            }
            Err(MoveError::NotDurable(e)) => {
                self.note_added(&dest, task);
                self.settle(pushed);
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

    /// The commit hook of a queued handoff: `Err(outcome)` when there is
    /// nothing to queue after all (queued already, here or on the remote).
    fn push_prepared(
        &self,
        prepared: &Prepared,
        dest: &std::path::Path,
    ) -> Result<std::result::Result<Option<Pushed>, Queued>> {
        if !self.is_shared() {
            return Ok(Ok(None));
        }
        if std::fs::symlink_metadata(dest).is_ok() {
            self.drop_name(&prepared.path);
            return Ok(Err(Queued::Leftover));
        }
        let bytes = match fsx::read_bounded(&prepared.path, MAX_TASK_BYTES) {
            Ok(bytes) => bytes,
            Err(fsx::ReadError::Missing) => return Ok(Err(Queued::Gone)),
            Err(e) => {
                return Err(Error::invalid(format!(
                    "{}: {}",
                    prepared.path.display(),
                    e.describe(MAX_TASK_BYTES)
                )));
            }
        };
        let what = DocRef {
            kind: "task",
            id: &prepared.id,
        };
        match self.push_doc(what, &bytes, true) {
            Ok(pushed) => Ok(Ok(pushed)),
            // The remote has this follow-up already (a queueing cut short
            // after its push): the next sync brings it here.
            Err(e) if e.kind == Kind::Moved => {
                self.drop_prepared(prepared);
                Ok(Err(Queued::Leftover))
            }
            Err(e) => Err(e),
        }
    }
}
