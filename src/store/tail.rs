//! Following `log.jsonl` as it grows (`fed log --follow`, the dashboard):
//! each complete line once, in the order it was appended. Appends are
//! whole lines written with one `write` (see [`super::events`]), so a
//! reader that keeps its offset and holds back a line without its newline
//! sees every event once. A log replaced by another file (rotated) is read
//! to its end, then the new file from its start; a log cut shorter
//! (truncated) is read again from its start.
//!
//! [`LogTails`] follows every machine's log at once: this machine's and,
//! in a federation shared through a git remote, each other machine's that
//! a sync extends (`.remote/logs/MACHINE/log.jsonl`, found anew at each
//! look, and read from its start when it first appears): each look's new
//! lines are merged by time, each log's own lines kept in its order.

use super::Store;
use super::events::Event;
use super::layout::LOG_FILE;
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::PathBuf;

/// Lines longer than this are skipped.
const MAX_LINE: usize = 64 * 1024;

/// One line read: an event, or why it could not be read.
pub type TailLine = std::result::Result<Event, String>;

/// One log file, followed.
struct LogTail {
    path: PathBuf,
    file: Option<(File, u64)>,
    offset: u64,
    pending: Vec<u8>,
}

/// Every machine's log, followed together (see the module's documentation).
pub struct LogTails {
    tails: Vec<LogTail>,
}

impl Store {
    /// A reader of every machine's log, each from its current end
    /// (`from_start`: from its first line).
    pub fn tail_logs(&self, from_start: bool) -> Result<LogTails> {
        let tails = self
            .machine_files(LOG_FILE)
            .into_iter()
            .map(|path| LogTail::open(path, from_start))
            .collect::<Result<_>>()?;
        Ok(LogTails { tails })
    }
}

impl LogTails {
    /// The lines appended to any machine's log since the last call, each
    /// with the file it came from: merged by time (the earliest next line
    /// of any log first; a line that is not an event counts as earliest;
    /// this machine's first on a tie), each log's lines in its own order.
    pub fn read_new(&mut self, store: &Store) -> Result<Vec<(PathBuf, TailLine)>> {
        for path in store.machine_files(LOG_FILE) {
            if !self.tails.iter().any(|t| t.path == path) {
                self.tails.push(LogTail::open(path, true)?);
            }
        }
        let mut new = Vec::with_capacity(self.tails.len());
        for tail in &mut self.tails {
            new.push(std::collections::VecDeque::from(tail.read_new()?));
        }
        let key = |line: &TailLine| line.as_ref().ok().map(|e| e.at);
        let mut lines = Vec::with_capacity(new.iter().map(|n| n.len()).sum());
        while let Some(next) = (0..new.len())
            .filter(|i| !new[*i].is_empty())
            .min_by_key(|i| new[*i].front().map(key))
        {
            let line = new[next].pop_front().expect("not empty");
            lines.push((self.tails[next].path.clone(), line));
        }
        Ok(lines)
    }
}

impl LogTail {
    fn open(path: PathBuf, from_start: bool) -> Result<LogTail> {
        let mut tail = LogTail {
            path,
            file: None,
            offset: 0,
            pending: Vec::new(),
        };
        tail.reopen()?;
        if !from_start && let Some((file, _)) = &tail.file {
            tail.offset = file.metadata().map(|m| m.len()).unwrap_or(0);
        }
        Ok(tail)
    }

    fn reopen(&mut self) -> Result<()> {
        self.file = match std::fs::File::options()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
            .open(&self.path)
        {
            Ok(file) => {
                let meta = file
                    .metadata()
                    .map_err(|e| Error::io(&self.path, "read", &e))?;
                if !meta.is_file() {
                    return Err(Error::invalid(format!(
                        "{}: not a regular file",
                        self.path.display()
                    )));
                }
                Some((file, meta.ino()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&self.path, "read", &e)),
        };
        self.offset = 0;
        self.pending.clear();
        Ok(())
    }

    /// The lines appended since the last call.
    pub fn read_new(&mut self) -> Result<Vec<TailLine>> {
        let mut lines = Vec::new();
        self.drain(&mut lines)?;
        // Rotated: the name now leads to another file (or to none).
        let current = std::fs::symlink_metadata(&self.path).ok().map(|m| m.ino());
        let open = self.file.as_ref().map(|(_, ino)| *ino);
        if current != open {
            self.reopen()?;
            self.drain(&mut lines)?;
        }
        Ok(lines)
    }

    fn drain(&mut self, lines: &mut Vec<TailLine>) -> Result<()> {
        let Some((file, _)) = &mut self.file else {
            return Ok(());
        };
        let len = file
            .metadata()
            .map_err(|e| Error::io(&self.path, "read", &e))?
            .len();
        if len < self.offset {
            // Truncated: whatever is there now is new.
            self.offset = 0;
            self.pending.clear();
        }
        if len == self.offset {
            return Ok(());
        }
        file.seek(SeekFrom::Start(self.offset))
            .map_err(|e| Error::io(&self.path, "read", &e))?;
        let mut buf = Vec::new();
        file.take(len - self.offset)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(&self.path, "read", &e))?;
        self.offset += buf.len() as u64;
        self.pending.extend_from_slice(&buf);
        while let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            let text = &line[..line.len() - 1];
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            lines.push(if text.len() > MAX_LINE {
                Err("line too long".to_string())
            } else {
                serde_json::from_slice::<Event>(text).map_err(|e| e.to_string())
            });
        }
        if self.pending.len() > MAX_LINE {
            // A line this long without its end is skipped as it comes.
            self.pending.clear();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::temp_store;
    use super::super::layout::OTHER_LOGS_DIR;
    use super::*;

    #[test]
    fn machines_are_merged_by_time_and_each_log_keeps_its_order() {
        let (_dir, store) = temp_store();
        let line = |at: &str, event: &str| format!("{{\"at\":\"{at}\",\"event\":\"{event}\"}}\n");
        let mut tails = store.tail_logs(false).unwrap();
        // This machine: appended by two processes, the later clock first.
        let local = line("2026-11-21T09:00:02Z", "b") + &line("2026-11-21T09:00:01Z", "a");
        std::fs::write(store.path(LOG_FILE), local).unwrap();
        let other = store.path(OTHER_LOGS_DIR).join("m2");
        std::fs::create_dir_all(&other).unwrap();
        let theirs = line("2026-11-21T09:00:01.500Z", "x") + &line("2026-11-21T09:00:03Z", "y");
        std::fs::write(other.join(LOG_FILE), theirs).unwrap();
        let events: Vec<String> = tails
            .read_new(&store)
            .unwrap()
            .into_iter()
            .map(|(_, l)| l.unwrap().event)
            .collect();
        assert_eq!(events, ["x", "b", "a", "y"]);
        assert!(tails.read_new(&store).unwrap().is_empty(), "each line once");
    }
}
