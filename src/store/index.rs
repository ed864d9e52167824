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
use super::layout::Folder;
use super::scan::{Entry, Problem, classify, read_task, read_task_at};
use crate::model::{Priority, Status, TaskSummary};
use chrono::DateTime;
use std::borrow::Cow;
use std::fs::DirEntry;
use std::io::Write;
use std::os::unix::fs::{DirEntryExt, MetadataExt};
use std::path::PathBuf;

pub const CACHE_DIR: &str = ".cache";
const MAGIC: &str = "fed-index\t2";
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
/// Fields of an index line.
const FIELDS: usize = 18;

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

/// What identifies the version of a file that a summary was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    ino: u64,
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
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
        if inode_only
            && let (Some(header), Some(stamp)) = (header, stamp)
            && header.clean
            && header.dir == stamp
            && header.written_ns > stamp.mtime_ns + RACY_NS
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
            Err(e) => {
                problems.push(Problem::unreadable(dir, &e));
                return (items, problems, false);
            }
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
            let (id, token) = match classify(folder, &name, &entry) {
                Entry::Task { id, token } => (id, token),
                Entry::Skip => continue,
                Entry::Problem(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let path = entry.path();
            let Some(key) = file_key(&entry, inode_only) else {
                continue;
            };
            match read_task(&path, folder, &id, token.as_deref()) {
                Ok(task) => {
                    let summary = TaskSummary::from(&task);
                    let racy = !inode_only && key.ctime_ns.max(key.mtime_ns) > started - RACY_NS;
                    if !racy {
                        dirty = true;
                        let mut line = String::new();
                        write_line(&mut line, &name, &key, &summary);
                        fresh.push(Cow::Owned(line));
                    }
                    items.push(from_summary(&name, summary));
                }
                Err(Some(problem)) => problems.push(problem.task(&id)),
                Err(None) => {}
            }
        }
        // A cache is clean when it holds every file of the folder.
        let clean = problems.is_empty() && fresh.len() == items.len();
        let validated_ns = match header {
            Some(h) if trusting => h.validated_ns,
            _ => started,
        };
        // Rewrite when anything changed; when a validated listing of an
        // active folder should refresh the trust window; and when the
        // folder has settled since the cache was written too soon after
        // its last change, so that the next reads may skip the folder.
        let refresh_window =
            |h: &Header| !trusting && !inode_only && h.validated_ns + TRUST_WINDOW_NS / 2 < started;
        let settled = |h: &Header| {
            stamp.is_some_and(|d| {
                h.written_ns <= d.mtime_ns + RACY_NS && started > d.mtime_ns + RACY_NS
            })
        };
        if dirty
            || fresh.len() != loaded
            || header.is_none_or(|h| {
                h.clean != clean || Some(h.dir) != stamp || refresh_window(&h) || settled(&h)
            })
        {
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

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape(text: &str) -> String {
    if !text.as_bytes().contains(&b'\\') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn opt(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| unescape(text))
}

/// Renders one index line (without the newline).
fn write_line(out: &mut String, name: &str, key: &Key, s: &TaskSummary) {
    use std::fmt::Write as _;
    let _ = write!(
        out,
        "{name}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t",
        key.ino,
        key.size,
        key.mtime_ns,
        key.ctime_ns,
        s.task_id,
        s.status.as_str(),
        s.priority.as_str()
    );
    escape(&s.task_type, out);
    for field in [&s.from_agent, &s.to_agent, &s.assignee] {
        out.push('\t');
        out.push_str(field.as_deref().unwrap_or(""));
    }
    let _ = write!(out, "\t{}\t", s.created_at.timestamp_millis());
    if let Some(t) = s.lease_expires_at {
        let _ = write!(out, "{}", t.timestamp_millis());
    }
    out.push('\t');
    out.push_str(&s.dependencies.join(","));
    out.push('\t');
    escape(&s.title, out);
    out.push('\t');
    if let Some(reason) = &s.blocked_reason {
        escape(reason, out);
    }
    out.push('\t');
    out.push_str(s.origin.code());
}

/// A folder's identity and last change: its inode and mtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    ino: u64,
    mtime_ns: i128,
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

/// The first line of an index: `fed-index 1 FOLDER DIR_INO DIR_MTIME
/// WRITTEN VALIDATED CLEAN` (tab-separated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header {
    dir: Stamp,
    written_ns: i128,
    /// When every entry was last checked with a stat.
    validated_ns: i128,
    /// Every file of the folder is in the index (no problems, none left out).
    clean: bool,
}

impl Header {
    fn render(&self, folder: Folder, out: &mut String) {
        use std::fmt::Write as _;
        let _ = writeln!(
            out,
            "{MAGIC}\t{}\t{}\t{}\t{}\t{}\t{}",
            folder.dir_name(),
            self.dir.ino,
            self.dir.mtime_ns,
            self.written_ns,
            self.validated_ns,
            u8::from(self.clean)
        );
    }

    fn parse(line: &str, folder: Folder) -> Option<Header> {
        let f: [&str; 6] = line
            .strip_prefix(MAGIC)?
            .strip_prefix('\t')?
            .split('\t')
            .collect::<Vec<_>>()
            .try_into()
            .ok()?;
        (f[0] == folder.dir_name()).then_some(())?;
        Some(Header {
            dir: Stamp {
                ino: f[1].parse().ok()?,
                mtime_ns: f[2].parse().ok()?,
            },
            written_ns: f[3].parse().ok()?,
            validated_ns: f[4].parse().ok()?,
            clean: f[5] == "1",
        })
    }
}

/// Every entry of a whole index through `item`, or `None` when the index
/// is torn or any line does not parse.
fn whole_index<'t, T>(
    text: &'t str,
    item: &impl Fn(&'t str, &'t str) -> Option<T>,
) -> Option<Vec<T>> {
    let mut lines = text.lines();
    lines.next()?;
    let mut items = Vec::with_capacity(text.len() / 128);
    for line in lines {
        if let Some(count) = line.strip_prefix("end\t") {
            return (count.parse::<usize>().ok()? == items.len()).then_some(items);
        }
        let (name, _) = line.split_once('\t')?;
        items.push(item(line, name)?);
    }
    None
}

