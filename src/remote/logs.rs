//! The event log across machines: one append-only ref per machine.
//!
//! `log.jsonl` and `routing-history.jsonl` stay what they are on one
//! machine: lines appended by the commands run there. A sync publishes the
//! lines added since the last publish as one commit on
//! `refs/fed/B/logs/MACHINE`, whose tree holds only those new lines (a
//! *segment*) and whose message records where the segment ends in each
//! file (`fed-log-end: LOG HISTORY`, byte offsets). Only this machine
//! writes its ref, so machines never contend on the log, and a segment is
//! never rewritten.
//!
//! Other machines' lines are kept in `.remote/logs/MACHINE/log.jsonl` and
//! `.../routing-history.jsonl`, extended segment by segment at the recorded
//! offsets: extending is idempotent (a segment already there is not added
//! twice after a crash), and readers (`fed log`, analytics, routing) read
//! these files beside the local ones.

use crate::error::Result;
use crate::model::time::Timestamp;
use crate::remote::Oid;
use crate::remote::git::Git;
use crate::remote::git::objects::RefUpdate;
use crate::remote::git::transport::{PushRef, RefStatus};
use crate::remote::layout::{HISTORY_FILE, LOG_FILE, Layout};
use crate::remote::push::commit_files;
use crate::remote::validate;
use std::path::Path;

const TRAILER: &str = "fed-log-end: ";

/// One published batch of lines, with the offsets where it ends in the
/// publishing machine's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub log: Vec<u8>,
    pub log_end: u64,
    pub history: Vec<u8>,
    pub history_end: u64,
}

impl Segment {
    pub fn log_start(&self) -> u64 {
        self.log_end - self.log.len() as u64
    }
    pub fn history_start(&self) -> u64 {
        self.history_end - self.history.len() as u64
    }
}

/// The commit message of a segment ending at these offsets.
pub fn segment_message(machine: &str, log_end: u64, history_end: u64) -> String {
    format!("log lines of {machine}\n\n{TRAILER}{log_end} {history_end}\n")
}

/// The end offsets recorded in a segment's commit message.
pub fn parse_trailer(message: &str) -> Option<(u64, u64)> {
    let line = message.lines().find_map(|l| l.strip_prefix(TRAILER))?;
    let (log, history) = line.trim().split_once(' ')?;
    Some((log.parse().ok()?, history.parse().ok()?))
}

/// Reads the segments of `commits` (oldest first) in one process; `Err`
/// with a reason when one of them is malformed.
pub fn read_segments(git: &Git, commits: &[Oid]) -> Result<Result<Vec<Segment>, String>> {
    let mut specs = Vec::with_capacity(commits.len() * 3);
    for c in commits {
        specs.push(c.to_string());
        specs.push(format!("{c}:{LOG_FILE}"));
        specs.push(format!("{c}:{HISTORY_FILE}"));
    }
    let objects = git.cat_batch(&specs)?;
    let mut segments = Vec::with_capacity(commits.len());
    for (c, chunk) in commits.iter().zip(objects.chunks(3)) {
        let message = match &chunk[0] {
            Some(o) if o.kind == "commit" => String::from_utf8_lossy(&o.bytes).into_owned(),
            _ => return Ok(Err(format!("log commit {c} cannot be read"))),
        };
        let message = message.split_once("\n\n").map(|(_, m)| m).unwrap_or("");
        let Some((log_end, history_end)) = parse_trailer(message) else {
            return Ok(Err(format!("log commit {c} has no {TRAILER}trailer")));
        };
        let blob = |o: &Option<crate::remote::git::objects::Object>| {
            o.as_ref()
                .filter(|o| o.kind == "blob")
                .map(|o| o.bytes.clone())
                .unwrap_or_default()
        };
        let (log, history) = (blob(&chunk[1]), blob(&chunk[2]));
        for bytes in [&log, &history] {
            if let Err(reason) = validate::check_log_lines(bytes) {
                return Ok(Err(format!("log commit {c}: {reason}")));
            }
        }
        if (log.len() as u64) > log_end || (history.len() as u64) > history_end {
            return Ok(Err(format!(
                "log commit {c}: its offsets are smaller than its lines"
            )));
        }
        segments.push(Segment {
            log,
            log_end,
            history,
            history_end,
        });
    }
    Ok(Ok(segments))
}

