//! When each agent was last seen: the time of its last event in
//! `log.jsonl`, this machine's and, in a federation shared through a git
//! remote, each other machine's a sync brought, read from the end
//! backwards so that routing, which asks about a few agents, reads only
//! the recent part of a long log.

use super::Store;
use super::layout::LOG_FILE;
use crate::model::time::Timestamp;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, SeekFrom};

const CHUNK: u64 = 64 * 1024;

#[derive(Deserialize)]
struct Seen<'a> {
    #[serde(borrow)]
    at: Cow<'a, str>,
    #[serde(borrow, default)]
    agent: Option<Cow<'a, str>>,
}

impl Store {
    /// The last time each agent of `want` (every agent when `None`) acted,
    /// from the logs of every machine; an agent that never acted is
    /// absent. An unreadable log gives what could be read.
    pub fn last_seen(&self, want: Option<&BTreeSet<String>>) -> BTreeMap<String, Timestamp> {
        let mut seen: BTreeMap<String, Timestamp> = BTreeMap::new();
        for path in self.machine_files(LOG_FILE) {
            for (agent, at) in seen_in(&path, want) {
                let latest = seen.entry(agent).or_insert(at);
                *latest = (*latest).max(at);
            }
        }
        seen
    }
}

/// [`Store::last_seen`] in one log.
fn seen_in(path: &std::path::Path, want: Option<&BTreeSet<String>>) -> BTreeMap<String, Timestamp> {
    let mut seen = BTreeMap::new();
    let Ok(Some(mut file)) = super::fsx::open_regular(path) else {
        return seen;
    };
    let Ok(mut end) = file.seek(SeekFrom::End(0)) else {
        return seen;
    };
    // The start of a line cut by the chunk boundary, kept for the next.
    let mut carry: Vec<u8> = Vec::new();
    while end > 0 {
        let start = end.saturating_sub(CHUNK);
        let mut buf = vec![0u8; (end - start) as usize];
        if file.seek(SeekFrom::Start(start)).is_err() || file.read_exact(&mut buf).is_err() {
            break;
        }
        buf.extend_from_slice(&carry);
        let first_break = if start == 0 {
            0
        } else {
            match buf.iter().position(|b| *b == b'\n') {
                Some(i) => i + 1,
                None => {
                    carry = buf;
                    end = start;
                    continue;
                }
            }
        };
        carry = buf[..first_break].to_vec();
        for line in buf[first_break..].rsplit(|b| *b == b'\n') {
            note(&mut seen, line, want);
        }
        if want.is_some_and(|w| w.iter().all(|a| seen.contains_key(a))) {
            return seen;
        }
        end = start;
    }
    for line in carry.rsplit(|b| *b == b'\n') {
        note(&mut seen, line, want);
    }
    seen
}

/// Records a line's agent and time, keeping the latest time of each agent.
fn note(seen: &mut BTreeMap<String, Timestamp>, line: &[u8], want: Option<&BTreeSet<String>>) {
    if line.is_empty() {
        return;
    }
    let Ok(event) = serde_json::from_slice::<Seen>(line) else {
        return;
    };
    let Some(agent) = event.agent else {
        return;
    };
    if want.is_some_and(|w| !w.contains(agent.as_ref())) {
        return;
    }
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(&event.at) else {
        return;
    };
    let at = at.with_timezone(&chrono::Utc);
    match seen.get_mut(agent.as_ref()) {
        Some(t) if *t >= at => {}
        Some(t) => *t = at,
        None => {
            seen.insert(agent.into_owned(), at);
        }
    }
}
