//! Reading a plan: markdown events to [`Item`]s.
//!
//! The walker follows pulldown-cmark's events and keeps a stack of the
//! list items and block quotes it is in. A list item whose first event is
//! a task-list marker is a checklist item: its first line is the title,
//! everything else in it (more lines, paragraphs, plain sub-lists, code)
//! joins its description, and checklist items nested in it become items
//! with it as parent. Headings outside lists and quotes open sections
//! (the phase). Tables of work become items through [`super::table`].
//! Code blocks, HTML blocks and front matter are never items, because the
//! parser says what they are. Nothing is returned unless the whole plan
//! was read: the limits are checked as the walk goes.

use super::deps::Section;
use super::error::{PlanError, Problem};
use super::inline::{Annotated, Inline, annotate};
use super::table::Table;
use super::{Item, MAX_ITEMS, MAX_PLAN_BYTES, Plan};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

mod blocks;

/// Reads `text`, the plan at `plan_path` (relative to the project root:
/// it is part of every key and of every error message).
pub fn parse(text: &str, plan_path: &str) -> Result<Plan, PlanError> {
    if text.len() > MAX_PLAN_BYTES {
        return Err(PlanError::new(
            Problem::TooLarge,
            plan_path,
            None,
            format!(
                "the plan is {} bytes; the limit is {MAX_PLAN_BYTES} (4 MiB): split the plan",
                text.len()
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = Options::ENABLE_TASKLISTS
        | Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut walker = Walker::new(text, plan_path);
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        walker.event(event, range)?;
    }
    walker.finish()
}

/// A list item or block quote the walk is in.
#[derive(Debug)]
enum Frame {
    Quote,
    Item(ItemFrame),
}

#[derive(Debug, Default)]
struct ItemFrame {
    kind: Kind,
    line: usize,
    done: bool,
    /// Collecting the title (the first line of a checklist item).
    titling: bool,
    title: Inline,
    /// The item it became (`None` while titling, or when skipped).
    index: Option<usize>,
}

#[derive(Debug, Default, PartialEq)]
enum Kind {
    /// Nothing seen yet: a task-list marker would make it a task.
    #[default]
    Unknown,
    Task,
    Plain,
}

/// Where inline text goes.
enum Sink {
    Heading,
    Cell,
    Title(usize),
    Description(usize),
    Drop,
}

struct Walker<'a> {
    src: &'a str,
    file: &'a str,
    line_starts: Vec<usize>,
    items: Vec<Item>,
    item_section: Vec<Option<usize>>,
    warnings: Vec<String>,
    sections: Vec<Section>,
    paths: Vec<Vec<String>>,
    levels: Vec<usize>,
    /// The open headings: (level, section).
    headings: Vec<(usize, usize)>,
    last_sibling: HashMap<(Option<usize>, usize), usize>,
    frames: Vec<Frame>,
    heading: Option<(usize, Inline)>,
    table: Option<Table>,
    metadata: bool,
    /// The open code block is fenced (its closing fence is checked).
    fenced: bool,
    links: Vec<String>,
}

impl<'a> Walker<'a> {
    fn new(src: &'a str, file: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Walker {
            src,
            file,
            line_starts,
            items: Vec::new(),
            item_section: Vec::new(),
            warnings: Vec::new(),
            sections: Vec::new(),
            paths: Vec::new(),
            levels: Vec::new(),
            headings: Vec::new(),
            last_sibling: HashMap::new(),
            frames: Vec::new(),
            heading: None,
            table: None,
            metadata: false,
            fenced: false,
            links: Vec::new(),
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    fn error(&self, problem: Problem, line: usize, detail: impl Into<String>) -> PlanError {
        PlanError::new(problem, self.file, Some(line), detail)
    }

    fn event(&mut self, event: Event, range: Range<usize>) -> Result<(), PlanError> {
        let inline = is_inline(&event);
        if !matches!(
            event,
            Event::TaskListMarker(_) | Event::Start(Tag::Paragraph)
        ) {
            self.resolve_plain(matches!(event, Event::End(TagEnd::Item)));
        }
        if !inline {
            self.end_title()?;
        }
        match event {
            Event::Start(tag) => self.start(tag, range)?,
            Event::End(tag) => self.end(tag, range)?,
            Event::TaskListMarker(done) => {
                if let Some(Frame::Item(f)) = self.frames.last_mut()
                    && f.kind == Kind::Unknown
                {
                    f.kind = Kind::Task;
                    f.done = done;
                    f.titling = true;
                }
            }
            Event::Text(text) => self.text(&text, range),
            Event::Code(code) => self.push(&format!("`{code}`"), true, false),
            Event::InlineHtml(html) | Event::Html(html) => self.push(&html, true, false),
            Event::SoftBreak | Event::HardBreak => match self.sink() {
                Sink::Title(_) => self.end_title()?,
                Sink::Description(i) => self.items[i].description.push('\n'),
                _ => self.push(" ", false, false),
            },
            _ => {}
        }
        Ok(())
    }

    /// Text, with literal characters marked: an entity or an escape is
    /// text as written, never an annotation.
    fn text(&mut self, text: &str, range: Range<usize>) {
        let verbatim = self.src.get(range.clone()) == Some(text);
        let backslashes = self.src.as_bytes()[..range.start]
            .iter()
            .rev()
            .take_while(|b| **b == b'\\')
            .count();
        self.push(text, !verbatim, backslashes % 2 == 1);
    }

    fn push(&mut self, text: &str, literal: bool, first_literal: bool) {
        match self.sink() {
            Sink::Heading => {
                if let Some((_, h)) = &mut self.heading {
                    h.push(text, literal, first_literal);
                }
            }
            Sink::Cell => {
                if let Some(t) = &mut self.table {
                    t.cell().push(text, literal, first_literal);
                }
            }
            Sink::Title(f) => {
                if let Some(Frame::Item(frame)) = self.frames.get_mut(f) {
                    frame.title.push(text, literal, first_literal);
                }
            }
            Sink::Description(i) => {
                let clean = text.replace(|c: char| c.is_control() && c != '\n' && c != '\t', " ");
                self.items[i].description.push_str(&clean);
            }
            Sink::Drop => {}
        }
    }

    fn sink(&self) -> Sink {
        if self.metadata {
            return Sink::Drop;
        }
        if self.heading.is_some() {
            return Sink::Heading;
        }
        if self.table.is_some() {
            return Sink::Cell;
        }
        if let Some(Frame::Item(f)) = self.frames.last()
            && f.titling
        {
            return Sink::Title(self.frames.len() - 1);
        }
        match self.task_frame() {
            Some(f) => f.index.map_or(Sink::Drop, Sink::Description),
            None => Sink::Drop,
        }
    }

    /// The innermost checklist item the walk is in.
    fn task_frame(&self) -> Option<&ItemFrame> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Item(item) if item.kind == Kind::Task => Some(item),
            _ => None,
        })
    }

    fn description(&self) -> Option<usize> {
        match self.sink() {
            Sink::Description(i) => Some(i),
            _ => None,
        }
    }

    /// Starts a new block in the current description: a new line, and a
    /// blank line before a paragraph.
    fn block(&mut self, blank: bool) {
        if let Some(i) = self.description() {
            let d = &mut self.items[i].description;
            if d.is_empty() || d.ends_with("- ") {
                return;
            }
            if !d.ends_with('\n') {
                d.push('\n');
            }
            if blank && !d.ends_with("\n\n") {
                d.push('\n');
            }
        }
    }

    /// A list item whose first event is not a task-list marker is plain:
    /// in a checklist item, it joins the description as `- text`.
    fn resolve_plain(&mut self, ending: bool) {
        let Some(Frame::Item(f)) = self.frames.last_mut() else {
            return;
        };
        if f.kind != Kind::Unknown {
            return;
        }
        f.kind = Kind::Plain;
        if ending {
            return;
        }
        let task = self.frames.iter().rposition(|f| {
            matches!(
                f,
                Frame::Item(ItemFrame {
                    kind: Kind::Task,
                    ..
                })
            )
        });
        let Some(task) = task else { return };
        let depth = self.frames[task + 1..self.frames.len() - 1]
            .iter()
            .filter(|f| matches!(f, Frame::Item(_)))
            .count();
        self.block(false);
        if let Some(i) = self.description() {
            let d = &mut self.items[i].description;
            d.push_str(&"  ".repeat(depth));
            d.push_str("- ");
        }
    }

    /// Ends the title of the innermost item if it is being collected: the
    /// item is registered now, so items keep document order.
    fn end_title(&mut self) -> Result<(), PlanError> {
        let Some(Frame::Item(f)) = self.frames.last_mut() else {
            return Ok(());
        };
        if !f.titling {
            return Ok(());
        }
        f.titling = false;
        let fields = annotate(&f.title);
        let (line, done) = (f.line, f.done);
        if fields.title.is_empty() {
            self.warn(line, "a checklist item without a title is skipped");
            return Ok(());
        }
        let parent = self.frames[..self.frames.len() - 1]
            .iter()
            .rev()
            .find_map(|f| match f {
                Frame::Item(i) if i.kind == Kind::Task => i.index,
                _ => None,
            });
        let index = self.register(fields, String::new(), done, parent, line)?;
        if let Some(Frame::Item(f)) = self.frames.last_mut() {
            f.index = Some(index);
        }
        Ok(())
    }

    fn register(
        &mut self,
        fields: Annotated,
        description: String,
        done: bool,
        parent: Option<usize>,
        line: usize,
    ) -> Result<usize, PlanError> {
        if self.items.len() >= MAX_ITEMS {
            return Err(self.error(
                Problem::TooManyItems,
                line,
                format!("more than {MAX_ITEMS} items; split the plan"),
            ));
        }
        let section = self.headings.last().map(|(_, s)| *s);
        self.items.push(Item {
            title: fields.title,
            description,
            done,
            phase: section.map(|s| self.paths[s].clone()).unwrap_or_default(),
            level: section.map_or(0, |s| self.levels[s]),
            to_agent: fields.to_agent,
            task_type: fields.task_type,
            priority: fields.priority,
            parent,
            line,
            ..Item::default()
        });
        self.item_section.push(section);
        Ok(self.items.len() - 1)
    }

    fn warn(&mut self, line: usize, what: &str) {
        self.warnings
            .push(format!("{}: line {line}: {what}", self.file));
    }
}

/// Events that belong to a line of text (they do not end a title).
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Text(_) | Event::Code(_) | Event::InlineHtml(_) | Event::InlineMath(_) => true,
        Event::FootnoteReference(_) | Event::SoftBreak | Event::HardBreak => true,
        Event::Start(tag) => is_inline_tag(&tag.to_end()),
        Event::End(tag) => is_inline_tag(tag),
        _ => false,
    }
}

fn is_inline_tag(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}
