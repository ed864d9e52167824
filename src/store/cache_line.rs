//! The text format of the listing cache (`.cache/FOLDER.idx`): a header
//! line, one tab-separated line per task file (the file's key, then its
//! summary), and a closing count, so that a torn or foreign file is
//! recognised and ignored.

use super::layout::Folder;
use crate::model::{Priority, Status, TaskSummary};
use chrono::DateTime;

pub(super) const MAGIC: &str = "fed-index\t3";
/// Fields of an index line.
const FIELDS: usize = 19;

/// What identifies the version of a file that a summary was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Key {
    pub(super) ino: u64,
    pub(super) size: u64,
    pub(super) mtime_ns: i128,
    pub(super) ctime_ns: i128,
}

pub(super) fn escape(text: &str, out: &mut String) {
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

pub(super) fn unescape(text: &str) -> String {
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

pub(super) fn opt(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| unescape(text))
}

/// Renders one index line (without the newline).
pub(super) fn write_line(out: &mut String, name: &str, key: &Key, s: &TaskSummary) {
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
    out.push('\t');
    escape(&s.files.join("\n"), out);
}

/// A folder's identity and last change: its inode and mtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) ino: u64,
    pub(super) mtime_ns: i128,
}

/// The first line of an index: `fed-index 1 FOLDER DIR_INO DIR_MTIME
/// WRITTEN VALIDATED CLEAN` (tab-separated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Header {
    pub(super) dir: Stamp,
    pub(super) written_ns: i128,
    /// When every entry was last checked with a stat.
    pub(super) validated_ns: i128,
    /// Every file of the folder is in the index (no problems, none left out).
    pub(super) clean: bool,
}

impl Header {
    pub(super) fn render(&self, folder: Folder, out: &mut String) {
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

    pub(super) fn parse(line: &str, folder: Folder) -> Option<Header> {
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
pub(super) fn whole_index<'t, T>(
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
pub(super) fn index_lines(text: &str, folder: Folder) -> Option<Vec<(&str, &str)>> {
    Header::parse(text.lines().next()?, folder)?;
    whole_index(text, &|line, name| Some((name, line)))
}

/// How far ahead of its cursor [`Lines::take`] looks for a name.
pub(super) const WINDOW: usize = 32;

/// Cache lines matched against a directory read in lockstep. The cache is
/// written in the order the folder lists its names, and a folder's order
/// changes only where names come and go, so the next name is almost always
/// the next line; a name not found near the cursor is read from its file.
pub(super) struct Lines<'a> {
    pub(super) lines: Vec<(&'a str, &'a str)>,
    pub(super) next: usize,
}

impl<'a> Lines<'a> {
    pub(super) fn take(&mut self, name: &str) -> Option<&'a str> {
        let end = (self.next + WINDOW).min(self.lines.len());
        let at = (self.next..end).find(|&i| self.lines[i].0 == name)?;
        self.next = at + 1;
        Some(self.lines[at].1)
    }
}

/// Writes `n` in decimal into `buf` and returns it as text.
pub(super) fn format_u64(mut n: u64, buf: &mut [u8; 20]) -> &str {
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
pub(super) fn split_fields<const N: usize>(line: &str) -> Option<[&str; N]> {
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

pub(super) fn parse_ns(text: &str) -> Option<i128> {
    text.parse::<i64>()
        .ok()
        .map(i128::from)
        .or_else(|| text.parse().ok())
}

/// The file key at the start of an index line.
pub(super) fn parse_key(line: &str) -> Option<Key> {
    let f: [&str; 5] = split_fields(line)?;
    Some(Key {
        ino: f[1].parse().ok()?,
        size: f[2].parse().ok()?,
        mtime_ns: parse_ns(f[3])?,
        ctime_ns: parse_ns(f[4])?,
    })
}

/// Parses the summary of one index line.
pub(super) fn parse_line(line: &str) -> Option<TaskSummary> {
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
        files: if f[18].is_empty() {
            Vec::new()
        } else {
            unescape(f[18]).split('\n').map(str::to_string).collect()
        },
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
            files: vec!["src/*.rs".into(), "a\tb/{c,d}".into()],
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
