//! The base of a folder's cache (`.cache/FOLDER.idx`): entry lines in
//! named sections, as of a known position in the folder's journal
//! (`cache_journal`). It is replaced whole only when the cache is
//! compacted, never on a change: the new base is written over the spare
//! (`FOLDER.spare`, the base before) or a new file, then takes the name
//! (`write.rs`).
//!
//! ```text
//! fed-index 7 FOLDER DIR_INO DIR_MTIME DIR_CTIME WRITTEN VALIDATED CLEAN
//!           JOURNAL_INO JOURNAL_OFFSET ENTRIES DONE FAILED CANCELLED
//!           SECTIONS DATA_LEN                          (one line, tabs)
//! section KIND PRIORITY TO OFFSET LEN COUNT            (SECTIONS lines)
//! DATA_LEN bytes of lines
//! end ENTRIES
//! ```
//!
//! A file whose length, trailer or header does not add up (torn by a cut,
//! foreign, planted badly) is not used. Sections can be read alone: a
//! claim reads only the heads of the sections it needs.

mod text;
mod write;

use super::Store;
use super::cache_clock::{CACHE_DIR, Stamp};
use super::layout::Folder;
use std::borrow::Cow;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
use std::sync::Arc;
pub(super) use text::{Lazy, Text};

const MAGIC: &str = "fed-index\t7";
/// Bytes read first: the header and the section table must fit.
const HEAD_BYTES: usize = 64 * 1024;
/// A base larger than this is not read.
const MAX_BASE: u64 = 1024 * 1024 * 1024;

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Entry lines in no particular order (in-progress, blocked, completed).
    Rows,
    /// `ID<TAB>STATUS` lines sorted by id (completed).
    States,
    /// Pending entries of one priority and addressee, oldest first.
    Claim,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Rows => "rows",
            Kind::States => "states",
            Kind::Claim => "claim",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Section {
    pub(super) kind: Kind,
    /// For claim sections: the priority and the addressee ("" for anyone).
    pub(super) priority: String,
    pub(super) to: String,
    /// Byte range within the data.
    pub(super) offset: usize,
    pub(super) len: usize,
    pub(super) count: usize,
}

/// The header of a base.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Meta {
    pub(super) dir: Stamp,
    pub(super) written_ns: i128,
    /// When the folder's listing last matched the cache.
    pub(super) validated_ns: i128,
    /// When a listing that stat'ed every file last found none changed in
    /// place.
    pub(super) checked_ns: i128,
    /// Every file of the folder is in it (no problem files, none left out).
    pub(super) clean: bool,
    /// The journal this base goes with, and how much of it it includes.
    pub(super) journal_ino: u64,
    pub(super) journal_offset: u64,
    pub(super) entries: usize,
    /// Finished tasks: done, failed, cancelled.
    pub(super) counts: [usize; 3],
}

/// An open base: its header, sections, and where its data starts.
pub(super) struct Base {
    /// Held with a shared lock (`flock`) for as long as the base or a
    /// mapping of it is in use: a writer overwrites a file only under an
    /// exclusive one (`write.rs`).
    file: Arc<File>,
    pub(super) meta: Meta,
    pub(super) sections: Vec<Section>,
    data_start: u64,
}

/// Section data to write: the section (offset and length filled in
/// when written) and its lines.
pub(super) struct NewSection<'a> {
    pub(super) kind: Kind,
    pub(super) priority: String,
    pub(super) to: String,
    /// Its lines, each ending in a newline, in pieces written one after
    /// another (a compaction borrows runs of the old base's lines instead
    /// of copying them).
    pub(super) text: Vec<Cow<'a, str>>,
    pub(super) count: usize,
}

impl NewSection<'_> {
    fn len(&self) -> usize {
        self.text.iter().map(|piece| piece.len()).sum()
    }
}

impl Store {
    pub(super) fn base_path(&self, folder: Folder) -> PathBuf {
        self.path(CACHE_DIR)
            .join(format!("{}.idx", folder.dir_name()))
    }

