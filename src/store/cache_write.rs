//! Writing a folder's cache anew (compaction): the entry lines grouped
//! into the base's sections, the base written, and the journal rotated
//! when it has grown long. A compaction never blocks a change: appenders
//! go on writing to the journal, and the base records how much of it it
//! includes.

use super::Store;
use super::cache_base::{Kind, Meta, NewSection, Text};
use super::cache_line::split_fields;
use super::layout::Folder;
use crate::model::{Priority, Status};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};

/// Groups entry lines into the sections of `folder`'s base: pending tasks
/// by priority and addressee, oldest first (the order claims read them
/// in); finished ones as rows and as id-sorted states with counts; others
/// as rows. Returns the sections, the counts and the number of entries.
pub(super) fn sections<'a>(folder: Folder, lines: &[&str]) -> (Vec<NewSection<'a>>, [usize; 3]) {
    let mut counts = [0; 3];
    match folder {
        Folder::Pending => (claim_sections(lines), counts),
        Folder::Completed => {
            let mut states: Vec<(&str, &str)> = lines
                .iter()
                .filter_map(|l| split_fields::<7>(l).map(|f| (f[5], f[6])))
                .collect();
            states.sort_unstable();
            let mut text = String::with_capacity(states.len() * 32);
            for (id, status) in &states {
                match Status::parse(status) {
                    Some(Status::Done) => counts[0] += 1,
                    Some(Status::Failed) => counts[1] += 1,
                    Some(Status::Cancelled) => counts[2] += 1,
                    _ => {}
                }
                text.push_str(&format!("{id}\t{status}\n"));
            }
            let mut rows = rows(lines);
            rows.push(NewSection {
                kind: Kind::States,
                priority: String::new(),
                to: String::new(),
                count: states.len(),
                text: vec![text.into()],
            });
            (rows, counts)
        }
        _ => (rows(lines), counts),
    }
}

fn rows<'a>(lines: &[&str]) -> Vec<NewSection<'a>> {
    let mut sorted: Vec<&str> = lines.to_vec();
    sorted.sort_unstable();
    vec![NewSection {
        kind: Kind::Rows,
        priority: String::new(),
        to: String::new(),
        count: sorted.len(),
        text: vec![joined(&sorted).into()],
    }]
}

fn joined(lines: &[&str]) -> String {
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// The claim order within a section: creation time, then id.
pub(super) fn claim_key(line: &str) -> Option<(i64, &str)> {
    let f = split_fields::<13>(line)?;
    Some((f[12].parse().ok()?, f[5]))
}

/// Pending entry lines grouped by (priority rank, addressee): (created,
/// id, line) each.
type Groups<'a> = BTreeMap<(u8, &'a str), Vec<(i64, &'a str, &'a str)>>;

fn claim_sections<'a>(lines: &[&str]) -> Vec<NewSection<'a>> {
    let mut groups: Groups = BTreeMap::new();
    for line in lines {
        let Some(f) = split_fields::<13>(line) else {
            continue;
        };
        let Some(rank) = Priority::ALL.iter().position(|p| p.as_str() == f[7]) else {
            continue;
        };
        let Ok(created) = f[12].parse::<i64>() else {
            continue;
        };
        groups
            .entry((rank as u8, f[10]))
            .or_default()
            .push((created, f[5], line));
    }
    groups
        .into_iter()
        .map(|((rank, to), mut group)| {
            group.sort_unstable();
            let lines: Vec<&str> = group.iter().map(|(_, _, l)| *l).collect();
            NewSection {
                kind: Kind::Claim,
                priority: Priority::ALL[rank as usize].as_str().to_string(),
                to: to.to_string(),
                count: lines.len(),
                text: vec![joined(&lines).into()],
            }
        })
        .collect()
}

/// A pending task that arrived since the base was written: its priority
/// rank, its addressee and its entry line.
pub(super) type Arrival<'a> = (usize, &'a str, &'a str);

/// A pending base's claim sections written anew without sorting them
/// again: each old section's lines that `kept` keeps (runs of them
/// borrowed from `old`, not copied), merged in claim order with the
/// arrivals of its group; then the groups only arrivals have, in their
/// place. `old` holds (priority rank, addressee, text) per section in the
/// base's order; `adds` (priority rank, addressee, line) sorted by group,
/// then claim order.
pub(super) fn merged_claim_sections<'a>(
    old: &'a [(usize, &'a str, Text)],
    kept: impl Fn(&str) -> bool,
    adds: &[Arrival<'a>],
) -> Vec<NewSection<'a>> {
    let mut groups: BTreeMap<(usize, &str), (&str, &[Arrival])> = BTreeMap::new();
    for (rank, to, text) in old {
        groups.insert((*rank, to), (&**text, &[]));
    }
    for group in adds.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        groups
            .entry((group[0].0, group[0].1))
            .or_insert(("", &[]))
            .1 = group;
    }
    groups
        .into_iter()
        .map(|((rank, to), (text, adds))| {
            let (text, count) = merged_group(text, &kept, adds);
            NewSection {
                kind: Kind::Claim,
                priority: Priority::ALL[rank].as_str().to_string(),
                to: to.to_string(),
                count,
                text,
            }
        })
        .collect()
}

