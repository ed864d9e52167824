//! The router against the store: train it on `routing-history.jsonl` and
//! the config, then recommend an agent for a description, or measure how
//! well it would have done (`fed route eval`).

use super::analytics::Boosts;
use super::availability::Facts;
use super::route::{Evaluation, PassedOver, Recommendation, Router, evaluate};
use crate::error::{Error, Result};
use crate::model::record::Record;
use crate::model::round::round;
use crate::op::Op;
use std::collections::BTreeSet;

fn trained(op: &Op, records: &[Record]) -> Router {
    let refs: Vec<&Record> = records.iter().collect();
    let boosts = Boosts::from_records(&refs, op.config.routing.boost_factor);
    // Overseers are candidates only through work they finished.
    let workers: Vec<String> = op
        .config
        .agents
        .iter()
        .filter(|a| !op.config.overseers.contains(a))
        .cloned()
        .collect();
    Router::new(&refs, &op.config.routing.rules, boosts, &workers, op.now())
}

/// The router's recommendation for a description (unreadable history
/// lines become a warning on the store).
pub fn recommend(op: &Op, description: &str, task_type: Option<&str>) -> Result<Recommendation> {
    let (records, skipped) = op.store.read_history()?;
    if skipped > 0 {
        op.store.warn(format!(
            "skipped {skipped} unreadable line(s) of routing-history.jsonl"
        ));
    }
    let mut recommendation = trained(op, &records).recommend(description, task_type);
    pass_over_unavailable(op, &mut recommendation);
    Ok(recommendation)
}

/// Routing chooses only available agents: when the best candidate is
/// away, silent or busy, the best available one with a positive score
/// takes its place (its confidence: its share of the available agents'
/// positive scores);
/// with none, nobody is chosen. Every agent passed over is named, with
/// the reason.
fn pass_over_unavailable(op: &Op, r: &mut Recommendation) {
    let Some(best) = r.agent.clone() else {
        return;
    };
    let wanted: BTreeSet<String> = r
        .candidates
        .iter()
        .filter(|c| c.score > 0.0)
        .map(|c| c.agent.clone())
        .collect();
    let facts = Facts::read(op, Some(&wanted));
    let silent_after = op.config.availability.silent_after;
    let states: Vec<_> = r
        .candidates
        .iter()
        .filter(|c| c.score > 0.0)
        .map(|c| (c, facts.state(op, &c.agent)))
        .collect();
    // The confidence is a share among the agents that can take the task.
    let positive: f64 = states
        .iter()
        .filter(|(_, s)| s.is_available())
        .map(|(c, _)| c.score)
        .sum();
    let mut chosen = None;
    for (c, state) in &states {
        if state.is_available() {
            chosen = Some(*c);
            break;
        }
        r.passed_over.push(PassedOver {
            agent: c.agent.clone(),
            reason: state.reason(silent_after),
        });
    }
    match chosen {
        Some(c) if c.agent == best => {}
        Some(c) => {
            let c = c.clone();
            r.agent = Some(c.agent.clone());
            r.confidence = round(c.score / positive);
        }
        None => {
            r.agent = None;
            r.confidence = 0.0;
        }
    }
}

/// k-fold accuracy of the router against the keyword rules alone.
pub fn evaluate_history(op: &Op, folds: usize) -> Result<Evaluation> {
    let (records, _) = op.store.read_history()?;
    let successes = records.iter().filter(|r| r.success).count();
    if successes < folds {
        return Err(Error::nothing(format!(
            "routing-history.jsonl has {successes} successful tasks; evaluation needs at least {folds}"
        )));
    }
    Ok(evaluate(
        &records,
        &op.config.routing.rules,
        op.config.routing.boost_factor,
        folds,
        op.now(),
    ))
}
