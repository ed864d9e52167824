//! What a moved branch carries: the config, and documents folded into the
//! archive that this directory never had a live ref for (a first sync
//! after `clone`, or a document created and finished between two syncs).
//! Documents whose live ref this directory had applied are handled as
//! deletions by the parent module.

use super::{Arrival, Incoming, Target, Views, follow};
use crate::error::Result;
use crate::remote::Oid;
use crate::remote::git::Git;
use crate::remote::layout::{self, Layout, RefKind};
use crate::remote::validate;

pub(super) fn read_branch(git: &Git, layout: &Layout, v: &Views) -> Result<Vec<Incoming>> {
    let applied = v.applied.get(&RefKind::Branch).map(|a| a.1.clone());
    let Some(new) = v.mirror.get(&RefKind::Branch).map(|m| m.1.clone()) else {
        return Ok(vec![branch_item(None, Arrival::Vanished, Vec::new())]);
    };
    let entries: Vec<(String, Option<Oid>)> = match &applied {
        Some(old) => git.diff_tree(old, &new, layout::ARCHIVE_DIR)?,
        None => git
            .ls_tree(&new, layout::ARCHIVE_DIR)?
            .into_iter()
            .map(|(path, oid)| (path, Some(oid)))
            .collect(),
    };
    let archived: Vec<_> = entries
        .into_iter()
        .filter_map(|(path, oid)| Some((layout::parse_archive_path(&path)?, oid?)))
        .filter(|((kind, id), _)| {
            let key = RefKind::Doc(*kind, id.clone());
            !v.mirror.contains_key(&key) && !v.applied.contains_key(&key)
        })
        .collect();
    let config_spec = |c: &Oid| format!("{c}:{}", layout::CONFIG_FILE);
    let mut specs = vec![
        format!("{new}:{}", layout::FEDERATION_FILE),
        config_spec(&new),
    ];
    specs.extend(archived.iter().map(|(_, oid)| oid.to_string()));
    let mut objects = git.cat_batch(&specs)?.into_iter();
    let identity = objects.next().flatten().filter(|o| o.kind == "blob");
    let config = objects.next().flatten().filter(|o| o.kind == "blob");
    let old_config = match &applied {
        Some(old) => git.rev_parse(&[config_spec(old)])?.pop().flatten(),
        None => None,
    };
    let mut out = Vec::new();
    for (((kind, id), _), object) in archived.iter().zip(objects) {
        let arrival = match object {
            Some(o) => super::doc_arrival(*kind, id, o.bytes),
            None => Arrival::Vanished,
        };
        out.push(Incoming {
            target: Target::Doc(*kind, id.clone()),
            source: Some(new.clone()),
            arrival,
            moves: Vec::new(),
            from_branch: true,
        });
    }
    if let Some(config) = config.filter(|c| Some(&c.oid) != old_config.as_ref()) {
        let arrival = match validate::check_config(&config.bytes) {
            Ok(()) => Arrival::Config(config.bytes),
            Err(reason) => Arrival::Malformed {
                bytes: config.bytes,
                reason,
            },
        };
        out.push(Incoming {
            target: Target::Config,
            source: Some(new.clone()),
            arrival,
            moves: Vec::new(),
            from_branch: true,
        });
    }
    let arrival = match identity.map(|o| crate::remote::replica::Identity::parse(&o.bytes)) {
        Some(Ok(_)) => Arrival::Same,
        Some(Err(reason)) => Arrival::Malformed {
            bytes: Vec::new(),
            reason,
        },
        None => Arrival::Malformed {
            bytes: Vec::new(),
            reason: format!("the branch holds no {}", layout::FEDERATION_FILE),
        },
    };
    let moves = vec![follow(layout, v, &RefKind::Branch)];
    out.push(branch_item(Some(new), arrival, moves));
    Ok(out)
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
