//! What a moved branch carries: the config, and documents folded into the
//! archive that this directory never had a live ref for (a first sync
//! after `clone`, or a document created and finished between two syncs).
//! Documents whose live ref this directory had applied are handled as
//! deletions by the parent module.

use super::blobs::{Blob, read_blobs};
use super::{Arrival, Incoming, Target, Views, follow};
use crate::error::Result;
use crate::remote::Oid;
use crate::remote::git::Git;
use crate::remote::layout::DocKind;
use crate::remote::layout::{self, Layout, RefKind};
use crate::remote::validate::{self, MAX_OTHER_BYTES};
use std::collections::HashSet;

pub(super) fn read_branch(git: &Git, layout: &Layout, v: &Views) -> Result<Vec<Incoming>> {
    let applied = v.applied.get(&RefKind::Branch).map(|a| a.1.clone());
    let Some(new) = v.mirror.get(&RefKind::Branch).map(|m| m.1.clone()) else {
        return Ok(vec![branch_item(None, Arrival::Vanished, Vec::new())]);
    };
    let changed = changed_files(git, applied.as_ref(), &new)?;
    let archived = new_archive_entries(v, &changed);
    // What did not change since the applied commit was read and checked
    // then (a first sync reads everything).
    let read = |file: &str| applied.is_none() || changed.iter().any(|(path, _)| path == file);
    let mut specs = Vec::new();
    for file in [layout::FEDERATION_FILE, layout::CONFIG_FILE] {
        if read(file) {
            specs.push((format!("{new}:{file}"), MAX_OTHER_BYTES));
        }
    }
    for ((kind, _), oid) in &archived {
        specs.push((oid.to_string(), validate::max_bytes(*kind)));
    }
    let mut blobs = read_blobs(git, &specs, &HashSet::new())?.into_iter();
    // `None`: unchanged.
    let mut top = |file: &str| read(file).then(|| blobs.next().unwrap_or(Blob::Missing));
    let identity = top(layout::FEDERATION_FILE);
    let config = top(layout::CONFIG_FILE);
    let mut out = Vec::new();
    for (((kind, id), _), blob) in archived.iter().zip(blobs) {
        let arrival = match blob {
            Blob::Read(_, bytes) => super::doc_arrival(*kind, id, bytes),
            Blob::Refused(reason) => Arrival::Malformed {
                bytes: Vec::new(),
                reason,
            },
            Blob::Missing | Blob::Known(_) => Arrival::Vanished,
        };
        out.push(part(Target::Doc(*kind, id.clone()), &new, arrival));
    }
    if let Some(arrival) = config.and_then(config_arrival) {
        out.push(part(Target::Config, &new, arrival));
    }
    let arrival = identity.map_or(Arrival::Same, identity_arrival);
    let moves = vec![follow(layout, v, &RefKind::Branch)];
    out.push(branch_item(Some(new), arrival, moves));
    Ok(out)
}

/// The files that differ between the applied and the new branch commit
/// (all of them on a first sync), with their new blobs (`None`: removed).
fn changed_files(
    git: &Git,
    applied: Option<&Oid>,
    new: &Oid,
) -> Result<Vec<(String, Option<Oid>)>> {
    Ok(match applied {
        Some(old) => git.diff_tree(old, new, ".")?,
        None => git
            .ls_tree(new, layout::ARCHIVE_DIR)?
            .into_iter()
            .map(|(path, oid)| (path, Some(oid)))
            .collect(),
    })
}

/// Archive entries among the `changed` files for documents this
/// directory has no live ref for, applied or not (those are handled as
/// live refs or deletions).
fn new_archive_entries(
    v: &Views,
    changed: &[(String, Option<Oid>)],
) -> Vec<((DocKind, String), Oid)> {
    changed
        .iter()
        .filter_map(|(path, oid)| Some((layout::parse_archive_path(path)?, oid.clone()?)))
        .filter(|((kind, id), _)| {
            let key = RefKind::Doc(*kind, id.clone());
            !v.mirror.contains_key(&key) && !v.applied.contains_key(&key)
        })
        .collect()
}

/// Something the branch carries, from branch commit `new`.
fn part(target: Target, new: &Oid, arrival: Arrival) -> Incoming {
    Incoming {
        target,
        source: Some(new.clone()),
        arrival,
        moves: Vec::new(),
        from_branch: true,
    }
}

/// A changed `config.yaml`, checked; `None` when it did not change (or
/// the branch has none: the defaults stay as the directory has them).
fn config_arrival(blob: Blob) -> Option<Arrival> {
    match blob {
        Blob::Missing | Blob::Known(_) => None,
        Blob::Refused(reason) => Some(Arrival::Malformed {
            bytes: Vec::new(),
            reason,
        }),
        Blob::Read(_, bytes) => Some(match validate::check_config(&bytes) {
            Ok(()) => Arrival::Config(bytes),
            Err(reason) => Arrival::Malformed { bytes, reason },
        }),
    }
}

/// The branch's `federation.json` must be there and valid (a malformed one
/// holds the branch back).
fn identity_arrival(blob: Blob) -> Arrival {
    let bytes = match blob {
        Blob::Read(_, bytes) => bytes,
        Blob::Known(_) => return Arrival::Same,
        Blob::Refused(reason) => {
            return Arrival::Malformed {
                bytes: Vec::new(),
                reason,
            };
        }
        Blob::Missing => {
            return Arrival::Malformed {
                bytes: Vec::new(),
                reason: format!("the branch holds no {}", layout::FEDERATION_FILE),
            };
        }
    };
    match crate::remote::replica::Identity::parse(&bytes) {
        Ok(_) => Arrival::Same,
        Err(reason) => Arrival::Malformed { bytes, reason },
    }
}

fn branch_item(
    source: Option<Oid>,
    arrival: Arrival,
    moves: Vec<crate::remote::git::objects::RefUpdate>,
) -> Incoming {
    Incoming {
        target: Target::Branch,
        source,
        arrival,
        moves,
        from_branch: true,
    }
}
