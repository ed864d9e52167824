//! A cache of task summaries per folder (`.cache/`), so that listing a
//! folder costs a directory read (and, for folders whose files change, a
//! stat per file) instead of reading and parsing every file.
//!
//! Each folder's cache is a base (`cache_base`: entries in sections,
//! replaced whole only when compacted) and a journal (`cache_journal`:
//! one line per change fed makes, appended). A change never rewrites the
//! cache; a listing that finds it far behind the folder writes a new base.
//!
//! The cache is never authoritative: an entry is used only while the file
//! it was read from is provably the same. In `pending/`, `in-progress/` and
//! `blocked/` that means the same inode, size, mtime and ctime, recorded
//! more than two seconds after the file last changed (so that a change
//! inside one timestamp tick cannot hide: the "racy git" rule; entries
//! the journal adds carry the inode alone and are read again). In
//! `completed/`, where fed never rewrites a file, the same name and inode
//! suffice. Anything else is read from the file. The views trust names and
//! inodes alone within ten seconds of a listing that stat'ed every file
//! ([`Trust::Recent`]; a file edited in place shows within them). Claims
//! choose from the cache without listing (`claim_index`) and verify what
//! they take, and read `in-progress/` from it within ten seconds of a
//! listing that matched it (`cache/holdings.rs`);
//! `status` knows finished tasks without listing `completed/` while its
//! times say the journal explains every change (`cache_finished`), and a
//! listing that trusts names and inodes does not read a folder whose
//! journal explains it either (`cache_journal::chain`).
//! `fed check` never uses the cache.

mod holdings;

use super::Store;
use super::cache_clock::dir_stamp;
pub use super::cache_clock::{CACHE_DIR, RACY_NS, TRUST_WINDOW_NS, Trust, now_ns};
use super::cache_examine::{Examiner, examine_all};
use super::cache_line::{line_doc, parse_line};
use super::cache_tally::{Done, Seen};
use super::layout::Folder;
use super::scan::{Problem, read_task_at};
use crate::model::TaskSummary;
pub use holdings::Holding;
use std::fs::DirEntry;
use std::path::PathBuf;

/// How a listing reads a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// How far the cache's file times are trusted.
    pub trust: Trust,
    /// Rows keep their cached `queue list --json` documents.
    pub docs: bool,
}

impl Reading {
    /// A stat per file: what a changing operation reads.
    pub const STAT: Reading = Reading {
        trust: Trust::Stat,
        docs: false,
    };
    /// Names and inodes alone: a claim verifies the task it takes.
    pub const INODE: Reading = Reading {
        trust: Trust::Inode,
        docs: false,
    };
    /// What the read-only views read ([`Trust::Recent`]).
    pub const VIEW: Reading = Reading {
        trust: Trust::Recent,
        docs: false,
    };
}

/// A task summary and the file it came from.
#[derive(Debug, Clone)]
pub struct Row {
    pub folder: crate::store::layout::Folder,
    pub path: PathBuf,
    pub summary: TaskSummary,
    /// The document as `queue list --json` prints it, when cached.
    pub doc: Option<String>,
}

impl Row {
    /// Reads the full task document behind this summary.
    pub fn read(&self) -> Result<crate::model::Task, Option<Problem>> {
        read_task_at(&self.path, self.folder)
    }
}

/// The tasks of a folder, and the files that are not usable tasks.
#[derive(Debug, Default)]
pub struct Listing {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
}

impl Store {
    /// The summaries of every task in `folder`, from the cache where it is
    /// provably current and from the files elsewhere.
    pub fn list_folder(&self, folder: Folder) -> Listing {
        self.list_folder_with(folder, Reading::STAT)
    }

