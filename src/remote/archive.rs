//! Folding finished documents into the archive on the branch.
//!
//! A finished task or resolved vote no longer changes (except for notes),
//! yet every ref costs something on every fetch and push: the remote
//! advertises all refs a push could touch. A fold moves finished documents
//! into `archive/` on the branch and deletes their refs, in one atomic
//! push: the branch update expects the branch's current commit, and each
//! deletion expects the document's current commit. If anything moved
//! meanwhile (a note on a finished task, another machine folding), nothing
//! lands and the fold can simply run again later.
//!
//! A document changed after it was archived (a note on a finished task)
//! gets a live ref again, created with "must not exist" as its lease; the
//! live ref wins over the archive until the next fold archives the new
//! version.

use crate::error::Result;
use crate::model::Task;
use crate::model::time::Timestamp;
use crate::remote::Oid;
use crate::remote::git::Git;
use crate::remote::git::NewCommit;
use crate::remote::git::objects::RefUpdate;
use crate::remote::git::transport::PushRef;
use crate::remote::layout::{self, DocKind, Layout, RefKind};
use crate::remote::push::{self, PushOutcome, push_refs};
use crate::remote::sync::blobs::{Blob, read_blobs};
use crate::remote::sync::views;
use crate::remote::validate;

/// What a fold did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Folded {
    /// These documents are now in the archive and their refs are gone.
    Archived(Vec<(DocKind, String)>),
    /// Nothing was finished long enough.
    Nothing,
    /// Something moved on the remote meanwhile; nothing changed. Sync and
    /// fold again.
    Moved,
}

/// Folds up to `limit` documents: tasks finished at or before `cutoff`
/// and resolved votes, as the mirror (the last fetch) has them.
pub fn fold(
    git: &Git,
    layout: &Layout,
    cutoff: Timestamp,
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
    let chosen = choose(git, &v, cutoff, limit)?;
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
    let message =
        crate::remote::push::message(&format!("archive {} finished documents", chosen.len()));
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
    match push_refs(git, &refs)? {
        PushOutcome::Rejected { .. } => return Ok(Folded::Moved),
        PushOutcome::Accepted { .. } => {}
    }
    record(git, layout, &v, &chosen, &branch, &commit)?;
    Ok(Folded::Archived(
        chosen.into_iter().map(|(k, id, _, _)| (k, id)).collect(),
    ))
}

/// The finished documents among the live refs (the mirror's), up to
/// `limit`: kind, id, commit and blob of each.
fn choose(
    git: &Git,
    v: &crate::remote::sync::Views,
    cutoff: Timestamp,
    limit: usize,
) -> Result<Vec<(DocKind, String, Oid, Oid)>> {
    let live: Vec<(DocKind, String, Oid)> = v
        .mirror
        .iter()
        .filter_map(|(k, (_, oid))| match k {
            RefKind::Doc(kind, id) => Some((*kind, id.clone(), oid.clone())),
            _ => None,
        })
        .collect();
    let specs: Vec<(String, usize)> = live
        .iter()
        .map(|(k, id, oid)| (format!("{oid}:{}", k.file(id)), validate::max_bytes(*k)))
        .collect();
    let blobs = read_blobs(git, &specs, &Default::default())?;
    Ok(live
        .into_iter()
        .zip(blobs)
        .filter_map(|((kind, id, commit), blob)| match blob {
            Blob::Read(oid, bytes) if is_finished(kind, &bytes, cutoff) => {
                Some((kind, id, commit, oid))
            }
            _ => None,
        })
        .take(limit)
        .collect())
}

/// Publishes finished documents straight into the archive, in one commit
/// on the branch pushed as one ref: how `fed remote set` publishes the
/// finished part of an existing federation. (Pushing them as refs and
/// folding them later costs far more: `git push` matches every pushed ref
/// against every ref of the remote, so a push of m refs to a remote of R
/// refs takes time in m x R.) Returns whether it landed; a document that
/// is already live on the remote is left out (its live ref wins).
pub fn publish_archived(
    git: &Git,
    layout: &Layout,
    docs: &[(DocKind, String, Vec<u8>)],
    now: Timestamp,
) -> Result<bool> {
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
        return Ok(true);
    }
    let subject = format!("archive {} finished documents", files.len());
    let commit = NewCommit {
        files,
        parent: Some(branch.clone()),
        message: push::message(&subject),
        keep_tree: true,
    };
    let new = git
        .commit_many(std::slice::from_ref(&commit), now.timestamp())?
        .remove(0);
    let refs = [PushRef {
        name: layout.branch_ref(),
        new: Some(new.clone()),
        expect: Some(branch.clone()),
    }];
    if let PushOutcome::Rejected { .. } = push_refs(git, &refs)? {
        return Ok(false);
    }
    record(git, layout, &v, &[], &branch, &new)?;
    Ok(true)
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

/// Whether a document is finished: a task done, failed or cancelled at or
/// before `cutoff`, or a vote no longer active. A document that does not
/// parse is never folded (a sync reports it instead).
pub fn is_finished(kind: DocKind, bytes: &[u8], cutoff: Timestamp) -> bool {
    match kind {
        DocKind::Task => Task::from_json(bytes).is_ok_and(|t| {
            t.status.is_finished() && t.result.as_ref().is_none_or(|r| r.finished_at <= cutoff)
        }),
        DocKind::Vote => std::str::from_utf8(bytes)
            .ok()
            .and_then(|text| crate::yaml::parse::<serde_yaml::Value>(text).ok())
            .and_then(|v| v.get("status").and_then(|s| s.as_str()).map(str::to_string))
            .is_some_and(|s| matches!(s.as_str(), "decided" | "escalated" | "overridden")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finished_documents_are_folded() {
        let cutoff = "2026-11-21T10:00:00Z".parse().unwrap();
        let task = |status: &str, finished: &str| {
            format!(
                r#"{{"task_id": "t", "description": "d", "status": "{status}",
                "created_at": "2026-11-21T09:00:00Z", "updated_at": "2026-11-21T09:00:00Z"{finished}}}"#
            )
        };
        let result = |at: &str| format!(r#", "result": {{"finished_at": "{at}"}}"#);
        assert!(is_finished(
            DocKind::Task,
            task("done", &result("2026-11-21T09:30:00Z")).as_bytes(),
            cutoff
        ));
        assert!(!is_finished(
            DocKind::Task,
            task("done", &result("2026-11-21T10:30:00Z")).as_bytes(),
            cutoff
        ));
        assert!(!is_finished(
            DocKind::Task,
            task("pending", "").as_bytes(),
            cutoff
        ));
        assert!(!is_finished(DocKind::Task, b"{", cutoff));
        assert!(is_finished(
            DocKind::Vote,
            b"vote_id: v\nstatus: decided\n",
            cutoff
        ));
        assert!(!is_finished(
            DocKind::Vote,
            b"vote_id: v\nstatus: active\n",
            cutoff
        ));
    }
}
