//! Publishing notes made while the remote was unreachable (`queue note`
//! offline; its task is marked `notes-ID` in the outbox).
//!
//! Notes only ever add to a task's thread, so they merge: the notes the
//! local file has and the version it was made from (its applied commit)
//! lacks are added to the remote's current version, expecting it; a note
//! the remote already has (same agent, time and text) is not added twice.
//! The sync's executor leaves a marked task's file alone, so that nothing
//! overwrites the notes before they are out. Step by step, each crash-safe:
//!
//! 1. the waiting notes are written into the mark (the local file is about
//!    to be replaced);
//! 2. the remote's version with the notes added is pushed, expecting the
//!    remote's current commit;
//! 3. the local file becomes that version (take, check, swap, publish) and
//!    the applied ref follows; the mark goes.

use super::Problem;
use crate::error::Result;
use crate::model::time::Timestamp;
use crate::model::{Note, Task};
use crate::remote::git::objects::RefUpdate;
use crate::remote::layout::DocKind;
use crate::remote::replica::{Cas, Replica};
use crate::remote::sync::Target;
use crate::remote::{DocChange, Oid, outbox};
use crate::store::Store;
use crate::store::fsx;
use crate::store::install::{Arrival, Installed};
use crate::store::layout::MAX_TASK_BYTES;
use crate::store::locate::{Place, place};

/// Publishes the waiting notes of every marked task; how many tasks.
pub(super) fn flush(
    store: &Store,
    replica: &Replica,
    now: Timestamp,
    problems: &mut Vec<Problem>,
) -> Result<usize> {
    let mut published = 0;
    for id in outbox::noted(replica.paths()) {
        match flush_one(store, replica, &id, now) {
            Ok(true) => published += 1,
            Ok(false) => {}
            Err(e) => problems.push(Problem {
                kind: "remote-conflict",
                target: Target::Doc(DocKind::Task, id.clone()),
                message: format!("the notes added here to task {id} wait: {}", e.message),
            }),
        }
    }
    Ok(published)
}

/// `Ok(false)`: nothing to do now (busy, or the remote moved: next sync).
fn flush_one(store: &Store, replica: &Replica, id: &str, now: Timestamp) -> Result<bool> {
    let paths = replica.paths();
    let local = match place(store, id)? {
        Some(Place::Folder { path, .. }) => path,
        Some(Place::InFlight) => return Ok(false),
        None => {
            outbox::remove_notes(paths, id);
            return Ok(false);
        }
    };
    let Ok(bytes) = fsx::read_bounded(&local, MAX_TASK_BYTES) else {
        return Ok(false);
    };
    let mine = Task::from_json(&bytes).map_err(crate::error::Error::invalid)?;
    let applied = replica.lease(DocKind::Task, id)?;
    let base_notes = match &applied {
        Some(oid) => version(replica, oid, id)?
            .map(|(t, _)| t.notes)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut waiting = outbox::saved_notes(paths, id);
    for note in mine.notes.iter().filter(|n| !has(&base_notes, n)) {
        if !has(&waiting, note) {
            waiting.push(note.clone());
        }
    }
    outbox::save_notes(paths, id, &waiting)?;
    let here = Here { id, applied };
    // The remote's current version: its live ref, as the last fetch saw it.
    let mirror = replica
        .layout()
        .mirror(&replica.layout().doc_ref(DocKind::Task, id));
    let Some(current) = replica.read_ref(&mirror)? else {
        // Not live on the remote (archived, or never published): the local
        // version, notes and all, becomes its live ref again.
        let Some(commit) = push(replica, id, None, &bytes, now)? else {
            return Ok(false);
        };
        return settle_here(store, replica, &here, &mine, &bytes, commit);
    };
    let Some((theirs, their_bytes)) = version(replica, &current, id)? else {
        return Ok(false);
    };
    let mut merged = theirs.clone();
    for note in waiting.iter().filter(|n| !has(&theirs.notes, n)) {
        let at = note.at.max(merged.last_change());
        merged.notes.push(note.clone());
        merged.record(at, "noted", Some(&note.agent), None);
    }
    if merged.notes.len() == theirs.notes.len() {
        // The remote has every note already (a flush cut short after its
        // push): only this directory has to follow.
        return settle_here(store, replica, &here, &theirs, &their_bytes, current);
    }
    let bytes = merged.to_json();
    let Some(commit) = push(replica, id, Some(current), &bytes, now)? else {
        return Ok(false);
    };
    settle_here(store, replica, &here, &merged, &bytes, commit)
}

/// The task here and the commit its file was made from.
struct Here<'a> {
    id: &'a str,
    applied: Option<Oid>,
}

/// Pushes `bytes` as task `id`, expecting `remote` (`None`: no live ref);
/// the new commit, or `None` when the remote moved meanwhile.
fn push(
    replica: &Replica,
    id: &str,
    remote: Option<Oid>,
    bytes: &[u8],
    now: Timestamp,
) -> Result<Option<Oid>> {
    let change = DocChange {
        kind: DocKind::Task,
        id: id.to_string(),
        old_oid: remote,
        new: Some(bytes.to_vec()),
    };
    Ok(match replica.publish(std::slice::from_ref(&change), now)? {
        Cas::Landed(landed) => landed.commits().next().and_then(|(_, c)| c.cloned()),
        Cas::Moved | Cas::Locked(_) => None,
    })
}

/// Makes the local file `bytes` (if it still is what `here.applied` says),
/// moves the applied ref to `commit`, and forgets the mark.
fn settle_here(
    store: &Store,
    replica: &Replica,
    here: &Here,
    doc: &Task,
    bytes: &[u8],
    commit: Oid,
) -> Result<bool> {
    let doc_ref = replica.layout().doc_ref(DocKind::Task, here.id);
    let applied_name = replica.layout().applied(&doc_ref);
    let dest = crate::store::doc::Document::home(doc, store);
    let arrival = Arrival {
        kind: "task",
        id: here.id,
        dest: &dest,
        bytes,
    };
    let guard = || Ok(replica.read_ref(&applied_name)? == here.applied);
    if !matches!(
        store.install(arrival, &guard)?,
        Installed::Placed | Installed::Kept
    ) {
        return Ok(false); // changed here meanwhile: the next sync settles it
    }
    replica.git().update_refs(&[
        RefUpdate {
            name: applied_name.clone(),
            new: Some(commit.clone()),
            old: Some(here.applied.clone()),
        },
        RefUpdate {
            name: replica.layout().mirror(&doc_ref),
            new: Some(commit),
            old: None,
        },
    ])?;
    outbox::remove_notes(replica.paths(), here.id);
    Ok(true)
}

/// The task as commit `oid` holds it, and its bytes.
fn version(replica: &Replica, oid: &Oid, id: &str) -> Result<Option<(Task, Vec<u8>)>> {
    let spec = format!("{oid}:{}", DocKind::Task.file(id));
    let object = replica.git().cat_batch(&[spec])?.pop().flatten();
    Ok(object.and_then(|o| Task::from_json(&o.bytes).ok().map(|t| (t, o.bytes))))
}

/// Whether `notes` holds `note` (same agent, time and text).
fn has(notes: &[Note], note: &Note) -> bool {
    notes
        .iter()
        .any(|n| n.agent == note.agent && n.at == note.at && n.text == note.text)
}
