//! Publishing changes: each changed document becomes a blob, a one-file
//! tree and a commit on top of its previous version, pushed as a
//! compare-and-swap of its own ref. Several changes go in one atomic push:
//! all land or none does.
//!
//! This is the *commit hook* of a local change: the store calls it after
//! the document is taken and its new content is known, before the local
//! publish ([`Replica::cas`](crate::remote::Replica::cas)). When the remote
//! accepts, the local publish follows, then [`Landed::settle`] records the
//! new applied oid. When the remote has moved, the local change is put
//! back and the command syncs and redoes its operation on the new state
//! (bounded by [`Backoff`](crate::remote::Backoff)). A crash between the
//! steps leaves the directory behind the remote, never ahead of it, and the
//! next sync brings it level.

use crate::error::Result;
use crate::model::time::Timestamp;
use crate::remote::Oid;
use crate::remote::git::Git;
use crate::remote::git::NewCommit;
use crate::remote::git::objects::RefUpdate;
use crate::remote::git::transport::{PushRef, RefStatus};
use crate::remote::layout::{DocKind, Layout};

/// One document change to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocChange {
    pub kind: DocKind,
    pub id: String,
    /// The commit the ref must hold now (its applied oid); `None`: the ref
    /// must not exist (a new document, or one that is only archived).
    pub old_oid: Option<Oid>,
    /// The new content; `None` deletes the ref.
    pub new: Option<Vec<u8>>,
}

/// What the remote did with a publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    /// Every ref landed: the remote ref names and their new commits
    /// (`None` where deleted).
    Accepted { refs: Vec<(String, Option<Oid>)> },
    /// Nothing landed: a ref was not at its expected value. The refs that
    /// had moved, with git's reason (the other refs of the push are
    /// reported by git as "atomic push failed" and left out); and the lock
    /// file that stopped them, when a lock on the remote did (see
    /// [`PushReport::locked`](crate::remote::git::transport::PushReport)).
    Rejected {
        refs: Vec<(String, String)>,
        locked: Option<String>,
    },
}

/// Publishes `changes` in one push (atomic when there are several).
/// A transport failure or a refusal for good (a hook, a protected ref) is
/// an error naming the remote.
pub fn publish(
    git: &Git,
    layout: &Layout,
    changes: &[DocChange],
    now: Timestamp,
) -> Result<PushOutcome> {
    let refs = prepare(git, layout, changes, now)?;
    push_refs(git, &refs)
}

/// Writes the commits of `changes` (one `git fast-import` for all of
/// them) and returns the refs to push.
pub fn prepare(
    git: &Git,
    layout: &Layout,
    changes: &[DocChange],
    now: Timestamp,
) -> Result<Vec<PushRef>> {
    let files: Vec<String> = changes.iter().map(|c| c.kind.file(&c.id)).collect();
    let commits: Vec<NewCommit> = changes
        .iter()
        .zip(&files)
        .filter_map(|(c, file)| {
            let bytes = c.new.as_deref()?;
            Some(NewCommit {
                files: vec![(file.clone(), bytes)],
                parent: c.old_oid.clone(),
                message: message(&format!("{} {}", c.kind.name(), c.id)),
                keep_tree: false,
            })
        })
        .collect();
    let mut written = git.commit_many(&commits, now.timestamp())?.into_iter();
    Ok(changes
        .iter()
        .map(|c| PushRef {
            name: layout.doc_ref(c.kind, &c.id),
            new: c.new.as_ref().and_then(|_| written.next()),
            expect: c.old_oid.clone(),
        })
        .collect())
}

