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

use super::{Item, MAX_DEPENDENCIES};

/// A heading's section, as the parser records it.
#[derive(Debug, Clone)]
pub(super) struct Section {
    /// The enclosing section: the nearest earlier heading of a lower level.
    pub parent: Option<usize>,
    /// The nearest earlier section with the same parent and level.
    pub prev: Option<usize>,
}

/// Fills `depends_on` of every item; `section[i]` is item i's section.
/// On an item that would get more than [`MAX_DEPENDENCIES`], returns its
/// index.
pub(super) fn link(
    items: &mut [Item],
    section: &[Option<usize>],
    sections: &[Section],
) -> Result<(), usize> {
    for i in 0..items.len() {
        if let Some(p) = items[i].parent
            && !items[p].done
        {
            items[p].depends_on.push(i);
        }
    }
    let (has_items, open_roots) = tally(items, section, sections);
    let mut phase_of: Vec<Option<Option<usize>>> = vec![None; sections.len()];
    for i in 0..items.len() {
        let Some(s) = section[i] else { continue };
        if items[i].done {
            continue;
        }
        let target = *phase_of[s]
            .get_or_insert_with(|| previous_phase(s, sections, &has_items, &open_roots));
        if let Some(t) = target {
            items[i].depends_on.extend(open_roots[t].iter().copied());
        }
    }
    for (i, item) in items.iter().enumerate() {
        if item.depends_on.len() > MAX_DEPENDENCIES {
            return Err(i);
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

/// The section whose open roots the items of section `s` wait for.
fn previous_phase(
    s: usize,
    sections: &[Section],
    has_items: &[bool],
    open_roots: &[Vec<usize>],
) -> Option<usize> {
    let mut at = Some(s);
    while let Some(current) = at {
        let mut prev = sections[current].prev;
        while let Some(p) = prev
            && !has_items[p]
        {
            prev = sections[p].prev;
        }
        if let Some(p) = prev
            && !open_roots[p].is_empty()
        {
            return Some(p);
        }
        at = sections[current].parent;
    }
    None
}
