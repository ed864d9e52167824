//! What the views need beyond a snapshot: the full documents of a few
//! tasks (the blocked ones, the recently finished ones), read file by file.

use super::Store;
use super::cache::Row;
use super::layout::Folder;
use crate::model::Task;
use std::time::SystemTime;

impl Store {
    /// The full documents of the `limit` finished tasks whose files were
    /// written last, newest first. A finished file is written once, when
    /// its task finishes, so its modification time orders the finishes
    /// without reading every document of `completed/`.
    pub fn recently_finished(&self, limit: usize) -> Vec<Task> {
        let listing = self.list_folder(Folder::Completed);
        let mut dated: Vec<(SystemTime, &Row)> = listing
            .rows
            .iter()
            .filter_map(|row| {
                let meta = std::fs::symlink_metadata(&row.path).ok()?;
                Some((meta.modified().ok()?, row))
            })
            .collect();
        dated.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.summary.task_id.cmp(&a.1.summary.task_id))
        });
        dated
            .into_iter()
            .take(limit)
            .filter_map(|(_, row)| row.read().ok())
            .collect()
    }

    /// The full documents of `rows` (a task that moved meanwhile is left
    /// out: the next look sees it where it went).
    pub fn read_rows<'a>(&self, rows: impl IntoIterator<Item = &'a Row>) -> Vec<Task> {
        rows.into_iter().filter_map(|row| row.read().ok()).collect()
    }
}
