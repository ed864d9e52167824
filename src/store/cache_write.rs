//! Writing a folder's cache anew (compaction): the entry lines grouped
//! into the base's sections, the base written, and the journal rotated
//! when it has grown long. A compaction never blocks a change: appenders
//! go on writing to the journal, and the base records how much of it it
//! includes.

use super::Store;
use super::cache_base::{Kind, Meta, NewSection};
use super::cache_line::split_fields;
use super::layout::Folder;
use crate::model::{Priority, Status};
use std::collections::BTreeMap;
use std::fs::File;
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};

/// Groups entry lines into the sections of `folder`'s base: pending tasks
/// by priority and addressee, oldest first (the order claims read them
/// in); finished ones as rows and as id-sorted states with counts; others
/// as rows. Returns the sections, the counts and the number of entries.
pub(super) fn sections(folder: Folder, lines: &[&str]) -> (Vec<NewSection>, [usize; 3]) {
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
                text,
            });
            (rows, counts)
        }
        _ => (rows(lines), counts),
    }
}

fn rows(lines: &[&str]) -> Vec<NewSection> {
    let mut sorted: Vec<&str> = lines.to_vec();
    sorted.sort_unstable();
    vec![NewSection {
        kind: Kind::Rows,
        priority: String::new(),
        to: String::new(),
        count: sorted.len(),
        text: joined(&sorted),
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

fn claim_sections(lines: &[&str]) -> Vec<NewSection> {
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
                text: joined(&lines),
            }
        })
        .collect()
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
        meta.entries = sections
            .iter()
            .filter(|s| s.kind != Kind::States)
            .map(|s| s.count)
            .sum();
        meta.counts = counts;
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
        let tmp = self.path(super::cache_clock::CACHE_DIR).join(format!(
            ".{}.log.{}.tmp",
            folder.dir_name(),
            crate::model::id::random_base36(8)
        ));
        let new = File::options()
            .write(true)
            .create_new(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)
            .ok()?;
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
        let ids: Vec<(String, String, Vec<&str>)> = sections
            .iter()
            .map(|s| {
                let ids = s
                    .text
                    .lines()
                    .map(|l| l.split('\t').nth(5).unwrap())
                    .collect();
                (s.priority.clone(), s.to.clone(), ids)
            })
            .collect();
        assert_eq!(
            ids,
            [
                ("critical".into(), "kimi".into(), vec!["d"]),
                ("normal".into(), "".into(), vec!["c", "a", "b"]),
                ("normal".into(), "kimi".into(), vec!["e"]),
            ]
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
        assert_eq!(states.text, "a\tfailed\nm\tdone\nz\tdone\n");
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
