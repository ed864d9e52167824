//! The dependency graph as text: a tree for the terminal (each shared
//! sub-tree shown once, then referenced), Graphviz DOT and Mermaid. Titles
//! are user text: each format escapes them by its own rules, so no title
//! can end a label, add a node or inject markup.

use super::graph::{DepGraph, Node};
use std::collections::{BTreeMap, BTreeSet};

/// Deeper levels of a tree are left to `fed graph ID` of the last shown.
pub const MAX_DEPTH: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// The node, its sub-tree below it.
    Shown,
    /// The node again: its sub-tree was shown above.
    Repeat,
    /// The tree goes deeper here than it is drawn.
    Deeper,
}

/// One line of a tree: the drawing before it (`│   ├── `), the node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeLine {
    pub prefix: String,
    pub id: String,
    pub kind: LineKind,
}

/// Draws the trees under `roots`, `children` giving each node's children.
/// Iterative, so a chain of any length cannot overflow the stack.
pub fn tree(roots: &[String], children: &BTreeMap<String, Vec<String>>) -> Vec<TreeLine> {
    struct Frame {
        id: String,
        lead: String,
        below: String,
        depth: usize,
    }
    let kids = |id: &str| children.get(id).map_or(&[][..], Vec::as_slice);
    let mut seen = BTreeSet::new();
    let mut lines = Vec::new();
    let mut stack: Vec<Frame> = roots
        .iter()
        .rev()
        .map(|id| Frame {
            id: id.clone(),
            lead: String::new(),
            below: String::new(),
            depth: 0,
        })
        .collect();
    while let Some(f) = stack.pop() {
        let has_kids = !kids(&f.id).is_empty();
        if !seen.insert(f.id.clone()) {
            let kind = if has_kids {
                LineKind::Repeat
            } else {
                LineKind::Shown
            };
            lines.push(TreeLine {
                prefix: f.lead,
                id: f.id,
                kind,
            });
            continue;
        }
        lines.push(TreeLine {
            prefix: f.lead,
            id: f.id.clone(),
            kind: LineKind::Shown,
        });
        if has_kids && f.depth + 1 >= MAX_DEPTH {
            lines.push(TreeLine {
                prefix: format!("{}└── ", f.below),
                id: f.id,
                kind: LineKind::Deeper,
            });
            continue;
        }
        let list = kids(&f.id);
        for (i, child) in list.iter().enumerate().rev() {
            let last = i + 1 == list.len();
            stack.push(Frame {
                id: child.clone(),
                lead: format!("{}{}", f.below, if last { "└── " } else { "├── " }),
                below: format!("{}{}", f.below, if last { "    " } else { "│   " }),
                depth: f.depth + 1,
            });
        }
    }
    lines
}

/// The roots of the open-work tree: nodes that depend on no node of the
/// graph, then (for cycles, which `fed check` reports) any node not
/// reached from them.
pub fn roots(graph: &DepGraph) -> Vec<String> {
    let mut roots: Vec<String> = graph
        .nodes
        .keys()
        .filter(|id| {
            graph
                .deps_of(id)
                .iter()
                .all(|d| !graph.nodes.contains_key(d))
        })
        .cloned()
        .collect();
    let children = graph.dependants();
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut todo: Vec<String> = roots.clone();
    while let Some(id) = todo.pop() {
        if reached.insert(id.clone()) {
            todo.extend(children.get(&id).cloned().unwrap_or_default());
        }
    }
    for id in graph.nodes.keys() {
        if !reached.contains(id) {
            roots.push(id.clone());
            let mut todo = vec![id.clone()];
            while let Some(id) = todo.pop() {
                if reached.insert(id.clone()) {
                    todo.extend(children.get(&id).cloned().unwrap_or_default());
                }
            }
        }
    }
    roots
}

