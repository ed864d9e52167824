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
//! suffice. Anything else is read from the file. Claims choose from the
//! cache without listing (`claim_index`) and verify what they take;
//! `status` knows finished tasks without listing `completed/` while its
//! times say the journal explains every change (`cache_finished`).
//! `fed check` never uses the cache.

use super::Store;
use super::cache_base::Meta;
pub use super::cache_clock::{CACHE_DIR, RACY_NS, TRUST_WINDOW_NS, Trust, now_ns};
use super::cache_clock::{Stamp, dir_stamp};
use super::cache_examine::{Examiner, Found, examine_all};
use super::cache_journal::{Op, parse_records};
use super::cache_line::{line_doc, lines, parse_line};
use super::layout::Folder;
use super::scan::{Problem, read_task_at};
use crate::model::TaskSummary;
use std::fs::DirEntry;
use std::path::PathBuf;

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

/// A folder's cache as read before a listing: the base's entries and the
/// journal after them.
pub(super) struct Index {
    pub(super) meta: Meta,
    base: String,
    tail: String,
    /// Base and journal belong together and every journal line parsed.
    pub(super) coherent: bool,
    /// The journal's inode and the offset a base written now includes.
    pub(super) journal: (u64, u64),
    pub(super) records: usize,
    pub(super) validated_ns: i128,
}

impl Store {
    /// The summaries of every task in `folder`, from the cache where it is
    /// provably current and from the files elsewhere.
    pub fn list_folder(&self, folder: Folder) -> Listing {
        self.list_folder_with(folder, Trust::Stat)
    }

    /// Like [`Store::list_folder`] with the given trust.
    pub fn list_folder_with(&self, folder: Folder, trust: Trust) -> Listing {
        let dir = self.folder_path(folder);
        let row = |name: &str, summary, doc: Option<&str>| Row {
            folder,
            path: dir.join(name),
            summary,
            doc: doc.map(str::to_string),
        };
        let (rows, problems) = self.scan_validated(
            folder,
            trust,
            |line, name| parse_line(line).map(|s| row(name, s, line_doc(line))),
            |name, summary, line| row(name, summary, line_doc(line)),
        );
        Listing { rows, problems }
    }

    /// Reads `folder`'s cache: base and journal tail.
    pub(super) fn load_index(&self, folder: Folder) -> Index {
        let mut index = Index {
            meta: Meta::default(),
            base: String::new(),
            tail: String::new(),
            coherent: false,
            journal: (0, 0),
            records: 0,
            validated_ns: 0,
        };
        let loaded = self.open_base(folder).and_then(|base| {
            let text = base.text_of(|s| s.kind != super::cache_base::Kind::States)?;
            let tail =
                self.read_journal(folder, base.meta.journal_ino, base.meta.journal_offset)?;
            Some((base.meta, text, tail))
        });
        if let Some((meta, base, tail)) = loaded {
            let records = parse_records(&tail.text);
            index.coherent = records.is_some();
            index.records = records.as_ref().map_or(0, Vec::len);
            index.validated_ns = records
                .iter()
                .flatten()
                .filter(|r| r.op == Op::Validated)
                .map(|r| r.at_ns)
                .fold(meta.validated_ns, i128::max);
            index.journal = (meta.journal_ino, tail.end);
            (index.meta, index.base, index.tail) = (meta, base, tail.text);
        }
        if !index.coherent {
            // A base written from the coming listing includes the journal
            // as it is now.
            index.journal = self.journal_mark(folder).unwrap_or((0, 0));
        }
        index
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
        let inode_only = folder == Folder::Completed || trust == Trust::Inode;
        let dir = self.folder_path(folder);
        let before = dir_stamp(&dir);
        let started = now_ns();
        let index = self.load_index(folder);
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
        self.after_listing(
            folder,
            &index,
            state,
            problems.is_empty(),
            (before, after),
            started,
        );
        (items, problems)
    }

