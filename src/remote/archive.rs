//! Folding idle documents into the archive on the branch.
//!
//! Every ref costs something on every fetch and push: the remote
//! advertises all refs a push could touch. A fold moves documents whose
//! refs have not moved for a while (finished work, and tasks nobody
//! touched) into `archive/` on the branch and deletes their refs, in one
//! atomic push: the branch update expects the branch's current commit, and
//! each deletion expects the document's current commit. If anything moved
//! meanwhile (a note, a claim, another machine folding), nothing lands and
//! the fold can simply run again later.
//!
//! A document changed after it was archived (a claim of a pending task, a
//! note on a finished one) gets a live ref again, created with "must not
//! exist" as its lease; the live ref wins over the archive until the next
//! fold archives the new version. That lease cannot tell the archived
//! version the change was made on from a later one archived meanwhile, so
//! a ref is folded only once it has not moved for far longer than a
//! change can take between its sync and its push (git's time limit plus
//! the clocks' skew): a machine whose view lacked the ref cannot still be
//! pushing a change made on that view (docs/machines.md, "The archive").

use crate::error::Result;
use crate::model::time::Timestamp;
use crate::remote::Oid;
use crate::remote::git::Git;
use crate::remote::git::objects::RefUpdate;
use crate::remote::git::transport::PushRef;
use crate::remote::layout::{self, DocKind, Layout, RefKind};
use crate::remote::push::{self, PushOutcome, push_refs};
use crate::remote::sync::blobs::{Blob, read_blobs};
use crate::remote::sync::views;
use crate::remote::validate;
use std::collections::BTreeMap;

/// What a fold did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Folded {
    /// These documents are now in the archive and their refs are gone.
    Archived(Vec<(DocKind, String)>),
    /// No ref was idle long enough.
    Nothing,
    /// Something moved on the remote meanwhile; nothing changed. Sync and
    /// fold again.
    Moved,
    /// A lock file on the remote (named) stopped the push; nothing changed.
    Locked(String),
}

/// What a push of the branch did (of documents straight into the
/// archive, or of a fold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    Landed,
    /// The branch moved meanwhile; nothing changed. Sync and try again.
    Moved,
    /// A lock file on the remote (named) stopped the push; nothing changed.
    Locked(String),
}

impl From<PushOutcome> for Published {
    fn from(outcome: PushOutcome) -> Published {
        match outcome {
            PushOutcome::Accepted { .. } => Published::Landed,
            PushOutcome::Rejected {
                locked: Some(lock), ..
            } => Published::Locked(lock),
            PushOutcome::Rejected { locked: None, .. } => Published::Moved,
        }
    }
}

/// Folds up to `limit` of the `idle` documents (see [`idle`]: refs that
/// have not moved since a cutoff, whatever their state) whose refs the
/// mirror (the last fetch) still has at the same commit. A sync folding a
/// backlog calls it again with the same `idle` until it folds fewer than
/// `limit`: what landed is gone from the mirror.
pub fn fold(
    git: &Git,
    layout: &Layout,
    idle: &BTreeMap<RefKind, Oid>,
    limit: usize,
    now: Timestamp,
) -> Result<Folded> {
    let v = views(git, layout)?;
    let Some((_, branch)) = v.mirror.get(&RefKind::Branch).cloned() else {
        return Err(git.error(&format!(
            "has no federation on branch {}; nothing to fold into",
            layout.branch()
        )));
    };
    let chosen = choose(git, &v, idle, limit)?;
    if chosen.is_empty() {
        return Ok(Folded::Nothing);
    }
    let base = git
        .rev_parse(&[format!("{branch}^{{tree}}")])?
        .pop()
        .flatten();
    let set: Vec<(String, Oid)> = chosen
        .iter()
        .map(|(kind, id, _, blob)| (layout::archive_path(*kind, id), blob.clone()))
        .collect();
    let tree = git.edit_tree(base.as_ref(), &set, &[])?;
    let message = crate::remote::push::message(&format!("archive {} idle documents", chosen.len()));
    let commit = git.commit_tree(
        &tree,
        std::slice::from_ref(&branch),
        &message,
        now.timestamp(),
    )?;
    let mut refs = vec![PushRef {
        name: layout.branch_ref(),
        new: Some(commit.clone()),
        expect: Some(branch.clone()),
    }];
    for (kind, id, old, _) in &chosen {
        refs.push(PushRef {
            name: layout.doc_ref(*kind, id),
            new: None,
            expect: Some(old.clone()),
        });
    }
    match Published::from(push_refs(git, &refs)?) {
        Published::Landed => {}
        Published::Moved => return Ok(Folded::Moved),
        Published::Locked(lock) => return Ok(Folded::Locked(lock)),
    }
    record(git, layout, &v, &chosen, &branch, &commit)?;
    Ok(Folded::Archived(
        chosen.into_iter().map(|(k, id, _, _)| (k, id)).collect(),
    ))
}