/// One line of user text for a label: control characters as spaces.
fn flat(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A DOT label string's content: quotes and backslashes escaped (so the
/// string cannot end early nor form `\N`, `\G` and friends), and `&`
/// written as an entity (Graphviz reads entities in labels).
pub fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in flat(text).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

fn label_lines(node: &Node) -> [String; 3] {
    let title = if node.title.is_empty() {
        "(no title)".to_string()
    } else {
        node.title.clone()
    };
    [node.short_id.clone(), title, format!("[{}]", node.state())]
}

fn fill(node: &Node) -> &'static str {
    match node.state() {
        "pending" => "#ffffff",
        "in-progress" => "#d6ecff",
        "blocked" => "#ffe9b3",
        "done" => "#d9f2d9",
        "failed" => "#ffd6d6",
        "cancelled" => "#e6e6e6",
        _ => "#ffffff",
    }
}

/// The graph for Graphviz: one box per task, an arrow from each
/// dependency to the task that waits on it.
pub fn dot(graph: &DepGraph) -> String {
    let mut out = String::from(
        "digraph fed {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];\n",
    );
    for (id, node) in &graph.nodes {
        let label: Vec<String> = label_lines(node).iter().map(|l| dot_escape(l)).collect();
        let pen = if graph.focus.as_deref() == Some(id.as_str()) {
            ", penwidth=3"
        } else {
            ""
        };
        out.push_str(&format!(
            "  \"{}\" [label=\"{}\", fillcolor=\"{}\"{pen}];\n",
            dot_escape(id),
            label.join("\\n"),
            fill(node)
        ));
    }
    for (id, deps) in &graph.dependencies {
        for dep in deps.iter().filter(|d| graph.nodes.contains_key(*d)) {
            out.push_str(&format!(
                "  \"{}\" -> \"{}\";\n",
                dot_escape(dep),
                dot_escape(id)
            ));
        }
    }
    out.push_str("}\n");
    out
}

/// A Mermaid label's content: every character Mermaid or the HTML it
/// renders could read as syntax is written as an entity code (`#34;`).
pub fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in flat(text).chars() {
        if c.is_ascii_alphanumeric() || c == ' ' || (!c.is_ascii() && !c.is_whitespace()) {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        } else if matches!(
            c,
            '.' | ',' | '-' | '_' | ':' | '/' | '?' | '!' | '\'' | '+' | '=' | '@'
        ) {
            out.push(c);
        } else {
            out.push_str(&format!("#{};", c as u32));
        }
    }
    out
}

/// The graph for Mermaid (GitHub renders it): nodes `n0`, `n1`... with
/// escaped labels, an arrow from each dependency to its dependant, and a
/// class per state.
pub fn mermaid(graph: &DepGraph) -> String {
    let ids: BTreeMap<&str, String> = graph
        .nodes
        .keys()
        .enumerate()
        .map(|(i, id)| (id.as_str(), format!("n{i}")))
        .collect();
    let mut out = String::from("flowchart LR\n");
    for (id, node) in &graph.nodes {
        let label: Vec<String> = label_lines(node)
            .iter()
            .map(|l| mermaid_escape(l))
            .collect();
        out.push_str(&format!(
            "  {}[\"{}\"]\n",
            ids[id.as_str()],
            label.join("<br/>")
        ));
    }
    for (id, deps) in &graph.dependencies {
        for dep in deps.iter().filter_map(|d| ids.get(d.as_str())) {
            out.push_str(&format!("  {dep} --> {}\n", ids[id.as_str()]));
        }
    }
    let mut by_state: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, node) in &graph.nodes {
        by_state
            .entry(node.state())
            .or_default()
            .push(&ids[id.as_str()]);
    }
    for (state, nodes) in by_state {
        let class = state.replace('-', "_");
        out.push_str(&format!(
            "  classDef {class} fill:{}\n",
            fill_of_state(state)
        ));
        out.push_str(&format!("  class {} {class}\n", nodes.join(",")));
    }
    out
}

fn fill_of_state(state: &str) -> &'static str {
    fill(&Node {
        task_id: String::new(),
        short_id: String::new(),
        title: String::new(),
        status: crate::model::Status::parse(state),
    })
}

#[cfg(test)]
mod tests;
