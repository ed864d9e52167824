//! `fed graph`

use crate::cli::context::Ctx;
use crate::cli::text::line;
use crate::cli::width;
use anyhow::Result;
use fed::store::locate::resolve;
use fed::view::facts::Facts;
use fed::view::graph::{DepGraph, around, open_work};
use fed::view::graph_format::{LineKind, dot, mermaid, roots, tree};
use std::collections::BTreeMap;

/// The dependency graph: of one task (what it waits on and what waits on
/// it, transitively), or of all open work. Each task is shown with its
/// short id, title and state.
///
/// `tree` is for the terminal: each task under what it waits on, a shared
/// sub-tree drawn once and then referenced. `dot` is for Graphviz, and
/// `mermaid` for Markdown renderers such as GitHub's.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed graph
  fed graph 3f9k2a
  fed graph --format dot | dot -Tsvg > graph.svg
  fed graph --format mermaid >> docs/plan.md
  fed graph --json")]
pub struct Args {
    /// The task (id or unique suffix); all open work when left out
    #[arg(add = crate::cli::complete::open_tasks())]
    pub id: Option<String>,
    /// tree, dot or mermaid
    #[arg(long, value_enum, default_value_t = Format::Tree)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Tree,
    Dot,
    Mermaid,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let store = ctx.store()?;
    let id = args
        .id
        .as_deref()
        .map(|raw| resolve(store, raw, "ID"))
        .transpose()?;
    let facts = Facts::load(store, ctx.id_form())?;
    let graph = match &id {
        Some(id) => around(store, &facts, id),
        None => open_work(store, &facts),
    };
    if ctx.out.json {
        return Ok(ctx.out.json_value(&graph)?);
    }
    let text = match args.format {
        Format::Tree => tree_text(&graph, width::terminal()),
        Format::Dot => dot(&graph),
        Format::Mermaid => mermaid(&graph),
    };
    ctx.out.data(text.trim_end())?;
    Ok(())
}

/// A task as `ID  TITLE  [STATE]`, the title cut to fit in `room`
/// columns (never shorter than 12, never the id).
fn label(graph: &DepGraph, id: &str, room: Option<usize>) -> String {
    match graph.nodes.get(id) {
        Some(n) => {
            let state = format!("[{}]", n.state());
            let title = line(&n.title);
            let title = match room {
                Some(room) => {
                    let left = room.saturating_sub(width::of(&n.short_id) + width::of(&state) + 4);
                    width::fit(&title, left.max(12))
                }
                None => title.into_owned(),
            };
            format!("{}  {title}  {state}", n.short_id)
        }
        None => id.to_string(),
    }
}

fn draw(
    graph: &DepGraph,
    roots: &[String],
    children: &BTreeMap<String, Vec<String>>,
    room: Option<usize>,
) -> String {
    let mut out = String::new();
    for l in tree(roots, children) {
        let text = match l.kind {
            LineKind::Shown => label(
                graph,
                &l.id,
                room.map(|r| r.saturating_sub(width::of(&l.prefix))),
            ),
            LineKind::Repeat => {
                let short = graph
                    .nodes
                    .get(&l.id)
                    .map_or(l.id.as_str(), |n| &n.short_id);
                format!("{short}  (shown above)")
            }
            LineKind::Deeper => {
                let short = graph
                    .nodes
                    .get(&l.id)
                    .map_or(l.id.as_str(), |n| &n.short_id);
                format!("… deeper: fed graph {short}")
            }
        };
        out.push_str(&format!("{}{text}\n", l.prefix));
    }
    out
}

/// The tree text: of one task, its two directions; of all open work, each
/// task under what it waits on.
fn tree_text(graph: &DepGraph, room: Option<usize>) -> String {
    let Some(focus) = &graph.focus else {
        if graph.nodes.is_empty() {
            return "No open work".to_string();
        }
        return draw(graph, &roots(graph), &graph.dependants(), room);
    };
    let mut out = format!("{}\n", label(graph, focus, room));
    let sections = [
        ("waits on", graph.dependencies.clone()),
        ("waited on by", graph.dependants()),
    ];
    for (title, children) in sections {
        let direct = children.get(focus).cloned().unwrap_or_default();
        out.push_str(&format!("\n{title}:\n"));
        if direct.is_empty() {
            out.push_str("  nothing\n");
            continue;
        }
        let mut without_focus = children.clone();
        without_focus.remove(focus);
        let inner = room.map(|r| r.saturating_sub(2));
        for l in draw(graph, &direct, &without_focus, inner).lines() {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out
}