/// The lines of a whole index as (file name, line), in the order written
/// (the folder's own order); `None` when the header or the closing count is
/// off (a torn or foreign file: the cache is then ignored and rebuilt).
fn index_lines(text: &str, folder: Folder) -> Option<Vec<(&str, &str)>> {
    Header::parse(text.lines().next()?, folder)?;
    whole_index(text, &|line, name| Some((name, line)))
}

/// How far ahead of its cursor [`Lines::take`] looks for a name.
const WINDOW: usize = 32;

/// Cache lines matched against a directory read in lockstep. The cache is
/// written in the order the folder lists its names, and a folder's order
/// changes only where names come and go, so the next name is almost always
/// the next line; a name not found near the cursor is read from its file.
struct Lines<'a> {
    lines: Vec<(&'a str, &'a str)>,
    next: usize,
}

impl<'a> Lines<'a> {
    fn take(&mut self, name: &str) -> Option<&'a str> {
        let end = (self.next + WINDOW).min(self.lines.len());
        let at = (self.next..end).find(|&i| self.lines[i].0 == name)?;
        self.next = at + 1;
        Some(self.lines[at].1)
    }
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

/// Writes `n` in decimal into `buf` and returns it as text.
fn format_u64(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).unwrap_or("")
}

/// The first `N` tab-separated fields of a line; with `N` equal to the
/// number of fields, the whole line. A plain byte scan: this runs once per
/// cached task on every listing.
fn split_fields<const N: usize>(line: &str) -> Option<[&str; N]> {
    let mut f = [""; N];
    let mut start = 0;
    let mut n = 0;
    for (i, b) in line.bytes().enumerate() {
        if b == b'\t' {
            f[n] = &line[start..i];
            n += 1;
            start = i + 1;
            if n == N {
                return (N < FIELDS).then_some(f);
            }
        }
    }
    (n == N - 1).then(|| {
        f[n] = &line[start..];
        f
    })
}

fn parse_ns(text: &str) -> Option<i128> {
    text.parse::<i64>()
        .ok()
        .map(i128::from)
        .or_else(|| text.parse().ok())
}

