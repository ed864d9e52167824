//! The commit hook: how a change reaches an arbiter outside this
//! directory (a git remote) before it becomes visible here.
//!
//! The store knows nothing of git. A federation shared through a remote
//! installs a [`Publisher`] on its [`Store`]; every change of a task or a
//! vote (the commit of a transaction, a new document, a queued handoff)
//! and every new `state.json` is first handed to it. Only when it answers
//! [`Pushed::Landed`] (or, for a new document it may keep for later,
//! [`Pushed::Deferred`]) is the change published locally; then
//! [`Landing::settle`] records that the directory reflects it. An error
//! (the remote moved, `Kind::Moved`; or it cannot be reached) puts the
//! document back as it was: nothing changed, here or there.
//!
//! Without a publisher every hook is a no-op and the store behaves as on
//! one machine.

use super::Store;
use crate::error::{Error, Kind, Result};
use crate::model::time::Timestamp;

/// A failpoint of the hook (crash tests kill a process around its push).
fn step(name: &str) -> Result<()> {
    crate::failpoint::step(name).map_err(|e| Error::new(Kind::Io, format!("{name}: {e}")))
}

/// The document a publish is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocRef<'a> {
    /// "task" or "vote" (`Document::KIND`).
    pub kind: &'static str,
    pub id: &'a str,
}

/// What the publisher did with a change.
pub enum Pushed {
    /// The arbiter has it: publish locally, then settle.
    Landed(Box<dyn Landing>),
    /// A new document the arbiter could not be reached for, or one of a
    /// batch the publisher publishes together later: publish it locally;
    /// the publisher has noted it. The text, when there is one, says so
    /// for the caller (a warning; a batch's documents have none).
    Deferred(Option<String>),
}

/// A change that landed, waiting for the local publish.
pub trait Landing {
    /// Records that the directory now reflects the change. A failure only
    /// leaves the record behind (the next sync brings it level).
    fn settle(self: Box<Self>) -> Result<()>;
}

/// The arbiter a shared federation publishes to.
pub trait Publisher: Send {
    /// Publishes `bytes` as the next version of `doc`. `new`: the document
    /// is being created (it must not exist on the arbiter). An error with
    /// `Kind::Moved` means the arbiter holds another version: sync and
    /// redo the operation.
    fn publish(&self, doc: DocRef, bytes: &[u8], new: bool) -> Result<Pushed>;
    /// Publishes a new `state.json` (pause, resume).
    fn publish_state(&self, bytes: &[u8]) -> Result<Pushed>;
    /// Publishes the availability (`fed agent away|back`): every agent
    /// away, as a JSON object by name.
    fn publish_availability(&self, bytes: &[u8]) -> Result<Pushed>;
    /// Brings `store`'s directory level with the arbiter (a process that
    /// waits for work looks there from time to time, since nothing in
    /// this directory changes when another machine adds a task).
    fn refresh(&self, store: &Store, now: Timestamp) -> Result<()>;
}

impl Store {
    /// Shares this federation through `publisher` from now on.
    pub fn set_publisher(&self, publisher: Box<dyn Publisher>) {
        *self.publisher.borrow_mut() = Some(publisher);
    }

    /// Whether changes go through a publisher (a remote is set).
    pub fn is_shared(&self) -> bool {
        self.publisher.borrow().is_some()
    }

    /// Brings the directory level with the arbiter, when there is one
    /// (a no-op on one machine).
    pub fn refresh(&self, now: Timestamp) -> Result<()> {
        match self.publisher.borrow().as_ref() {
            Some(p) => p.refresh(self, now),
            None => Ok(()),
        }
    }

    /// The hook of a document change; `None` when no publisher is set.
    pub(crate) fn push_doc(&self, doc: DocRef, bytes: &[u8], new: bool) -> Result<Option<Pushed>> {
        let publisher = self.publisher.borrow();
        let Some(p) = publisher.as_ref() else {
            return Ok(None);
        };
        step("remote::before-push")?;
        let pushed = p.publish(doc, bytes, new)?;
        step("remote::after-push")?;
        Ok(Some(pushed))
    }

    /// The hook of a new `state.json`.
    pub(crate) fn push_state(&self, bytes: &[u8]) -> Result<Option<Pushed>> {
        match self.publisher.borrow().as_ref() {
            Some(p) => p.publish_state(bytes).map(Some),
            None => Ok(None),
        }
    }

    /// The hook of a change of availability: the whole of it after the
    /// change (`aways`, by agent).
    pub(crate) fn push_availability(
        &self,
        aways: &std::collections::BTreeMap<String, super::away::Away>,
    ) -> Result<Option<Pushed>> {
        match self.publisher.borrow().as_ref() {
            Some(p) => p
                .publish_availability(&super::away::shared_file(aways))
                .map(Some),
            None => Ok(None),
        }
    }

    /// After the local publish: records a landed change. A failure to
    /// record is a warning (the next sync settles it), never an error of
    /// a change that landed.
    pub(crate) fn settle(&self, pushed: Option<Pushed>) {
        match pushed {
            Some(Pushed::Landed(landing)) => {
                if let Err(e) = step("remote::before-settle").and_then(|()| landing.settle()) {
                    self.warn(format!(
                        "the change landed, but recording it failed ({}); the next sync records it",
                        e.message
                    ));
                }
            }
            Some(Pushed::Deferred(Some(note))) => self.warn(note),
            Some(Pushed::Deferred(None)) | None => {}
        }
    }
}
