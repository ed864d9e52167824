//! The ready order for claims: pending tasks in claim order, read from the
//! pending cache without listing `pending/`, so that a claim costs about
//! the same with 100 or 100,000 pending tasks.
//!
//! The base keeps pending tasks in sections by priority and addressee,
//! oldest first; the journal adds what arrived since and hides what left.
//! A claimer reads, for each priority from the highest, the head of the
//! section addressed to it and then of the one for anyone, merged with the
//! journal's arrivals, and stops at the first task it can take.
//!
//! It is never authoritative: it is used only within
//! [`TRUST_WINDOW_NS`](super::cache::TRUST_WINDOW_NS) of a listing of
//! `pending/` that matched it (tasks fed adds are in the journal at once;
//! a file put there by hand is seen by the next such listing), a claim
//! verifies the task it takes against the summary it chose it by, and
//! "nothing ready" is only ever answered from a listing (`queue::claim`).

use super::Store;
use super::cache::{Row, TRUST_WINDOW_NS, now_ns};
use super::cache_base::{Base, Kind, Lazy, Meta, Section};
use super::cache_index::{compact_after, weight};
use super::cache_journal::{Op, last_matched, parse_records};
use super::cache_line::{parse_line, split_fields};
use super::cache_write::{claim_key, merged_claim_sections};
use super::layout::Folder;
use crate::model::Priority;
use std::fs::File;

/// A pending cache to claim from.
pub struct ClaimIndex {
    base: Base,
    /// Names whose base entry the journal replaced or removed (a claim
    /// walks past them at the head of its section: claims take from the
    /// heads).
    changed: foldhash::HashSet<Box<str>>,
    /// What the journal added: (priority rank, addressee, created, id, line).
    adds: Vec<(usize, String, i64, String, String)>,
    records: usize,
    journal_end: u64,
    validated_ns: i128,
    checked_ns: i128,
}

/// What a claim finds of the pending cache.
pub enum Opened {
    /// Matched by a listing recently enough: choose from it.
    Fresh(Box<ClaimIndex>),
    /// Missing, unreadable, or not matched recently: list `pending/`. The
    /// lock (held while this process lists) tells other claimers that a
    /// listing is under way, so that they do not all list at once.
    List(Option<File>),
}

impl Store {
    /// Opens the pending cache for a claim.
    pub fn claim_index(&self) -> Opened {
        let Some(index) = self.read_claim_index() else {
            return Opened::List(None);
        };
        if now_ns() < index.validated_ns + TRUST_WINDOW_NS {
            return Opened::Fresh(Box::new(index));
        }
        match self.try_cache_lock_named("pending.listing") {
            Some(lock) => Opened::List(Some(lock)),
            // Another claimer is listing right now; its listing renews the
            // window in a moment.
            None => Opened::Fresh(Box::new(index)),
        }
    }

    fn read_claim_index(&self) -> Option<ClaimIndex> {
        let base = self.open_base(Folder::Pending)?;
        let meta = &base.meta;
        let tail = self.read_journal(Folder::Pending, meta.journal_ino, meta.journal_offset)?;
        let records = parse_records(&tail.text)?;
        let validated_ns = last_matched(&records, meta.validated_ns, false);
        let checked_ns = last_matched(&records, meta.checked_ns, true);
        let mut latest: foldhash::HashMap<&str, Option<&str>> = Default::default();
        for record in &records {
            match record.op {
                Op::Add { name, line } => {
                    latest.insert(name, Some(line));
                }
                Op::Remove { name, .. } => {
                    latest.insert(name, None);
                }
                Op::Hidden { .. } | Op::Validated { .. } => {}
            }
        }
        let mut adds = Vec::new();
        for line in latest.values().flatten() {
            let f = split_fields::<13>(line)?;
            let rank = Priority::ALL.iter().position(|p| p.as_str() == f[7])?;
            let (created, id) = claim_key(line)?;
            adds.push((
                rank,
                f[10].to_string(),
                created,
                id.to_string(),
                line.to_string(),
            ));
        }
        adds.sort_unstable();
        Some(ClaimIndex {
            changed: latest.keys().map(|&n| n.into()).collect(),
            adds,
            records: weight(&records),
            journal_end: tail.end,
            validated_ns,
            checked_ns,
            base,
        })
    }

    /// An exclusive lock on `.cache/NAME.lock`, if no other process holds it.
    pub(super) fn try_cache_lock_named(&self, name: &str) -> Option<File> {
        use std::os::unix::fs::OpenOptionsExt;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(
                self.path(super::cache::CACHE_DIR)
                    .join(format!("{name}.lock")),
            )
            .ok()?;
        file.try_lock().ok().map(|()| file)
    }
}

