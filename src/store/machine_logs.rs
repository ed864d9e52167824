//! The event log and the routing history of every machine: this
//! machine's files, and, in a federation shared through a git remote, the
//! lines other machines published, which a sync appends to
//! `.remote/logs/MACHINE/` (see docs/machines.md, "The event log across
//! machines"). Readers see them as one log, in time order; this machine
//! appends only to its own files.

use super::Store;
use super::layout::OTHER_LOGS_DIR;
use std::path::PathBuf;

impl Store {
    /// `name` (`log.jsonl`, `routing-history.jsonl`) of this machine, then
    /// of each other machine a sync brought lines of, by machine name.
    /// Only this machine's is listed when no other has any.
    pub fn machine_files(&self, name: &str) -> Vec<PathBuf> {
        let mut files = vec![self.path(name)];
        let Ok(dirs) = std::fs::read_dir(self.path(OTHER_LOGS_DIR)) else {
            return files;
        };
        let mut others: Vec<PathBuf> = dirs
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path().join(name))
            .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()))
            .collect();
        others.sort();
        files.extend(others);
        files
    }
}

/// The lines of several logs as one, in the order of their `at` (a line
/// without one first); lines of equal time keep the files' order, this
/// machine's first. Each log's own lines are already in time order.
pub fn merge_by_time(logs: &[Vec<u8>]) -> Vec<u8> {
    #[derive(serde::Deserialize)]
    struct At<'a> {
        #[serde(borrow)]
        at: Option<std::borrow::Cow<'a, str>>,
    }
    let mut lines: Vec<(String, &[u8])> = logs
        .iter()
        .flat_map(|log| log.split(|b| *b == b'\n'))
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .map(|line| {
            let at = serde_json::from_slice::<At>(line)
                .ok()
                .and_then(|a| a.at)
                .map(|at| at.into_owned())
                .unwrap_or_default();
            (at, line)
        })
        .collect();
    // Timestamps are written in one fixed RFC 3339 form (UTC, `Z`), so
    // their text sorts as their time.
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::with_capacity(logs.iter().map(Vec::len).sum::<usize>() + 1);
    for (_, line) in lines {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_merge_in_time_order_and_keep_unreadable_lines() {
        let here = b"{\"at\":\"2026-11-21T09:00:00.000Z\",\"event\":\"added\"}\n{\"at\":\"2026-11-21T09:02:00.000Z\",\"event\":\"done\"}\n".to_vec();
        let there = b"{\"at\":\"2026-11-21T09:01:00.000Z\",\"event\":\"claimed\"}\nnot json\n\n{\"at\":\"2026-11-21T09:02:00.000Z\",\"event\":\"noted\"}\n".to_vec();
        let merged = String::from_utf8(merge_by_time(&[here, there])).unwrap();
        let events: Vec<&str> = merged
            .lines()
            .map(|l| l.split("\"event\":\"").nth(1).unwrap_or(l))
            .collect();
        assert_eq!(
            events,
            ["not json", "added\"}", "claimed\"}", "done\"}", "noted\"}"]
        );
    }
}
