//! Writing a base. The new base is written over the folder's spare
//! (`.cache/FOLDER.spare`: the base before the current one, kept for
//! this) when no reader holds it, else into a new hidden file, and then
//! exchanged with the current base (`RENAME_EXCHANGE`), which becomes the
//! spare.
//!
//! Why a spare: a compaction of `pending/` at 50,000 tasks writes some
//! 30 MB. Into a new file, every page of it is a page the kernel must
//! find (on a virtual machine that hands freed memory back to its host,
//! one the host must find again) and the old file's pages are freed when
//! its last reader closes it: 50-90 ms of system time. Over the spare,
//! the kernel copies into the page cache's pages already there.
//!
//! Readers hold a shared `flock` on the base they read, and on every
//! mapping of it (`Base::file`); a writer overwrites the spare only under
//! an exclusive one, taken without waiting (a reader still on it: a new
//! file instead). It writes the header's first byte last, so a writer
//! killed midway leaves a file that never reads as a base, and it keeps
//! as the spare only a base of this format, so a `fed` of an older format
//! (which takes no lock) never has its file overwritten. Where the
//! filesystem cannot exchange names, the new base is renamed over the old
//! one and nothing is kept.

use super::super::Store;
use super::super::cache_clock::{CACHE_DIR, new_tmp, remove_stale_tmp};
use super::super::fsx;
use super::super::layout::Folder;
use super::{HEAD_BYTES, MAGIC, Meta, NewSection};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

impl Store {
    fn spare_path(&self, folder: Folder) -> PathBuf {
        self.path(CACHE_DIR)
            .join(format!("{}.spare", folder.dir_name()))
    }

    /// Replaces the base of `folder`. Best effort: a base that cannot be
    /// written is simply not there, and readers do without it.
    pub(in crate::store) fn write_base(
        &self,
        folder: Folder,
        meta: &Meta,
        sections: Vec<NewSection>,
    ) {
        let Some(head) = head(folder, meta, &sections) else {
            return;
        };
        let new = New {
            head: &head,
            sections: &sections,
            end: format!("end\t{}\n", meta.entries),
        };
        let (base, spare) = (self.base_path(folder), self.spare_path(folder));
        let dir = self.path(CACHE_DIR);
        let over_spare = lock_spare(&spare).is_some_and(|file| {
            new.fill(&file).is_ok() && file.unlock().is_ok() && install(&spare, &base, &spare)
        });
        if !over_spare
            && let Ok((tmp, file)) = new_tmp(&dir, folder.dir_name())
            && (new.fill(&file).is_err() || !install(&tmp, &base, &spare))
        {
            let _ = std::fs::remove_file(&tmp);
        }
        remove_stale_tmp(&dir);
    }
}

/// The header line and the section table (offsets filled in); `None`
/// when they would not fit where readers look for them.
fn head(folder: Folder, meta: &Meta, sections: &[NewSection]) -> Option<String> {
    let mut table = String::new();
    let mut offset = 0;
    for s in sections {
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
        "{MAGIC}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{offset}\n{table}",
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
    (head.len() <= HEAD_BYTES).then_some(head)
}

/// A base to write: its head, its sections' pieces and its trailer.
struct New<'a> {
    head: &'a str,
    sections: &'a [NewSection<'a>],
    end: String,
}

impl New<'_> {
    /// Writes the base into `file` from its start (over what it held),
    /// the header's first byte last.
    fn fill(&self, file: &File) -> std::io::Result<()> {
        let mut out = BufWriter::with_capacity(256 * 1024, file);
        out.write_all(b"\0")?;
        out.write_all(&self.head.as_bytes()[1..])?;
        let mut len = self.head.len() + self.end.len();
        for piece in self.sections.iter().flat_map(|s| &s.text) {
            out.write_all(piece.as_bytes())?;
            len += piece.len();
        }
        out.write_all(self.end.as_bytes())?;
        out.flush()?;
        drop(out);
        file.set_len(len as u64)?;
        file.write_all_at(&self.head.as_bytes()[..1], 0)
    }
}

/// The spare of a folder, locked exclusively; `None` when there is none
/// or a reader holds it.
fn lock_spare(path: &Path) -> Option<File> {
    let file = File::options()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .ok()?;
    (file.metadata().ok()?.is_file() && file.try_lock().is_ok()).then_some(file)
}

/// Gives the base's name to the file written at `from`; the old base
/// goes to `spare` when it is one of this format. Whether it took the
/// name.
fn install(from: &Path, base: &Path, spare: &Path) -> bool {
    match fsx::try_exchange(from, base) {
        Ok(true) => {
            if !(is_ours(from) && (from == spare || std::fs::rename(from, spare).is_ok())) {
                let _ = std::fs::remove_file(from);
            }
            true
        }
        // No base yet, or no exchange on this filesystem.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::rename(from, base).is_ok(),
        Ok(false) => std::fs::rename(from, base).is_ok(),
        Err(_) => false,
    }
}

