//! A sync, first half: fetch fed's refs, then gather what differs between
//! the remote (`refs/mirror/...`) and what the local directory reflects
//! (`refs/applied/...`), with the contents of the changed documents read
//! in one `git cat-file --batch` and each one checked.
//!
//! The result is a list of [`Incoming`] items: what arrived for one task,
//! vote, config, state or log, and how the applied refs move once it is in
//! place. [`crate::remote::plan`] turns them into file operations. A crash
//! anywhere is harmless: the applied refs only move after the files, so
//! the next sync finds the same differences and applies them again
//! (applying is idempotent).
//!
//! A ref that was deleted on the remote is a document folded into the
//! archive: its archived content is looked up on the branch. Where the
//! archive does not hold it (a person deleted the ref, or a reader saw the
//! deletion before the branch update of the same atomic push), the local
//! file is left alone, the applied ref is kept, and the next sync looks
//! again.

use crate::error::Result;
use crate::remote::Oid;
use crate::remote::git::Git;
use crate::remote::git::objects::RefUpdate;
use crate::remote::layout::{DocKind, Layout, RefKind, Single};
use crate::remote::logs::{self, Segment};
use crate::remote::validate;
use std::collections::{BTreeMap, BTreeSet};

/// What one incoming item is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Doc(DocKind, String),
    Config,
    /// `state.json` or availability.
    Single(Single),
    /// Another machine's log lines.
    Log(String),
    /// The branch itself (its applied ref moves last, once all it carried
    /// is in place).
    Branch,
}

/// What arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// A checked document and where its file belongs (relative path).
    Doc {
        bytes: Vec<u8>,
        dest: String,
    },
    /// Nothing to write (the content is what the directory already has).
    Same,
    /// A document, config, state or log that failed its check.
    Malformed {
        bytes: Vec<u8>,
        reason: String,
    },
    /// The ref is gone and the archive does not hold the document (yet).
    Vanished,
    Config(Vec<u8>),
    /// The file of a [`Single`] document, checked.
    Single(Vec<u8>),
    /// Log segments, oldest first.
    Log(Vec<Segment>),
}

/// One difference between the remote and the local directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub target: Target,
    /// The remote commit it came from (names set-aside copies).
    pub source: Option<Oid>,
    pub arrival: Arrival,
    /// How the applied refs move once the files are in place; each move
    /// expects the applied ref's old value (a local process may have moved
    /// it meanwhile: then the move fails and the next sync looks again).
    pub moves: Vec<RefUpdate>,
    /// Whether it came from the branch (a malformed one holds the branch's
    /// applied ref back).
    pub from_branch: bool,
}

/// Fetches fed's refs. `Ok(false)`: the remote has no branch `B` (nothing
/// was published there yet); its refs under `refs/fed/B/` are fetched all
/// the same.
pub fn fetch(git: &Git, layout: &Layout) -> Result<bool> {
    if git.fetch(&layout.fetch_refspecs(true))? {
        return Ok(true);
    }
    if !git.fetch(&layout.fetch_refspecs(false))? {
        return Err(git.error("git fetch found no ref it was asked for"));
    }
    let mirror = layout.mirror(&layout.branch_ref());
    git.update_refs(&[RefUpdate {
        name: mirror,
        new: None,
        old: None,
    }])?;
    Ok(false)
}

/// The mirror and applied values of fed's refs, by remote name.
pub struct Views {
    pub mirror: BTreeMap<RefKind, (String, Oid)>,
    pub applied: BTreeMap<RefKind, (String, Oid)>,
}

/// Lists both views in one process.
pub fn views(git: &Git, layout: &Layout) -> Result<Views> {
    let out = git.run_ok(
        &[
            "for-each-ref",
            "--format=%(objectname) %(refname)",
            layout.mirror_prefix(),
            layout.applied_prefix(),
        ],
        b"",
    )?;
    let mut views = Views {
        mirror: BTreeMap::new(),
        applied: BTreeMap::new(),
    };
    for line in String::from_utf8_lossy(&out).lines() {
        let Some((oid, local)) = line.split_once(' ') else {
            continue;
        };
        let (Some(oid), Some(remote)) = (Oid::parse(oid), layout.remote_name(local)) else {
            continue;
        };
        let Some(kind) = layout.classify(&remote) else {
            continue;
        };
        let side = if local.starts_with(layout.mirror_prefix()) {
            &mut views.mirror
        } else {
            &mut views.applied
        };
        side.insert(kind, (remote, oid));
    }
    Ok(views)
}