/// The idle documents among the live refs (the mirror's), up to `limit`:
/// kind, id, commit and blob of each. A document that does not pass its
/// checks is never folded (a sync reports it instead). The documents are
/// read `limit` at a time, until `limit` pass.
fn choose(
    git: &Git,
    v: &crate::remote::sync::Views,
    idle: &BTreeMap<RefKind, Oid>,
    limit: usize,
) -> Result<Vec<(DocKind, String, Oid, Oid)>> {
    let live: Vec<(DocKind, String, Oid)> = v
        .mirror
        .iter()
        .filter_map(|(k, (_, oid))| match k {
            RefKind::Doc(kind, id) if idle.get(k) == Some(oid) => {
                Some((*kind, id.clone(), oid.clone()))
            }
            _ => None,
        })
        .collect();
    let mut chosen = Vec::new();
    for chunk in live.chunks(limit.max(1)) {
        let specs: Vec<(String, usize)> = chunk
            .iter()
            .map(|(k, id, oid)| (format!("{oid}:{}", k.file(id)), validate::max_bytes(*k)))
            .collect();
        let blobs = read_blobs(git, &specs, &Default::default())?;
        for ((kind, id, commit), blob) in chunk.iter().zip(blobs) {
            if let Blob::Read(oid, bytes) = blob
                && validate::check_doc(*kind, id, &bytes).is_ok()
            {
                chosen.push((*kind, id.clone(), commit.clone(), oid));
            }
        }
        if chosen.len() >= limit {
            chosen.truncate(limit);
            break;
        }
    }
    Ok(chosen)
}

