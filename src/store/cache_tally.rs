//! What a listing found against a folder's cache, and what it then does
//! to the cache: a new base when the cache was far behind (or, in a
//! listing that stat'ed every file, out of date for any of them), else a
//! note that the listing matched it, which claims, `status` and the views
//! rely on for a while (`Trust::Recent`, `claim_index`, `cache_finished`).

use super::Store;
use super::cache_base::Meta;
use super::cache_clock::Stamp;
use super::cache_clock::TRUST_WINDOW_NS;
use super::cache_examine::Found;
use super::cache_index::{Index, compact_after};
use super::layout::Folder;
use super::scan::Problem;

impl Store {
    /// Writes a new base when the cache was far behind the listing (or, in
    /// a listing that stat'ed every file, out of date for any of them),
    /// else notes that the listing matched it (claims, `status` and the
    /// views rely on recent matches).
    pub(super) fn after_listing(&self, folder: Folder, index: &Index, done: Done) {
        let Done {
            seen,
            clean,
            checked,
            stamps: (before, after),
            started,
        } = done;
        let entries = seen.lines.len();
        let slack = entries / 64;
        let rewrite = !index.coherent
            || seen.misses + seen.vanished > slack
            || (checked && seen.stale > 0)
            || index.meta.clean != clean
            || before.is_none_or(|b| b.ino != index.meta.dir.ino)
            || index.records > compact_after(folder, entries);
        if rewrite {
            let Some(_lock) = self.try_cache_lock(folder) else {
                return; // another process is writing it now
            };
            let meta = Meta {
                dir: before.unwrap_or_default(),
                validated_ns: started,
                // Every line is now the file's as this listing found it.
                checked_ns: if checked { started } else { index.checked_ns },
                clean: clean && before.is_some(),
                ..Meta::default()
            };
            let lines: Vec<&str> = seen.lines.iter().map(|l| l.as_ref()).collect();
            self.compact(folder, meta, &lines, index.journal);
            return;
        }
        // Claims (`pending/`, `in-progress/`) and `status` (`completed/`)
        // rely on a match: the cache held every file of the folder, and
        // nothing moved.
        let window = match folder {
            Folder::Pending | Folder::InProgress => Some(TRUST_WINDOW_NS),
            Folder::Completed => Some(super::cache_finished::FINISHED_WINDOW_NS),
            _ => None,
        };
        let matched = seen.unknown == 0 && seen.vanished == 0 && before == after;
        // A match is noted once per half window, and in `completed/` also
        // after changes (whose records may not chain: `cache_finished`).
        let renew = window.is_some_and(|w| index.validated_ns + w / 2 < started)
            || (folder == Folder::Completed && index.changed_since_match);
        let matched = matched && renew;
        // The views rely on a listing that stat'ed every file and found
        // none changed in place (one that did rewrote the base above);
        // files added or removed meanwhile they see by name anyway.
        let checked = checked && index.checked_ns + TRUST_WINDOW_NS / 2 < started;
        if matched || checked {
            let stamp = after.unwrap_or_default();
            self.note_validated(folder, stamp, started, matched, checked);
        }
    }
}

/// A listing, finished: what it found and how.
pub(super) struct Done<'a> {
    pub(super) seen: Seen<'a>,
    /// No problem files.
    pub(super) clean: bool,
    /// Every file was stat'ed (not trusted by name and inode).
    pub(super) checked: bool,
    /// The folder's stamp before and after.
    pub(super) stamps: (Option<Stamp>, Option<Stamp>),
    pub(super) started: i128,
}

/// What a listing found, against the cache.
#[derive(Default)]
pub(super) struct Seen<'a> {
    /// The lines of a base written from this listing.
    pub(super) lines: Vec<std::borrow::Cow<'a, str>>,
    /// Files with a cache entry.
    pub(super) known: usize,
    /// Files not in the cache, or under another inode.
    pub(super) unknown: usize,
    /// Files read that could have been cached (not too fresh).
    pub(super) misses: usize,
    /// Cache entries without a file.
    pub(super) vanished: usize,
    /// Cache entries whose file, same inode, now says something else or
    /// is no usable task: edited in place, outside fed.
    pub(super) stale: usize,
}