/// Everything that differs between the mirror and the applied refs, read
/// and checked. `machine`'s own log is skipped (its lines are local).
pub fn incoming(git: &Git, layout: &Layout, v: &Views, machine: &str) -> Result<Vec<Incoming>> {
    let changed: BTreeSet<&RefKind> = v
        .mirror
        .keys()
        .chain(v.applied.keys())
        .filter(|k| v.mirror.get(*k).map(|m| &m.1) != v.applied.get(*k).map(|a| &a.1))
        .collect();
    let mut out = Vec::new();
    let mut docs = Vec::new();
    for kind in changed {
        match kind {
            RefKind::Doc(k, id) => docs.push((*k, id.clone())),
            RefKind::Single(single) => out.push(read_single(git, layout, v, *single)?),
            RefKind::Log(m) if m != machine => out.push(read_log(git, layout, v, m)?),
            RefKind::Log(_) => out.push(own_log_move(layout, v, machine)),
            RefKind::Branch => out.extend(read_branch(git, layout, v)?),
        }
    }
    out.extend(read_docs(git, layout, v, &docs)?);
    // The branch moves last: after every archived document it carries.
    out.sort_by_key(|i| i.target == Target::Branch);
    Ok(out)
}

/// The move of one applied ref to the mirror's value.
fn follow(layout: &Layout, v: &Views, kind: &RefKind) -> RefUpdate {
    let (name, old) = match (v.mirror.get(kind), v.applied.get(kind)) {
        (Some((n, _)), a) | (None, a @ Some((n, _))) => (n.clone(), a.map(|a| a.1.clone())),
        (None, None) => unreachable!("only refs present on one side are followed"),
    };
    RefUpdate {
        name: layout.applied(&name),
        new: v.mirror.get(kind).map(|m| m.1.clone()),
        old: Some(old),
    }
}

fn doc_arrival(kind: DocKind, id: &str, bytes: Vec<u8>) -> Arrival {
    match validate::check_doc(kind, id, &bytes) {
        Ok(dest) => Arrival::Doc { bytes, dest },
        Err(reason) => Arrival::Malformed { bytes, reason },
    }
}

fn read_single(git: &Git, layout: &Layout, v: &Views, single: Single) -> Result<Incoming> {
    let key = RefKind::Single(single);
    let mirror = v.mirror.get(&key).map(|m| m.1.clone());
    let arrival = match &mirror {
        None => Arrival::Vanished,
        Some(oid) => {
            let spec = (
                format!("{oid}:{}", single.file()),
                validate::MAX_OTHER_BYTES,
            );
            match read_blobs(git, &[spec], &Default::default())?.pop() {
                Some(Blob::Read(_, bytes)) => match validate::check_single(single, &bytes) {
                    Ok(()) => Arrival::Single(bytes),
                    Err(reason) => Arrival::Malformed { bytes, reason },
                },
                Some(Blob::Refused(reason)) => Arrival::Malformed {
                    bytes: Vec::new(),
                    reason,
                },
                _ => Arrival::Malformed {
                    bytes: Vec::new(),
                    reason: format!("the commit holds no {}", single.file()),
                },
            }
        }
    };
    let moves = match arrival {
        Arrival::Single(_) => vec![follow(layout, v, &key)],
        _ => Vec::new(),
    };
    Ok(Incoming {
        target: Target::Single(single),
        source: mirror,
        arrival,
        moves,
        from_branch: false,
    })
}

fn read_log(git: &Git, layout: &Layout, v: &Views, machine: &str) -> Result<Incoming> {
    let key = RefKind::Log(machine.to_string());
    let mirror = v.mirror.get(&key).map(|m| m.1.clone());
    let applied = v.applied.get(&key).map(|a| a.1.clone());
    let target = Target::Log(machine.to_string());
    let Some(new) = mirror.clone() else {
        // A log ref is never deleted by fed; keep what was applied.
        return Ok(Incoming {
            target,
            source: None,
            arrival: Arrival::Vanished,
            moves: Vec::new(),
            from_branch: false,
        });
    };
    let commits = git.rev_list(&new, applied.as_ref())?;
    let arrival = match logs::read_segments(git, &commits)? {
        Ok(segments) => Arrival::Log(segments),
        Err(reason) => Arrival::Malformed {
            bytes: Vec::new(),
            reason,
        },
    };
    let moves = match arrival {
        Arrival::Log(_) => vec![follow(layout, v, &key)],
        _ => Vec::new(),
    };
    Ok(Incoming {
        target,
        source: mirror,
        arrival,
        moves,
        from_branch: false,
    })
}

/// This machine's own log ref: its lines are local already; only the
/// applied ref follows (after a publish that crashed before moving it).
fn own_log_move(layout: &Layout, v: &Views, machine: &str) -> Incoming {
    let key = RefKind::Log(machine.to_string());
    let moves = match v.mirror.get(&key) {
        Some(_) => vec![follow(layout, v, &key)],
        None => Vec::new(),
    };
    Incoming {
        target: Target::Log(machine.to_string()),
        source: v.mirror.get(&key).map(|m| m.1.clone()),
        arrival: Arrival::Same,
        moves,
        from_branch: false,
    }
}

mod ahead;
pub(crate) mod blobs;
mod branch;
mod docs;
use blobs::{Blob, read_blobs};
use branch::read_branch;
use docs::read_docs;