/// The whole lines of `path` from byte `from` on (a line still being
/// written is left for the next publish).
fn new_lines(path: &Path, from: u64) -> Result<Vec<u8>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(crate::error::Error::io(path, "read", &e)),
    };
    let tail = bytes.get(from as usize..).unwrap_or_default();
    let whole = tail.iter().rposition(|b| *b == b'\n').map_or(0, |n| n + 1);
    Ok(tail[..whole].to_vec())
}

/// Publishes the lines `machine` appended to `fed_dir`'s log files since
/// its last segment. `Ok(false)`: nothing new, or another local process
/// published at the same moment (its lines are then on the remote, and
/// the next sync publishes the rest).
pub fn publish_own(
    git: &Git,
    layout: &Layout,
    machine: &str,
    fed_dir: &Path,
    now: Timestamp,
) -> Result<bool> {
    let remote_ref = layout.log_ref(machine);
    let applied_ref = layout.applied(&remote_ref);
    let head = git
        .rev_parse(std::slice::from_ref(&applied_ref))?
        .pop()
        .flatten();
    let (log_from, history_from) = match &head {
        Some(c) => parse_trailer(&git.commit_message(c)?)
            .ok_or_else(|| git.error(&format!("{applied_ref} has no {TRAILER}trailer")))?,
        None => (0, 0),
    };
    let log = new_lines(&fed_dir.join(LOG_FILE), log_from)?;
    let history = new_lines(&fed_dir.join(HISTORY_FILE), history_from)?;
    if log.is_empty() && history.is_empty() {
        return Ok(false);
    }
    let mut files: Vec<(String, &[u8])> = Vec::new();
    for (name, bytes) in [(LOG_FILE, &log), (HISTORY_FILE, &history)] {
        if !bytes.is_empty() {
            files.push((name.to_string(), bytes.as_slice()));
        }
    }
    let subject = segment_message(
        machine,
        log_from + log.len() as u64,
        history_from + history.len() as u64,
    );
    let commit = commit_files(git, &files, head.as_ref(), subject.trim_end(), now)?;
    let report = git.push(&[PushRef {
        name: remote_ref.clone(),
        new: Some(commit.clone()),
        expect: head.clone(),
    }])?;
    match &report.refs[0].1 {
        RefStatus::Accepted => {}
        RefStatus::Moved(_) => return Ok(false),
        RefStatus::Refused(why) => {
            return Err(git.error(&format!("{remote_ref} was refused: {why}")));
        }
    }
    git.update_refs(&[
        RefUpdate {
            name: applied_ref,
            new: Some(commit.clone()),
            old: Some(head),
        },
        RefUpdate {
            name: layout.mirror(&remote_ref),
            new: Some(commit),
            old: None,
        },
    ])?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_round_trip() {
        let m = segment_message("m1-abc", 120, 7);
        assert_eq!(parse_trailer(&m), Some((120, 7)));
        assert_eq!(parse_trailer("no trailer\n"), None);
        assert_eq!(parse_trailer("fed-log-end: x 1\n"), None);
    }

    #[test]
    fn only_whole_new_lines_are_published() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        std::fs::write(&path, b"{\"a\":1}\n{\"b\":2}\n{\"c\"").unwrap();
        assert_eq!(new_lines(&path, 0).unwrap(), b"{\"a\":1}\n{\"b\":2}\n");
        assert_eq!(new_lines(&path, 8).unwrap(), b"{\"b\":2}\n");
        assert_eq!(new_lines(&path, 100).unwrap(), b"");
        assert_eq!(new_lines(&dir.path().join("none"), 0).unwrap(), b"");
    }
}