/// Pushes prepared refs and sorts the answer into an outcome.
pub fn push_refs(git: &Git, refs: &[PushRef]) -> Result<PushOutcome> {
    if refs.is_empty() {
        return Ok(PushOutcome::Accepted { refs: Vec::new() });
    }
    let report = git.push(refs)?;
    let locked = report.locked();
    if let Some((name, RefStatus::Refused(why))) = report
        .refs
        .iter()
        .find(|(_, s)| matches!(s, RefStatus::Refused(_)))
    {
        return Err(refused(git, name, why));
    }
    if report.all_accepted() {
        return Ok(PushOutcome::Accepted {
            refs: refs
                .iter()
                .map(|r| (r.name.clone(), r.new.clone()))
                .collect(),
        });
    }
    let mut moved: Vec<(String, String)> = report
        .refs
        .iter()
        .filter_map(|(name, s)| match s {
            RefStatus::Moved(why) if !why.contains("atomic push failed") => {
                Some((name.clone(), why.clone()))
            }
            _ => None,
        })
        .collect();
    if moved.is_empty() {
        moved = report
            .refs
            .into_iter()
            .filter_map(|(name, s)| match s {
                RefStatus::Moved(why) => Some((name, why)),
                _ => None,
            })
            .collect();
    }
    Ok(PushOutcome::Rejected {
        refs: moved,
        locked,
    })
}

/// The error of a ref the remote refused for good (a hook, a protected
/// ref, no permission).
pub fn refused(git: &Git, name: &str, why: &str) -> crate::error::Error {
    git.error(&format!("the push of {name} was refused: {why}"))
}

/// Writes `files` as a flat tree (on top of `parent`'s) and commits it.
pub fn commit_files(
    git: &Git,
    files: &[(String, &[u8])],
    parent: Option<&Oid>,
    subject: &str,
    now: Timestamp,
) -> Result<Oid> {
    let commit = NewCommit {
        files: files.to_vec(),
        parent: parent.cloned(),
        message: message(subject),
        keep_tree: false,
    };
    let mut oids = git.commit_many(std::slice::from_ref(&commit), now.timestamp())?;
    Ok(oids.remove(0))
}

/// Writes `files` (nested paths) into the tree of commit `parent` and
/// commits it on top: documents into the archive on the branch.
pub fn commit_into(
    git: &Git,
    files: Vec<(String, &[u8])>,
    parent: &Oid,
    subject: &str,
    now: Timestamp,
) -> Result<Oid> {
    let commit = NewCommit {
        files,
        parent: Some(parent.clone()),
        message: message(subject),
        keep_tree: true,
    };
    let mut oids = git.commit_many(std::slice::from_ref(&commit), now.timestamp())?;
    Ok(oids.remove(0))
}

/// A commit message: the subject and a nonce, so that no two machines
/// (or two tries) ever make the same commit.
pub fn message(subject: &str) -> String {
    format!(
        "{subject}\n\nfed-nonce: {}\n",
        crate::model::id::random_base36(12)
    )
}

/// A change that landed on the remote, waiting for the local publish.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "settle() after the local publish records the new applied oid"]
pub struct Landed {
    moves: Vec<RefUpdate>,
}

impl Landed {
    /// A landed push of `refs`: once settled, each applied ref moves from
    /// the value it was pushed against to the new one.
    pub(crate) fn new(layout: &Layout, refs: &[PushRef]) -> Landed {
        let mut moves = Vec::new();
        for r in refs {
            moves.push(RefUpdate {
                name: layout.applied(&r.name),
                new: r.new.clone(),
                old: Some(r.expect.clone()),
            });
            moves.push(RefUpdate {
                name: layout.mirror(&r.name),
                new: r.new.clone(),
                old: None,
            });
        }
        Landed { moves }
    }

    /// The new commit of each published ref.
    pub fn commits(&self) -> impl Iterator<Item = (&str, Option<&Oid>)> {
        self.moves
            .iter()
            .step_by(2)
            .map(|m| (m.name.as_str(), m.new.as_ref()))
    }

    /// Records, after the local publish, that the directory now reflects
    /// the published commits. If another local process moved an applied
    /// ref meanwhile, nothing is recorded and the next sync settles it
    /// (the directory is then at most behind the remote, never ahead).
    pub fn settle(self, git: &Git) -> Result<bool> {
        git.update_refs(&self.moves)
    }
}
