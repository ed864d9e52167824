//! `fed queue note`: a message on a task's thread, from any agent, on any
//! task (finished ones too: a note on a task in `completed/` changes it
//! through the same transaction, and it stays there).
//!
//! A note is appended to the task as taken, so many agents noting one
//! task at once lose none. A task's thread is bounded (see
//! [`MAX_NOTE_BYTES`], [`MAX_NOTES`], [`MAX_NOTED_TASK_BYTES`]) so that
//! its file stays well under what fed reads back, with room for the
//! history of the changes still to come.

use super::change::change_if;
use super::recover::recover;
use crate::error::{Error, Param, Result};
use crate::model::{Note, Task};
use crate::op::Op;
use crate::store::locate::resolve;
use serde_json::Map;

/// Longest note, in bytes.
pub const MAX_NOTE_BYTES: usize = 8 * 1024;
/// Most notes a task keeps.
pub const MAX_NOTES: usize = 100;
/// Largest task file a note may make: three quarters of what fed reads
/// back (`store::layout::MAX_TASK_BYTES`), so that the task can still be
/// claimed, completed and changed afterwards.
pub const MAX_NOTED_TASK_BYTES: usize = 768 * 1024;
/// How many times a note that loses the race for its task tries again:
/// notes commute, so a crowd of them should all land.
const NOTE_RETRIES: usize = 64;

/// Appends the caller's `text` to task `raw_id`'s thread.
pub fn note(op: &Op, raw_id: &str, text: &str) -> Result<Task> {
    let agent = op.require_agent("queue note")?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid("the note is empty").on(Param::Message));
    }
    if text.len() > MAX_NOTE_BYTES {
        return Err(Error::invalid(format!(
            "{} bytes is too long (a note may be at most {MAX_NOTE_BYTES})",
            text.len()
        ))
        .on(Param::Message));
    }
    recover(op);
    let id = resolve(op.store, raw_id, Param::Id)?;
    let (task, _) = change_if(
        op,
        &id,
        NOTE_RETRIES,
        |found| room(&found.task),
        |mut task| {
            room(&task)?;
            task.notes.push(Note {
                agent: agent.to_string(),
                at: op.now(),
                text: text.to_string(),
                extra: Map::new(),
            });
            task.record(op.now(), "noted", Some(agent), None);
            let size = task.to_json().len();
            if size > MAX_NOTED_TASK_BYTES {
                return Err(Error::invalid(format!(
                    "task {id} would be {size} bytes with this note; notes may fill a task up to {MAX_NOTED_TASK_BYTES} bytes, so that its later changes still fit"
                )));
            }
            Ok(Some(task))
        },
    )?;
    op.log(op.event("noted", &id).with("text", text));
    Ok(task)
}

/// Refuses a note on a task whose thread is full.
fn room(task: &Task) -> Result<()> {
    if task.notes.len() >= MAX_NOTES {
        return Err(Error::invalid(format!(
            "task {} has {} notes, the most a task keeps",
            task.task_id,
            task.notes.len()
        )));
    }
    Ok(())
}
