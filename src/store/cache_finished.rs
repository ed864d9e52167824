//! The state of every finished task, for `status` and `queue list`:
//! how many are done, failed and cancelled, and the state of any one by
//! id (what readiness needs of a dependency), without listing
//! `completed/` when its cache provably follows it.
//!
//! `completed/` is not listed while its journal explains it: the rule
//! is [`explained`]'s, with a window of [`FINISHED_WINDOW_NS`].

use super::Store;
use super::cache_base::{Kind, Text};
use super::cache_clock::{Trust, dir_stamp, now_ns};
use super::cache_journal::chain::explained;
use super::cache_journal::{Op, parse_records};
use super::cache_line::{lines, split_fields};
use super::layout::Folder;
use super::scan::Problem;
use crate::model::Status;

/// How long after a full listing of `completed/` matched its cache the
/// journal alone may stand for the folder.
pub(super) const FINISHED_WINDOW_NS: i128 = 60_000_000_000;

/// The finished tasks: their states by id, and counts.
#[derive(Debug, Default)]
pub struct Finished {
    /// `ID<TAB>STATUS` lines sorted by id.
    text: Text,
    starts: Vec<u32>,
    /// States that differ from `text` (journal changes, removals).
    changed: foldhash::HashMap<String, Option<Status>>,
    /// Done, failed, cancelled.
    counts: [usize; 3],
}

fn slot(status: Status) -> Option<usize> {
    match status {
        Status::Done => Some(0),
        Status::Failed => Some(1),
        Status::Cancelled => Some(2),
        _ => None,
    }
}

/// How the id of `line` (`ID<TAB>...`) orders against `id`.
fn line_order(line: &[u8], id: &[u8]) -> std::cmp::Ordering {
    let n = id.len().min(line.len());
    match line[..n].cmp(&id[..n]) {
        std::cmp::Ordering::Equal if n == id.len() => match line.get(n) {
            Some(b'\t') => std::cmp::Ordering::Equal,
            // The line's id goes on: it is longer, and after `id`.
            Some(_) => std::cmp::Ordering::Greater,
            None => std::cmp::Ordering::Less,
        },
        // The line ended within `id` (no tab: not a line of the base).
        std::cmp::Ordering::Equal => std::cmp::Ordering::Less,
        order => order,
    }
}

impl Finished {
    fn from_text(text: Text, counts: [usize; 3]) -> Finished {
        let mut starts = Vec::with_capacity(text.len() / 24);
        if !text.is_empty() {
            starts.push(0);
        }
        let ends = crate::bytes::find_iter(b'\n', text.as_bytes());
        starts.extend(
            ends.map(|end| end as u32 + 1)
                .filter(|&s| s as usize != text.len()),
        );
        Finished {
            text,
            starts,
            changed: foldhash::HashMap::default(),
            counts,
        }
    }

    /// From (id, status) pairs, as a listing finds them.
    pub fn from_states(mut states: Vec<(String, Status)>) -> Finished {
        states.sort_unstable();
        let mut counts = [0; 3];
        let mut text = String::with_capacity(states.len() * 32);
        for (id, status) in &states {
            if let Some(i) = slot(*status) {
                counts[i] += 1;
            }
            text.push_str(&format!("{id}\t{}\n", status.as_str()));
        }
        Finished::from_text(text.into(), counts)
    }

