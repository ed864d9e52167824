//! Dependencies between items: nesting and phases.
//!
//! - An open item waits for the checklist items nested directly in it.
//! - A plan is read top to bottom, each phase building on the previous: an
//!   open item in section S waits for the open items of the previous phase,
//!   which is the nearest earlier *sibling* of S (a section under the same
//!   parent heading, with the same heading level) that has any items, its
//!   subsections included. When that phase has no open items, or S has no
//!   such sibling, the rule is applied to S's parent section, and so on up.
//!   Of the previous phase's open items only those not nested in another
//!   open item are named: that item already waits for them.
//!
//! Done items wait for nothing. Edges only point to earlier sections or
//! to nested items, so the result never has a cycle.

use super::{Item, MAX_DEPENDENCIES, MAX_PLAN_DEPENDENCIES};

/// A heading's section, as the parser records it.
#[derive(Debug, Clone)]
pub(super) struct Section {
    /// The enclosing section: the nearest earlier heading of a lower level.
    pub parent: Option<usize>,
    /// The nearest earlier section with the same parent and level.
    pub prev: Option<usize>,
}

/// Which limit an item would pass, and the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Overflow {
    /// It would wait for more than [`MAX_DEPENDENCIES`] items.
    Item(usize),
    /// With it, the plan would have more than [`MAX_PLAN_DEPENDENCIES`].
    Plan(usize),
}

/// Fills `depends_on` of every item; `section[i]` is item i's section.
/// Stops at the first item that passes a limit, before the edges are made.
pub(super) fn link(
    items: &mut [Item],
    section: &[Option<usize>],
    sections: &[Section],
) -> Result<(), Overflow> {
    let mut total = 0;
    for i in 0..items.len() {
        if let Some(p) = items[i].parent
            && !items[p].done
        {
            items[p].depends_on.push(i);
        }
    }
    let (has_items, open_roots) = tally(items, section, sections);
    let target = previous_phases(sections, &has_items, &open_roots);
    for i in 0..items.len() {
        let wanted = match section[i] {
            Some(s) if !items[i].done => target[s],
            _ => None,
        };
        let extra = wanted.map_or(0, |t| open_roots[t].len());
        if items[i].depends_on.len() + extra > MAX_DEPENDENCIES {
            return Err(Overflow::Item(i));
        }
        total += items[i].depends_on.len() + extra;
        if total > MAX_PLAN_DEPENDENCIES {
            return Err(Overflow::Plan(i));
        }
        if let Some(t) = wanted {
            items[i].depends_on.extend(open_roots[t].iter().copied());
        }
    }
    Ok(())
}

/// Per section, with its subsections: whether it has items, and its open
/// items not nested in an open item.
fn tally(
    items: &[Item],
    section: &[Option<usize>],
    sections: &[Section],
) -> (Vec<bool>, Vec<Vec<usize>>) {
    let mut has_items = vec![false; sections.len()];
    let mut open_roots: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
    for (i, item) in items.iter().enumerate() {
        let root = !item.done && item.parent.is_none_or(|p| items[p].done);
        let mut at = section[i];
        while let Some(s) = at {
            has_items[s] = true;
            if root {
                open_roots[s].push(i);
            }
            at = sections[s].parent;
        }
    }
    (has_items, open_roots)
}

/// For each section, the section whose open roots its items wait for.
/// Parents and earlier siblings come first in document order, so each
/// answer builds on answers already known: linear in the sections.
fn previous_phases(
    sections: &[Section],
    has_items: &[bool],
    open_roots: &[Vec<usize>],
) -> Vec<Option<usize>> {
    // The nearest earlier sibling that has items.
    let mut sibling: Vec<Option<usize>> = Vec::with_capacity(sections.len());
    let mut target: Vec<Option<usize>> = Vec::with_capacity(sections.len());
    for section in sections {
        let near = section
            .prev
            .and_then(|p| if has_items[p] { Some(p) } else { sibling[p] });
        sibling.push(near);
        let wanted = match near {
            Some(p) if !open_roots[p].is_empty() => Some(p),
            _ => section.parent.and_then(|q| target[q]),
        };
        target.push(wanted);
    }
    target
}
