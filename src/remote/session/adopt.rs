//! After `fed remote set` or `fed clone`: the directory follows the
//! remote, and what only this directory has is published. A sync first
//! brings the remote's documents in (for a document both have, the
//! remote's version wins: this directory joined that federation); then
//! every local document the remote has neither as a live ref nor in its
//! archive is published straight into the archive: one branch commit,
//! whatever their number and state. Each gets a live ref at its first
//! change (a claim, a note), so the remote's refs stay as few as the
//! documents being worked on (every push and fetch reads them all).
//! The replica's commits, all new, then go into its commit-graph.

use super::{SyncOptions, Synced, sync};
use crate::error::Result;
use crate::model::time::Timestamp;
use crate::remote::apply::local_index;
use crate::remote::archive::{Published, known, publish_archived};
use crate::remote::git::transport::locked_there;
use crate::remote::layout::Single;
use crate::remote::replica::{Cas, Replica};
use crate::remote::validate::check_doc;
use crate::store::Store;
use crate::store::fsx;
use serde::Serialize;

/// What joining published.
#[derive(Debug, Default, Serialize)]
pub struct Adopted {
    /// Documents published (straight into the archive).
    pub archived: usize,
    /// Local documents not published (unreadable or malformed): `fed
    /// check` reports them.
    pub refused: Vec<String>,
    pub synced: Synced,
}

/// Syncs, publishes what only this directory has, and syncs again.
pub fn adopt(store: &Store, replica: &Replica, now: Timestamp) -> Result<Adopted> {
    let first = sync(store, replica, now, SyncOptions::default())?;
    let known = known(replica.git(), replica.layout())?;
    let mut adopted = Adopted::default();
    let mut docs = Vec::new();
    for ((kind, id), paths) in local_index(store.root())? {
        if known.contains_key(&(kind, id.clone())) {
            continue;
        }
        let Some(path) = paths.first() else { continue };
        let limit = crate::remote::validate::max_bytes(kind) as u64;
        let bytes = match fsx::read_bounded(&store.path(path), limit) {
            Ok(bytes) if check_doc(kind, &id, &bytes).is_ok() => bytes,
            _ => {
                adopted.refused.push(path.clone());
                continue;
            }
        };
        docs.push((kind, id, bytes));
    }
    // The refs of what is published move under the replica's lock (as
    // every settle does); the syncs before and after take it themselves.
    let lock = crate::remote::lock::lock(replica.paths(), &replica.settings().url)?;
    if !docs.is_empty() {
        match publish_archived(replica.git(), replica.layout(), &docs, now)? {
            Published::Landed => {}
            Published::Moved => {
                return Err(replica.git().error(
                    "the federation branch moved while publishing; run `fed sync` and try again",
                ));
            }
            Published::Locked(lock) => {
                return Err(replica.git().error(&format!(
                    "nothing was published: the federation branch is {}",
                    locked_there(&lock)
                )));
            }
        }
        adopted.archived = docs.len();
    }
    publish_singles(store, replica, now)?;
    drop(lock);
    let mut synced = sync(store, replica, now, SyncOptions::default())?;
    crate::remote::tidy::commit_graph(replica);
    synced.problems.splice(0..0, first.problems);
    synced.updated += first.updated;
    adopted.synced = synced;
    Ok(adopted)
}

/// A federation that is the first on its remote publishes its pause, if
/// paused, and the agents that said they are away, if any (the remote has
/// neither yet; where it has them, the sync brings them here instead).
fn publish_singles(store: &Store, replica: &Replica, now: Timestamp) -> Result<()> {
    for single in Single::ALL {
        if replica.applied_single(single)?.is_some() {
            continue;
        }
        let bytes = match single {
            Single::State if store.state()?.paused => {
                let path = store.path(crate::store::layout::STATE_FILE);
                std::fs::read(&path).map_err(|e| crate::error::Error::io(&path, "read", &e))?
            }
            Single::Availability if !store.aways().is_empty() => {
                crate::store::away::shared_file(&store.aways())
            }
            _ => continue,
        };
        if let Cas::Landed(landed) = replica.cas_single(single, &bytes, now)? {
            landed.settle(replica.git())?;
        }
    }
    Ok(())
}