    /// Binary search of the base's lines. A line is `ID<TAB>STATUS`, and a
    /// tab sorts before every character an id may hold, so the line's
    /// bytes compare with `ID<TAB>` as its id compares with `id`: no line
    /// is split to find its id.
    fn base_state(&self, id: &str) -> Option<Status> {
        let text = self.text.as_bytes();
        let id = id.as_bytes();
        let (mut lo, mut hi) = (0, self.starts.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let start = self.starts[mid] as usize;
            let end = self.starts.get(mid + 1).map_or(text.len(), |e| *e as usize);
            let line = &text[start..end];
            match line_order(line, id) {
                std::cmp::Ordering::Equal => {
                    let status = std::str::from_utf8(&line[id.len() + 1..]).ok()?;
                    return Status::parse(status.trim_end_matches('\n'));
                }
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        None
    }

    /// The state of finished task `id`, if it is one.
    pub fn get(&self, id: &str) -> Option<Status> {
        if self.changed.is_empty() {
            return self.base_state(id);
        }
        match self.changed.get(id) {
            Some(state) => *state,
            None => self.base_state(id),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Sets (or, with `None`, removes) the state of `id`.
    pub fn set(&mut self, id: &str, state: Option<Status>) {
        let old = self.get(id);
        for (status, delta) in [(old, -1i64), (state, 1)] {
            if let Some(i) = status.and_then(slot) {
                self.counts[i] = (self.counts[i] as i64 + delta).max(0) as usize;
            }
        }
        self.changed.insert(id.to_string(), state);
    }

    /// The ids of the finished tasks (in no particular order).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let unchanged = self.changed.is_empty();
        let base = lines(&self.text)
            .filter_map(|l| crate::bytes::find(b'\t', l.as_bytes()).map(|tab| &l[..tab]))
            .filter(move |id| unchanged || !self.changed.contains_key(*id));
        let changed = self
            .changed
            .iter()
            .filter(|(_, state)| state.is_some())
            .map(|(id, _)| id.as_str());
        base.chain(changed)
    }

    /// How many tasks are done, failed and cancelled.
    pub fn counts(&self) -> [(Status, usize); 3] {
        [
            (Status::Done, self.counts[0]),
            (Status::Failed, self.counts[1]),
            (Status::Cancelled, self.counts[2]),
        ]
    }
}

impl Store {
    /// The state of every finished task, from the cache when it provably
    /// follows `completed/`, else from a listing of it.
    pub fn finished_states(&self) -> (Finished, Vec<Problem>) {
        if let Some(finished) = self.finished_from_cache() {
            return (finished, Vec::new());
        }
        let (states, problems) = self.scan_validated(
            Folder::Completed,
            Trust::Inode,
            |line, _| state_of_line(line),
            |_, summary, _| (summary.task_id, summary.status),
        );
        (Finished::from_states(states), problems)
    }

    fn finished_from_cache(&self) -> Option<Finished> {
        let dir = dir_stamp(&self.folder_path(Folder::Completed))?;
        let now = now_ns();
        let base = self.open_base(Folder::Completed)?;
        let meta = &base.meta;
        let tail = self.read_journal(Folder::Completed, meta.journal_ino, meta.journal_offset)?;
        let records = parse_records(&tail.text)?;
        let order = explained(meta, &records, dir, now, FINISHED_WINDOW_NS)?;
        let text = base.text_of(|s| s.kind == Kind::States)?;
        let mut finished = Finished::from_text(text, meta.counts);
        for record in order.into_iter().map(|i| &records[i]) {
            match &record.op {
                Op::Add { line, .. } => {
                    let f = split_fields::<7>(line)?;
                    let status = Status::parse(f[6]).filter(|s| s.is_finished())?;
                    finished.set(f[5], Some(status));
                }
                Op::Remove { id, .. } => finished.set(id, None),
                Op::Hidden { .. } | Op::Validated { .. } => {}
            }
        }
        Some(finished)
    }
}

/// What the listing of `completed/` keeps of a task.
fn state_of_line(line: &str) -> Option<(String, Status)> {
    let f = split_fields::<7>(line)?;
    Some((f[5].to_string(), Status::parse(f[6])?))
}

#[cfg(test)]
mod tests {
    use super::super::fixture::temp_store;
    use super::*;
    use crate::model::Task;

    fn finished(id: &str) -> Task {
        Task::from_json(format!(
            r#"{{"task_id":"{id}","description":"d","status":"done","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#
        ).as_bytes())
        .expect("a finished task")
    }

    /// Publishes finished task `id` into `completed/` as fed does.
    fn publish(store: &Store, id: &str) {
        let dest = store.task_path(Folder::Completed, id, None);
        store.publish_doc(&dest, &finished(id)).expect("publish");
    }

    /// Moves finished `task` into `completed/` from outside as fed does
    /// (its folder times kept for its record), but writes no record.
    fn move_in(store: &Store, outside: &std::path::Path, task: &Task) -> std::path::PathBuf {
        let home = store.task_path(Folder::Completed, &task.task_id, None);
        let from = outside.join(format!("{}.json", task.task_id));
        std::fs::write(&from, task.to_json()).unwrap();
        store
            .stamped(&from, &home, || std::fs::rename(&from, &home))
            .unwrap();
        home
    }

    fn done(store: &Store) -> usize {
        store.finished_states().0.counts()[0].1
    }

    #[test]
    fn recorded_moves_one_after_another_are_followed_without_listing() {
        let (_dir, store) = temp_store();
        publish(&store, "a");
        assert_eq!(done(&store), 1, "the first count lists completed/");
        for id in ["b", "c", "d"] {
            publish(&store, id);
        }
        let cached = store
            .finished_from_cache()
            .expect("the journal explains every move");
        assert_eq!(cached.counts()[0].1, 4);
        assert_eq!(done(&store), 4);
    }

    #[test]
    fn a_move_nobody_recorded_is_not_hidden_by_a_later_recorded_one() {
        let (dir, store) = temp_store();
        publish(&store, "a");
        assert_eq!(done(&store), 1);
        assert!(store.finished_from_cache().is_some());
        // A process killed between its move into completed/ and its
        // record: the file is there, the journal does not say so.
        let outside = dir.path().join("b.json");
        std::fs::write(&outside, finished("b").to_json()).unwrap();
        std::fs::rename(&outside, store.task_path(Folder::Completed, "b", None)).unwrap();
        // The next recorded move leaves the folder's times where its
        // record says; its "before" is not where the journal left off.
        publish(&store, "c");
        assert!(store.finished_from_cache().is_none());
        assert_eq!(done(&store), 3);
    }

    #[test]
    fn records_appended_out_of_the_order_of_their_moves_follow_the_moves() {
        let (dir, store) = temp_store();
        publish(&store, "a");
        assert_eq!(done(&store), 1);
        // One process moves x in; before it records that, another moves
        // x out (a retry) and records it first.
        let other = Store::open(&dir.path().join(".federation")).expect("open");
        let x = finished("x");
        let home = move_in(&store, dir.path(), &x);
        let away = dir.path().join("x.away");
        other
            .stamped(&home, &away, || std::fs::rename(&home, &away))
            .unwrap();
        other.note_removed(&home, &x);
        // The first one's record finds no file to record: a gap in the
        // chain, so completed/ is listed; x is not there.
        store.note_added(&home, &x);
        assert!(store.finished_from_cache().is_none());
        assert_eq!(done(&store), 1);
        assert_eq!(store.finished_states().0.get("x"), None);
        // That listing matched the cache and said so: the chain starts
        // again from it. Two tasks whose records came in the other order
        // than their moves: both counted, without listing.
        let (y, z) = (finished("y"), finished("z"));
        let homes = [
            move_in(&store, dir.path(), &y),
            move_in(&store, dir.path(), &z),
        ];
        store.note_added(&homes[1], &z);
        store.note_added(&homes[0], &y);
        let cached = store.finished_from_cache().expect("the moves chain");
        assert_eq!(cached.counts()[0].1, 3);
        assert_eq!(done(&store), 3);
    }

    #[test]
    fn a_state_is_found_by_its_whole_id_only() {
        let ids = ["ab", "abc", "abc-x", "abc.x", "abd", "b", "t-0", "t-00"];
        let states: Vec<(String, Status)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let status = [Status::Done, Status::Failed, Status::Cancelled][i % 3];
                (id.to_string(), status)
            })
            .collect();
        let finished = Finished::from_states(states.clone());
        for (id, status) in &states {
            assert_eq!(finished.get(id), Some(*status), "{id}");
        }
        for missing in ["a", "abc-", "abcd", "abc-xy", "b-", "t-", "t-000", "zz", ""] {
            assert_eq!(finished.get(missing), None, "{missing}");
        }
        assert_eq!(
            finished.counts(),
            [
                (Status::Done, 3),
                (Status::Failed, 3),
                (Status::Cancelled, 2)
            ]
        );
        // Many ids, many sharing long beginnings: every one found, none
        // invented.
        let mut ids: Vec<String> = (0..3000)
            .map(|i| match i % 3 {
                0 => format!("20250101-000000-c{i:05}"),
                1 => format!("t{i}"),
                _ => format!("20250101-00000{}", i % 10),
            })
            .collect();
        ids.sort();
        ids.dedup();
        let states: Vec<(String, Status)> =
            ids.iter().map(|id| (id.clone(), Status::Done)).collect();
        let many = Finished::from_states(states);
        for id in &ids {
            assert_eq!(many.get(id), Some(Status::Done), "{id}");
            for other in [
                format!("{id}0"),
                format!("{id}-"),
                id[..id.len() - 1].to_string(),
            ] {
                let expected = ids.binary_search(&other).is_ok().then_some(Status::Done);
                assert_eq!(many.get(&other), expected, "{other}");
            }
        }
    }
}
