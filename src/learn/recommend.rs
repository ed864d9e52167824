//! The router against the store: train it on `routing-history.jsonl` and
//! the config, then recommend an agent for a description, or measure how
//! well it would have done (`fed route eval`).

use super::analytics::Boosts;
use super::route::{Evaluation, Recommendation, Router, evaluate};
use crate::error::{Error, Result};
use crate::model::record::Record;
use crate::op::Op;

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
    Ok(trained(op, &records).recommend(description, task_type))
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
