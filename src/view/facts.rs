//! What the overseer's views (board, graph, inbox, the dashboard) read of
//! the federation, once: the snapshot, the full documents of the blocked
//! tasks (when and by whom they were blocked, their lead), the pause state
//! and a short id for every task and vote.

use super::short::{IdForm, ShortIds};
use crate::error::Result;
use crate::model::{Status, Task};
use crate::store::Store;
use crate::store::cache::Reading;
use crate::store::snapshot::Snapshot;
use crate::store::state::State;

pub struct Facts {
    pub snapshot: Snapshot,
    /// The blocked tasks in full.
    pub blocked: Vec<Task>,
    pub state: State,
    pub short: ShortIds,
}

impl Facts {
    /// The facts now, ids shortened as `ids` says.
    pub fn load(store: &Store, ids: IdForm) -> Result<Facts> {
        let state = store.state()?;
        let snapshot = Snapshot::load(store, Reading::VIEW);
        let blocked = store.read_rows(
            snapshot
                .rows
                .iter()
                .filter(|r| r.summary.status == Status::Blocked),
        );
        let short = ShortIds::federation(store, ids);
        Ok(Facts {
            snapshot,
            blocked,
            state,
            short,
        })
    }

    /// The short id of `id`.
    pub fn short<'a>(&'a self, id: &'a str) -> &'a str {
        self.short.of(id)
    }

    /// Whether the task is known and not blocked (see
    /// [`super::escalation::record`]).
    pub fn settled(&self, id: &str) -> bool {
        self.snapshot
            .status_of(id)
            .is_some_and(|s| s != Status::Blocked)
    }
}
