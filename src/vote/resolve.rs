//! `fed vote resolve` and `fed vote override`: a vote ends by the rules
//! (see [`super::rules`]), at its deadline, or by an overseer's word.

use super::change::{change, check_choice, finished};
use super::rules::{Outcome, apply, resolve, tally};
use crate::error::{Error, Param, Result};
use crate::model::vote::{Vote, VoteResult, VoteStatus};
use crate::op::Op;
use crate::queue::recover::recover;
use crate::store::events::Event;

/// Resolves one vote by the rules; a vote still waiting for ballots is
/// exit 3 ("nothing to do yet").
pub fn resolve_one(op: &Op, raw_id: &str) -> Result<Vote> {
    op.agent()?;
    recover(op);
    let id = op.store.resolve_vote(raw_id, Param::Id)?;
    let vote = change(op, &id, |mut vote| {
        finished(&vote)?;
        let outcome = resolve(&vote, op.config.votes.min_confidence, op.now());
        if let Outcome::Wait { reason } = outcome {
            return Err(Error::nothing(format!("vote {id} waits: {reason}")));
        }
        apply(
            &mut vote,
            outcome,
            &op.config.overseers,
            op.now(),
            op.agent.as_deref(),
        );
        Ok(vote)
    })?;
    log_result(op, &vote);
    Ok(vote)
}

/// Resolves every active vote whose deadline has passed. While the
/// federation is paused nothing is decided automatically: a vote that would
/// be decided is escalated to the overseers instead, with the ballots'
/// choice as the recommendation.
pub fn resolve_due(op: &Op) -> Result<Vec<Vote>> {
    op.agent()?;
    recover(op);
    let paused = op.store.state()?.paused;
    let (votes, _) = op.store.list_votes();
    let mut done = Vec::new();
    for vote in votes.into_iter().filter(|v| v.is_due(op.now())) {
        let id = vote.vote_id.clone();
        let resolved = change(op, &id, |mut vote| {
            if !vote.is_due(op.now()) {
                return Err(Error::conflict(format!("vote {id} is no longer due")));
            }
            let outcome = match resolve(&vote, op.config.votes.min_confidence, op.now()) {
                Outcome::Decided {
                    choice,
                    reason,
                    tally,
                    mean,
                } if paused => Outcome::Escalated {
                    recommendation: Some(choice),
                    reason: format!(
                        "the federation is paused, so nothing is decided automatically; the ballots say: {reason}"
                    ),
                    tally,
                    mean: Some(mean),
                },
                other => other,
            };
            apply(
                &mut vote,
                outcome,
                &op.config.overseers,
                op.now(),
                op.agent.as_deref(),
            );
            Ok(vote)
        });
        match resolved {
            Ok(vote) => {
                log_result(op, &vote);
                done.push(vote);
            }
            // Resolved by someone else meanwhile.
            Err(e) if e.kind == crate::error::Kind::Conflict => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// Sets a vote's result (overseers only), before or after resolution.
pub fn override_vote(op: &Op, raw_id: &str, choice: &str, reason: Option<&str>) -> Result<Vote> {
    op.config
        .check_overseer(op.agent.as_deref(), "vote override")?;
    recover(op);
    let id = op.store.resolve_vote(raw_id, Param::Id)?;
    let choice = choice.trim().to_string();
    let by = op.agent.clone();
    let vote = change(op, &id, |mut vote| {
        check_choice(&vote, &choice)?;
        let previous = vote.result.take();
        let tally = previous
            .as_ref()
            .map_or_else(|| tally(&vote), |r| r.tally.clone());
        let reason = match reason.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => format!(
                "overridden by {}: {r}",
                by.as_deref().unwrap_or("the overseer")
            ),
            None => format!("overridden by {}", by.as_deref().unwrap_or("the overseer")),
        };
        vote.result = Some(VoteResult {
            decision: Some(choice.clone()),
            recommendation: previous.as_ref().and_then(|r| r.recommendation.clone()),
            reason,
            tally,
            mean_confidence: previous.as_ref().and_then(|r| r.mean_confidence),
            at: op.now(),
            by: by.clone(),
            extra: previous.map(|r| r.extra).unwrap_or_default(),
        });
        vote.status = VoteStatus::Overridden;
        vote.escalated_to.clear();
        Ok(vote)
    })?;
    log_result(op, &vote);
    Ok(vote)
}

fn log_result(op: &Op, vote: &Vote) {
    let event = match vote.status {
        VoteStatus::Decided => "vote-decided",
        VoteStatus::Escalated => "vote-escalated",
        VoteStatus::Overridden => "vote-overridden",
        VoteStatus::Active => return,
    };
    let result = vote.result.as_ref();
    op.log(
        Event::new(op.now(), op.agent.as_deref(), event)
            .vote(&vote.vote_id)
            .with("decision", result.and_then(|r| r.decision.clone()))
            .with("reason", result.map(|r| r.reason.clone())),
    );
}