    /// Opens the base of `folder` if it is whole and ours, locked shared.
    /// A file a writer holds (one that stopped being the base since it
    /// was opened, and is being overwritten as the spare) is opened again
    /// by name. Where the filesystem has no locks, no writer takes the
    /// spare either (`write.rs`), and the base is read unlocked.
    pub(super) fn open_base(&self, folder: Folder) -> Option<Base> {
        let path = self.base_path(folder);
        let mut locked = None;
        for _ in 0..3 {
            let file = super::fsx::open_regular(&path).ok()??;
            match file.try_lock_shared() {
                Err(std::fs::TryLockError::WouldBlock) => continue,
                Ok(()) | Err(std::fs::TryLockError::Error(_)) => {
                    locked = Some(file);
                    break;
                }
            }
        }
        let file = locked?;
        let size = file.metadata().ok()?.len();
        if size > MAX_BASE {
            return None;
        }
        let mut head = vec![0; HEAD_BYTES.min(size as usize)];
        file.read_exact_at(&mut head, 0).ok()?;
        let (meta, sections, data_start, data_len) = parse_head(&head, folder)?;
        if super::cache_clock::boot_started_ns().is_some_and(|boot| meta.written_ns < boot) {
            return None;
        }
        let trailer = format!("end\t{}\n", meta.entries);
        if data_start + data_len + trailer.len() as u64 != size {
            return None;
        }
        let mut end = vec![0; trailer.len()];
        file.read_exact_at(&mut end, data_start + data_len).ok()?;
        let fits = |s: &Section| (s.offset + s.len) as u64 <= data_len;
        (end == trailer.as_bytes() && sections.iter().all(fits)).then_some(Base {
            file: Arc::new(file),
            meta,
            sections,
            data_start,
        })
    }
}

impl Base {
    /// The bytes of `section`, mapped and read only as they are touched
    /// (`None` for an empty one, or when it cannot be mapped).
    pub(super) fn lazy(&self, section: &Section) -> Option<Lazy> {
        Lazy::map(
            &self.file,
            self.data_start + section.offset as u64,
            section.len,
        )
    }

    /// The whole text of the sections `pick` selects, in order: mapped
    /// when they follow each other ([`text`]), else read straight into
    /// one buffer of the right size (sections that follow each other in
    /// one read). Sections out of order or overlapping (not a base we
    /// wrote) give `None`, so the buffer is never larger than the file.
    pub(super) fn text_of(&self, pick: impl Fn(&Section) -> bool) -> Option<Text> {
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for s in self.sections.iter().filter(|s| pick(s)) {
            match runs.last_mut() {
                Some((at, len)) if *at + *len == s.offset => *len += s.len,
                Some((at, len)) if s.offset < *at + *len => return None,
                _ => runs.push((s.offset, s.len)),
            }
        }
        if let [(at, len)] = runs[..]
            && let Some(text) = Text::map(&self.file, self.data_start + at as u64, len)
        {
            return Some(text);
        }
        let mut bytes = vec![0; runs.iter().map(|(_, len)| len).sum()];
        let mut filled = 0;
        for (at, len) in runs {
            let into = &mut bytes[filled..filled + len];
            self.file
                .read_exact_at(into, self.data_start + at as u64)
                .ok()?;
            filled += len;
        }
        String::from_utf8(bytes).ok().map(Text::from)
    }
}

type Head = (Meta, Vec<Section>, u64, u64);

