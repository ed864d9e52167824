//! The walker's block events: headings open sections, list items and
//! quotes are pushed and popped (with the nesting limit), tables of work
//! become items, and a code fence or HTML block left open at the end of
//! the plan is refused, since it would silently swallow the rest.

use super::{Frame, ItemFrame, Kind, Walker};
use crate::plan::deps::{self, Overflow, Section};
use crate::plan::error::{PlanError, Problem};
use crate::plan::inline::{Inline, collapse};
use crate::plan::table::Table;
use crate::plan::{MAX_DEPENDENCIES, MAX_DEPTH, MAX_DESCRIPTION, MAX_HEADING};
use crate::plan::{MAX_PLAN_DEPENDENCIES, Plan};
use crate::plan::{fuzzy_key, stable_key};
use pulldown_cmark::{CodeBlockKind, LinkType, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

impl Walker<'_> {
    pub(super) fn start(&mut self, tag: Tag, range: Range<usize>) -> Result<(), PlanError> {
        let line = self.line(range.start);
        match tag {
            Tag::Paragraph => {
                let unknown =
                    matches!(self.frames.last(), Some(Frame::Item(f)) if f.kind == Kind::Unknown);
                if !unknown {
                    self.block(true);
                }
            }
            Tag::Heading { level, .. } if self.frames.is_empty() && self.table.is_none() => {
                self.heading = Some((level as usize, Inline::default()));
            }
            Tag::Heading { .. } | Tag::HtmlBlock => self.block(true),
            Tag::BlockQuote(_) => {
                self.nest(line)?;
                self.frames.push(Frame::Quote);
            }
            Tag::Item => {
                self.nest(line)?;
                self.frames.push(Frame::Item(ItemFrame {
                    line,
                    ..ItemFrame::default()
                }));
            }
            Tag::CodeBlock(kind) => {
                self.fenced = matches!(kind, CodeBlockKind::Fenced(_));
                self.block(true);
                self.push_description("```\n");
            }
            Tag::Table(_) if self.task_frame().is_none() && self.table.is_none() => {
                self.table = Some(Table::default());
            }
            Tag::Table(_) => self.block(true),
            Tag::TableHead | Tag::TableRow => match &mut self.table {
                Some(table) => table.start_row(line),
                None => self.block(false),
            },
            Tag::TableCell if self.table.is_none() => {
                if let Some(i) = self.description() {
                    let d = &mut self.items[i].description;
                    if !d.is_empty() && !d.ends_with('\n') {
                        d.push_str(" | ");
                    }
                }
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let shown = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.links.push(if shown {
                    String::new()
                } else {
                    dest_url.to_string()
                });
            }
            Tag::MetadataBlock(_) => self.metadata = true,
            _ => {}
        }
        Ok(())
    }

    pub(super) fn end(&mut self, tag: TagEnd, range: Range<usize>) -> Result<(), PlanError> {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, text)) = self.heading.take() {
                    let text = text.plain();
                    let chars = text.chars().count();
                    if chars > MAX_HEADING {
                        let line = self.line(range.start);
                        return Err(self.error(
                            Problem::TooLong,
                            line,
                            format!("this heading is {chars} characters long; the limit is {MAX_HEADING}"),
                        ));
                    }
                    self.open_section(level, text);
                }
            }
            TagEnd::BlockQuote(_) | TagEnd::Item => {
                self.frames.pop();
            }
            TagEnd::CodeBlock => {
                let block = &self.src[range.clone()];
                if self.fenced && !fence_closed(block) && self.at_end(&range) {
                    let line = self.line(range.start);
                    return Err(self.error(
                        Problem::Unclosed,
                        line,
                        "this code fence is never closed, so the rest of the plan would be read as code; close it",
                    ));
                }
                if let Some(i) = self.description() {
                    let d = &mut self.items[i].description;
                    if !d.ends_with('\n') {
                        d.push('\n');
                    }
                    d.push_str("```");
                }
            }
            TagEnd::HtmlBlock if self.at_end(&range) && html_unclosed(&self.src[range.clone()]) => {
                let line = self.line(range.start);
                return Err(self.error(
                    Problem::Unclosed,
                    line,
                    "this HTML block (a comment, <pre>, <script>...) is never closed, so the rest of the plan would be hidden in it; close it",
                ));
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.table_items(table)?;
                }
            }
            TagEnd::TableCell => {
                if let Some(table) = &mut self.table {
                    table.end_cell();
                }
            }
            TagEnd::Link => {
                let url = self.links.pop().unwrap_or_default();
                if !url.is_empty() {
                    self.push_description(&format!(" <{url}>"));
                }
            }
            TagEnd::MetadataBlock(_) => self.metadata = false,
            _ => {}
        }
        Ok(())
    }

    fn push_description(&mut self, text: &str) {
        if let Some(i) = self.description() {
            self.items[i].description.push_str(text);
        }
    }

    fn at_end(&self, range: &Range<usize>) -> bool {
        self.src[range.end..].trim().is_empty()
    }

    fn nest(&self, line: usize) -> Result<(), PlanError> {
        if self.frames.len() >= MAX_DEPTH {
            return Err(self.error(
                Problem::TooDeep,
                line,
                format!("lists and quotes are nested more than {MAX_DEPTH} deep here"),
            ));
        }
        Ok(())
    }

    fn open_section(&mut self, level: usize, text: String) {
        while self.headings.last().is_some_and(|(l, _)| *l >= level) {
            self.headings.pop();
        }
        let parent = self.headings.last().map(|(_, s)| *s);
        let index = self.sections.len();
        let prev = self.last_sibling.insert((parent, level), index);
        let mut path = parent.map(|p| self.paths[p].clone()).unwrap_or_default();
        path.push(text);
        self.sections.push(Section { parent, prev });
        self.paths.push(path);
        self.levels.push(level);
        self.headings.push((level, index));
    }

    fn table_items(&mut self, table: Table) -> Result<(), PlanError> {
        let (rows, warnings) = table.finish();
        for warning in warnings {
            self.warnings.push(format!("{}: {warning}", self.file));
        }
        for row in rows {
            self.register(row.fields, row.description, row.done, None, row.line)?;
        }
        Ok(())
    }

    /// Dependencies, tidy descriptions (checked against the limit), keys.
    pub(super) fn finish(mut self) -> Result<Plan, PlanError> {
        if let Err(overflow) = deps::link(&mut self.items, &self.item_section, &self.sections) {
            let (i, detail) = match overflow {
                Overflow::Item(i) => (
                    i,
                    format!(
                        "this item would wait for more than {MAX_DEPENDENCIES} items; split the phase before it"
                    ),
                ),
                Overflow::Plan(i) => (
                    i,
                    format!(
                        "with this item the plan would make more than {MAX_PLAN_DEPENDENCIES} dependencies; split the plan"
                    ),
                ),
            };
            return Err(self.error(Problem::TooManyDependencies, self.items[i].line, detail));
        }
        for item in &mut self.items {
            item.description = tidy(&item.description);
        }
        if let Some(item) = self
            .items
            .iter()
            .find(|i| i.task_description().len() > MAX_DESCRIPTION)
        {
            return Err(self.error(
                Problem::TooLong,
                item.line,
                format!(
                    "the item's description is {} bytes; the limit is {MAX_DESCRIPTION}",
                    item.task_description().len()
                ),
            ));
        }
        assign_keys(&mut self.items, self.file);
        Ok(Plan {
            items: self.items,
            warnings: self.warnings,
        })
    }
}