impl ClaimIndex {
    /// The pending tasks `agent` may claim, in claim order: highest
    /// priority first, within it those addressed to `agent` first, then
    /// oldest first. Read lazily: a claim that takes its first choice reads
    /// a few kilobytes.
    pub fn candidates<'a>(
        &'a self,
        store: &'a Store,
        agent: &'a str,
    ) -> impl Iterator<Item = Row> + 'a {
        let groups = (0..Priority::ALL.len()).flat_map(move |rank| [(rank, agent), (rank, "")]);
        self.rows(store, groups)
    }

    /// The pending tasks addressed to `agent`, whatever their priority:
    /// what its pending limit counts. Reads that agent's sections alone.
    pub fn addressed_to<'a>(
        &'a self,
        store: &'a Store,
        agent: &'a str,
    ) -> impl Iterator<Item = Row> + 'a {
        self.rows(
            store,
            (0..Priority::ALL.len()).map(move |rank| (rank, agent)),
        )
    }

    /// The rows of the groups (priority rank, addressee), in that order.
    fn rows<'a>(
        &'a self,
        store: &'a Store,
        groups: impl Iterator<Item = (usize, &'a str)> + 'a,
    ) -> impl Iterator<Item = Row> + 'a {
        let dir = store.folder_path(Folder::Pending);
        groups
            .flat_map(move |(rank, to)| self.group(rank, to))
            .filter_map(move |line| {
                let name = line.split_once('\t')?.0;
                Some(Row {
                    folder: Folder::Pending,
                    path: dir.join(name),
                    summary: parse_line(&line)?,
                    doc: None,
                })
            })
    }

    /// The entries of one priority and addressee, oldest first.
    fn group<'a>(&'a self, rank: usize, to: &'a str) -> impl Iterator<Item = String> + 'a {
        let priority = Priority::ALL[rank].as_str();
        let section = self
            .base
            .sections
            .iter()
            .find(|s| s.kind == Kind::Claim && s.priority == priority && s.to == to);
        let base = section
            .into_iter()
            .flat_map(|s| SectionLines::new(&self.base, s, &self.changed));
        let adds = self
            .adds
            .iter()
            .filter(move |a| a.0 == rank && a.1 == to)
            .map(|a| a.4.clone());
        Merge {
            a: base.peekable(),
            b: adds.peekable(),
        }
    }

    /// Compacts the pending cache when its journal has grown long (one
    /// claimer at a time; the others go on).
    pub fn compact_if_due(&self, store: &Store) {
        if self.records <= compact_after(Folder::Pending, self.base.meta.entries) {
            return;
        }
        let Some(_lock) = store.try_cache_lock(Folder::Pending) else {
            return;
        };
        let old: Option<Vec<_>> = (self.base.sections.iter())
            .filter(|s| s.kind == Kind::Claim)
            .map(|s| {
                let rank = Priority::ALL
                    .iter()
                    .position(|p| p.as_str() == s.priority)?;
                Some((rank, s.to.as_str(), self.base.text_of(|t| t == s)?))
            })
            .collect();
        let Some(old) = old else {
            return;
        };
        let adds: Vec<_> = (self.adds.iter())
            .map(|a| (a.0, a.1.as_str(), a.4.as_str()))
            .collect();
        let sections = merged_claim_sections(&old, |name| self.kept(name), &adds);
        let meta = Meta {
            dir: self.base.meta.dir,
            validated_ns: self.validated_ns,
            checked_ns: self.checked_ns,
            clean: self.base.meta.clean,
            ..Meta::default()
        };
        let journal = (self.base.meta.journal_ino, self.journal_end);
        store.compact_sections(Folder::Pending, meta, sections, journal);
    }
}

/// Two iterators of lines, each in claim order, merged.
struct Merge<A: Iterator<Item = String>, B: Iterator<Item = String>> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
}

impl<A: Iterator<Item = String>, B: Iterator<Item = String>> Iterator for Merge<A, B> {
    type Item = String;
    fn next(&mut self) -> Option<String> {
        let take_a = match (self.a.peek(), self.b.peek()) {
            (Some(a), Some(b)) => claim_key(a) <= claim_key(b),
            (Some(_), None) => true,
            (None, _) => false,
        };
        if take_a { self.a.next() } else { self.b.next() }
    }
}

impl ClaimIndex {
    /// Whether the base's entry named `name` is still the folder's.
    fn kept(&self, name: &str) -> bool {
        !self.changed.contains(name)
    }
}

/// The lines of one section still the folder's, mapped and read as the
/// walk reaches them. A line the journal replaced or removed is passed
/// over before it is copied or checked as text.
struct SectionLines<'b> {
    bytes: Option<Lazy>,
    changed: &'b foldhash::HashSet<Box<str>>,
    pos: usize,
}

impl<'b> SectionLines<'b> {
    fn new(base: &Base, section: &Section, changed: &'b foldhash::HashSet<Box<str>>) -> Self {
        SectionLines {
            bytes: base.lazy(section),
            changed,
            pos: 0,
        }
    }
}

