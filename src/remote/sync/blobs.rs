//! Reading arriving blobs with a bound: sizes first (`cat-file
//! --batch-check`), then only the blobs that are new to this directory and
//! within their limit (`cat-file --batch`). A huge blob pushed to the
//! remote is refused unread, and a blob the directory already has is not
//! read at all.

use crate::error::Result;
use crate::remote::Oid;
use crate::remote::git::Git;
use std::collections::{HashMap, HashSet};

/// What one spec named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blob {
    /// Nothing there.
    Missing,
    /// Something that cannot be taken: not a blob, or over its limit.
    Refused(String),
    /// A blob in the `known` set: not read.
    Known(Oid),
    Read(Oid, Vec<u8>),
}

/// Reads the blobs named by `specs` (each with its size limit), in two
/// processes whatever their number.
pub fn read_blobs(git: &Git, specs: &[(String, usize)], known: &HashSet<Oid>) -> Result<Vec<Blob>> {
    let names: Vec<String> = specs.iter().map(|(s, _)| s.clone()).collect();
    let checks = git.batch_check(&names)?;
    let mut wanted = Vec::new();
    let mut out: Vec<Blob> = Vec::with_capacity(specs.len());
    for ((_, limit), check) in specs.iter().zip(checks) {
        out.push(match check {
            None => Blob::Missing,
            Some((_, kind, _)) if kind != "blob" => Blob::Refused(format!("a {kind}, not a file")),
            Some((oid, _, _)) if known.contains(&oid) => Blob::Known(oid),
            Some((_, _, size)) if size > *limit as u64 => {
                Blob::Refused(format!("{size} bytes; the limit is {limit}"))
            }
            Some((oid, _, _)) => {
                wanted.push(oid.to_string());
                Blob::Read(oid, Vec::new())
            }
        });
    }
    let mut contents: HashMap<Oid, Vec<u8>> = HashMap::new();
    for obj in git.cat_batch(&wanted)?.into_iter().flatten() {
        contents.insert(obj.oid, obj.bytes);
    }
    for blob in &mut out {
        if let Blob::Read(oid, bytes) = blob {
            *bytes = contents.get(oid).cloned().unwrap_or_default();
        }
    }
    Ok(out)
}
