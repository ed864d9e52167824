//! The dependency graph: cycle detection and transitive dependants.
//!
//! Pure functions over `id -> dependencies` maps; iterative, so a chain of
//! any length cannot overflow the stack.

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub type Graph = BTreeMap<String, Vec<String>>;

/// Finds a cycle and returns it as a path whose first and last ids are the
/// same (`a -> b -> a` is `["a", "b", "a"]`), or `None`.
pub fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    for start in graph.keys() {
        if marks.contains_key(start.as_str()) {
            continue;
        }
        // Stack of (node, index of the next edge to follow).
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some((node, next)) = stack.last_mut() {
            let edges = graph.get(*node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(dep) = edges.get(*next) {
                *next += 1;
                match marks.get(dep.as_str()) {
                    Some(Mark::Open) => {
                        let from = stack.iter().position(|(n, _)| *n == dep).unwrap_or(0);
                        let mut cycle: Vec<String> =
                            stack[from..].iter().map(|(n, _)| n.to_string()).collect();
                        cycle.push(dep.clone());
                        return Some(cycle);
                    }
                    Some(Mark::Done) => {}
                    None => {
                        marks.insert(dep, Mark::Open);
                        stack.push((dep, 0));
                    }
                }
            } else {
                marks.insert(node, Mark::Done);
                stack.pop();
            }
        }
    }
    None
}

/// The shortest cycle through `id`, as a path from `id` back to it
/// (`["a", "b", "a"]`), or `None`: what an edge from `id` closes, found
/// even when other cycles exist elsewhere.
pub fn cycle_through(graph: &Graph, id: &str) -> Option<Vec<String>> {
    cycle_through_by(id, |node| graph.get(node).cloned().unwrap_or_default())
}

/// [`cycle_through`] with each task's dependencies asked of `deps_of`, for
/// a graph read as the walk goes.
pub fn cycle_through_by(
    id: &str,
    mut deps_of: impl FnMut(&str) -> Vec<String>,
) -> Option<Vec<String>> {
    let mut came_from: HashMap<String, String> = HashMap::new();
    let mut todo = std::collections::VecDeque::from([id.to_string()]);
    while let Some(node) = todo.pop_front() {
        for dep in deps_of(&node) {
            if dep == id {
                let mut path = vec![id.to_string()];
                let mut at = node.as_str();
                while at != id {
                    path.push(at.to_string());
                    at = &came_from[at];
                }
                path.push(id.to_string());
                // Built backwards from the closing edge: id <- node <- ... <- id.
                path.reverse();
                return Some(path);
            }
            if !came_from.contains_key(&dep) {
                came_from.insert(dep.clone(), node.clone());
                todo.push_back(dep);
            }
        }
    }
    None
}

/// Every task that depends on `root`, directly or through others.
pub fn dependants(graph: &Graph, root: &str) -> BTreeSet<String> {
    let mut reverse: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, deps) in graph {
        for dep in deps {
            reverse.entry(dep).or_default().push(id);
        }
    }
    let mut found = BTreeSet::new();
    let mut todo = vec![root];
    while let Some(id) = todo.pop() {
        for &child in reverse.get(id).map(Vec::as_slice).unwrap_or(&[]) {
            if child != root && found.insert(child.to_string()) {
                todo.push(child);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &[&str])]) -> Graph {
        edges
            .iter()
            .map(|(id, deps)| (id.to_string(), deps.iter().map(|d| d.to_string()).collect()))
            .collect()
    }

    #[test]
    fn cycle_through_finds_the_cycle_of_one_task() {
        let g = graph(&[
            ("a", &["c"]),
            ("c", &["b"]),
            ("b", &["a"]),
            ("x", &["y"]),
            ("y", &["x"]),
            ("z", &["a"]),
        ]);
        assert_eq!(cycle_through(&g, "a").unwrap(), ["a", "c", "b", "a"]);
        assert_eq!(cycle_through(&g, "x").unwrap(), ["x", "y", "x"]);
        assert_eq!(cycle_through(&g, "z"), None);
        let self_loop = graph(&[("s", &["s"])]);
        assert_eq!(cycle_through(&self_loop, "s").unwrap(), ["s", "s"]);
    }

    #[test]
    fn no_cycle_in_a_dag() {
        let g = graph(&[
            ("a", &["b", "c"]),
            ("b", &["c"]),
            ("c", &[]),
            ("d", &["missing"]),
        ]);
        assert_eq!(find_cycle(&g), None);
    }

    #[test]
    fn cycle_is_returned_as_a_path() {
        let g = graph(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"]), ("x", &["a"])]);
        let cycle = find_cycle(&g).unwrap();
        assert_eq!(cycle.first(), cycle.last());
        assert_eq!(cycle.len(), 4);
        for w in cycle.windows(2) {
            assert!(g[&w[0]].contains(&w[1]), "{cycle:?}");
        }
        assert_eq!(
            find_cycle(&graph(&[("s", &["s"])])),
            Some(vec!["s".into(), "s".into()])
        );
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let mut g = Graph::new();
        for i in 0..200_000 {
            g.insert(format!("t{i}"), vec![format!("t{}", i + 1)]);
        }
        assert_eq!(find_cycle(&g), None);
        g.insert("t200000".into(), vec!["t0".into()]);
        assert_eq!(find_cycle(&g).unwrap().len(), 200_002);
    }

    #[test]
    fn dependants_are_transitive() {
        let g = graph(&[
            ("b", &["a"]),
            ("c", &["b"]),
            ("d", &["x"]),
            ("e", &["c", "a"]),
        ]);
        let found: Vec<_> = dependants(&g, "a").into_iter().collect();
        assert_eq!(found, ["b", "c", "e"]);
    }
}
