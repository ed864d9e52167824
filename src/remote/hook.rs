//! The commit hook of a shared federation: the store's
//! [`Publisher`](crate::store::publish::Publisher) implemented with a
//! [`Replica`]. Each change is a compare-and-swap of its document's ref:
//! the lease is the commit the directory reflects (the applied ref), so a
//! change computed from an old version is refused and the store puts the
//! document back. A new document whose id was generated here goes
//! straight into the archive instead ([`Replica::add`]). A change whose
//! document has no applied live ref is marked as landing until it settles
//! ([`landing`]).
//!
//! - the remote took it: the store publishes locally, then
//!   [`Landed::settle`](crate::remote::push::Landed::settle) moves the
//!   applied ref;
//! - the remote moved: a `Kind::Moved` error, and the command syncs and
//!   redoes its operation ([`crate::remote::session`]);
//! - a lock file on the remote was in the way: a `Kind::Locked` error,
//!   redone the same way (a push landing there lets go within
//!   milliseconds; a lock left by a git process that died there does not,
//!   and the command ends naming it);
//! - the remote is unreachable: an error naming it, nothing changed;
//!   except, when the command allows it ([`Offline`]: `queue add`, `vote
//!   create`, `queue note`), the change is kept here and marked in the
//!   [`outbox`] for the next sync;
//! - a batch (`queue add --from-file`): each new document is kept here and
//!   marked in the outbox, and the command publishes them together at its
//!   end.

use crate::error::{Error, Result};
use crate::model::time::Timestamp;
use crate::remote::git::transport::locked_there;
use crate::remote::layout::{DocKind, Single};
use crate::remote::push::Landed;
use crate::remote::replica::{Cas, Replica};
use crate::remote::session::{self, SyncOptions};
use crate::remote::{landing, outbox};
use crate::store::Store;
use crate::store::publish::{DocRef, Landing, Publisher, Pushed};

/// The hook of one command.
pub struct GitPublisher {
    replica: Replica,
    now: Timestamp,
    offline: Offline,
    /// Why the remote is known to be unreachable (the sync before the
    /// command failed so): new documents wait without another try.
    unreachable: Option<Error>,
}

impl GitPublisher {
    /// Publishes through `replica`, dating commits `now`; `offline` says
    /// what may wait in the outbox when the remote cannot be reached.
    pub fn new(replica: Replica, now: Timestamp, offline: Offline) -> GitPublisher {
        GitPublisher {
            replica,
            now,
            offline,
            unreachable: None,
        }
    }

    /// The remote was found unreachable (`err`) just now.
    pub fn unreachable(mut self, err: Error) -> GitPublisher {
        self.unreachable = Some(err);
        self
    }

    /// Keeps a change for the next sync (the remote is unreachable).
    fn defer(&self, kind: DocKind, doc: DocRef, new: bool, err: &Error) -> Result<Pushed> {
        let what = if new {
            outbox::add(self.replica.paths(), kind, doc.id)?;
            format!("{} {}", doc.kind, doc.id)
        } else {
            outbox::mark_notes(self.replica.paths(), doc.id)?;
            format!("the note on {} {}", doc.kind, doc.id)
        };
        Ok(Pushed::Deferred(Some(format!(
            "{}; {what} is kept here and published by the next `fed sync`",
            err.message
        ))))
    }

    fn moved(&self, what: &str) -> Error {
        Error::moved(format!(
            "remote {}: {what} changed there first (another machine got there before this one)",
            self.replica.settings().url
        ))
    }

    fn locked(&self, what: &str, lock: &str) -> Error {
        Error::locked(format!(
            "remote {}: {what} is {}",
            self.replica.settings().url,
            locked_there(lock)
        ))
    }

    fn single(&self, single: Single, what: &str, bytes: &[u8]) -> Result<Pushed> {
        match self.replica.cas_single(single, bytes, self.now)? {
            Cas::Landed(landed) => Ok(self.landed(landed)),
            Cas::Moved => Err(self.moved(what)),
            Cas::Locked(lock) => Err(self.locked(what, &lock)),
        }
    }

    fn landed(&self, landed: Landed) -> Pushed {
        Pushed::Landed(Box::new(GitLanding {
            landed,
            replica: self.replica.clone(),
            _mark: None,
        }))
    }
}

