//! A cache of task summaries per folder (`.cache/FOLDER.idx`), so that
//! listing a folder costs a directory read (and, for folders whose files
//! change, a stat per file) instead of reading and parsing every file.
//!
//! The cache is never authoritative: an entry is used only while the file
//! it was read from is provably the same. In `pending/`, `in-progress/` and
//! `blocked/` that means the same inode, size, mtime and ctime; a file
//! changed within two seconds of the cache write is not cached at all, so
//! a change inside one timestamp tick cannot hide (the "racy git" rule). In
//! `completed/`, where fed never rewrites a file, the same name and inode
//! suffice; and while the folder itself is unchanged (same inode and mtime,
//! and the cache was written over two seconds after that mtime) no name in
//! it was added, removed or replaced, so a clean cache of it is used without
//! reading the folder. Anything else is read from the file.
//!
//! A claim may look first with less: the inode alone, without a stat, for
//! at most [`TRUST_WINDOW_NS`] after a fully validated listing. It then
//! verifies the file it takes against the summary it chose by, and answers
//! "nothing ready" only from a fully validated listing (see
//! `queue::claim`). `fed check` never uses the cache.

use super::Store;
use super::cache_line::{
    Header, Key, Lines, Stamp, format_u64, index_lines, parse_key, parse_line, split_fields,
    whole_index, write_line,
};
use super::layout::Folder;
use super::scan::{Entry, Problem, classify, read_task, read_task_at};
use crate::model::{Status, TaskSummary};
use std::borrow::Cow;
use std::fs::DirEntry;
use std::io::Write;
use std::os::unix::fs::{DirEntryExt, MetadataExt};
use std::path::PathBuf;

pub const CACHE_DIR: &str = ".cache";
/// Files changed this recently (nanoseconds) are not cached.
const RACY_NS: i128 = 2_000_000_000;
/// How long after a fully validated listing a claim may trust inodes alone.
pub const TRUST_WINDOW_NS: i128 = 10_000_000_000;

/// How much of a file's identity must match its cache entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// Inode, size, mtime and ctime: a stat per file.
    Stat,
    /// The inode alone, from the directory read: no stat. Falls back to
    /// `Stat` when the last validated listing is older than the window.
    Inode,
}

/// A task summary and the file it came from.
#[derive(Debug, Clone)]
pub struct Row {
    pub folder: Folder,
    pub path: PathBuf,
    pub summary: TaskSummary,
}

impl Row {
    /// Reads the full task document behind this summary.
    pub fn read(&self) -> Result<crate::model::Task, Option<Problem>> {
        read_task_at(&self.path, self.folder)
    }
}

/// The tasks of a folder, and the files that are not usable tasks.
#[derive(Debug, Default)]
pub struct Listing {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
}

impl Store {
    /// The summaries of every task in `folder`, from the cache where it is
    /// provably current and from the files elsewhere.
    pub fn list_folder(&self, folder: Folder) -> Listing {
        self.list_folder_with(folder, Trust::Stat).0
    }

    /// Like [`Store::list_folder`] with the given trust; also says whether
    /// the listing rests on inodes alone (so the caller must verify).
    pub fn list_folder_with(&self, folder: Folder, trust: Trust) -> (Listing, bool) {
        let dir = self.folder_path(folder);
        let row = |name: &str, summary| Row {
            folder,
            path: dir.join(name),
            summary,
        };
        let (rows, problems, trusted) = self.scan_cached(
            folder,
            trust,
            |line, name| parse_line(line).map(|summary| row(name, summary)),
            row,
        );
        (Listing { rows, problems }, trusted)
    }

    /// The id and status of every finished task: what readiness and counts
    /// need of `completed/`, without building full summaries.
    pub fn finished_states(&self) -> (Vec<(String, Status)>, Vec<Problem>) {
        let (states, problems, _) = self.scan_cached(
            Folder::Completed,
            Trust::Stat,
            |line, _| {
                let f: [&str; 7] = split_fields(line)?;
                Some((f[5].to_string(), Status::parse(f[6])?))
            },
            |_: &str, summary: TaskSummary| (summary.task_id, summary.status),
        );
        (states, problems)
    }

