//! Pictures drawn by fed itself, as inline SVG: the dependency graph of
//! open work (tasks in columns by how deep their dependencies go) and
//! simple bar charts. Text in them is escaped like any HTML text.

use super::html::{esc, short};
use crate::view::dashboard::Day;
use crate::view::graph::DepGraph;
use std::collections::BTreeMap;
use std::fmt::Write;

/// More nodes than this are not drawn (the page says so).
pub const MAX_NODES: usize = 150;
const W: i64 = 190;
const H: i64 = 50;
const GAP_X: i64 = 50;
const GAP_Y: i64 = 14;

/// Each node's column: the longest chain of dependencies below it.
fn depths(graph: &DepGraph) -> BTreeMap<&str, i64> {
    let mut depth: BTreeMap<&str, i64> = graph.nodes.keys().map(|k| (k.as_str(), 0)).collect();
    // Relax edges as often as there are nodes: enough for any DAG; a cycle
    // stops there.
    for _ in 0..graph.nodes.len() {
        let mut changed = false;
        for (id, deps) in &graph.dependencies {
            for dep in deps {
                let (Some(&d), Some(&own)) = (depth.get(dep.as_str()), depth.get(id.as_str()))
                else {
                    continue;
                };
                if d + 1 > own {
                    depth.insert(id.as_str(), d + 1);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    depth
}

/// The graph of open work as an SVG element.
pub fn graph(graph: &DepGraph) -> String {
    if graph.nodes.is_empty() {
        return "<p class=\"empty\">No open work.</p>".to_string();
    }
    if graph.nodes.len() > MAX_NODES {
        return format!(
            "<p class=\"empty\">{} tasks: too many to draw here; run <code>fed graph --format dot</code>.</p>",
            graph.nodes.len()
        );
    }
    let depth = depths(graph);
    let mut rows: BTreeMap<i64, i64> = BTreeMap::new();
    let mut at: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for (id, d) in &depth {
        let row = rows.entry(*d).or_default();
        at.insert(id, (d * (W + GAP_X) + 10, *row * (H + GAP_Y) + 10));
        *row += 1;
    }
    let width = (depth.values().max().unwrap_or(&0) + 1) * (W + GAP_X);
    let height = rows.values().max().unwrap_or(&1) * (H + GAP_Y) + 10;
    let mut out = format!(
        "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"dependency graph\">"
    );
    for (id, deps) in &graph.dependencies {
        for dep in deps {
            let (Some(&(x1, y1)), Some(&(x2, y2))) = (at.get(dep.as_str()), at.get(id.as_str()))
            else {
                continue;
            };
            let _ = write!(
                out,
                "<path class=\"edge\" d=\"M{} {} C{} {} {} {} {} {}\"/>",
                x1 + W,
                y1 + H / 2,
                x1 + W + GAP_X / 2,
                y1 + H / 2,
                x2 - GAP_X / 2,
                y2 + H / 2,
                x2,
                y2 + H / 2
            );
        }
    }
    for (id, node) in &graph.nodes {
        let (x, y) = at[id.as_str()];
        let state = node.state();
        let _ = write!(
            out,
            "<g class=\"node {state}\"><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{W}\" height=\"{H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" class=\"id\">{} · {state}</text><text x=\"{}\" y=\"{}\">{}</text></g>",
            esc(&node.title),
            x + 8,
            y + 19,
            esc(&node.short_id),
            x + 8,
            y + 38,
            esc(&short(&node.title, 28))
        );
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars of a share (0 to 1), one per labelled row.
pub fn share_bars(rows: &[(String, f64, usize)]) -> String {
    if rows.is_empty() {
        return "<p class=\"empty\">No finished tasks yet.</p>".to_string();
    }
    let height = rows.len() as i64 * 22 + 4;
    let mut out = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 480 {height}\" role=\"img\" aria-label=\"success rate per agent and type\">"
    );
    for (i, (label, share, count)) in rows.iter().enumerate() {
        let y = i as i64 * 22 + 2;
        let len = (share.clamp(0.0, 1.0) * 200.0).round() as i64;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\">{}</text><rect class=\"track\" x=\"170\" y=\"{y}\" width=\"200\" height=\"16\"/><rect class=\"bar\" x=\"170\" y=\"{y}\" width=\"{len}\" height=\"16\"/><text x=\"376\" y=\"{}\">{:.0}% of {count}</text>",
            y + 13,
            esc(&short(label, 26)),
            y + 13,
            share * 100.0
        );
    }
    out.push_str("</svg>");
    out
}

/// Vertical bars of tasks finished per day (done and failed stacked).
pub fn day_bars(days: &[Day]) -> String {
    let max = days
        .iter()
        .map(|d| d.done + d.failed)
        .max()
        .unwrap_or(0)
        .max(1) as i64;
    let width = days.len() as i64 * 28;
    let mut out = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} 140\" role=\"img\" aria-label=\"tasks finished per day\">"
    );
    for (i, day) in days.iter().enumerate() {
        let x = i as i64 * 28 + 4;
        let done = day.done as i64 * 100 / max;
        let failed = day.failed as i64 * 100 / max;
        let _ = write!(
            out,
            "<g><title>{}: {} done, {} failed</title><rect class=\"bar\" x=\"{x}\" y=\"{}\" width=\"20\" height=\"{done}\"/><rect class=\"bar failed\" x=\"{x}\" y=\"{}\" width=\"20\" height=\"{failed}\"/><text x=\"{x}\" y=\"135\" class=\"small\">{}</text></g>",
            esc(&day.date),
            day.done,
            day.failed,
            115 - done,
            115 - done - failed,
            esc(&day.date[3..])
        );
    }
    out.push_str("</svg>");
    out
}