/// What a command may leave for the next sync when the remote cannot be
/// reached: nothing (claims, completes, everything that must be
/// acknowledged by the remote), new documents (`queue add`, `vote
/// create`), or a note on a task (`queue note`: notes only add to a
/// thread, so they merge with whatever the remote did meanwhile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offline {
    Never,
    /// New documents whose ids were generated here (`queue add`, `vote
    /// create`), which no other machine can make: online, each goes
    /// straight into the archive on the branch ([`Replica::add`]: no live
    /// ref until its first change).
    Adds,
    /// New documents with an id the user chose (`queue add --id`): online,
    /// each goes on a live ref, whose "must not exist" tells two machines
    /// taking one id apart.
    NamedAdds,
    Notes,
    /// A batch of new documents (`queue add --from-file`): each is kept in
    /// the outbox, reachable remote or not, and the command publishes them
    /// all at its end with a sync (into the archive, one commit).
    Batch,
}

/// The kind of a store document.
pub fn doc_kind(kind: &str) -> DocKind {
    match kind {
        "vote" => DocKind::Vote,
        _ => DocKind::Task,
    }
}

impl Publisher for GitPublisher {
    fn publish(&self, doc: DocRef, bytes: &[u8], new: bool) -> Result<Pushed> {
        let kind = doc_kind(doc.kind);
        let may_wait = match self.offline {
            Offline::Never => false,
            Offline::Adds | Offline::NamedAdds | Offline::Batch => new,
            Offline::Notes => new || kind == DocKind::Task,
        };
        if self.offline == Offline::Batch && new && self.unreachable.is_none() {
            outbox::add(self.replica.paths(), kind, doc.id)?;
            return Ok(Pushed::Deferred(None));
        }
        if let Some(err) = self.unreachable.as_ref().filter(|_| may_wait) {
            return self.defer(kind, doc, new, err);
        }
        // A new document, or the first change of an archived one: marked
        // until settled (`remote::landing`), so that no sync installs the
        // remote's version (this very one, or the archived one) in the
        // instant between the push and the publish here, or the archived
        // one over the publish before its settle.
        let lease = self.replica.lease(kind, doc.id)?;
        let mark = match lease.is_none() {
            true => Some(landing::mark(self.replica.paths(), kind, doc.id)?),
            false => None,
        };
        let cas = match new && self.offline == Offline::Adds {
            true => self.replica.add(kind, doc.id, bytes, self.now),
            false => self
                .replica
                .cas_leased(kind, doc.id, lease, Some(bytes), self.now),
        };
        match cas {
            Ok(Cas::Landed(landed)) => Ok(Pushed::Landed(Box::new(GitLanding {
                landed,
                replica: self.replica.clone(),
                _mark: mark,
            }))),
            Ok(Cas::Moved) => Err(self.moved(&format!("{} {}", doc.kind, doc.id))),
            Ok(Cas::Locked(lock)) => Err(self.locked(&format!("{} {}", doc.kind, doc.id), &lock)),
            Err(e) if may_wait && self.replica.git().is_unreachable(&e) => {
                self.defer(kind, doc, new, &e)
            }
            Err(e) => Err(e),
        }
    }

    fn publish_state(&self, bytes: &[u8]) -> Result<Pushed> {
        self.single(Single::State, "state.json (pause)", bytes)
    }

    fn publish_availability(&self, bytes: &[u8]) -> Result<Pushed> {
        self.single(
            Single::Availability,
            "the availability (agent away|back)",
            bytes,
        )
    }

    /// A sync (joining one another process is running). What it finds
    /// wrong was shown by the command's first sync and stays in `fed
    /// check`: not repeated at every look.
    fn refresh(&self, store: &Store, now: Timestamp) -> Result<()> {
        let opts = SyncOptions {
            coalesce: true,
            ..SyncOptions::default()
        };
        session::sync(store, &self.replica, now, opts).map(|_| ())
    }
}

struct GitLanding {
    landed: Landed,
    replica: Replica,
    /// Removed once settled (dropped with the landing).
    _mark: Option<landing::Mark>,
}

impl Landing for GitLanding {
    /// Moves the applied ref (expecting its old value) and the mirror. A
    /// sync running meanwhile cannot put an older version back: its plan
    /// expects the old applied value, which its guard then finds gone, or
    /// it sees the applied ref ahead of a mirror its fetch read before the
    /// push, and leaves the document alone (`remote::sync::ahead`).
    fn settle(self: Box<Self>) -> Result<()> {
        self.landed.settle(self.replica.git()).map(|_| ())
    }
}