    /// Lists `folder`, turning each cached line (`from_line`) or freshly
    /// read task (`from_summary`) into an item, and refreshes the cache.
    /// Also returns whether entries were trusted by inode alone.
    fn scan_cached<T>(
        &self,
        folder: Folder,
        trust: Trust,
        from_line: impl Fn(&str, &str) -> Option<T>,
        from_summary: impl Fn(&str, TaskSummary) -> T,
    ) -> (Vec<T>, Vec<Problem>, bool) {
        // Keys of completed/ are inodes alone; other folders keep full keys.
        let inode_only = folder == Folder::Completed;
        let dir = self.folder_path(folder);
        let stamp = dir_stamp(&dir);
        let text = self.read_index(folder);
        let header = text.lines().next().and_then(|h| Header::parse(h, folder));
        // While completed/ is unchanged since a clean cache of it was
        // written, the cache is used without reading the folder.
        let unchanged =
            |h: Header, d: Stamp| h.clean && h.dir == d && h.written_ns > d.mtime_ns + RACY_NS;
        if inode_only
            && header.zip(stamp).is_some_and(|(h, d)| unchanged(h, d))
            && let Some(items) = whole_index(&text, &from_line)
        {
            return (items, Vec::new(), false);
        }
        let started = now_ns();
        let trusting = !inode_only
            && trust == Trust::Inode
            && header.is_some_and(|h| h.validated_ns + TRUST_WINDOW_NS > started);
        let mut cached = Lines {
            lines: index_lines(&text, folder).unwrap_or_default(),
            next: 0,
        };
        let loaded = cached.lines.len();
        let mut items = Vec::with_capacity(loaded);
        let mut problems = Vec::new();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => return (items, vec![Problem::unreadable(dir, &e)], false),
        };
        // The lines of the next cache: hits verbatim, misses rendered anew.
        let mut fresh: Vec<Cow<str>> = Vec::with_capacity(loaded);
        let mut dirty = false;
        for entry in entries.flatten() {
            let os_name = entry.file_name();
            let name = os_name.to_string_lossy();
            // A name found in the cache was a valid task name when cached.
            if let Some(line) = cached.take(&name)
                && entry.file_type().is_ok_and(|ft| ft.is_file())
                && key_matches(line, &entry, inode_only || trusting)
                && let Some(item) = from_line(line, &name)
            {
                fresh.push(Cow::Borrowed(line));
                items.push(item);
                continue;
            }
            match read_miss(folder, &name, &entry, inode_only, started) {
                Miss::Read { summary, line } => {
                    if let Some(line) = line {
                        dirty = true;
                        fresh.push(Cow::Owned(line));
                    }
                    items.push(from_summary(&name, summary));
                }
                Miss::Problem(problem) => problems.push(problem),
                Miss::Skip => {}
            }
        }
        // A cache is clean when it holds every file of the folder.
        let clean = problems.is_empty() && fresh.len() == items.len();
        let validated_ns = header
            .filter(|_| trusting)
            .map_or(started, |h| h.validated_ns);
        let revalidated = !trusting && !inode_only;
        let stale = |h: Header| stale_header(h, clean, stamp, revalidated, started);
        if dirty || fresh.len() != loaded || header.is_none_or(stale) {
            self.save_index(folder, &fresh, stamp, clean, validated_ns);
        }
        (items, problems, trusting)
    }

    fn index_path(&self, folder: Folder) -> PathBuf {
        self.path(CACHE_DIR)
            .join(format!("{}.idx", folder.dir_name()))
    }

    /// The cache text ("" when there is none or it is not UTF-8).
    fn read_index(&self, folder: Folder) -> String {
        super::fsx::read_bounded(&self.index_path(folder), 256 * 1024 * 1024)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }

    /// Best effort: a cache that cannot be written is simply not used.
    fn save_index(
        &self,
        folder: Folder,
        lines: &[Cow<str>],
        stamp: Option<Stamp>,
        clean: bool,
        validated_ns: i128,
    ) {
        let mut text =
            String::with_capacity(lines.iter().map(|l| l.len() + 1).sum::<usize>() + 128);
        let header = Header {
            dir: stamp.unwrap_or(Stamp {
                ino: 0,
                mtime_ns: 0,
            }),
            written_ns: now_ns(),
            validated_ns,
            clean: clean && stamp.is_some(),
        };
        header.render(folder, &mut text);
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str(&format!("end\t{}\n", lines.len()));
        let dir = self.path(CACHE_DIR);
        let _ = std::fs::create_dir(&dir);
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            folder.dir_name(),
            crate::model::id::random_base36(8)
        ));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .and_then(|()| std::fs::rename(&tmp, self.index_path(folder)));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        remove_stale_tmp(&dir);
    }
}