/// Lines without trailing spaces, at most one blank line in a row, no
/// blank lines at either end.
fn tidy(description: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in description.lines().map(str::trim_end) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

/// Keys, numbering repeated items (the second identical item under the
/// same headings is occurrence 2).
fn assign_keys(items: &mut [crate::plan::Item], file: &str) {
    let mut seen_exact: HashMap<String, usize> = HashMap::new();
    let mut seen_fuzzy: HashMap<String, usize> = HashMap::new();
    for item in items.iter_mut() {
        let title = collapse(&item.title);
        let exact = stable_key(file, &item.phase, &title, 1);
        let n = seen_exact.entry(exact.clone()).or_default();
        *n += 1;
        item.key = if *n == 1 {
            exact
        } else {
            stable_key(file, &item.phase, &title, *n)
        };
        let fuzzy = fuzzy_key(file, &item.phase, &title, 1);
        let n = seen_fuzzy.entry(fuzzy.clone()).or_default();
        *n += 1;
        item.fuzzy_key = if *n == 1 {
            fuzzy
        } else {
            fuzzy_key(file, &item.phase, &title, *n)
        };
    }
}

/// Whether a fenced code block's source ends with its closing fence.
fn fence_closed(block: &str) -> bool {
    let mut lines = block.lines();
    let open = lines.next().unwrap_or("").trim_start();
    let fence = open.chars().next().unwrap_or('`');
    let width = open.chars().take_while(|c| *c == fence).count();
    lines.last().is_some_and(|last| {
        let last = last.trim();
        last.chars().all(|c| c == fence) && last.chars().count() >= width
    })
}

/// Whether an HTML block that runs to the end of the plan is one that
/// only its end marker closes (a comment, `<pre>`, `<script>`...) and the
/// marker is missing.
fn html_unclosed(block: &str) -> bool {
    let lower = block.to_lowercase();
    let start = lower.trim_start();
    let pairs = [
        ("<!--", "-->"),
        ("<?", "?>"),
        ("<![cdata[", "]]>"),
        ("<pre", "</pre>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ];
    pairs
        .iter()
        .any(|(open, close)| start.starts_with(open) && !start[open.len()..].contains(close))
}
