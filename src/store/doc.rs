//! What the store changes by transaction: task documents (JSON) and vote
//! documents (YAML). A document knows its id, how to read and write itself,
//! and where a document with its content lives: all that take/swap/publish
//! and recovery need.

use super::Store;
use super::layout::{Folder, MAX_TASK_BYTES, MAX_VOTE_BYTES};
use crate::model::Task;
use crate::model::vote::Vote;
use std::path::PathBuf;

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
    fn home(&self, store: &Store) -> PathBuf {
        let folder = Folder::of(self.status);
        let token = self.lease.as_ref().map(|l| l.token.as_str());
        store.task_path(folder, &self.task_id, token)
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
}