/// What a directory entry the cache did not vouch for turned out to be.
enum Miss {
    /// A task: its summary, and its cache line unless it changed too
    /// recently to be cached.
    Read {
        summary: TaskSummary,
        line: Option<String>,
    },
    Problem(Problem),
    /// Hidden bookkeeping, or gone while we looked.
    Skip,
}

/// Reads the task behind an entry of `folder` that the cache did not
/// vouch for.
fn read_miss(
    folder: Folder,
    name: &str,
    entry: &DirEntry,
    inode_only: bool,
    started: i128,
) -> Miss {
    let (id, token) = match classify(folder, name, entry) {
        Entry::Task { id, token } => (id, token),
        Entry::Skip => return Miss::Skip,
        Entry::Problem(problem) => return Miss::Problem(problem),
    };
    let Some(key) = file_key(entry, inode_only) else {
        return Miss::Skip;
    };
    match read_task(&entry.path(), folder, &id, token.as_deref()) {
        Ok(task) => {
            let summary = TaskSummary::from(&task);
            let racy = !inode_only && key.ctime_ns.max(key.mtime_ns) > started - RACY_NS;
            let line = (!racy).then(|| {
                let mut line = String::new();
                write_line(&mut line, name, &key, &summary);
                line
            });
            Miss::Read { summary, line }
        }
        Err(Some(problem)) => Miss::Problem(problem.task(&id)),
        Err(None) => Miss::Skip,
    }
}

/// Whether a cache whose entries all still hold must be rewritten anyway:
/// its cleanliness or folder stamp changed; a validated listing of an
/// active folder (`revalidated`) should refresh the trust window; or the
/// folder has settled since the cache was written too soon after its last
/// change, so that the next reads may skip the folder.
fn stale_header(
    h: Header,
    clean: bool,
    stamp: Option<Stamp>,
    revalidated: bool,
    started: i128,
) -> bool {
    let refresh_window = revalidated && h.validated_ns + TRUST_WINDOW_NS / 2 < started;
    let settled = stamp
        .is_some_and(|d| h.written_ns <= d.mtime_ns + RACY_NS && started > d.mtime_ns + RACY_NS);
    h.clean != clean || Some(h.dir) != stamp || refresh_window || settled
}

/// The key of the file behind a directory entry: its inode alone, or
/// (with a stat relative to the open directory) inode, size, mtime, ctime.
fn file_key(entry: &DirEntry, inode_only: bool) -> Option<Key> {
    if inode_only {
        return Some(Key {
            ino: entry.ino(),
            size: 0,
            mtime_ns: 0,
            ctime_ns: 0,
        });
    }
    entry.metadata().ok().map(|m| Key {
        ino: m.ino(),
        size: m.size(),
        mtime_ns: ns(m.mtime(), m.mtime_nsec()),
        ctime_ns: ns(m.ctime(), m.ctime_nsec()),
    })
}

/// Removes temporary cache files a killed process left (older than ten
/// minutes: no live writer takes that long).
fn remove_stale_tmp(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with('.') && name.ends_with(".tmp")) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() > 600));
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

fn dir_stamp(dir: &std::path::Path) -> Option<Stamp> {
    std::fs::symlink_metadata(dir).ok().map(|m| Stamp {
        ino: m.ino(),
        mtime_ns: ns(m.mtime(), m.mtime_nsec()),
    })
}

/// A file time (seconds and nanoseconds) in nanoseconds.
fn ns(secs: i64, nsec: i64) -> i128 {
    i128::from(secs) * 1_000_000_000 + i128::from(nsec)
}

/// Whether the cached line describes the file behind `entry`: same inode
/// (compared as text, from the directory read) and, unless `inode_only`,
/// same size, mtime and ctime (from a stat).
fn key_matches(line: &str, entry: &DirEntry, inode_only: bool) -> bool {
    if inode_only {
        let Some([_, ino]) = split_fields::<2>(line) else {
            return false;
        };
        return ino == format_u64(entry.ino(), &mut [0; 20]);
    }
    match (file_key(entry, false), parse_key(line)) {
        (Some(now), Some(old)) => now == old,
        _ => false,
    }
}