    /// Writes a new base when the cache was far behind the listing, else
    /// notes that the listing matched it (claims and `status` rely on
    /// recent matches).
    fn after_listing(
        &self,
        folder: Folder,
        index: &Index,
        seen: Seen,
        clean: bool,
        (before, after): (Option<Stamp>, Option<Stamp>),
        started: i128,
    ) {
        let entries = seen.lines.len();
        let slack = entries / 64;
        let rewrite = !index.coherent
            || seen.misses + seen.vanished > slack
            || index.meta.clean != clean
            || before.is_none_or(|b| b.ino != index.meta.dir.ino)
            || index.records > compact_after(entries);
        if rewrite {
            let Some(_lock) = self.try_cache_lock(folder) else {
                return; // another process is writing it now
            };
            let meta = Meta {
                dir: before.unwrap_or_default(),
                validated_ns: started,
                clean: clean && before.is_some(),
                ..Meta::default()
            };
            let lines: Vec<&str> = seen.lines.iter().map(|l| l.as_ref()).collect();
            self.compact(folder, meta, &lines, index.journal);
            return;
        }
        let window = match folder {
            Folder::Pending => TRUST_WINDOW_NS,
            Folder::Completed => super::cache_finished::FINISHED_WINDOW_NS,
            _ => return,
        };
        let matched = seen.unknown == 0 && seen.vanished == 0 && before == after;
        if matched && index.validated_ns + window / 2 < started {
            self.note_validated(folder, after.unwrap_or_default(), started);
        }
    }

    /// An exclusive lock on `.cache/FOLDER.lock`, if no other process
    /// holds it: one process at a time writes a folder's base.
    pub(super) fn try_cache_lock(&self, folder: Folder) -> Option<std::fs::File> {
        use std::os::unix::fs::OpenOptionsExt;
        let path = self
            .path(CACHE_DIR)
            .join(format!("{}.lock", folder.dir_name()));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
            .ok()?;
        file.try_lock().ok().map(|()| file)
    }
}

/// Journal lines after which a listing compacts the cache.
pub(super) fn compact_after(entries: usize) -> usize {
    512.max(entries / 16)
}

/// What a listing found, against the cache.
#[derive(Default)]
struct Seen<'a> {
    /// The lines of a base written from this listing.
    lines: Vec<std::borrow::Cow<'a, str>>,
    /// Files with a cache entry.
    known: usize,
    /// Files not in the cache, or under another inode.
    unknown: usize,
    /// Files read that could have been cached (not too fresh).
    misses: usize,
    /// Cache entries without a file.
    vanished: usize,
}

impl<'a> Seen<'a> {
    /// Counts what an entry turned out to be, keeping its item and line
    /// or its problem.
    fn add<T>(&mut self, found: Found<'a, T>, items: &mut Vec<T>, problems: &mut Vec<Problem>) {
        match found {
            Found::Cached(item, line) => {
                self.known += 1;
                self.lines.push(std::borrow::Cow::Borrowed(line));
                items.push(item);
            }
            Found::Read {
                known,
                unknown,
                fresh,
                item,
                line,
            } => {
                self.known += usize::from(known);
                self.unknown += usize::from(unknown);
                self.misses += usize::from(!fresh);
                items.push(item);
                self.lines.push(std::borrow::Cow::Owned(line));
            }
            Found::Problem(known, problem) => {
                self.known += usize::from(known);
                problems.push(problem);
            }
            Found::Skip(known) => self.known += usize::from(known),
            Found::Gone => {}
        }
    }
}

impl Index {
    /// File name -> entry line: the base's entries with the journal
    /// replayed. `None` when the cache is not usable.
    pub(super) fn map(&self) -> Option<foldhash::HashMap<&str, &str>> {
        if !self.coherent {
            return None;
        }
        let mut map = foldhash::HashMap::with_capacity_and_hasher(
            self.meta.entries + 64,
            foldhash::fast::RandomState::default(),
        );
        for line in lines(&self.base) {
            map.insert(line.split_once('\t')?.0, line);
        }
        for record in parse_records(&self.tail)? {
            match record.op {
                Op::Add { name, line } => {
                    map.insert(name, line);
                }
                Op::Remove { name, .. } => {
                    map.remove(name);
                }
                Op::Validated => {}
            }
        }
        Some(map)
    }
}

#[cfg(test)]
mod tests {
    use super::super::cache_examine::PARALLEL_ENTRIES;
    use super::*;

    fn write_task(store: &Store, id: &str, title: &str) {
        let json = format!(
            r#"{{"task_id":"{id}","title":"{title}","description":"d","status":"pending","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#
        );
        let path = store.task_path(Folder::Pending, id, None);
        std::fs::write(path, json).unwrap();
    }

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

    #[test]
    fn a_large_folder_listed_on_two_threads_sees_every_edit_by_hand() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let n = PARALLEL_ENTRIES + 100;
        let id = |i: usize| format!("t-{i:05}");
        for i in 0..n {
            write_task(&store, &id(i), "first");
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
            write_task(&store, &id(i), "second!");
        }
        std::fs::remove_file(store.task_path(Folder::Pending, &id(7), None)).unwrap();
        std::fs::write(store.task_path(Folder::Pending, "bad", None), b"{").unwrap();
        assert_eq!(titles(&store), (expected(&edited), 1));
    }
}
