//! The text of one entry of the listing cache: the task file's name, the
//! key of the version it was read from, the summary listings need, and
//! (for tasks waiting in `pending/` or `blocked/`) the document as `queue
//! list --json` prints it, tab-separated on one line. Base files and journals
//! (`cache_base`, `cache_journal`) are made of these lines.

use super::layout::Folder;
use crate::model::{Priority, Status, TaskSummary};
use chrono::DateTime;

/// Fields of an entry line.
pub(super) const FIELDS: usize = 21;
/// Documents longer than this are not kept in the cache (the file is read).
pub(super) const MAX_DOC: usize = 16 * 1024;

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

/// The `queue list --json` document an entry of `folder` carries: for
/// the tasks waiting to be claimed (`pending/`, `blocked/`), which
/// `list --ready --json` prints by the thousand. Finished tasks and those
/// in progress are read from their files when listed so: every claim
/// reads `in-progress/`'s entries, and a heartbeat rewrites one.
pub(super) fn cached_doc(folder: Folder, task: &crate::model::Task) -> Option<String> {
    matches!(folder, Folder::Pending | Folder::Blocked)
        .then(|| crate::model::summary::list_json(task))
}

/// Renders one entry line (without the newline); `doc` is the compact
/// JSON `queue list --json` prints (it has no tab or line break).
pub(super) fn write_line(
    out: &mut String,
    name: &str,
    key: &Key,
    s: &TaskSummary,
    doc: Option<&str>,
) {
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
    out.push('\t');
    if let Some(lead) = &s.lead {
        escape(lead, out);
    }
    out.push('\t');
    if let Some(doc) = doc.filter(|d| d.len() <= MAX_DOC && !d.contains(['\t', '\n'])) {
        out.push_str(doc);
    }
}

/// The cached `queue list --json` document of an entry line, if any.
pub(super) fn line_doc(line: &str) -> Option<&str> {
    let doc = line.rsplit_once('\t')?.1;
    (!doc.is_empty()).then_some(doc)
}

/// The first `N` tab-separated fields of a line; with `N` equal to the
/// number of fields, the whole line. A SIMD search for tabs: this runs once
/// per cached task on every listing, over lines that end with a document of
/// several hundred bytes.
pub(super) fn split_fields<const N: usize>(line: &str) -> Option<[&str; N]> {
    let mut f = [""; N];
    let mut start = 0;
    let mut n = 0;
    for i in crate::bytes::find_iter(b'\t', line.as_bytes()) {
        f[n] = &line[start..i];
        n += 1;
        start = i + 1;
        if n == N {
            return (N < FIELDS).then_some(f);
        }
    }
    (n == N - 1).then(|| {
        f[n] = &line[start..];
        f
    })
}

/// The lines of a cache text (base sections, journal tails), without
/// their newlines, found with a SIMD search: a base holds one line per
/// task, several hundred bytes each.
pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let rest = text.get(start..).filter(|rest| !rest.is_empty())?;
        let len = crate::bytes::find(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        start += len + 1;
        Some(&rest[..len])
    })
}

/// A time in nanoseconds as the cache writes it (a signed integer).
pub(super) fn parse_ns(text: &str) -> Option<i128> {
    let digits = text.as_bytes();
    if (1..=19).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) {
        // Nineteen digits fit in a u64: no overflow to check.
        let n = (digits.iter()).fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        return Some(i128::from(n));
    }
    text.parse().ok()
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

/// Whether two entry lines say the same of their files, whatever their
/// keys: the same name, summary and document.
pub(super) fn same_content(a: &str, b: &str) -> bool {
    fn parts(line: &str) -> (Option<&str>, Option<&str>) {
        let mut fields = line.splitn(6, '\t');
        (fields.next(), fields.nth(4))
    }
    parts(a) == parts(b)
}

/// Parses the summary of one index line (the fields before its document,
/// which is not looked at: most of the line's bytes).
pub(super) fn parse_line(line: &str) -> Option<TaskSummary> {
    let f: [&str; FIELDS - 1] = split_fields(line)?;
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
        lead: opt(f[19]),
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
            lead: Some("claude".into()),
        };
        let key = Key {
            ino: 7,
            size: 9,
            mtime_ns: 11,
            ctime_ns: 13,
        };
        let mut line = String::new();
        write_line(&mut line, "t-1.json", &key, &summary, Some("{\"a\":1}"));
        assert_eq!(line.lines().count(), 1);
        assert_eq!(parse_line(&line), Some(summary.clone()));
        assert_eq!(parse_key(&line), Some(key));
        assert_eq!(line_doc(&line), Some("{\"a\":1}"));
        // A document that would break the line, or is too long, is left out.
        for doc in ["{\"a\":\"\t\"}".to_string(), "x".repeat(MAX_DOC + 1)] {
            let mut line = String::new();
            write_line(&mut line, "t-1.json", &key, &summary, Some(&doc));
            assert_eq!(line_doc(&line), None);
            assert_eq!(parse_line(&line), Some(summary.clone()));
        }
        assert!(parse_line("a\tb").is_none());
    }

    #[test]
    fn lines_and_fields_split_as_the_standard_library_would() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\n\nb\n",
            "\n\nx\ty\n",
            "é\nü",
        ] {
            let ours: Vec<&str> = lines(text).collect();
            assert_eq!(ours, text.lines().collect::<Vec<_>>(), "{text:?}");
        }
        assert_eq!(split_fields::<2>("a\tb\tc"), Some(["a", "b"]));
        assert_eq!(split_fields::<3>("a\t\tc"), Some(["a", "", "c"]));
        assert_eq!(split_fields::<3>("a\tb"), None, "too few fields");
        let line = vec!["f"; FIELDS].join("\t");
        assert!(split_fields::<FIELDS>(&line).is_some());
        assert!(split_fields::<FIELDS>(&format!("{line}\textra")).is_none());
        for text in [
            "0",
            "1796467816788258644",
            "9999999999999999999",
            "99999999999999999999",
            "-5",
            "+7",
            "",
            "12a",
            " 1",
            "170141183460469231731687303715884105728",
        ] {
            assert_eq!(parse_ns(text), text.parse::<i128>().ok(), "{text:?}");
        }
    }
}