fn parse_head(head: &[u8], folder: Folder) -> Option<Head> {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // The cut may fall inside a character of the data: the header and
        // section table are before it.
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?.strip_suffix('\n')?;
    let f: Vec<&str> = first
        .strip_prefix(MAGIC)?
        .strip_prefix('\t')?
        .split('\t')
        .collect();
    if f.len() != 16 || f[0] != folder.dir_name() {
        return None;
    }
    let n = |i: usize| f[i].parse::<u64>().ok();
    let t = |i: usize| super::cache_line::parse_ns(f[i]);
    let meta = Meta {
        dir: Stamp {
            ino: n(1)?,
            mtime_ns: t(2)?,
            ctime_ns: t(3)?,
        },
        written_ns: t(4)?,
        validated_ns: t(5)?,
        checked_ns: t(6)?,
        clean: f[7] == "1",
        journal_ino: n(8)?,
        journal_offset: n(9)?,
        entries: n(10)? as usize,
        counts: [n(11)? as usize, n(12)? as usize, n(13)? as usize],
    };
    let mut start = first.len() + 1;
    let mut sections = Vec::new();
    for _ in 0..n(14)? {
        let line = lines.next()?;
        start += line.len();
        let s: Vec<&str> = line.strip_suffix('\n')?.split('\t').collect();
        let kind = match s.as_slice() {
            ["section", "rows", ..] => Kind::Rows,
            ["section", "states", ..] => Kind::States,
            ["section", "claim", ..] => Kind::Claim,
            _ => return None,
        };
        if s.len() != 7 {
            return None;
        }
        sections.push(Section {
            kind,
            priority: s[2].to_string(),
            to: s[3].to_string(),
            offset: s[4].parse().ok()?,
            len: s[5].parse().ok()?,
            count: s[6].parse().ok()?,
        });
    }
    Some((meta, sections, start as u64, n(15)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_round_trips_and_a_torn_or_foreign_one_is_refused() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let meta = Meta {
            dir: Stamp {
                ino: 3,
                mtime_ns: 5,
                ctime_ns: 6,
            },
            written_ns: super::super::cache_clock::now_ns(),
            validated_ns: 7,
            checked_ns: 4,
            clean: true,
            journal_ino: 11,
            journal_offset: 12,
            entries: 2,
            counts: [1, 1, 0],
        };
        let section = |to: &str, text: &str| NewSection {
            kind: Kind::Claim,
            priority: "high".into(),
            to: to.into(),
            text: vec![Cow::Owned(text.to_string())],
            count: 1,
        };
        let sections = vec![section("", "a\tx\n"), section("kimi", "b\ty\n")];
        store.write_base(Folder::Pending, &meta, sections);
        // Sections apart and together, in order.
        let three = vec![
            section("", "a\tx\n"),
            section("kimi", "b\ty\n"),
            section("", "c\tz\n"),
        ];
        store.write_base(Folder::Blocked, &meta, three);
        let blocked = store.open_base(Folder::Blocked).unwrap();
        assert_eq!(
            blocked.text_of(|s| s.to.is_empty()).unwrap().to_string(),
            "a\tx\nc\tz\n"
        );
        assert_eq!(
            blocked
                .text_of(|s| s.to == "kimi" || s.offset == 8)
                .unwrap()
                .to_string(),
            "b\ty\nc\tz\n"
        );
        assert_eq!(&*blocked.text_of(|_| false).unwrap(), "");
        // A table whose third section points back into the first: refused
        // (a buffer of the sections' sum could exceed the file).
        let path = store.base_path(Folder::Blocked);
        let whole = std::fs::read_to_string(&path).unwrap();
        let planted = whole.replacen("\t\t8\t4\t1\n", "\t\t0\t4\t1\n", 1);
        assert_ne!(planted, whole);
        std::fs::write(&path, planted).unwrap();
        let planted = store.open_base(Folder::Blocked).unwrap();
        assert_eq!(&*planted.text_of(|s| s.to == "kimi").unwrap(), "b\ty\n");
        assert!(planted.text_of(|_| true).is_none());
        std::fs::remove_file(store.base_path(Folder::Blocked)).unwrap();
        let base = store.open_base(Folder::Pending).unwrap();
        assert_eq!(base.meta, meta);
        assert_eq!(base.sections.len(), 2);
        assert_eq!(base.sections[1].to, "kimi");
        assert_eq!(&*base.text_of(|s| s.to == "kimi").unwrap(), "b\ty\n");
        assert_eq!(&*base.text_of(|_| true).unwrap(), "a\tx\nb\ty\n");
        assert!(store.open_base(Folder::Blocked).is_none());
        let path = store.base_path(Folder::Pending);
        let whole = std::fs::read(&path).unwrap();
        for cut in [0, 10, whole.len() / 2, whole.len() - 1] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            assert!(store.open_base(Folder::Pending).is_none(), "cut at {cut}");
        }
        std::fs::write(store.base_path(Folder::Blocked), &whole).unwrap();
        assert!(
            store.open_base(Folder::Blocked).is_none(),
            "another folder's"
        );
    }
}