/// The documents whose mirror ref has not moved since `cutoff`: its
/// commit (written by the machine that pushed it, with that machine's
/// clock) is from `cutoff` or before. One `for-each-ref`.
pub fn idle(git: &Git, layout: &Layout, cutoff: Timestamp) -> Result<BTreeMap<RefKind, Oid>> {
    let out = git.run_ok(
        &[
            "for-each-ref",
            "--format=%(committerdate:unix) %(objectname) %(refname)",
            layout.mirror_prefix(),
        ],
        b"",
    )?;
    let mut idle = BTreeMap::new();
    for line in String::from_utf8_lossy(&out).lines() {
        let mut fields = line.splitn(3, ' ');
        let (Some(when), Some(oid), Some(local)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let (Ok(when), Some(oid), Some(remote)) = (
            when.parse::<i64>(),
            Oid::parse(oid),
            layout.remote_name(local),
        ) else {
            continue;
        };
        if let Some(kind @ RefKind::Doc(..)) = layout.classify(&remote)
            && when <= cutoff.timestamp()
        {
            idle.insert(kind, oid);
        }
    }
    Ok(idle)
}

/// The documents the remote holds, live or archived (as last fetched),
/// and those this directory already reflects, with the blob of each one
/// in the archive: one `for-each-ref` and one `ls-tree`, whatever their
/// number.
pub fn known(git: &Git, layout: &Layout) -> Result<BTreeMap<(DocKind, String), Option<Oid>>> {
    let v = views(git, layout)?;
    let mut known = BTreeMap::new();
    for kind in v.mirror.keys().chain(v.applied.keys()) {
        if let RefKind::Doc(k, id) = kind {
            known.insert((*k, id.clone()), None);
        }
    }
    if let Some((_, branch)) = v.mirror.get(&RefKind::Branch) {
        for (path, blob) in git.ls_tree(branch, layout::ARCHIVE_DIR)? {
            if let Some(doc) = layout::parse_archive_path(&path) {
                known.insert(doc, Some(blob));
            }
        }
    }
    Ok(known)
}

/// Publishes documents straight into the archive, in one commit on the
/// branch pushed as one ref: how `fed remote set` publishes an existing
/// federation. (Pushing them as refs costs far more, at once and at every
/// later push: `git push` matches every pushed ref against every ref of
/// the remote, so a push of m refs to a remote of R refs takes time in m x
/// R.) No other machine has seen these documents, so their first changes
/// on the remote ("must not exist") cannot be made on an older version;
/// and the branch moves, so its lease is checked under the remote's lock.
/// A document that is already live on the remote is left out (its live
/// ref wins).
pub fn publish_archived(
    git: &Git,
    layout: &Layout,
    docs: &[(DocKind, String, Vec<u8>)],
    now: Timestamp,
) -> Result<Published> {
    let v = views(git, layout)?;
    let Some((_, branch)) = v.mirror.get(&RefKind::Branch).cloned() else {
        return Err(git.error(&format!("has no federation on branch {}", layout.branch())));
    };
    let files: Vec<(String, &[u8])> = docs
        .iter()
        .filter(|(kind, id, _)| !v.mirror.contains_key(&RefKind::Doc(*kind, id.clone())))
        .map(|(kind, id, bytes)| (layout::archive_path(*kind, id), bytes.as_slice()))
        .collect();
    if files.is_empty() {
        return Ok(Published::Landed);
    }
    let subject = format!("archive {} documents", files.len());
    let new = push::commit_into(git, files, &branch, &subject, now)?;
    let refs = [PushRef {
        name: layout.branch_ref(),
        new: Some(new.clone()),
        expect: Some(branch.clone()),
    }];
    let published = Published::from(push_refs(git, &refs)?);
    if published == Published::Landed {
        record(git, layout, &v, &[], &branch, &new)?;
    }
    Ok(published)
}

/// Brings the replica's refs level with a landed fold: the mirror always;
/// the applied refs only where the directory already reflected what was
/// archived (otherwise the next sync applies the archived version).
fn record(
    git: &Git,
    layout: &Layout,
    v: &crate::remote::sync::Views,
    chosen: &[(DocKind, String, Oid, Oid)],
    old_branch: &Oid,
    new_branch: &Oid,
) -> Result<()> {
    let branch_ref = layout.branch_ref();
    let mut mirror = vec![RefUpdate {
        name: layout.mirror(&branch_ref),
        new: Some(new_branch.clone()),
        old: None,
    }];
    let mut applied = Vec::new();
    if v.applied.get(&RefKind::Branch).map(|a| &a.1) == Some(old_branch) {
        applied.push(RefUpdate {
            name: layout.applied(&branch_ref),
            new: Some(new_branch.clone()),
            old: Some(Some(old_branch.clone())),
        });
    }
    for (kind, id, old, _) in chosen {
        let name = layout.doc_ref(*kind, id);
        mirror.push(RefUpdate {
            name: layout.mirror(&name),
            new: None,
            old: None,
        });
        if v.applied
            .get(&RefKind::Doc(*kind, id.clone()))
            .map(|a| &a.1)
            == Some(old)
        {
            applied.push(RefUpdate {
                name: layout.applied(&name),
                new: None,
                old: Some(Some(old.clone())),
            });
        }
    }
    git.update_refs(&mirror)?;
    git.update_refs(&applied)?;
    Ok(())
}