/// Whether the file at `path` is a base of this format.
fn is_ours(path: &Path) -> bool {
    let mut magic = [0; MAGIC.len()];
    fsx::open_regular(path)
        .ok()
        .flatten()
        .is_some_and(|file| file.read_exact_at(&mut magic, 0).is_ok() && magic == MAGIC.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::cache_base::Kind;
    use std::borrow::Cow;
    use std::os::unix::fs::MetadataExt;

    fn write(store: &Store, entries: usize, text: &str) {
        write_at(store, entries, text, crate::store::cache::now_ns());
    }

    fn write_at(store: &Store, entries: usize, text: &str, written_ns: i128) {
        let meta = Meta {
            entries,
            written_ns,
            ..Meta::default()
        };
        let section = NewSection {
            kind: Kind::Rows,
            priority: String::new(),
            to: String::new(),
            text: vec![Cow::Owned(text.to_string())],
            count: entries,
        };
        store.write_base(Folder::Blocked, &meta, vec![section]);
    }

    fn ino(path: &Path) -> u64 {
        std::fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn a_base_is_written_over_the_spare_unless_a_reader_holds_it() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let (base, spare) = (
            store.base_path(Folder::Blocked),
            store.spare_path(Folder::Blocked),
        );
        let read = |store: &Store| {
            let base = store.open_base(Folder::Blocked).unwrap();
            base.text_of(|_| true).unwrap().to_string()
        };
        write(&store, 1, "first\n");
        assert!(!spare.exists(), "no spare before a second base");
        let first = ino(&base);
        write(&store, 2, "second, longer\nlines\n");
        assert_eq!(read(&store), "second, longer\nlines\n");
        assert_eq!(ino(&spare), first, "the old base is kept as the spare");
        let second = ino(&base);
        // The third is written over the spare: its file becomes the base,
        // cut to the new length.
        write(&store, 1, "third\n");
        assert_eq!(read(&store), "third\n");
        assert_eq!((ino(&base), ino(&spare)), (first, second));
        // A reader of the base that becomes the spare keeps it whole: the
        // next base goes to a new file.
        let held = store.open_base(Folder::Blocked).unwrap();
        let mapped = held.text_of(|_| true).unwrap();
        write(&store, 1, "fourth\n");
        write(&store, 1, "fifth!\n");
        assert_eq!(&*mapped, "third\n");
        assert_eq!(read(&store), "fifth!\n");
        assert_ne!(ino(&base), first, "not written over while held");
        drop((held, mapped));
        // A base a writer holds is not read (in place of a writer: a lock
        // taken by hand on the file that has the name).
        let writer = File::open(&base).unwrap();
        writer.try_lock().unwrap();
        assert!(store.open_base(Folder::Blocked).is_none());
        drop(writer);
        // Released, it is used again.
        let spare_now = ino(&spare);
        write(&store, 1, "sixth\n");
        assert_eq!(ino(&base), spare_now);
        assert_eq!(read(&store), "sixth\n");
        let leftovers: Vec<_> = std::fs::read_dir(store.path(CACHE_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_spare_cut_short_never_reads_as_a_base_and_an_older_format_is_not_kept() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let (base, spare) = (
            store.base_path(Folder::Blocked),
            store.spare_path(Folder::Blocked),
        );
        write(&store, 1, "first\n");
        write(&store, 1, "second\n");
        // A writer killed after its first write: the spare's first byte is
        // zero. Given the base's name, it is refused.
        let file = lock_spare(&spare).unwrap();
        let mut out = BufWriter::new(&file);
        out.write_all(b"\0").unwrap();
        drop(out);
        drop(file);
        std::fs::rename(&spare, &base).unwrap();
        assert!(store.open_base(Folder::Blocked).is_none());
        // Replaced, it is dropped rather than kept as the spare.
        write(&store, 1, "third\n");
        assert!(!spare.exists(), "a torn base is not the spare");
        // So is a base of an older format (whose readers take no lock):
        // never written over.
        let older =
            std::fs::read_to_string(&base)
                .unwrap()
                .replacen("fed-index\t7", "fed-index\t6", 1);
        std::fs::write(&base, older).unwrap();
        write(&store, 1, "fourth\n");
        assert!(!spare.exists(), "an older format's base is not the spare");
        assert_eq!(
            &*store
                .open_base(Folder::Blocked)
                .unwrap()
                .text_of(|_| true)
                .unwrap(),
            "fourth\n"
        );
    }

    #[test]
    fn a_base_written_before_this_boot_is_not_read() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let boot = crate::store::cache_clock::boot_started_ns().expect("the kernel says");
        write(&store, 1, "this boot\n");
        assert!(store.open_base(Folder::Blocked).is_some());
        // Bases are never flushed: one from before a power cut may be torn.
        // (A minute before: the boot's time is read off two clocks.)
        write_at(&store, 1, "before it\n", boot - 60_000_000_000);
        assert!(store.open_base(Folder::Blocked).is_none());
    }
}
