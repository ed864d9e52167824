//! What a claim reads of `in-progress/`: each task's id, holder, lease
//! and reserved files, and nothing else. Every claim lists that folder
//! (to take back expired leases, to keep out of files in use, and to
//! refuse an id that is in progress too), so with many tasks in progress
//! parsing whole summaries was most of a claim's cost: the listing is the
//! cache's, read as [`Reading::INODE`](super::Reading::INODE)
//! reads it, but each cached line gives only these four fields.

use super::super::Store;
use super::super::cache_line::{opt, split_fields, unescape};
use super::super::layout::Folder;
use super::super::scan::Problem;
use super::Trust;
use crate::model::TaskSummary;
use crate::model::time::Timestamp;
use chrono::DateTime;

/// One task in progress, as a claim needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Holding {
    pub task_id: String,
    pub assignee: Option<String>,
    pub lease_expires_at: Option<Timestamp>,
    pub files: Vec<String>,
}

impl Holding {
    fn new(summary: TaskSummary) -> Holding {
        Holding {
            task_id: summary.task_id,
            assignee: summary.assignee,
            lease_expires_at: summary.lease_expires_at,
            files: summary.files,
        }
    }

    /// The fields of an entry line (`cache_line::write_line`) a claim
    /// needs; `None` when they do not parse (the file is read instead).
    /// A file whose name and content disagree is never a cached entry: it
    /// is one of the listing's problems.
    fn parse(line: &str, _name: &str) -> Option<Holding> {
        let f: [&str; 19] = split_fields(line)?;
        Some(Holding {
            task_id: f[5].to_string(),
            assignee: opt(f[11]),
            lease_expires_at: match f[13] {
                "" => None,
                millis => Some(DateTime::from_timestamp_millis(millis.parse().ok()?)?),
            },
            files: match f[18] {
                "" => Vec::new(),
                files => unescape(files).split('\n').map(str::to_string).collect(),
            },
        })
    }
}

impl Store {
    /// The tasks in `in-progress/` as a claim needs them, and the files
    /// there that are not usable tasks.
    pub fn holdings(&self) -> (Vec<Holding>, Vec<Problem>) {
        self.scan_validated(
            Folder::InProgress,
            Trust::Inode,
            Holding::parse,
            |_name, summary, _line| Holding::new(summary),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::Reading;
    use super::*;

    #[test]
    fn holdings_say_what_the_rows_of_a_listing_say() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let mut task = crate::model::Task::from_json(
            br#"{"task_id":"t-1","title":"tab\there","description":"d","status":"in-progress","assignee":"kimi","files":["src/*.rs","a\tb"],"lease":{"token":"1-abc","claimed_at":"2026-01-01T00:00:00Z","expires_at":"2026-01-01T00:30:00Z"},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}"#,
        )
        .expect("a task in progress");
        let dest = store.task_path(Folder::InProgress, "t-1", Some("1-abc"));
        store.publish_doc(&dest, &task).expect("publish");
        task.task_id = "t-2".into();
        task.files.clear();
        task.assignee = None;
        let dest = store.task_path(Folder::InProgress, "t-2", Some("1-abc"));
        store.publish_doc(&dest, &task).expect("publish");
        let from_rows = |store: &Store| {
            let listing = store.list_folder_with(Folder::InProgress, Reading::INODE);
            let mut held: Vec<_> = listing
                .rows
                .into_iter()
                .map(|r| Holding::new(r.summary))
                .collect();
            held.sort_by(|a, b| a.task_id.cmp(&b.task_id));
            held
        };
        let sorted = |mut held: Vec<Holding>| {
            held.sort_by(|a, b| a.task_id.cmp(&b.task_id));
            held
        };
        // Read from the files, then (the cache written) from its lines,
        // past the two seconds within which file times are not trusted.
        for round in 0..3 {
            if round == 2 {
                std::thread::sleep(std::time::Duration::from_millis(2100));
            }
            let (held, problems) = store.holdings();
            assert!(problems.is_empty(), "{problems:?}");
            let held = sorted(held);
            assert_eq!(held, from_rows(&store));
            assert_eq!(held.len(), 2);
            assert_eq!(held[0].files, ["src/*.rs", "a\tb"]);
            assert_eq!(held[0].assignee.as_deref(), Some("kimi"));
            assert!(held[0].lease_expires_at.is_some());
            assert!(held[1].files.is_empty() && held[1].assignee.is_none());
        }
    }
}
