//! `routing-history.jsonl`: one [`Record`] a line. Lines are appended with
//! a single `write` and read back line by line, skipping lines that do not
//! parse.

use super::Store;
use super::fsx;
use super::layout::HISTORY_FILE;
use crate::error::{Error, Result};
use crate::model::record::Record;
use std::io::BufRead;

/// History files larger than this are read only up to it.
const MAX_HISTORY_BYTES: u64 = 256 * 1024 * 1024;

impl Store {
    /// Appends one record.
    pub fn append_history(&self, record: &Record) -> Result<()> {
        let mut line = serde_json::to_vec(record).expect("a record always serializes");
        line.push(b'\n');
        let path = self.path(HISTORY_FILE);
        fsx::append_line(&path, &line, true).map_err(|e| Error::io(&path, "append to", &e))
    }

    /// Every readable record, oldest first, and how many lines were
    /// skipped: this machine's, and the records other machines published
    /// (brought by `fed sync`), merged by when they finished.
    pub fn read_history(&self) -> Result<(Vec<Record>, usize)> {
        let files = self.machine_files(HISTORY_FILE);
        let (mut records, mut skipped) = (Vec::new(), 0);
        for path in &files {
            read(path, &mut records, &mut skipped)?;
        }
        if files.len() > 1 {
            records.sort_by_key(|r| r.finished_at);
        }
        Ok((records, skipped))
    }

    /// What identifies the version of the history a cache was learnt
    /// from (every machine's file), and when it last changed; `None` when
    /// there is no history.
    pub fn history_stamp(&self) -> Option<HistoryStamp> {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        let mut stamp: Option<HistoryStamp> = None;
        for path in self.machine_files(HISTORY_FILE) {
            let Ok(m) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let (mtime, ctime) = (ns(m.mtime(), m.mtime_nsec()), ns(m.ctime(), m.ctime_nsec()));
            let key = format!("{}:{}:{}:{mtime}:{ctime}", m.dev(), m.ino(), m.size());
            stamp = Some(match stamp {
                None => HistoryStamp {
                    key,
                    changed_ns: mtime.max(ctime),
                },
                Some(s) => HistoryStamp {
                    key: format!("{}+{key}", s.key),
                    changed_ns: s.changed_ns.max(mtime).max(ctime),
                },
            });
        }
        stamp
    }

    /// The router's model cache (`.cache/router.model`), if there is one.
    pub fn read_router_model(&self) -> Option<String> {
        let bytes = fsx::read_bounded(&self.router_model_path(), MAX_HISTORY_BYTES).ok()?;
        String::from_utf8(bytes).ok()
    }

    /// Replaces the router's model cache; best effort (never fsynced: it is
    /// never trusted over the history).
    pub fn write_router_model(&self, text: &str) {
        use std::io::Write;
        let dir = self.path(super::cache::CACHE_DIR);
        let Ok((tmp, mut file)) = super::cache_clock::new_tmp(&dir, "router") else {
            return;
        };
        let written = (file.write_all(text.as_bytes()))
            .and_then(|()| std::fs::rename(&tmp, self.router_model_path()));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    fn router_model_path(&self) -> std::path::PathBuf {
        self.path(super::cache::CACHE_DIR).join("router.model")
    }
}

/// A version of `routing-history.jsonl`: its device, inode, size, mtime
/// and ctime as one key, and when it last changed (ns since the epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryStamp {
    pub key: String,
    pub changed_ns: i128,
}

/// Reads one history file into `records`, counting unreadable lines.
fn read(path: &std::path::Path, records: &mut Vec<Record>, skipped: &mut usize) -> Result<()> {
    let file = match fsx::open_regular(path) {
        Ok(Some(file)) => file,
        Ok(None) => return Ok(()),
        Err(e) => return Err(Error::io(path, "read", &e)),
    };
    let reader = std::io::BufReader::new(std::io::Read::take(file, MAX_HISTORY_BYTES));
    for line in reader.split(b'\n') {
        let line = line.map_err(|e| Error::io(path, "read", &e))?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(&line) {
            Ok(record) => records.push(record),
            Err(_) => *skipped += 1,
        }
    }
    Ok(())
}
