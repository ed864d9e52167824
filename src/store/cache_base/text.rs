//! The text of a cache base's sections as a listing reads it: the file's
//! pages mapped read-only where the sections picked follow each other,
//! else read into memory; and (`Lazy`) a section's bytes as a claim walks
//! them, mapped without reading them first.
//!
//! A base is several megabytes at 100,000 tasks (a pending line carries
//! its `list --json` document). Read into a buffer, every page of it is
//! first zeroed and faulted in, then copied from the page cache; mapped,
//! the page cache's own pages are used, set up in one call. A mapping
//! keeps the base's file open, and so its shared lock (`Base::file`): a
//! writer overwrites a file only under an exclusive lock (`write.rs`), so
//! the mapped bytes stay as they were checked while in use; only a file
//! truncated by hand under a running command could end it with SIGBUS,
//! as for git's mapped packs and index.

use std::fs::File;
use std::ops::Deref;
use std::os::fd::AsRawFd;
use std::sync::Arc;

/// UTF-8 text of a base, mapped or read.
pub(in crate::store) struct Text(Repr);

enum Repr {
    Mapped(Map),
    Read(String),
}

/// A read-only private mapping; `start..start + len` is the text within.
struct Map {
    ptr: *mut libc::c_void,
    map_len: usize,
    start: usize,
    len: usize,
    /// The file mapped, kept open (and so locked) until it is unmapped.
    _file: Arc<File>,
}

// SAFETY: the mapping is read-only and owned by `Map` alone; it is
// unmapped only on drop.
unsafe impl Send for Map {}
unsafe impl Sync for Map {}

impl Map {
    fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` maps `map_len` readable bytes for as long as
        // `self` lives, and `start + len <= map_len` (checked in `map`).
        unsafe { std::slice::from_raw_parts((self.ptr as *const u8).add(self.start), self.len) }
    }
}

impl Drop for Map {
    fn drop(&mut self) {
        // SAFETY: `ptr` and `map_len` are those mmap returned.
        unsafe {
            libc::munmap(self.ptr, self.map_len);
        }
    }
}

impl Map {
    /// `len` (> 0) bytes of `file` from `offset`, mapped read-only with
    /// the extra mmap `flags`; `None` when they cannot be.
    fn new(file: &Arc<File>, offset: u64, len: usize, flags: libc::c_int) -> Option<Map> {
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        let page = u64::try_from(page).ok().filter(|p| p.is_power_of_two())?;
        let aligned = offset & !(page - 1);
        let start = usize::try_from(offset - aligned).ok()?;
        let map_len = start.checked_add(len)?;
        if len == 0 || aligned.checked_add(map_len as u64)? > file.metadata().ok()?.len() {
            return None;
        }
        // SAFETY: a new read-only private mapping of an open file, at a
        // page-aligned offset, within the file's length (checked above).
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                map_len,
                libc::PROT_READ,
                libc::MAP_PRIVATE | flags,
                file.as_raw_fd(),
                libc::off_t::try_from(aligned).ok()?,
            )
        };
        (ptr != libc::MAP_FAILED).then_some(Map {
            ptr,
            map_len,
            start,
            len,
            _file: Arc::clone(file),
        })
    }
}

impl Text {
    /// `len` bytes of `file` from `offset`, mapped; `None` when they are
    /// not UTF-8 or cannot be mapped (the caller reads them instead).
    pub(super) fn map(file: &Arc<File>, offset: u64, len: usize) -> Option<Text> {
        if len == 0 {
            return Some(Text(Repr::Read(String::new())));
        }
        let map = Map::new(file, offset, len, libc::MAP_POPULATE)?;
        std::str::from_utf8(map.bytes()).ok()?;
        Some(Text(Repr::Mapped(map)))
    }
}

/// Bytes of a base mapped without reading them: pages come in as they are
/// touched, and nothing is checked. A claim walks the head of a section
/// of many megabytes, past the tasks taken since the last compaction,
/// and checks each line it uses.
pub(in crate::store) struct Lazy(Map);

impl Lazy {
    /// `len` (> 0) bytes of `file` from `offset`; `None` when they cannot
    /// be mapped.
    pub(super) fn map(file: &Arc<File>, offset: u64, len: usize) -> Option<Lazy> {
        Map::new(file, offset, len, 0).map(Lazy)
    }
}

impl Deref for Lazy {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.0.bytes()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Repr::Read(text))
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::from(String::new())
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = match self.0 {
            Repr::Mapped(_) => "mapped",
            Repr::Read(_) => "read",
        };
        write!(f, "Text({how}, {} bytes)", self.len())
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            // SAFETY: checked to be UTF-8 when mapped, and the mapping
            // is read-only.
            Repr::Mapped(map) => unsafe { std::str::from_utf8_unchecked(map.bytes()) },
            Repr::Read(text) => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_mapped_text_is_the_file_s_bytes_at_any_offset() {
        let file = Arc::new(tempfile::tempfile().unwrap());
        let body: String = (0..3000).map(|i| format!("line {i}\n")).collect();
        (&*file).write_all(body.as_bytes()).unwrap();
        for (at, len) in [
            (0, body.len()),
            (4096, 100),
            (4095, 2),
            (17, 9000),
            (100, 0),
        ] {
            let text = Text::map(&file, at as u64, len).unwrap();
            assert_eq!(&*text, &body[at..at + len], "at {at}, {len} bytes");
        }
        assert!(Text::map(&file, 10, body.len()).is_none(), "past the end");
        (&*file).write_all(&[0xff, b'\n']).unwrap();
        assert!(
            Text::map(&file, body.len() as u64, 2).is_none(),
            "not UTF-8"
        );
    }
}
