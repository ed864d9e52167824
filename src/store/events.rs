//! The event log, `log.jsonl`: one JSON object a line, appended with a
//! single `write` so concurrent processes never tear a line.

use super::Store;
use super::fsx;
use super::layout::{HISTORY_FILE, LOG_FILE};
use super::scan::Problem;
use crate::error::{Error, Result};
use crate::model::time::{Timestamp, serde_time};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::io::BufRead;
use std::os::unix::fs::MetadataExt;

/// One line of the event log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    #[serde(with = "serde_time")]
    pub at: Timestamp,
    pub agent: Option<String>,
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote_id: Option<String>,
    #[serde(flatten)]
    pub details: Map<String, Value>,
}

impl Event {
    pub fn new(at: Timestamp, agent: Option<&str>, event: &str) -> Event {
        Event {
            at,
            agent: agent.map(str::to_string),
            event: event.to_string(),
            task_id: None,
            vote_id: None,
            details: Map::new(),
        }
    }
    pub fn task(mut self, id: &str) -> Event {
        self.task_id = Some(id.to_string());
        self
    }
    pub fn vote(mut self, id: &str) -> Event {
        self.vote_id = Some(id.to_string());
        self
    }
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Event {
        self.details.insert(key.to_string(), value.into());
        self
    }

    /// What the event is about: its task, else its vote, else `-`.
    pub fn subject(&self) -> &str {
        self.task_id
            .as_deref()
            .or(self.vote_id.as_deref())
            .unwrap_or("-")
    }

    /// The details as `key=value` words (strings bare, the rest as JSON),
    /// as every view of the log shows them. Raw text: views escape it.
    pub fn details_text(&self) -> String {
        let words: Vec<String> = self
            .details
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k}={s}"),
                other => format!("{k}={other}"),
            })
            .collect();
        words.join(" ")
    }
}

/// A line of the log that could not be read: its file (this machine's
/// log, or another machine's a sync brought) and line number.
#[derive(Debug, Clone)]
pub struct BadLine {
    pub file: std::path::PathBuf,
    pub line: usize,
    pub message: String,
}

/// Lines longer than this are skipped as invalid when reading the log.
const MAX_LINE: usize = 64 * 1024;

impl Store {
    /// Appends `event` durably. A failure here is reported but does not undo
    /// the change the event describes.
    pub fn append_event(&self, event: &Event) -> Result<()> {
        let mut line = serde_json::to_vec(event).expect("an event always serializes");
        line.push(b'\n');
        let path = self.path(LOG_FILE);
        fsx::append_line(&path, &line, true).map_err(|e| Error::io(&path, "append to", &e))?;
        self.mirror_event(event);
        Ok(())
    }

    /// Appends `events` with one write and one flush.
    pub fn append_events(&self, events: &[Event]) -> Result<()> {
        let mut lines = Vec::new();
        for event in events {
            serde_json::to_writer(&mut lines, event).expect("an event always serializes");
            lines.push(b'\n');
        }
        let path = self.path(LOG_FILE);
        fsx::append_line(&path, &lines, true).map_err(|e| Error::io(&path, "append to", &e))
    }

    /// The append-only files (`log.jsonl`, `routing-history.jsonl`) that
    /// fed refuses to append to: anything but a regular file with one name.
    pub fn append_target_problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for name in [LOG_FILE, HISTORY_FILE] {
            let path = self.path(name);
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let why = if !meta.file_type().is_file() {
                format!("{}, not a regular file", fsx::kind_of(&meta.file_type()))
            } else if meta.nlink() > 1 {
                format!(
                    "it has {} hard links, and one may lead out of the federation",
                    meta.nlink()
                )
            } else {
                continue;
            };
            problems.push(
                Problem::error(
                    "unsafe",
                    format!("{}: {why}; fed appends nothing to it", path.display()),
                )
                .at(path),
            );
        }
        problems
    }

    /// The whole log as bytes (empty when there is none), for readers that
    /// parse only the fields they need (`fed report` on a large log); with
    /// other machines' lines, all of them in time order.
    pub fn read_log_bytes(&self) -> Result<Vec<u8>> {
        let files = self.machine_files(LOG_FILE);
        if files.len() == 1 {
            return read_bytes(&files[0]);
        }
        let logs = files
            .iter()
            .map(|f| read_bytes(f))
            .collect::<Result<Vec<_>>>()?;
        Ok(super::machine_logs::merge_by_time(&logs))
    }

    /// The whole log, oldest first: this machine's, and the lines other
    /// machines published (brought by `fed sync`); unreadable lines come
    /// back apart.
    pub fn read_events(&self) -> Result<(Vec<Event>, Vec<BadLine>)> {
        let (mut events, mut bad) = (Vec::new(), Vec::new());
        let files = self.machine_files(LOG_FILE);
        for path in &files {
            read_event_file(path, &mut events, &mut bad)?;
        }
        if files.len() > 1 {
            // Each file is in time order; stable, so this machine's lines
            // come first among equal times.
            events.sort_by_key(|e| e.at);
        }
        Ok((events, bad))
    }
}

fn read_bytes(path: &std::path::Path) -> Result<Vec<u8>> {
    let file = match std::fs::File::options()
        .read(true)
        .custom_flags_nofollow()
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, "read", &e)),
    };
    let meta = file.metadata().map_err(|e| Error::io(path, "read", &e))?;
    if !meta.is_file() {
        return Err(Error::invalid(format!(
            "{}: not a regular file",
            path.display()
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&file)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, "read", &e))?;
    Ok(bytes)
}

/// Reads one log file into `events`, its unreadable lines into `bad`.
fn read_event_file(
    path: &std::path::Path,
    events: &mut Vec<Event>,
    bad: &mut Vec<BadLine>,
) -> Result<()> {
    let path = path.to_path_buf();
    let file = match std::fs::File::options()
        .read(true)
        .custom_flags_nofollow()
        .open(&path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(&path, "read", &e)),
    };
    if !file
        .metadata()
        .map_err(|e| Error::io(&path, "read", &e))?
        .is_file()
    {
        return Err(Error::invalid(format!(
            "{}: not a regular file",
            path.display()
        )));
    }
    let mut reader = std::io::BufReader::new(file);
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(&path, "read", &e))?;
        if n == 0 {
            break;
        }
        number += 1;
        if buf.len() > MAX_LINE && !buf.ends_with(b"\n") {
            // Skip the rest of an over-long line.
            let mut rest = Vec::new();
            let _ = reader.read_until(b'\n', &mut rest);
            bad.push(BadLine {
                file: path.clone(),
                line: number,
                message: "line too long".to_string(),
            });
            continue;
        }
        let text = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Event>(text) {
            Ok(event) => events.push(event),
            Err(e) => bad.push(BadLine {
                file: path.clone(),
                line: number,
                message: e.to_string(),
            }),
        }
    }
    Ok(())
}

use std::io::Read;

trait NoFollow {
    fn custom_flags_nofollow(&mut self) -> &mut Self;
}

impl NoFollow for std::fs::OpenOptions {
    fn custom_flags_nofollow(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
    }
}
