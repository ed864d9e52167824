//! The log for people (`fed log --format markdown`, config `log.markdown`):
//! a heading per day, one line per event with its time, agent, event and
//! the task's title. Every piece of text from users is escaped so that it
//! cannot make a link, an image, HTML or a heading. The JSON log stays the
//! record; this is derived from it, and a file kept with `log.markdown`
//! may lag after a crash (`fed log --format markdown > FILE` rebuilds it).

use super::Store;
use super::events::Event;
use crate::model::time::Timestamp;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Details longer than this are cut.
const MAX_DETAIL: usize = 160;
/// How far back an appender looks for the day's heading.
const HEADING_LOOKBACK: u64 = 1024 * 1024;

/// `text` made inert for markdown and HTML: `<`, `>` and `&` as entities;
/// the punctuation of links, images, emphasis, code, tables and
/// strikethrough backslash-escaped (so no `[link](x)` or `![image](x)`);
/// `://`, `www.` and `@` broken up so that no autolink forms; line breaks
/// and control characters as spaces. Lines start with `- `, so text never
/// begins a line (no heading or list from user text).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_two =
            |a: char, b: char| chars.get(i + 1) == Some(&a) && chars.get(i + 2) == Some(&b);
        let after_www = i >= 3
            && chars[i - 3..i]
                .iter()
                .collect::<String>()
                .eq_ignore_ascii_case("www");
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '!' | '|' | '~' | '@' => {
                out.push('\\');
                out.push(c);
            }
            ':' if next_two('/', '/') => out.push_str("\\:"),
            '.' if after_www => out.push_str("\\."),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The heading of `at`'s day.
pub fn day_heading(at: Timestamp) -> String {
    format!("## {}", at.format("%Y-%m-%d"))
}

/// One event as a line: `- 09:30:00 · claude · claimed · Title (id) · details`.
pub fn event_line(event: &Event, title: Option<&str>) -> String {
    let mut line = format!(
        "- {} · {} · {}",
        event.at.format("%H:%M:%S"),
        escape(event.agent.as_deref().unwrap_or("-")),
        escape(&event.event)
    );
    let id = event.task_id.as_deref().or(event.vote_id.as_deref());
    match (title, id) {
        (Some(title), Some(id)) => line.push_str(&format!(" · {} ({})", escape(title), escape(id))),
        (None, Some(id)) => line.push_str(&format!(" · {}", escape(id))),
        _ => {}
    }
    let details = event.details_text();
    if !details.is_empty() {
        let mut text = details;
        if text.chars().count() > MAX_DETAIL {
            text = text.chars().take(MAX_DETAIL).collect::<String>() + "...";
        }
        line.push_str(&format!(" · {}", escape(&text)));
    }
    line
}

/// The whole log as markdown; `title` gives a task's title.
pub fn render<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    title: impl Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::new();
    let mut day = String::new();
    for event in events {
        let heading = day_heading(event.at);
        if heading != day {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&heading);
            out.push_str("\n\n");
            day = heading;
        }
        let t = event.task_id.as_deref().and_then(&title);
        out.push_str(&event_line(event, t.as_deref()));
        out.push('\n');
    }
    out
}

impl Store {
    /// Keeps the markdown file at `path` current (config `log.markdown`).
    pub fn keep_markdown_log(&self, path: Option<std::path::PathBuf>) {
        *self.markdown.borrow_mut() = path;
    }

    /// Appends `event` to the markdown log, if one is kept: the day's
    /// heading first when the file's last heading is another day's, then
    /// the line; both in one write under the file's lock, so concurrent
    /// writers keep it whole. A failure is a warning, never an error.
    pub(super) fn mirror_event(&self, event: &Event) {
        let Some(path) = self.markdown.borrow().clone() else {
            return;
        };
        let title = event.task_id.as_deref().and_then(|id| self.title_of(id));
        let line = event_line(event, title.as_deref());
        if let Err(e) = append_markdown(&path, &day_heading(event.at), &line) {
            self.warn(format!(
                "the change landed, but the markdown log {} was not updated: {e}",
                path.display()
            ));
        }
    }

    /// A task's title, read without waiting (none when it is in flight).
    fn title_of(&self, id: &str) -> Option<String> {
        let (folder, path) = super::locate::place_in_folders(self, id)?;
        super::scan::read_task_at(&path, folder)
            .ok()
            .map(|t| t.title)
    }
}

fn append_markdown(path: &Path, heading: &str, line: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(0o644)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    file.lock()?;
    let len = file.metadata()?.len();
    let start = len.saturating_sub(HEADING_LOOKBACK);
    let mut tail = Vec::new();
    file.seek(SeekFrom::Start(start))?;
    (&mut file).take(len - start).read_to_end(&mut tail)?;
    let last_heading = tail
        .split(|b| *b == b'\n')
        .rev()
        .find(|l| l.starts_with(b"## "));
    let mut text = String::new();
    if !tail.is_empty() && !tail.ends_with(b"\n") {
        // A line cut short by a crash must not swallow this one.
        text.push('\n');
    }
    if last_heading != Some(heading.as_bytes()) {
        if len > 0 {
            text.push('\n');
        }
        text.push_str(heading);
        text.push_str("\n\n");
    }
    text.push_str(line);
    text.push('\n');
    file.write_all(text.as_bytes())
}
