//! The router against the store: train it on `routing-history.jsonl` and
//! the config (or read what training gave from the model cache, while it
//! is current), then recommend an agent for a description, or measure how
//! well it would have done (`fed route eval`).

use super::analytics::Boosts;
use super::availability::Facts;
use super::corpus::{Counts, Trained, counts};
use super::model;
use super::route::{Evaluation, PassedOver, Recommendation, Router, evaluate};
use super::tfidf::tokens;
use crate::error::{Error, Result};
use crate::model::record::Record;
use crate::model::round::round;
use crate::op::Op;
use crate::store::cache::{RACY_NS, now_ns};
use std::collections::BTreeSet;

/// Overseers are candidates only through work they finished.
fn workers(op: &Op) -> Vec<String> {
    op.config
        .agents
        .iter()
        .filter(|a| !op.config.overseers.contains(a))
        .cloned()
        .collect()
}

fn router(op: &Op, corpus: Box<dyn super::corpus::Corpus>, counts: &Counts) -> Router {
    let boosts = Boosts::from_counts(counts, op.config.routing.boost_factor);
    Router::with(
        corpus,
        &op.config.routing.rules,
        boosts,
        &workers(op),
        op.now(),
    )
}

fn warn_skipped(op: &Op, skipped: usize) {
    if skipped > 0 {
        op.store.warn(format!(
            "skipped {skipped} unreadable line(s) of routing-history.jsonl"
        ));
    }
}

/// The router's ranking of every agent for a description (unreadable
/// history lines become a warning on the store). It comes from the model cache
/// when that was learnt from the history as it is now; otherwise the
/// router is trained on the history, and the cache written for the next
/// time (once the history has not changed for two seconds: a change
/// within one timestamp tick could otherwise hide).
fn ranked(op: &Op, description: &str, task_type: Option<&str>) -> Result<Recommendation> {
    let stamp = op.store.history_stamp();
    let cached = stamp.as_ref().and_then(|stamp| {
        let (corpus, counts, header) = model::load(op.store.read_router_model()?)?;
        let current = header.key == stamp.key && header.written_ns > stamp.changed_ns + RACY_NS;
        current.then_some((corpus, counts, header.skipped))
    });
    if let Some((corpus, counts, skipped)) = cached {
        let recommendation =
            router(op, Box::new(corpus), &counts).recommend_words(&tokens(description), task_type);
        if let Some(recommendation) = recommendation {
            warn_skipped(op, skipped);
            return Ok(recommendation);
        }
    }
    let (records, skipped) = op.store.read_history()?;
    warn_skipped(op, skipped);
    let refs: Vec<&Record> = records.iter().collect();
    let trained = Trained::new(&refs);
    let counts = counts(&refs);
    let now = now_ns();
    if let Some(stamp) = stamp.filter(|s| now > s.changed_ns + RACY_NS) {
        op.store
            .write_router_model(&model::render(&stamp.key, now, skipped, &trained, &counts));
    }
    Ok(router(op, Box::new(trained), &counts).recommend(description, task_type))
}

/// The router's recommendation for a description: its ranking, with the
/// agents that cannot take work now passed over.
pub fn recommend(op: &Op, description: &str, task_type: Option<&str>) -> Result<Recommendation> {
    let mut recommendation = ranked(op, description, task_type)?;
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
