//! The tasks and votes whose refs changed: the new version of a live ref,
//! or, for a deleted ref, the document's entry in the archive. A version
//! whose blob the directory already reflects only moves the applied ref; a
//! version behind the one the directory reflects is left alone
//! ([`super::ahead`]).

use super::ahead::{Pair, behind, near_specs};
use super::blobs::{Blob, read_blobs};
use super::{Arrival, Incoming, Target, Views, doc_arrival, follow};
use crate::error::Result;
use crate::remote::git::Git;
use crate::remote::layout::{self, DocKind, Layout, RefKind};
use crate::remote::validate;
use std::collections::HashSet;

pub(super) fn read_docs(
    git: &Git,
    layout: &Layout,
    v: &Views,
    docs: &[(DocKind, String)],
) -> Result<Vec<Incoming>> {
    let branch = v.mirror.get(&RefKind::Branch).map(|b| b.1.clone());
    let key = |kind: DocKind, id: &str| RefKind::Doc(kind, id.to_string());
    let applied_specs: Vec<String> = docs
        .iter()
        .map(|(kind, id)| match v.applied.get(&key(*kind, id)) {
            Some((_, oid)) => format!("{oid}:{}", kind.file(id)),
            None => String::from("-"),
        })
        .collect();
    // Documents both refs name differently: is the mirror behind?
    let (paired, pairs) = Pair::of(v, docs);
    let mut asked = applied_specs;
    asked.extend(near_specs(&pairs));
    let mut answers = git.rev_parse(&asked)?;
    let near = answers.split_off(docs.len());
    let known: HashSet<_> = answers.into_iter().flatten().collect();
    let mut skip = vec![false; docs.len()];
    for (n, late) in paired.into_iter().zip(behind(git, &pairs, &near)?) {
        skip[n] = late;
    }
    let specs: Vec<(String, usize)> = docs
        .iter()
        .map(|(kind, id)| {
            let spec = match (v.mirror.get(&key(*kind, id)), &branch) {
                (Some((_, oid)), _) => format!("{oid}:{}", kind.file(id)),
                (None, Some(b)) => format!("{b}:{}", layout::archive_path(*kind, id)),
                (None, None) => String::from("-"),
            };
            (spec, validate::max_bytes(*kind))
        })
        .collect();
    let blobs = read_blobs(git, &specs, &known)?;
    let mut out = Vec::with_capacity(docs.len());
    for (((kind, id), blob), late) in docs.iter().zip(blobs).zip(skip) {
        if late {
            // The directory is ahead of what the fetch saw: nothing to do
            // until a fetch brings the remote's version, which follows it.
            continue;
        }
        let live = v.mirror.get(&key(*kind, id)).map(|m| m.1.clone());
        let arrival = match (&live, blob) {
            (None, Blob::Missing) => Arrival::Vanished,
            (Some(_), Blob::Missing) => Arrival::Malformed {
                bytes: Vec::new(),
                reason: format!("the commit holds no {}", kind.file(id)),
            },
            (_, Blob::Refused(reason)) => Arrival::Malformed {
                bytes: Vec::new(),
                reason,
            },
            (_, Blob::Known(_)) => Arrival::Same,
            (_, Blob::Read(_, bytes)) => doc_arrival(*kind, id, bytes),
        };
        let moves = match arrival {
            Arrival::Vanished | Arrival::Malformed { .. } => Vec::new(),
            _ => vec![follow(layout, v, &key(*kind, id))],
        };
        out.push(Incoming {
            target: Target::Doc(*kind, id.clone()),
            source: live.or_else(|| branch.clone()),
            arrival,
            moves,
            from_branch: false,
        });
    }
    Ok(out)
}