    /// Like [`Store::list_folder`], read as `reading` says.
    pub fn list_folder_with(&self, folder: Folder, reading: Reading) -> Listing {
        let dir = self.folder_path(folder);
        let row = |name: &str, summary, line: &str| Row {
            folder,
            path: dir.join(name),
            summary,
            doc: reading
                .docs
                .then(|| line_doc(line).map(str::to_string))
                .flatten(),
        };
        let (rows, problems) = self.scan_validated(
            folder,
            reading.trust,
            |line, name| parse_line(line).map(|s| row(name, s, line)),
            |name, summary, line| row(name, summary, line),
        );
        Listing { rows, problems }
    }

    /// Lists `folder`, turning each usable cached line (`from_line`) or
    /// freshly read task (`from_miss`, with its new line) into an item;
    /// then brings the cache up to date if it was far behind. A large
    /// folder's entries are examined on two threads (their stats are most
    /// of the cost, as in git's preloaded index), in order.
    pub(super) fn scan_validated<T: Send>(
        &self,
        folder: Folder,
        trust: Trust,
        from_line: impl Fn(&str, &str) -> Option<T> + Sync,
        from_miss: impl Fn(&str, TaskSummary, &str) -> T + Sync,
    ) -> (Vec<T>, Vec<Problem>) {
        let dir = self.folder_path(folder);
        let before = dir_stamp(&dir);
        let started = now_ns();
        let index = self.load_index(folder);
        let inode_only = match trust {
            _ if folder == Folder::Completed => true,
            Trust::Stat => false,
            Trust::Inode => true,
            Trust::Recent => index.checked_recently(started),
        };
        if inode_only && let Some(entries) = index.explained(folder, before, started) {
            // Names and inodes are trusted, and the journal accounts for
            // every name and inode the folder has: no need to read it.
            let items: Option<Vec<T>> = entries
                .iter()
                .map(|(name, line)| from_line(line, name))
                .collect();
            if let Some(items) = items {
                return (items, Vec::new());
            }
        }
        let map = index.map().unwrap_or_default();
        let entries: Vec<DirEntry> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries.flatten().collect(),
            Err(e) => return (Vec::new(), vec![Problem::unreadable(dir, &e)]),
        };
        let examiner = Examiner {
            folder,
            inode_only,
            started,
            map: &map,
            from_line,
            from_miss,
        };
        let mut items = Vec::with_capacity(map.len());
        let mut problems = Vec::new();
        let mut state = Seen::default();
        for found in examine_all(&entries, inode_only, |e| examiner.entry(e)) {
            state.add(found, &mut items, &mut problems);
        }
        let after = dir_stamp(&dir);
        state.vanished = map.len() - state.known;
        drop(map);
        let listing = Done {
            seen: state,
            clean: problems.is_empty(),
            checked: !inode_only,
            stamps: (before, after),
            started,
        };
        self.after_listing(folder, &index, listing);
        (items, problems)
    }

    /// An exclusive lock on `.cache/FOLDER.lock`, if no other process
    /// holds it: one process at a time writes a folder's base.
    pub(super) fn try_cache_lock(&self, folder: Folder) -> Option<std::fs::File> {
        self.try_cache_lock_named(folder.dir_name())
    }

    /// Forgets every match of a folder with its cache, by removing the
    /// bases (their journals stay; the next listing of each folder writes
    /// its base anew from what it finds). Run once after each boot, by
    /// the sweep (`recover/takes.rs`): a power cut may have kept a move
    /// and lost its journal record (journals are never flushed), and a
    /// match noted before the cut would vouch for the cache (claims read
    /// `in-progress/` from it alone for ten seconds after one).
    pub(super) fn forget_matches(&self) {
        for folder in Folder::ALL {
            let _ = std::fs::remove_file(self.base_path(folder));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::cache_examine::PARALLEL_ENTRIES;
    use super::super::fixture::write_pending;
    use super::*;

    fn titles(store: &Store) -> (Vec<(String, String)>, usize) {
        let listing = store.list_folder(Folder::Pending);
        let mut rows: Vec<_> = listing
            .rows
            .into_iter()
            .map(|r| (r.summary.task_id, r.summary.title))
            .collect();
        rows.sort();
        (rows, listing.problems.len())
    }

    fn pending(id: &str) -> crate::model::Task {
        crate::model::Task::from_json(format!(
            r#"{{"task_id":"{id}","title":"t","description":"d","status":"pending","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#
        ).as_bytes())
        .expect("a pending task")
    }

    /// The entries a view's listing of `pending/` takes from the journal
    /// without reading the folder, if it may.
    fn from_journal(store: &Store) -> Option<usize> {
        let dir = super::super::cache_clock::dir_stamp(&store.folder_path(Folder::Pending));
        let index = store.load_index(Folder::Pending);
        index
            .explained(Folder::Pending, dir, now_ns())
            .map(|e| e.len())
    }

    #[test]
    fn a_view_follows_recorded_moves_without_reading_the_folder_but_not_a_move_by_hand() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let publish = |id: &str| {
            let dest = store.task_path(Folder::Pending, id, None);
            store.publish_doc(&dest, &pending(id)).expect("publish");
        };
        let ids = |store: &Store| {
            let mut ids: Vec<String> =
                (store.list_folder_with(Folder::Pending, Reading::VIEW).rows)
                    .into_iter()
                    .map(|r| r.summary.task_id)
                    .collect();
            ids.sort();
            ids
        };
        publish("a");
        publish("b");
        assert_eq!(ids(&store), ["a", "b"], "a listing that stats every file");
        assert_eq!(from_journal(&store), Some(2));
        publish("c");
        // Out of the folder as a take does: the move stamped, then noted.
        let home = store.task_path(Folder::Pending, "a", None);
        let away = store.path("moved-a.json");
        store
            .stamped(&home, &away, || std::fs::rename(&home, &away))
            .unwrap();
        store.note_removed(&home, &pending("a"));
        assert_eq!(from_journal(&store), Some(2), "b and c, from the journal");
        assert_eq!(ids(&store), ["b", "c"]);
        // A file put there by hand: the folder's times no longer chain.
        write_pending(&store, "d", "by hand");
        assert_eq!(from_journal(&store), None);
        publish("e");
        assert_eq!(from_journal(&store), None, "a later record hides no gap");
        assert_eq!(ids(&store), ["b", "c", "d", "e"]);
        // That listing read the folder; the chain starts again from it.
        publish("f");
        assert_eq!(from_journal(&store), Some(5));
        assert_eq!(ids(&store), ["b", "c", "d", "e", "f"]);
    }

    #[test]
    fn a_large_folder_listed_on_two_threads_sees_every_edit_by_hand() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let n = PARALLEL_ENTRIES + 100;
        let id = |i: usize| format!("t-{i:05}");
        for i in 0..n {
            write_pending(&store, &id(i), "first");
        }
        let expected = |edited: &[usize]| {
            let mut rows: Vec<_> = (0..n)
                .filter(|i| *i != 7)
                .map(|i| {
                    let title = if edited.contains(&i) {
                        "second!"
                    } else {
                        "first"
                    };
                    (id(i), title.to_string())
                })
                .collect();
            rows.sort();
            rows
        };
        let all = |title: &str| (0..n).map(|i| (id(i), title.to_string())).collect();
        assert_eq!(titles(&store), (all("first"), 0));
        // Past the two seconds within which file times are not trusted:
        // the next listing writes a base the one after trusts.
        std::thread::sleep(std::time::Duration::from_millis(2100));
        assert_eq!(titles(&store), (all("first"), 0));
        assert_eq!(titles(&store), (all("first"), 0));
        let edited = [0, n / 2 + 1, n - 1];
        for &i in &edited {
            write_pending(&store, &id(i), "second!");
        }
        std::fs::remove_file(store.task_path(Folder::Pending, &id(7), None)).unwrap();
        std::fs::write(store.task_path(Folder::Pending, "bad", None), b"{").unwrap();
        assert_eq!(titles(&store), (expected(&edited), 1));
    }
}
