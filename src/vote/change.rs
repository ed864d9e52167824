//! Every change to a vote (a ballot, a resolution, an override) is a
//! take/swap/publish transaction on its file, like a task's. While another
//! process has the file, a caller waits for it (bounded).

use crate::error::{Error, Param, Result};
use crate::model::vote::Vote;
use crate::op::Op;
use crate::queue::recover::recover;
use crate::store::locate::wait_in_flight;
use crate::store::votes::BUSY_WAIT;

/// Takes vote `id` (a resolved id: the vote exists), applies `apply`,
/// publishes the result. Votes are never deleted, so a vote found neither
/// in its folders nor in `.txn/` was moving between them while we looked:
/// like one in flight, it is waited for (bounded), never reported missing.
pub(super) fn change(op: &Op, id: &str, apply: impl Fn(Vote) -> Result<Vote>) -> Result<Vote> {
    // The holder may have died: its leftovers are recovered while we wait,
    // instead of stalling every caster until the deadline.
    let changed = wait_in_flight(
        BUSY_WAIT,
        || recover(op),
        || {
            let Some((path, _)) = op.store.find_vote(id)? else {
                return Ok(None);
            };
            let Some(taken) = op.store.take_doc::<Vote>(&path, id)? else {
                return Ok(None);
            };
            let vote = apply(taken.doc.clone())?;
            taken.commit(&vote)?;
            Ok(Some(vote))
        },
    )?;
    changed.ok_or_else(|| {
        Error::conflict(format!(
            "vote {id} stayed busy (another process kept changing it); try again"
        ))
    })
}

/// Refuses a choice that is not one of the vote's options.
pub(super) fn check_choice(vote: &Vote, choice: &str) -> Result<()> {
    if vote.options.iter().any(|o| o == choice) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "'{choice}' is not an option of vote {} ({})",
            vote.vote_id,
            vote.options.join(", ")
        ))
        .on(Param::Choice))
    }
}

pub(super) fn finished(vote: &Vote) -> Result<()> {
    if vote.is_active() {
        Ok(())
    } else {
        Err(Error::conflict(format!(
            "vote {} is already {}",
            vote.vote_id, vote.status
        )))
    }
}
