//! Reading what the board and the inbox need, for the commands and the
//! dashboard alike.

use super::board::{Board, RECENT_LIMIT, board};
use super::facts::Facts;
use super::inbox::{Extra, Inbox, inbox};
use super::short::IdForm;
use crate::config::Config;
use crate::error::Result;
use crate::model::time::Timestamp;
use crate::model::{Origin, Status};
use crate::store::Store;

/// How many recently finished tasks the inbox reads for failures.
const RECENT_FAILURES: usize = 200;

/// The board now, of `for_agent`'s tasks when given.
pub fn load_board(
    store: &Store,
    config: &Config,
    now: Timestamp,
    for_agent: Option<&str>,
    ids: IdForm,
) -> Result<Board> {
    let facts = Facts::load(store, ids)?;
    let finished = store.recently_finished(RECENT_LIMIT * 4);
    Ok(board(&facts, &finished, config, now, for_agent))
}

/// The inbox now, with the facts it was built from.
pub fn load_inbox(
    store: &Store,
    config: &Config,
    now: Timestamp,
    ids: IdForm,
) -> Result<(Facts, Inbox)> {
    let facts = Facts::load(store, ids)?;
    let (votes, _) = store.list_votes();
    let finished = store.recently_finished(RECENT_FAILURES);
    let unrouted =
        store.read_rows(facts.snapshot.rows.iter().filter(|r| {
            r.summary.status == Status::Pending && r.summary.origin == Origin::Unrouted
        }));
    let held = if facts.state.paused {
        store
            .prepared_handoffs()
            .iter()
            .filter_map(|p| store.read_prepared(p))
            .collect()
    } else {
        Vec::new()
    };
    let extra = Extra {
        votes: &votes,
        finished: &finished,
        held: &held,
        unrouted: &unrouted,
    };
    let inbox = inbox(&facts, &extra, config, now);
    Ok((facts, inbox))
}
