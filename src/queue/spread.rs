//! The order a claim in a shared federation tries its candidates in.
//!
//! Claimers on several machines choose from the same order, and their
//! views lag the remote: were each to try the first task, all but one
//! would push in vain, and the others' claims not yet synced here would
//! be tried first. Spread over the first few, most first tries win. On
//! one machine the order is kept exactly (a lost race there costs only a
//! rename).

use crate::store::cache::Row;

/// The order to try `ready` (in claim order) in: spread in a shared
/// federation, as is on one machine.
pub(super) fn tries<'a>(
    ready: impl Iterator<Item = Row> + 'a,
    agent: &'a str,
    shared: bool,
) -> Box<dyn Iterator<Item = Row> + 'a> {
    if shared {
        Box::new(spread(ready, agent))
    } else {
        Box::new(ready)
    }
}

/// How many of the best ready tasks a claim in a shared federation
/// chooses its first try from. A try fails when its task was claimed on
/// another machine since this one last synced, and the other machines'
/// claims of the last second or so are among the first tasks too.
/// Sixteen workers on four machines draining 400 tasks lost a third of
/// their tries with a window of 32 and a sixth with 128, which drained
/// 2,000 tasks half again as fast; 256 and 512 did no better
/// (docs/performance.md, *Claims spread over 128*). The oldest-first
/// order within a priority holds only within the window.
const SPREAD: usize = 128;

/// The ready tasks in claim order, except that the first [`SPREAD`] of
/// the best rank (same priority, equally addressed to `agent`) come in a
/// random order.
fn spread(mut ready: impl Iterator<Item = Row>, agent: &str) -> impl Iterator<Item = Row> {
    let rank = |r: &Row| {
        (
            r.summary.priority,
            r.summary.to_agent.as_deref() == Some(agent),
        )
    };
    let mut window: Vec<Row> = Vec::new();
    let mut beyond = None;
    while window.len() < SPREAD {
        match ready.next() {
            Some(row) if window.first().is_none_or(|first| rank(first) == rank(&row)) => {
                window.push(row)
            }
            Some(row) => {
                beyond = Some(row);
                break;
            }
            None => break,
        }
    }
    crate::model::id::Jitter::new().shuffle(&mut window);
    window.into_iter().chain(beyond).chain(ready)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Priority, Task, TaskSummary};
    use crate::store::layout::Folder;

    fn row(id: &str, priority: Priority) -> Row {
        let task = Task::from_json(
            format!(
                r#"{{"task_id":"{id}","description":"d","status":"pending","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#
            )
            .as_bytes(),
        )
        .unwrap();
        let mut summary = TaskSummary::from(&task);
        summary.priority = priority;
        Row {
            folder: Folder::Pending,
            path: format!("{id}.json").into(),
            summary,
            doc: None,
        }
    }

    #[test]
    fn a_spread_shuffles_only_the_first_of_the_best_rank() {
        let ids = |rows: Vec<Row>| -> Vec<String> {
            rows.into_iter().map(|r| r.summary.task_id).collect()
        };
        let mut rows: Vec<Row> = (0..SPREAD + 8)
            .map(|n| row(&format!("h{n:03}"), Priority::High))
            .collect();
        rows.extend((0..5).map(|n| row(&format!("n{n}"), Priority::Normal)));
        let in_order = ids(rows.to_vec());
        let mut orders = std::collections::BTreeSet::new();
        for _ in 0..20 {
            let got = ids(spread(rows.clone().into_iter(), "a").collect());
            // The first SPREAD are the first SPREAD high ones, in some
            // order; the rest keep the claim order.
            let mut window = got[..SPREAD].to_vec();
            window.sort();
            assert_eq!(window, in_order[..SPREAD]);
            assert_eq!(got[SPREAD..], in_order[SPREAD..]);
            orders.insert(got[..SPREAD].to_vec());
        }
        assert!(orders.len() > 1, "twenty spreads, one order");
        // A rank of two: the spread never brings a lower one forward.
        let two: Vec<Row> = vec![
            row("h1", Priority::High),
            row("h2", Priority::High),
            row("n1", Priority::Normal),
        ];
        for _ in 0..20 {
            let got = ids(spread(two.clone().into_iter(), "a").collect());
            assert_eq!(got[2], "n1");
        }
    }
}
