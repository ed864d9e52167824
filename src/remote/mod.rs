//! Several machines: one federation shared through a git remote.
//!
//! The remote (a bare repository on disk, a forge, anything the `git`
//! program reaches) is the arbiter. Each live task and vote is one ref on
//! it, so that a change of one document is a compare-and-swap of one ref
//! (`git push --force-with-lease=REF:EXPECTED`): of two machines racing for
//! a task, the remote accepts exactly one push. Documents whose refs have
//! not moved for an hour are folded into an archive on the federation's
//! branch (and `remote set` publishes a federation straight into it), so
//! that the refs every sync and push reads stay few.
//!
//! `fed` keeps its own bare repository, the *replica*, in
//! `.federation/.remote/git/`, and never touches the user's repository,
//! branches, index or working tree. The replica holds two views of the
//! remote's refs: `refs/mirror/...`, what the last fetch saw, and
//! `refs/applied/...`, what the local federation directory reflects. A
//! sync applies the difference; a change is pushed with the applied oid as
//! its lease.
//!
//! - [`git`]: the thin wrapper over the `git` program (environment hygiene,
//!   one-line errors naming the remote, plumbing, fetch and push).
//! - [`layout`]: which refs and which paths hold what.
//! - [`state`]: the replica's settings file (`.remote/replica.json`).
//! - [`validate`]: checks of every document arriving from the remote.
//! - [`sync`]: fetch, then gather what changed ([`sync::Incoming`]).
//! - [`plan`]: the pure planning of file operations from what changed.
//! - [`apply`]: a plain executor of a plan (tests and tools; [`execute`]
//!   is the one commands use, which keeps the one-live-name invariant).
//! - [`push`]: publishing document changes with leases; the commit hook.
//! - [`group`]: the group commit: one push for the one-document changes
//!   of several local processes.
//! - [`archive`]: folding idle documents into the branch.
//! - [`logs`]: per-machine append-only event log refs.
//! - [`replica`]: opening, creating and joining a replica.
//! - [`backoff`]: bounded retries with jitter for the redo loop.
//! - [`hook`]: the store's commit hook ([`crate::store::publish`]) as
//!   compare-and-swaps of document refs.
//! - [`execute`]: the store's executor of a sync plan (take, check the
//!   applied ref, swap, publish, move the ref).
//! - [`outbox`]: adds made while the remote was unreachable, and batches.
//! - [`lock`]: one process at a time changes the replica's refs.
//! - [`session`]: a command's sync, its redo loop, and joining a remote.
//! - [`tidy`]: keeping the replica's refs packed and its packs few.
//!
//! See docs/machines.md for the design.

pub mod apply;
pub mod archive;
pub mod backoff;
pub mod execute;
pub mod git;
pub mod group;
pub mod hook;
pub mod landing;
pub mod layout;
pub mod lock;
pub mod logs;
pub mod outbox;
pub mod plan;
pub mod push;
pub mod replica;
pub mod session;
pub mod shared;
pub mod state;
pub mod sync;
pub mod tidy;
pub mod validate;

use std::fmt;

pub use backoff::Backoff;
pub use layout::{DocKind, Layout};
pub use push::{DocChange, PushOutcome};
pub use replica::Replica;

/// A git object id (40 hex digits for SHA-1 repositories).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid(String);

impl Oid {
    /// Parses a full hexadecimal object id (SHA-1 or SHA-256).
    pub fn parse(text: &str) -> Option<Oid> {
        let ok = matches!(text.len(), 40 | 64)
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| Oid(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The all-zero id git uses for "no object".
    pub fn is_zero(&self) -> bool {
        self.0.bytes().all(|b| b == b'0')
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_are_full_lowercase_hex() {
        let sha1 = "1f66ada68338f0f77431fdaf5a19cc2efc75c240";
        assert_eq!(Oid::parse(sha1).unwrap().as_str(), sha1);
        assert!(Oid::parse(&"a".repeat(64)).is_some());
        for bad in ["", "1f66ada", &sha1.to_uppercase(), &format!("{sha1} ")] {
            assert!(Oid::parse(bad).is_none(), "{bad}");
        }
        assert!(Oid::parse(&"0".repeat(40)).unwrap().is_zero());
    }
}
