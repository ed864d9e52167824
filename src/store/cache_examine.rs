//! One directory entry of a listing against the folder's cache: the
//! cached line when it provably describes the file, else the file read
//! (`cache_miss`). A large folder's entries are examined on two threads,
//! in order: their stats are most of a listing's cost (as in git's
//! preloaded index).

use super::cache_line::{parse_key, same_content};
use super::cache_miss::{Miss, file_key, key_matches, read_miss};
use super::layout::Folder;
use super::scan::Problem;
use crate::model::TaskSummary;
use std::fs::DirEntry;

/// What one directory entry turned out to be, against the cache.
pub(super) enum Found<'a, T> {
    /// A task the cache vouched for, and its line.
    Cached(T, &'a str),
    /// A task read from its file (`fresh`: too recent to be trusted later;
    /// `stale`: its entry, same inode, says something else).
    Read {
        had: Had,
        fresh: bool,
        stale: bool,
        item: T,
        line: String,
    },
    Problem(Had, Problem),
    Skip(Had),
    /// Gone before it could be looked at.
    Gone,
}

/// What the cache held for an entry it did not vouch for.
#[derive(Clone, Copy)]
pub(super) struct Had {
    /// An entry under this name.
    pub(super) known: bool,
    /// ... for this very inode: the file changed in place since.
    pub(super) in_place: bool,
}

/// How a listing turns entries into items (see `Store::scan_validated`).
pub(super) struct Examiner<'m, 'a, L, M> {
    pub(super) folder: Folder,
    pub(super) inode_only: bool,
    pub(super) started: i128,
    /// File name -> cache line.
    pub(super) map: &'m foldhash::HashMap<&'a str, &'a str>,
    pub(super) from_line: L,
    pub(super) from_miss: M,
}

impl<'a, T, L, M> Examiner<'_, 'a, L, M>
where
    L: Fn(&str, &str) -> Option<T>,
    M: Fn(&str, TaskSummary, &str) -> T,
{
    pub(super) fn entry(&self, entry: &DirEntry) -> Found<'a, T> {
        let os_name = entry.file_name();
        let name = os_name.to_string_lossy();
        let Some(key) = file_key(entry, self.inode_only) else {
            return Found::Gone; // gone while we looked
        };
        let cached = self.map.get(name.as_ref()).copied();
        if let Some(line) = cached
            && entry.file_type().is_ok_and(|ft| ft.is_file())
            && key_matches(line, &key, self.inode_only)
            && let Some(item) = (self.from_line)(line, &name)
        {
            return Found::Cached(item, line);
        }
        let had = Had {
            known: cached.is_some(),
            in_place: cached.and_then(parse_key).is_some_and(|k| k.ino == key.ino),
        };
        match read_miss(
            self.folder,
            &name,
            entry,
            key,
            self.inode_only,
            self.started,
        ) {
            Miss::Read {
                summary,
                line,
                fresh,
            } => Found::Read {
                had,
                fresh,
                stale: had.in_place && cached.is_some_and(|old| !same_content(old, &line)),
                item: (self.from_miss)(&name, *summary, &line),
                line,
            },
            Miss::Problem(problem) => Found::Problem(had, problem),
            Miss::Skip => Found::Skip(had),
        }
    }
}

/// Folders with at least this many entries are examined on two threads
/// when they must be stat'ed.
pub(super) const PARALLEL_ENTRIES: usize = 2048;

/// `examine` applied to every entry, in order: on two threads for a large
/// folder whose files are stat'ed, else on this one.
pub(super) fn examine_all<R: Send>(
    entries: &[DirEntry],
    inode_only: bool,
    examine: impl Fn(&DirEntry) -> R + Sync,
) -> Vec<R> {
    if inode_only || entries.len() < PARALLEL_ENTRIES {
        return entries.iter().map(&examine).collect();
    }
    let (first, second) = entries.split_at(entries.len() / 2);
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .spawn_scoped(scope, || second.iter().map(&examine).collect::<Vec<R>>());
        let mut found: Vec<R> = first.iter().map(&examine).collect();
        match helper.map(|h| h.join()) {
            Ok(Ok(rest)) => found.extend(rest),
            // No thread to be had: this one does the rest.
            _ => found.extend(second.iter().map(&examine)),
        }
        found
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_folder_is_examined_on_two_threads_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let n = PARALLEL_ENTRIES + 10;
        for i in 0..n {
            std::fs::write(dir.path().join(format!("{i:05}")), b"").unwrap();
        }
        let entries: Vec<DirEntry> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        let serial: Vec<_> = entries.iter().map(DirEntry::file_name).collect();
        let threads = std::sync::Mutex::new(std::collections::HashSet::new());
        let parallel = examine_all(&entries, false, |e| {
            threads.lock().unwrap().insert(std::thread::current().id());
            e.file_name()
        });
        assert_eq!(parallel, serial);
        assert_eq!(threads.lock().unwrap().len(), 2, "two threads");
        let inode_only = examine_all(&entries, true, DirEntry::file_name);
        assert_eq!(inode_only, serial);
    }
}
