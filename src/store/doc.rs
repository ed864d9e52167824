//! What the store changes by transaction: task documents (JSON) and vote
//! documents (YAML). A document knows its id, how to read and write itself,
//! and where a document with its content lives: all that take/swap/publish
//! and recovery need.

use super::Store;
use super::layout::{Folder, MAX_TASK_BYTES, MAX_VOTE_BYTES};
use crate::error::{Error, Result};
use crate::model::Task;
use crate::model::vote::Vote;
use std::path::PathBuf;

/// The bytes of `doc` if fed can read them back: within the size its
/// readers accept and parsing to a valid document (a time past year 9999,
/// say, would not). What fed could not read it must not write: the file
/// would be stuck for ever.
pub fn writable<D: Document>(doc: &D) -> Result<Vec<u8>> {
    let bytes = doc.render();
    if bytes.len() as u64 > D::MAX_BYTES {
        return Err(Error::invalid(format!(
            "{} {} would be {} bytes, over the {} bytes fed reads back; nothing changed",
            D::KIND,
            doc.id(),
            bytes.len(),
            D::MAX_BYTES
        )));
    }
    if let Err(e) = D::parse(&bytes) {
        return Err(Error::invalid(format!(
            "{} {} could not be read back ({e}); nothing changed",
            D::KIND,
            doc.id()
        )));
    }
    Ok(bytes)
}

pub trait Document: Sized {
    /// The extension of its files; also used in `.txn/`, so that recovery
    /// knows how to read a taken file.
    const EXT: &'static str;
    /// What it is called in messages.
    const KIND: &'static str;
    /// Larger files are refused unread.
    const MAX_BYTES: u64;
    /// Parses a file's bytes; the error is one line without the path.
    fn parse(bytes: &[u8]) -> Result<Self, String>;
    fn render(&self) -> Vec<u8>;
    fn id(&self) -> &str;
    /// Where a document with this content lives (its state is its folder).
    fn home(&self, store: &Store) -> PathBuf;
    /// The document with this id in its folders (not in `.txn/`), if any.
    fn placed(store: &Store, id: &str) -> Option<Self>;
    /// Whether this document is `older` or a later version of it: what
    /// recovery asks of a copy left in `.txn/` beside a published one.
    fn supersedes(&self, older: &Self) -> bool;
    /// The task, for the listing cache (votes have none).
    fn as_task(&self) -> Option<&Task> {
        None
    }
}

impl Document for Task {
    const EXT: &'static str = "json";
    const KIND: &'static str = "task";
    const MAX_BYTES: u64 = MAX_TASK_BYTES;

    fn parse(bytes: &[u8]) -> Result<Self, String> {
        Task::from_json(bytes)
    }
    fn render(&self) -> Vec<u8> {
        self.to_json()
    }
    fn id(&self) -> &str {
        &self.task_id
    }
    fn as_task(&self) -> Option<&Task> {
        Some(self)
    }
    fn home(&self, store: &Store) -> PathBuf {
        let folder = Folder::of(self.status);
        let token = self.lease.as_ref().map(|l| l.token.as_str());
        store.task_path(folder, &self.task_id, token)
    }
    fn placed(store: &Store, id: &str) -> Option<Self> {
        match super::locate::place_in_folders(store, id) {
            Some((folder, path)) => super::scan::read_task_at(&path, folder).ok(),
            None => None,
        }
    }
    /// Every change of a task adds to its history but a heartbeat (which
    /// only moves the lease), so a later version's history extends an
    /// earlier's, or equals it with the same status.
    fn supersedes(&self, older: &Self) -> bool {
        self.task_id == older.task_id
            && self.history.starts_with(&older.history)
            && (self.history.len() > older.history.len() || self.status == older.status)
    }
}

impl Document for Vote {
    const EXT: &'static str = "yaml";
    const KIND: &'static str = "vote";
    const MAX_BYTES: u64 = MAX_VOTE_BYTES;

    fn parse(bytes: &[u8]) -> Result<Self, String> {
        Vote::from_yaml(bytes)
    }
    fn render(&self) -> Vec<u8> {
        self.to_yaml()
    }
    fn id(&self) -> &str {
        &self.vote_id
    }
    fn home(&self, store: &Store) -> PathBuf {
        store.vote_path(self.is_active(), &self.vote_id)
    }
    fn placed(store: &Store, id: &str) -> Option<Self> {
        store.find_vote(id).ok().flatten().map(|(_, vote)| vote)
    }
    /// Ballots are only added or recast, and a vote only ever leaves
    /// `active`: a later version has every voter of an earlier one.
    fn supersedes(&self, older: &Self) -> bool {
        self.vote_id == older.vote_id
            && (older.is_active() || !self.is_active())
            && older
                .votes
                .keys()
                .all(|agent| self.votes.contains_key(agent))
    }
}