/// One group's kept lines of `text` with `adds` merged in claim order (an
/// arrival goes after the lines whose key is not above its own), and how
/// many lines that is. Keys are parsed only while an arrival older than
/// the group's last line is still to place.
fn merged_group<'a>(
    text: &'a str,
    kept: &impl Fn(&str) -> bool,
    adds: &[Arrival],
) -> (Vec<Cow<'a, str>>, usize) {
    let last = text
        .trim_end_matches('\n')
        .rsplit('\n')
        .next()
        .unwrap_or("");
    let later = adds.partition_point(|a| claim_key(a.2) < claim_key(last));
    let (mut early, late) = adds.split_at(later);
    let line = |add: &Arrival| Cow::Owned(format!("{}\n", add.2));
    let (mut pieces, mut count, mut run) = (Vec::new(), 0, 0);
    let mut at = 0;
    while at < text.len() {
        let end =
            crate::bytes::find(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |n| at + n + 1);
        let this = &text[at..end];
        while let Some((add, rest)) = early.split_first()
            && claim_key(add.2) < claim_key(this.trim_end_matches('\n'))
        {
            pieces.extend([Cow::Borrowed(&text[run..at]), line(add)]);
            (early, run, count) = (rest, at, count + 1);
        }
        if !this.split_once('\t').is_some_and(|(name, _)| kept(name)) {
            pieces.push(Cow::Borrowed(&text[run..at]));
            run = end;
        } else {
            count += 1;
        }
        at = end;
    }
    pieces.push(Cow::Borrowed(&text[run..]));
    pieces.extend(early.iter().chain(late).map(line));
    pieces.retain(|piece| !piece.is_empty());
    (pieces, count + early.len() + late.len())
}

impl Store {
    /// Writes `folder`'s base from `lines` (its entries as of `journal`:
    /// the journal's inode and the offset they include), rotating the
    /// journal first when it is long.
    pub(super) fn compact(
        &self,
        folder: Folder,
        mut meta: Meta,
        lines: &[&str],
        journal: (u64, u64),
    ) {
        let (sections, counts) = sections(folder, lines);
        meta.counts = counts;
        self.compact_sections(folder, meta, sections, journal);
    }

    /// Writes `folder`'s base from `sections` (its entries as of
    /// `journal`), rotating the journal first when it is long.
    pub(super) fn compact_sections(
        &self,
        folder: Folder,
        mut meta: Meta,
        sections: Vec<NewSection>,
        journal: (u64, u64),
    ) {
        meta.entries = sections
            .iter()
            .filter(|s| s.kind != Kind::States)
            .map(|s| s.count)
            .sum();
        meta.written_ns = super::cache_clock::now_ns();
        (meta.journal_ino, meta.journal_offset) = journal;
        if journal.1 > super::cache_journal::ROTATE_BYTES {
            match self.rotate_journal(folder, journal) {
                Some(new_ino) => (meta.journal_ino, meta.journal_offset) = (new_ino, 0),
                None => return,
            }
        }
        self.write_base(folder, &meta, sections);
    }

