//! `fed graph`: the dependency graph of one task (what it waits on and
//! what waits on it, transitively) or of all open work, each node with its
//! short id, title and state. The formats are in [`super::graph_format`].

use super::facts::Facts;
use crate::model::Status;
use crate::store::Store;
use crate::store::locate::find;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A single task's graph stops growing at this many nodes.
pub const MAX_NODES: usize = 2000;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Node {
    pub task_id: String,
    pub short_id: String,
    pub title: String,
    /// `None`: a dependency that does not exist.
    pub status: Option<Status>,
}

impl Node {
    pub fn state(&self) -> &'static str {
        self.status.map_or("missing", Status::as_str)
    }
}

/// Nodes and their dependency edges (each node's dependencies that are
/// nodes too).
#[derive(Debug, Clone, Default, Serialize)]
pub struct DepGraph {
    /// The task the graph is about, if it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    pub nodes: BTreeMap<String, Node>,
    pub dependencies: BTreeMap<String, Vec<String>>,
}

impl DepGraph {
    /// Each node's dependants (the reverse edges), sorted.
    pub fn dependants(&self) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (id, deps) in &self.dependencies {
            for dep in deps {
                out.entry(dep.clone()).or_default().push(id.clone());
            }
        }
        for list in out.values_mut() {
            list.sort();
            list.dedup();
        }
        out
    }

    pub fn deps_of(&self, id: &str) -> &[String] {
        self.dependencies.get(id).map_or(&[], Vec::as_slice)
    }
}

/// What the graph knows of each task: its title, state and dependencies,
/// from the snapshot for open work and from the file for finished tasks.
struct Lookup<'a> {
    store: &'a Store,
    facts: &'a Facts,
}

impl Lookup<'_> {
    fn node(&self, id: &str) -> (Node, Vec<String>) {
        let node = |title: String, status| Node {
            task_id: id.to_string(),
            short_id: self.facts.short(id).to_string(),
            title,
            status,
        };
        if let Some(row) = self.facts.snapshot.get(id) {
            let t = &row.summary;
            return (
                node(t.title.clone(), Some(t.status)),
                t.dependencies.clone(),
            );
        }
        match self.facts.snapshot.status_of(id) {
            Some(status) => match find(self.store, id) {
                Ok(Some(found)) => (
                    node(found.task.title.clone(), Some(found.task.status)),
                    found.task.dependencies.clone(),
                ),
                _ => (node(String::new(), Some(status)), Vec::new()),
            },
            None => (node(String::new(), None), Vec::new()),
        }
    }
}

/// The graph of all open work: every unfinished task, and the tasks they
/// depend on (finished ones as end points).
pub fn open_work(store: &Store, facts: &Facts) -> DepGraph {
    let lookup = Lookup { store, facts };
    let mut graph = DepGraph::default();
    for row in &facts.snapshot.rows {
        let (node, deps) = lookup.node(&row.summary.task_id);
        graph.nodes.insert(node.task_id.clone(), node);
        graph.dependencies.insert(row.summary.task_id.clone(), deps);
    }
    let wanted: BTreeSet<String> = graph.dependencies.values().flatten().cloned().collect();
    for id in wanted {
        if let std::collections::btree_map::Entry::Vacant(slot) = graph.nodes.entry(id) {
            let (node, _) = lookup.node(slot.key());
            slot.insert(node);
        }
    }
    graph
}

/// The graph around task `id`: everything it waits on and everything
/// that waits on it (among open work), transitively.
pub fn around(store: &Store, facts: &Facts, id: &str) -> DepGraph {
    let lookup = Lookup { store, facts };
    let mut graph = DepGraph {
        focus: Some(id.to_string()),
        ..DepGraph::default()
    };
    // Upwards: what it waits on, reading finished tasks' files as needed.
    let mut todo = vec![id.to_string()];
    while let Some(next) = todo.pop() {
        if graph.nodes.contains_key(&next) || graph.nodes.len() >= MAX_NODES {
            continue;
        }
        let (node, deps) = lookup.node(&next);
        todo.extend(deps.iter().cloned());
        graph.nodes.insert(next.clone(), node);
        graph.dependencies.insert(next, deps);
    }
    // Downwards: the open tasks that wait on it.
    let open = facts.snapshot.graph();
    for dependant in crate::graph::dependants(&open, id) {
        if graph.nodes.len() >= MAX_NODES {
            break;
        }
        if !graph.nodes.contains_key(&dependant) {
            let (node, deps) = lookup.node(&dependant);
            graph.nodes.insert(dependant.clone(), node);
            graph.dependencies.insert(dependant, deps);
        }
    }
    // Keep only edges between nodes of the graph.
    let nodes: BTreeSet<String> = graph.nodes.keys().cloned().collect();
    for deps in graph.dependencies.values_mut() {
        deps.retain(|d| nodes.contains(d));
    }
    graph
}

/// Task `id`'s direct dependencies and the open tasks directly waiting on
/// it, as nodes (for `queue show`).
pub fn links(
    store: &Store,
    facts: &Facts,
    id: &str,
    dependencies: &[String],
) -> (Vec<Node>, Vec<Node>) {
    let lookup = Lookup { store, facts };
    let deps = dependencies.iter().map(|d| lookup.node(d).0).collect();
    let dependants = facts
        .snapshot
        .rows
        .iter()
        .filter(|r| r.summary.dependencies.iter().any(|d| d == id))
        .map(|r| lookup.node(&r.summary.task_id).0)
        .collect();
    (deps, dependants)
}
