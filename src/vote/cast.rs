//! `fed vote cast`: one ballot per agent, replaced by a recast while the
//! vote is active. Sixteen agents casting at once each take the file in
//! turn, and none is lost.

use super::change::{change, check_choice, finished};
use crate::error::{Error, Param, Result};
use crate::model::vote::{Ballot, Vote};
use crate::op::Op;
use crate::queue::recover::recover;
use crate::store::events::Event;

#[derive(Debug, Clone, Default)]
pub struct CastRequest {
    pub id: String,
    pub choice: String,
    pub confidence: f64,
    pub reasoning: Option<String>,
}

/// Records (or replaces) the caller's ballot on an active vote.
pub fn cast(op: &Op, request: CastRequest) -> Result<Vote> {
    let agent = op.require_agent("vote cast")?.to_string();
    if !(0.0..=1.0).contains(&request.confidence) {
        return Err(
            Error::invalid(format!("{} is outside 0 to 1", request.confidence))
                .on(Param::Confidence),
        );
    }
    recover(op);
    let id = op.store.resolve_vote(&request.id, Param::Id)?;
    let choice = request.choice.trim().to_string();
    let vote = change(op, &id, |mut vote| {
        finished(&vote)?;
        check_choice(&vote, &choice)?;
        // A recast keeps whatever else the agent's ballot carried.
        let extra = vote
            .votes
            .remove(&agent)
            .map(|b| b.extra)
            .unwrap_or_default();
        vote.votes.insert(
            agent.clone(),
            Ballot {
                choice: choice.clone(),
                confidence: request.confidence,
                reasoning: request.reasoning.clone().unwrap_or_default(),
                cast_at: op.now(),
                extra,
            },
        );
        Ok(vote)
    })?;
    op.log(
        Event::new(op.now(), op.agent.as_deref(), "vote-cast")
            .vote(&id)
            .with("choice", choice)
            .with("confidence", request.confidence),
    );
    Ok(vote)
}