/// The file key at the start of an index line.
fn parse_key(line: &str) -> Option<Key> {
    let f: [&str; 5] = split_fields(line)?;
    Some(Key {
        ino: f[1].parse().ok()?,
        size: f[2].parse().ok()?,
        mtime_ns: parse_ns(f[3])?,
        ctime_ns: parse_ns(f[4])?,
    })
}

/// Parses the summary of one index line.
fn parse_line(line: &str) -> Option<TaskSummary> {
    let f: [&str; FIELDS] = split_fields(line)?;
    let millis = |s: &str| DateTime::from_timestamp_millis(s.parse().ok()?);
    let summary = TaskSummary {
        task_id: f[5].to_string(),
        status: Status::parse(f[6])?,
        priority: Priority::ALL.into_iter().find(|p| p.as_str() == f[7])?,
        task_type: unescape(f[8]),
        from_agent: opt(f[9]),
        to_agent: opt(f[10]),
        assignee: opt(f[11]),
        created_at: millis(f[12])?,
        lease_expires_at: if f[13].is_empty() {
            None
        } else {
            Some(millis(f[13])?)
        },
        dependencies: if f[14].is_empty() {
            Vec::new()
        } else {
            f[14].split(',').map(str::to_string).collect()
        },
        title: unescape(f[15]),
        blocked_reason: opt(f[16]),
        origin: crate::model::Origin::from_code(f[17])?,
    };
    Some(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_with_awkward_text() {
        let summary = TaskSummary {
            task_id: "t-1".into(),
            title: "tab\there, newline\nthere, back\\slash".into(),
            status: Status::Blocked,
            priority: Priority::High,
            task_type: "review".into(),
            from_agent: Some("a".into()),
            to_agent: None,
            assignee: Some("b".into()),
            created_at: DateTime::from_timestamp_millis(1_700_000_000_123).unwrap(),
            lease_expires_at: None,
            dependencies: vec!["x".into(), "y".into()],
            blocked_reason: Some("needs\tkeys".into()),
            origin: crate::model::Origin::Handoff,
        };
        let key = Key {
            ino: 7,
            size: 9,
            mtime_ns: 11,
            ctime_ns: 13,
        };
        let mut text = String::new();
        let header = Header {
            dir: Stamp {
                ino: 3,
                mtime_ns: 5,
            },
            written_ns: 8,
            validated_ns: 7,
            clean: true,
        };
        header.render(Folder::Blocked, &mut text);
        assert_eq!(
            Header::parse(text.lines().next().unwrap(), Folder::Blocked),
            Some(header)
        );
        write_line(&mut text, "t-1.json", &key, &summary);
        text.push_str("\nend\t1\n");
        let lines = index_lines(&text, Folder::Blocked).unwrap();
        assert_eq!(lines[0].0, "t-1.json");
        assert_eq!(parse_line(lines[0].1), Some(summary));
        assert_eq!(parse_key(lines[0].1), Some(key));
        // Torn, foreign or mislabelled caches are ignored.
        assert!(index_lines(&text[..text.len() - 8], Folder::Blocked).is_none());
        assert!(index_lines(&text, Folder::Pending).is_none());
        assert!(index_lines(&text.replace("end\t1", "end\t2"), Folder::Blocked).is_none());
        assert!(parse_line("a\tb").is_none());
    }

    #[test]
    fn lockstep_lines_skip_removed_names_and_miss_far_ones() {
        let names: Vec<String> = (0..100).map(|i| format!("n{i}")).collect();
        let mut lines = Lines {
            lines: names.iter().map(|n| (n.as_str(), n.as_str())).collect(),
            next: 0,
        };
        assert_eq!(lines.take("n0"), Some("n0"));
        assert_eq!(lines.take("n5"), Some("n5")); // n1..n4 were removed
        assert_eq!(lines.take("new"), None); // not cached: read the file
        assert_eq!(lines.take("n90"), None); // too far ahead: read the file
        assert_eq!(lines.take("n6"), Some("n6"));
    }

    #[test]
    fn decimal_formatting() {
        let mut buf = [0; 20];
        for n in [0, 7, 10, 12345, u64::MAX] {
            assert_eq!(format_u64(n, &mut buf), n.to_string());
        }
    }
}