impl Iterator for SectionLines<'_> {
    type Item = String;
    fn next(&mut self) -> Option<String> {
        let bytes = self.bytes.as_deref()?;
        while self.pos < bytes.len() {
            let rest = &bytes[self.pos..];
            let line = &rest[..crate::bytes::find(b'\n', rest).unwrap_or(rest.len())];
            self.pos += line.len() + 1;
            let Some(tab) = crate::bytes::find(b'\t', line) else {
                continue;
            };
            if self
                .changed
                .contains(std::str::from_utf8(&line[..tab]).ok()?)
            {
                continue;
            }
            return Some(std::str::from_utf8(line).ok()?.to_string());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;
    use crate::store::cache::Reading;
    use crate::store::fixture::temp_store;

    fn pending(id: &str, to: Option<&str>, priority: &str) -> Vec<u8> {
        let to = to
            .map(|a| format!(r#","to_agent":"{a}""#))
            .unwrap_or_default();
        format!(
            r#"{{"task_id":"{id}","title":"t","description":"d","status":"pending","priority":"{priority}"{to},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#
        )
        .into_bytes()
    }

    #[test]
    fn claims_walk_past_taken_heads_and_compact_after_four_square_roots() {
        let (_dir, store) = temp_store();
        let path = |id: &str| store.task_path(Folder::Pending, id, None);
        for i in 0..100 {
            let id = format!("t{i:03}");
            std::fs::write(path(&id), pending(&id, None, "normal")).expect("write");
        }
        store.list_folder_with(Folder::Pending, Reading::STAT);
        let ids = |index: &ClaimIndex| -> Vec<String> {
            (index.candidates(&store, "kimi"))
                .map(|r| r.summary.task_id)
                .collect()
        };
        // The ten oldest taken (as claims take them), one replaced: the
        // journal hides them; what is left keeps its order.
        for i in 0..10 {
            let id = format!("t{i:03}");
            let taken = store.take(&path(&id), &id).expect("take").expect("there");
            let mut task = taken.doc.clone();
            task.status = crate::model::Status::InProgress;
            task.assignee = Some("kimi".into());
            let now = chrono::Utc::now();
            task.lease = Some(crate::model::Lease {
                token: format!("1-{i}"),
                claimed_at: now,
                expires_at: now + chrono::Duration::minutes(30),
                extra: Default::default(),
            });
            if i == 3 {
                task.lease = None;
                task.status = crate::model::Status::Pending;
                task.assignee = None;
                task.priority = Priority::Low;
            }
            taken.commit(&task).expect("commit");
        }
        let Opened::Fresh(index) = store.claim_index() else {
            panic!("a listing matched the cache a moment ago")
        };
        let mut expected: Vec<String> = (10..100).map(|i| format!("t{i:03}")).collect();
        expected.push("t003".into());
        assert_eq!(ids(&index), expected);
        // 100 entries: a claim compacts after max(64, 4·√100) = 64 moves.
        assert!(index.records < 64);
        index.compact_if_due(&store);
        let Opened::Fresh(same) = store.claim_index() else {
            panic!("fresh")
        };
        assert_eq!(same.base.meta.entries, 100, "not compacted yet");
        for i in 0..60 {
            let id = format!("n{i:03}");
            let task = Task::from_json(&pending(&id, None, "high")).expect("a task");
            store.publish_doc(&path(&id), &task).expect("publish");
        }
        let Opened::Fresh(grown) = store.claim_index() else {
            panic!("fresh")
        };
        assert!(grown.records > 64, "{} records", grown.records);
        let before = ids(&grown);
        grown.compact_if_due(&store);
        let Opened::Fresh(compacted) = store.claim_index() else {
            panic!("still fresh after a compaction")
        };
        assert_eq!(compacted.records, 0);
        assert_eq!(compacted.base.meta.entries, 151);
        assert_eq!(ids(&compacted), before);
        assert_eq!(before.len(), 151);
        assert_eq!(before[0], "n000");
    }

    #[test]
    fn addressed_to_reads_one_agent_s_tasks_of_every_priority_from_base_and_journal() {
        let (_dir, store) = temp_store();
        let path = |id| store.task_path(Folder::Pending, id, None);
        // By hand, then a listing: the base.
        std::fs::write(path("a"), pending("a", Some("kimi"), "high")).expect("write");
        std::fs::write(path("b"), pending("b", Some("kimi"), "low")).expect("write");
        std::fs::write(path("c"), pending("c", Some("bob"), "high")).expect("write");
        std::fs::write(path("d"), pending("d", None, "normal")).expect("write");
        store.list_folder_with(Folder::Pending, Reading::STAT);
        // Through fed: the journal.
        let e = Task::from_json(&pending("e", Some("kimi"), "critical")).expect("a task");
        store.publish_doc(&path("e"), &e).expect("publish");
        let Opened::Fresh(index) = store.claim_index() else {
            panic!("a listing matched the cache a moment ago")
        };
        let ids = |agent| {
            let mut ids: Vec<String> = (index.addressed_to(&store, agent))
                .map(|r| r.summary.task_id)
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(ids("kimi"), ["a", "b", "e"]);
        assert_eq!(ids("bob"), ["c"]);
        assert!(ids("qwen").is_empty());
    }
}
