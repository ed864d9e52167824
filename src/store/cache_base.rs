//! The base of a folder's cache (`.cache/FOLDER.idx`): entry lines in
//! named sections, as of a known position in the folder's journal
//! (`cache_journal`). It is replaced whole (a hidden temporary file
//! renamed over it) only when the cache is compacted, never on a change.
//!
//! ```text
//! fed-index 5 FOLDER DIR_INO DIR_MTIME DIR_CTIME WRITTEN VALIDATED CLEAN
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

use super::Store;
use super::cache_clock::{CACHE_DIR, Stamp, remove_stale_tmp};
use super::layout::Folder;
use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
pub(super) use text::{Lazy, Text};

const MAGIC: &str = "fed-index\t6";
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
    file: File,
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

    /// Opens the base of `folder` if it is whole and ours.
    pub(super) fn open_base(&self, folder: Folder) -> Option<Base> {
        let file = super::fsx::open_regular(&self.base_path(folder)).ok()??;
        let size = file.metadata().ok()?.len();
        if size > MAX_BASE {
            return None;
        }
        let mut head = vec![0; HEAD_BYTES.min(size as usize)];
        file.read_exact_at(&mut head, 0).ok()?;
        let (meta, sections, data_start, data_len) = parse_head(&head, folder)?;
        let trailer = format!("end\t{}\n", meta.entries);
        if data_start + data_len + trailer.len() as u64 != size {
            return None;
        }
        let mut end = vec![0; trailer.len()];
        file.read_exact_at(&mut end, data_start + data_len).ok()?;
        let fits = |s: &Section| (s.offset + s.len) as u64 <= data_len;
        (end == trailer.as_bytes() && sections.iter().all(fits)).then_some(Base {
            file,
            meta,
            sections,
            data_start,
        })
    }

    /// Replaces the base of `folder`. Best effort: a base that cannot be
    /// written is simply not there, and readers do without it.
    pub(super) fn write_base(&self, folder: Folder, meta: &Meta, sections: Vec<NewSection>) {
        let mut table = String::new();
        let mut offset = 0;
        for s in &sections {
            table.push_str(&format!(
                "section\t{}\t{}\t{}\t{offset}\t{}\t{}\n",
                s.kind.code(),
                s.priority,
                s.to,
                s.len(),
                s.count
            ));
            offset += s.len();
        }
        let head = format!(
            "{MAGIC}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{offset}\n",
            folder.dir_name(),
            meta.dir.ino,
            meta.dir.mtime_ns,
            meta.dir.ctime_ns,
            meta.written_ns,
            meta.validated_ns,
            meta.checked_ns,
            u8::from(meta.clean),
            meta.journal_ino,
            meta.journal_offset,
            meta.entries,
            meta.counts[0],
            meta.counts[1],
            meta.counts[2],
            sections.len(),
        );
        if head.len() + table.len() > HEAD_BYTES {
            return;
        }
        let dir = self.path(CACHE_DIR);
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            folder.dir_name(),
            crate::model::id::random_base36(8)
        ));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|f| {
                let mut out = std::io::BufWriter::with_capacity(256 * 1024, f);
                out.write_all(head.as_bytes())?;
                out.write_all(table.as_bytes())?;
                for piece in sections.iter().flat_map(|s| &s.text) {
                    out.write_all(piece.as_bytes())?;
                }
                out.write_all(format!("end\t{}\n", meta.entries).as_bytes())?;
                out.flush()
            })
            .and_then(|()| std::fs::rename(&tmp, self.base_path(folder)));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        remove_stale_tmp(&dir);
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
            written_ns: 8,
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
