//! `fed plan export`: tasks as a markdown checklist grouped by phase,
//! which [`super::parse`] reads back to the same titles, states, agents,
//! types, priorities and phases.
//!
//! Each task's phase (`context.phase`) becomes nested headings (`#` for
//! the first heading of the path, `##` for the second...); tasks without a
//! phase come first, before any heading, so they read back without one.
//! User text is escaped so that it can never make a heading, a link, HTML,
//! a code span, a new list item or an annotation when read back: a title
//! is text, whatever it contains.

use super::inline::{agent_annotation, valid_type};
use super::split_phase;
use crate::model::Priority;
use std::collections::HashMap;

/// What export needs of a task.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportTask {
    pub title: String,
    pub description: String,
    pub done: bool,
    /// `context.phase` (headings joined with `" / "`), empty for none.
    pub phase: String,
    pub to_agent: Option<String>,
    pub task_type: String,
    pub priority: Priority,
}

#[derive(Default)]
struct Node {
    name: String,
    tasks: Vec<usize>,
    children: Vec<usize>,
}

/// The checklist: tasks in the order given within each phase, phases in
/// the order they first appear.
pub fn export(tasks: &[ExportTask]) -> String {
    let mut nodes = vec![Node::default()];
    let mut index: HashMap<(usize, String), usize> = HashMap::new();
    for (t, task) in tasks.iter().enumerate() {
        let mut at = 0;
        for name in split_phase(&task.phase) {
            at = *index.entry((at, name.clone())).or_insert_with(|| {
                nodes.push(Node {
                    name,
                    ..Node::default()
                });
                let child = nodes.len() - 1;
                nodes[at].children.push(child);
                child
            });
        }
        nodes[at].tasks.push(t);
    }
    let mut out = String::new();
    write_node(&mut out, &nodes, 0, 0, tasks);
    out
}

fn write_node(out: &mut String, nodes: &[Node], at: usize, depth: usize, tasks: &[ExportTask]) {
    let node = &nodes[at];
    if depth > 0 {
        separate(out);
        out.push_str(&"#".repeat(depth.min(6)));
        let name = escape(&one_line(&node.name));
        if !name.is_empty() {
            out.push(' ');
            out.push_str(&name);
        }
        out.push('\n');
    }
    if !node.tasks.is_empty() {
        separate(out);
    }
    for &t in &node.tasks {
        write_task(out, &tasks[t]);
    }
    for &child in &node.children {
        write_node(out, nodes, child, depth + 1, tasks);
    }
}

/// A blank line before a new block, unless at the start.
fn separate(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

fn write_task(out: &mut String, task: &ExportTask) {
    let title = one_line(&task.title);
    let title = if title.is_empty() {
        "(untitled)".to_string()
    } else {
        title
    };
    out.push_str(if task.done { "- [x] " } else { "- [ ] " });
    out.push_str(&escape(&title));
    if let Some(agent) = task
        .to_agent
        .as_deref()
        .and_then(|a| agent_annotation(&format!("@{a}")))
    {
        out.push_str(&format!(" @{agent}"));
    }
    if task.task_type != "general"
        && let Some(t) = valid_type(&task.task_type)
    {
        out.push_str(&format!(" #{t}"));
    }
    if task.priority != Priority::Normal {
        out.push_str(&format!(" !{}", task.priority));
    }
    out.push('\n');
    for line in details(&title, &task.description).lines() {
        let line = one_line(line);
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str("  ");
            out.push_str(&escape(&line));
            out.push('\n');
        }
    }
}

/// The description without the title it starts with (as import writes
/// it), nothing when it is only the title.
fn details<'d>(title: &str, description: &'d str) -> &'d str {
    let description = description.trim();
    if description == title {
        return "";
    }
    match description.strip_prefix(title) {
        Some(rest) if rest.starts_with("\n\n") => rest.trim(),
        _ => description,
    }
}

/// Control characters (tabs, line breaks) made spaces; spaces collapsed.
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    super::inline::collapse(&spaced)
}

/// `text` as markdown that reads back as exactly `text`: every character
/// that could start markup is escaped with a backslash (`\ ` * _ [ ] < >
/// & | ~` anywhere; `@ # !` at the start of a word, where they would be an
/// annotation or a heading; `- + =` and `1.`/`1)` at the start, where they
/// would start a list or underline a heading).
pub(super) fn escape(text: &str) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let mut out = String::with_capacity(text.len() + 8);
    let mut word_start = true;
    for (i, c) in text.chars().enumerate() {
        let markup = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~'
        ) || (word_start && matches!(c, '@' | '#' | '!'))
            || (i == 0 && matches!(c, '-' | '+' | '='))
            || (i == digits && digits > 0 && matches!(c, '.' | ')'));
        if markup {
            out.push('\\');
        }
        out.push(c);
        word_start = c.is_whitespace();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_what_could_be_markup() {
        assert_eq!(escape("Fix the login page"), "Fix the login page");
        assert_eq!(escape("# x"), "\\# x");
        assert_eq!(escape("- [ ] x"), "\\- \\[ \\] x");
        assert_eq!(escape("12. x"), "12\\. x");
        assert_eq!(escape("v1.2 a-b C# a@b !x"), "v1.2 a-b C# a@b \\!x");
        assert_eq!(escape("<b>&amp;</b>"), "\\<b\\>\\&amp;\\</b\\>");
        assert_eq!(escape("a\\"), "a\\\\");
    }

    #[test]
    fn details_leave_out_the_title() {
        assert_eq!(details("T", "T"), "");
        assert_eq!(details("T", "T\n\nmore\nlines"), "more\nlines");
        assert_eq!(details("T", "Tx"), "Tx");
        assert_eq!(one_line("a\tb\r\nc  d"), "a b c d");
    }

    #[test]
    fn empty_titles_and_deep_phases_still_export() {
        let task = ExportTask {
            phase: "1 / 2 / 3 / 4 / 5 / 6 / 7".into(),
            task_type: "general".into(),
            ..ExportTask::default()
        };
        let text = export(&[task]);
        assert!(
            text.contains("###### 6\n\n###### 7\n\n- [ ] (untitled)\n"),
            "{text}"
        );
    }
}