impl<'a> Seen<'a> {
    /// Counts what an entry turned out to be, keeping its item and line
    /// or its problem.
    pub(super) fn add<T>(
        &mut self,
        found: Found<'a, T>,
        items: &mut Vec<T>,
        problems: &mut Vec<Problem>,
    ) {
        match found {
            Found::Cached(item, line) => {
                self.known += 1;
                self.lines.push(std::borrow::Cow::Borrowed(line));
                items.push(item);
            }
            Found::Read {
                had,
                fresh,
                stale,
                item,
                line,
            } => {
                self.known += usize::from(had.known);
                self.unknown += usize::from(!had.in_place);
                self.misses += usize::from(!fresh);
                self.stale += usize::from(stale);
                items.push(item);
                self.lines.push(std::borrow::Cow::Owned(line));
            }
            Found::Problem(had, problem) => {
                self.known += usize::from(had.known);
                self.stale += usize::from(had.in_place);
                problems.push(problem);
            }
            Found::Skip(had) => {
                self.known += usize::from(had.known);
                self.stale += usize::from(had.in_place);
            }
            Found::Gone => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::cache::{Reading, now_ns};
    use super::super::cache_clock::dir_stamp;
    use super::super::fixture::{temp_store, write_pending};
    use super::*;

    /// The titles a listing read as `reading` shows, and how many problems.
    fn titles(store: &Store, reading: Reading) -> (Vec<String>, usize) {
        let listing = store.list_folder_with(Folder::Pending, reading);
        let mut titles: Vec<_> = listing.rows.into_iter().map(|r| r.summary.title).collect();
        titles.sort();
        (titles, listing.problems.len())
    }

    #[test]
    fn views_trust_inodes_only_within_the_window_of_a_listing_that_stat_ed() {
        let (_dir, store) = temp_store();
        write_pending(&store, "a", "one");
        write_pending(&store, "b", "two");
        let both = |first: &str| (vec![first.to_string(), "two".to_string()], 0);
        // No cache yet: a listing that stats, and writes a base it checked.
        assert_eq!(titles(&store, Reading::VIEW), both("one"));
        let index = store.load_index(Folder::Pending);
        assert!(index.checked_recently(now_ns()));
        assert!(!index.checked_recently(index.checked_ns + TRUST_WINDOW_NS));
        assert!(
            !index.checked_recently(index.checked_ns - 1),
            "a clock set back"
        );
        // Edited in place after the check: within the window the views
        // show the summary the cache holds (no stat); a listing that stats
        // sees the edit and writes a base the views then follow.
        write_pending(&store, "a", "edited");
        assert_eq!(titles(&store, Reading::VIEW), both("one"));
        assert_eq!(titles(&store, Reading::STAT), both("edited"));
        assert_eq!(titles(&store, Reading::VIEW), both("edited"));
        // The same for a file edited in place into something unusable.
        std::fs::write(store.task_path(Folder::Pending, "a", None), b"{").unwrap();
        assert_eq!(titles(&store, Reading::STAT), (vec!["two".to_string()], 1));
        assert_eq!(titles(&store, Reading::VIEW), (vec!["two".to_string()], 1));
        // Whatever the trust, a file added or removed shows at once.
        write_pending(&store, "c", "three");
        std::fs::remove_file(store.task_path(Folder::Pending, "b", None)).unwrap();
        assert_eq!(
            titles(&store, Reading::VIEW),
            (vec!["three".to_string()], 1)
        );
    }

    #[test]
    fn only_a_listing_that_stat_ed_every_file_renews_the_views_trust() {
        let (_dir, store) = temp_store();
        write_pending(&store, "a", "one");
        assert_eq!(titles(&store, Reading::STAT).0, ["one"]);
        let stamp = dir_stamp(&store.folder_path(Folder::Pending));
        let first = store.load_index(Folder::Pending);
        let later = first.checked_ns + TRUST_WINDOW_NS;
        let listed = |checked: bool| Done {
            seen: Seen::default(),
            clean: true,
            checked,
            stamps: (stamp, stamp),
            started: later,
        };
        // A listing by name and inode (a claim's) renews what claims
        // trust, not what the views trust.
        store.after_listing(Folder::Pending, &first, listed(false));
        let index = store.load_index(Folder::Pending);
        assert_eq!(index.validated_ns, later);
        assert_eq!(index.checked_ns, first.checked_ns);
        assert!(!index.checked_recently(later));
        store.after_listing(Folder::Pending, &index, listed(true));
        let index = store.load_index(Folder::Pending);
        assert_eq!((index.validated_ns, index.checked_ns), (later, later));
        assert!(index.checked_recently(later));
        // A file the cache did not hold (put there by hand): the views,
        // which see it by name, may trust the rest; claims, which choose
        // from the cache alone, may not.
        let latest = later + TRUST_WINDOW_NS;
        let done = Done {
            seen: Seen {
                unknown: 1,
                ..Seen::default()
            },
            started: latest,
            ..listed(true)
        };
        store.after_listing(Folder::Pending, &index, done);
        let index = store.load_index(Folder::Pending);
        assert_eq!((index.validated_ns, index.checked_ns), (later, latest));
    }
}
