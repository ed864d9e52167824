//! What a claim reads of `in-progress/`: each task's id, holder, lease
//! and reserved files, and nothing else. Every claim reads that folder
//! (to take back expired leases, to keep out of files in use, and to
//! refuse an id that is in progress too), so with many tasks in progress
//! it was most of a claim's cost. Each cached line gives only these four
//! fields; and as with the ready order (`claim_index`), the cache alone
//! stands for the folder within
//! [`TRUST_WINDOW_NS`](super::TRUST_WINDOW_NS) of a listing that matched
//! it, or while another claim lists it: reading a directory of 2,400
//! names costs the kernel about 1.3 ms. fed journals every move it makes,
//! so what the cache alone can miss is a file put there by hand or left by
//! a process killed between its move and its record: seen by the next
//! listing (at most [`TRUST_WINDOW_NS`](super::TRUST_WINDOW_NS) later, or
//! at the next compaction), a delay a claim tolerates (a lease taken back
//! a little later; a reservation or a doubled id, which `fed check`
//! reports, seen a little later). A listing is read as
//! [`Reading::INODE`](super::Reading::INODE) reads it.

use super::super::Store;
use super::super::cache_line::{opt, split_fields, unescape};
use super::super::layout::Folder;
use super::super::scan::Problem;
use super::{Trust, now_ns};
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
    /// there that are not usable tasks: from the cache alone when it
    /// serves claims (see the module), else from a listing, one process
    /// at a time.
    pub fn holdings(&self) -> (Vec<Holding>, Vec<Problem>) {
        let index = self.load_index(Folder::InProgress);
        let now = now_ns();
        // The lock is tried only when no match is recent: `None` then
        // means another process is listing.
        let listing = (!index.matched_recently(now))
            .then(|| self.try_cache_lock_named("in-progress.listing"));
        let busy = matches!(listing, Some(None));
        if index.serves_claims(Folder::InProgress, now, busy)
            && let Some(entries) = index.entries()
            && let Some(held) = (entries.into_iter())
                .map(|(name, line)| Holding::parse(line, name))
                .collect::<Option<Vec<_>>>()
        {
            return (held, Vec::new());
        }
        drop(index);
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

#[cfg(test)]
mod served {
    use super::*;
    use crate::model::Task;

    fn in_progress(id: &str) -> Task {
        Task::from_json(format!(
            r#"{{"task_id":"{id}","title":"t","description":"d","status":"in-progress","assignee":"kimi","lease":{{"token":"1-abc","claimed_at":"2026-01-01T00:00:00Z","expires_at":"2026-01-01T00:30:00Z"}},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#
        ).as_bytes())
        .expect("a task in progress")
    }

    fn ids(store: &Store) -> Vec<String> {
        let (held, problems) = store.holdings();
        assert!(problems.is_empty(), "{problems:?}");
        let mut ids: Vec<String> = held.into_iter().map(|h| h.task_id).collect();
        ids.sort();
        ids
    }

    #[test]
    fn the_cache_stands_for_the_folder_only_until_a_listing_is_due() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let path = |id: &str| store.task_path(Folder::InProgress, id, Some("1-abc"));
        for id in ["a", "b"] {
            store
                .publish_doc(&path(id), &in_progress(id))
                .expect("publish");
        }
        // No listing matched yet: this one lists, and notes the match.
        assert_eq!(ids(&store), ["a", "b"]);
        // A file put there by hand, which no journal records: within the
        // match's window the cache alone answers, and does not know it.
        let by_hand = serde_json::to_vec(&in_progress("h")).expect("json");
        std::fs::write(path("h"), by_hand).expect("write");
        assert_eq!(ids(&store), ["a", "b"]);
        // Past the window, only while another process lists it.
        let index = store.load_index(Folder::InProgress);
        let later = now_ns() + crate::store::cache::TRUST_WINDOW_NS;
        assert!(index.serves_claims(Folder::InProgress, now_ns(), false));
        assert!(!index.serves_claims(Folder::InProgress, later, false));
        assert!(index.serves_claims(Folder::InProgress, later, true));
        // Moves fed makes are in the journal, so the cache knows them; once
        // the journal is due a compaction (past 64 moves in so small a
        // folder), a listing answers, and finds the file put there by hand.
        for i in 0..65 {
            let id = format!("n{i:02}");
            store
                .publish_doc(&path(&id), &in_progress(&id))
                .expect("publish");
        }
        let listed = ids(&store);
        assert_eq!(listed.len(), 68);
        assert!(listed.contains(&"h".to_string()), "{listed:?}");
        // The listing compacted the cache, which now serves with the file.
        assert_eq!(ids(&store), listed);
        assert_eq!(store.load_index(Folder::InProgress).records, 0);
    }

    #[test]
    fn a_new_boot_forgets_the_matches_noted_before_it() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let recover = || store.recover(chrono::Utc::now(), crate::model::Duration::from_secs(3600));
        let path = |id: &str| store.task_path(Folder::InProgress, id, Some("1-abc"));
        store
            .publish_doc(&path("a"), &in_progress("a"))
            .expect("publish");
        recover();
        assert_eq!(ids(&store), ["a"]);
        // A move that a power cut kept while its journal record was lost
        // looks like a file put there by hand: within the match's window
        // the cache alone answers, also after a recovery of the same boot.
        let kept = serde_json::to_vec(&in_progress("k")).expect("json");
        std::fs::write(path("k"), kept).expect("write");
        recover();
        assert_eq!(ids(&store), ["a"]);
        // A new boot (its sweep marker not there yet): recovery forgets
        // the match, and the next claim lists the folder.
        let cache = store.path(crate::store::cache::CACHE_DIR);
        for entry in std::fs::read_dir(&cache).expect("cache dir").flatten() {
            if entry.file_name().to_string_lossy().starts_with("swept-") {
                std::fs::remove_file(entry.path()).expect("remove the marker");
            }
        }
        recover();
        assert_eq!(ids(&store), ["a", "k"]);
    }
}