    /// Starts a new journal holding what the old one has after `offset`
    /// (appended since the compaction read it). The old one is locked
    /// exclusively meanwhile, so no append is lost; appenders waiting on
    /// it find it unlinked and use the new one. The new journal's inode,
    /// or `None` when the journal is busy or changed.
    fn rotate_journal(&self, folder: Folder, (ino, offset): (u64, u64)) -> Option<u64> {
        let path = self.journal_path(folder);
        let old = File::options()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .ok()?;
        // A stopped appender holds its shared lock: never wait for it.
        let mut locked = false;
        for _ in 0..20 {
            if old.try_lock().is_ok() {
                locked = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        let meta = old.metadata().ok()?;
        if !locked || meta.ino() != ino || meta.len() < offset {
            return None;
        }
        let mut rest = vec![0; (meta.len() - offset) as usize];
        old.read_exact_at(&mut rest, offset).ok()?;
        let dir = self.path(super::cache_clock::CACHE_DIR);
        let stem = format!("{}.log", folder.dir_name());
        let (tmp, new) = super::cache_clock::new_tmp(&dir, &stem).ok()?;
        let new_ino = new.metadata().ok()?.ino();
        let moved = new
            .write_all_at(&rest, 0)
            .and_then(|()| std::fs::rename(&tmp, &path));
        if moved.is_err() {
            let _ = std::fs::remove_file(&tmp);
            return None;
        }
        Some(new_ino)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, priority: &str, to: &str, created: i64) -> String {
        format!(
            "{id}.json\t1\t0\t0\t0\t{id}\tpending\t{priority}\tgeneral\t\t{to}\t\t{created}\t\t\tt\t\tm\t"
        )
    }

    #[test]
    fn pending_lines_are_grouped_by_priority_and_addressee_oldest_first() {
        let lines = [
            line("b", "normal", "", 20),
            line("a", "normal", "", 20),
            line("c", "normal", "", 10),
            line("d", "critical", "kimi", 30),
            line("e", "normal", "kimi", 5),
        ];
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (sections, _) = sections(Folder::Pending, &refs);
        let ids: Vec<(String, String, Vec<String>)> = sections
            .iter()
            .map(|s| {
                let ids = s
                    .text
                    .concat()
                    .lines()
                    .map(|l| l.split('\t').nth(5).unwrap().to_string())
                    .collect();
                (s.priority.clone(), s.to.clone(), ids)
            })
            .collect();
        assert_eq!(
            ids,
            [
                ("critical".into(), "kimi".into(), vec!["d".to_string()]),
                (
                    "normal".into(),
                    "".into(),
                    ["c", "a", "b"].map(String::from).to_vec()
                ),
                ("normal".into(), "kimi".into(), vec!["e".to_string()]),
            ]
        );
    }

    #[test]
    fn a_merged_compaction_writes_what_sorting_every_line_writes() {
        // A pseudo-random mix of groups and creation times (ties included).
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let groups = [
            ("normal", ""),
            ("normal", "kimi"),
            ("high", ""),
            ("low", "codex"),
        ];
        let mut lines = Vec::new();
        for i in 0..400 {
            let (priority, to) = groups[next(3) as usize];
            lines.push(line(&format!("t{i:03}"), priority, to, next(50) as i64));
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (base, _) = sections(Folder::Pending, &refs);
        let old: Vec<(usize, &str, Text)> = base
            .iter()
            .map(|s| {
                let rank = Priority::ALL.iter().position(|p| p.as_str() == s.priority);
                (rank.unwrap(), s.to.as_str(), Text::from(s.text.concat()))
            })
            .collect();
        // Claims took some (the heads above all), arrivals came, in every
        // group and a new one, older and newer than what is there.
        let gone: std::collections::HashSet<String> = (0..400)
            .filter(|i| *i % 7 == 0 || next(4) == 0)
            .map(|i| format!("t{i:03}.json"))
            .collect();
        let mut arrivals = Vec::new();
        for i in 0..60 {
            let (priority, to) = groups[next(4) as usize];
            arrivals.push((
                priority,
                to,
                line(&format!("n{i:02}"), priority, to, next(70) as i64),
            ));
        }
        let mut adds: Vec<(usize, &str, &str)> = arrivals
            .iter()
            .map(|(p, to, l)| {
                (
                    Priority::ALL.iter().position(|q| q.as_str() == *p).unwrap(),
                    *to,
                    l.as_str(),
                )
            })
            .collect();
        adds.sort_by_key(|a| (a.0, a.1, claim_key(a.2)));
        let merged = merged_claim_sections(&old, |name| !gone.contains(name), &adds);
        let mut kept: Vec<&str> = refs
            .iter()
            .copied()
            .filter(|l| !gone.contains(l.split('\t').next().unwrap()))
            .collect();
        kept.extend(arrivals.iter().map(|a| a.2.as_str()));
        let (sorted, _) = sections(Folder::Pending, &kept);
        let view = |s: &[NewSection]| -> Vec<(String, String, usize, String)> {
            s.iter()
                .map(|s| (s.priority.clone(), s.to.clone(), s.count, s.text.concat()))
                .collect()
        };
        assert_eq!(view(&merged), view(&sorted));
        assert_eq!(merged.len(), 4);
        assert!(
            merged
                .iter()
                .all(|s| s.count == s.text.concat().lines().count())
        );
    }

    #[test]
    fn finished_lines_give_sorted_states_and_counts() {
        let lines: Vec<String> = [("z", "done"), ("a", "failed"), ("m", "done")]
            .iter()
            .map(|(id, st)| {
                format!("{id}.json\t1\t0\t0\t0\t{id}\t{st}\tnormal\tg\t\t\t\t1\t\t\tt\t\tm\t")
            })
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (sections, counts) = sections(Folder::Completed, &refs);
        assert_eq!(counts, [2, 1, 0]);
        let states = sections.iter().find(|s| s.kind == Kind::States).unwrap();
        assert_eq!(states.text.concat(), "a\tfailed\nm\tdone\nz\tdone\n");
    }

    #[test]
    fn a_rotated_journal_keeps_what_was_appended_after_the_compaction_read() {
        let (_dir, store) = crate::store::fixture::temp_store();
        let folder = Folder::Blocked;
        store.append_journal(folder, "one\n");
        let (ino, len) = store.journal_mark(folder).unwrap();
        store.append_journal(folder, "two\n");
        assert_eq!(store.rotate_journal(folder, (ino + 1, len)), None);
        let new_ino = store.rotate_journal(folder, (ino, len)).unwrap();
        assert_ne!(new_ino, ino);
        store.append_journal(folder, "three\n");
        let path = store.journal_path(folder);
        assert_eq!(std::fs::read_to_string(path).unwrap(), "two\nthree\n");
        assert_eq!(store.journal_mark(folder).unwrap().0, new_ino);
    }
}
