//! A folder's cache as a listing reads it first: the base's entries with
//! the journal after them replayed, and when listings last matched it.

use super::Store;
use super::cache_base::{Meta, Text};
use super::cache_clock::{Stamp, TRUST_WINDOW_NS};
use super::cache_finished::FINISHED_WINDOW_NS;
use super::cache_journal::chain::explained;
use super::cache_journal::{Op, Record, last_matched, parse_records};
use super::cache_line::lines;
use super::layout::Folder;

/// A folder's cache as read before a listing: the base's entries and the
/// journal after them.
pub(super) struct Index {
    pub(super) meta: Meta,
    base: Text,
    tail: String,
    /// Base and journal belong together and every journal line parsed.
    pub(super) coherent: bool,
    /// The journal's inode and the offset a base written now includes.
    pub(super) journal: (u64, u64),
    pub(super) records: usize,
    /// Changes were recorded after the last listing that matched.
    pub(super) changed_since_match: bool,
    pub(super) validated_ns: i128,
    /// When a listing that stat'ed every file last found none changed in
    /// place.
    pub(super) checked_ns: i128,
}

impl Store {
    /// Reads `folder`'s cache: base and journal tail.
    pub(super) fn load_index(&self, folder: Folder) -> Index {
        let mut index = Index {
            meta: Meta::default(),
            base: Text::default(),
            tail: String::new(),
            coherent: false,
            journal: (0, 0),
            records: 0,
            changed_since_match: false,
            validated_ns: 0,
            checked_ns: 0,
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
            let records = records.unwrap_or_default();
            index.records = weight(&records);
            index.changed_since_match = records
                .iter()
                .rev()
                .find(|r| !matches!(r.op, Op::Validated { checked: true }))
                .is_some_and(|r| r.op != Op::Validated { checked: false });
            index.validated_ns = last_matched(&records, meta.validated_ns, false);
            index.checked_ns = last_matched(&records, meta.checked_ns, true);
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
}

/// How many of `records` count toward a compaction: a hidden name's
/// record (`~`) is a short line that changes no entry, and a take writes
/// one beside each removal, so it is not counted.
pub(super) fn weight(records: &[Record]) -> usize {
    records
        .iter()
        .filter(|r| !matches!(r.op, Op::Hidden { .. }))
        .count()
}

/// Journal lines after which a listing (or, in `pending/`, a claim)
/// compacts the cache of `folder`, which holds `entries`.
///
/// Finished tasks are read through their journal rarely (`status` keeps
/// counts), so their cache is rewritten after a sixteenth of its entries.
/// Every claim replays the journals of `pending/` and `in-progress/`, so
/// there the replay a change adds to every later claim weighs against
/// the rewrite it spares: a rewrite every 4·√N changes costs each change
/// about √N/4 entries rewritten and each claim about 2·√N records
/// replayed, both growing with the square root of the folder (at 50,000
/// pending, 894 instead of 3,125).
pub(super) fn compact_after(folder: Folder, entries: usize) -> usize {
    match folder {
        Folder::Completed => 512.max(entries / 16),
        _ => 64.max(4 * entries.isqrt()),
    }
}

impl Index {
    /// Whether a listing that stat'ed every file found none changed in
    /// place less than [`TRUST_WINDOW_NS`] before `at` (see
    /// [`Trust::Recent`]).
    pub(super) fn checked_recently(&self, at: i128) -> bool {
        self.coherent && self.checked_ns <= at && at < self.checked_ns + TRUST_WINDOW_NS
    }

    /// Whether claims may read `folder` from its cache alone at `at`: a
    /// listing matched it (every file in it, nothing moved meanwhile)
    /// less than [`TRUST_WINDOW_NS`] before, or `busy` (another process
    /// is listing it now, and renews the match in a moment); and the
    /// journal is not due a compaction, which only a listing writes.
    pub(super) fn serves_claims(&self, folder: Folder, at: i128, busy: bool) -> bool {
        self.coherent
            && self.meta.clean
            && (self.matched_recently(at) || busy)
            && self.records <= compact_after(folder, self.meta.entries)
    }

    /// Whether a listing matched the cache less than [`TRUST_WINDOW_NS`]
    /// before `at`.
    pub(super) fn matched_recently(&self, at: i128) -> bool {
        self.validated_ns <= at && at < self.validated_ns + TRUST_WINDOW_NS
    }

    /// Every entry of the folder, name and line, when its journal
    /// explains its stamp `dir` at `now` ([`explained`]): the base's
    /// entries with the journal's moves replayed in their order. `None`
    /// when the folder must be read (or the cache is due a compaction,
    /// which only a listing writes).
    pub(super) fn explained(
        &self,
        folder: Folder,
        dir: Option<Stamp>,
        now: i128,
    ) -> Option<Vec<(&str, &str)>> {
        if !self.coherent || self.records > compact_after(folder, self.meta.entries) {
            return None;
        }
        let window = match folder {
            Folder::Completed => FINISHED_WINDOW_NS,
            _ => TRUST_WINDOW_NS,
        };
        let records = parse_records(&self.tail)?;
        let order = explained(&self.meta, &records, dir?, now, window)?;
        self.replayed(order.into_iter().map(|i| &records[i]))
    }

    /// Every entry of the folder, name and line, as the cache has it: the
    /// base's entries with the journal's moves replayed in the order they
    /// were appended. `None` when the cache is not usable.
    pub(super) fn entries(&self) -> Option<Vec<(&str, &str)>> {
        if !self.coherent {
            return None;
        }
        self.replayed(parse_records(&self.tail)?.iter())
    }

    /// The base's entries with `moves` replayed over them, in that order:
    /// the base's lines no move touched, then each moved name's last line
    /// (none once it left), in the order the names first moved.
    fn replayed<'s, 'r>(
        &'s self,
        moves: impl Iterator<Item = &'r Record<'s>>,
    ) -> Option<Vec<(&'s str, &'s str)>>
    where
        's: 'r,
    {
        let mut last: foldhash::HashMap<&str, Option<&str>> = Default::default();
        let mut names = Vec::new();
        for record in moves {
            let (name, line) = match record.op {
                Op::Add { name, line } => (name, Some(line)),
                Op::Remove { name, .. } => (name, None),
                Op::Hidden { .. } | Op::Validated { .. } => continue,
            };
            if last.insert(name, line).is_none() {
                names.push(name);
            }
        }
        let mut entries = Vec::with_capacity(self.meta.entries + names.len());
        for line in lines(&self.base) {
            let name = line.split_once('\t')?.0;
            if last.is_empty() || !last.contains_key(name) {
                entries.push((name, line));
            }
        }
        entries.extend(names.into_iter().filter_map(|n| Some((n, last[n]?))));
        Some(entries)
    }

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
                Op::Hidden { .. } | Op::Validated { .. } => {}
            }
        }
        Some(map)
    }
}
