//! `config.yaml` in a shared federation: it lives on the branch, so an
//! edit made here is published by `fed sync` (a compare-and-swap of the
//! branch from the version this directory reflects), and a sync that
//! brings another machine's config never overwrites an edit made here
//! that was not published yet: the edit is kept aside and reported.

use crate::error::Result;
use crate::model::time::Timestamp;
use crate::remote::layout::CONFIG_FILE;
use crate::remote::plan::Problem;
use crate::remote::replica::{Cas, Replica};
use crate::remote::sync::Target;
use crate::store::Store;
use std::path::PathBuf;

/// The config the directory reflects (on the applied branch), and this
/// directory's `config.yaml`, when they differ: an edit made here.
fn local_edit(store: &Store, replica: &Replica) -> Result<Option<Vec<u8>>> {
    let Ok(local) = std::fs::read(store.path(CONFIG_FILE)) else {
        return Ok(None);
    };
    let applied = replica.layout().applied(&replica.layout().branch_ref());
    let spec = format!("{applied}:{CONFIG_FILE}");
    let reflected = replica.git().cat_batch(&[spec])?.pop().flatten();
    Ok(match reflected {
        Some(object) if object.bytes == local => None,
        // Never synced a branch: nothing to compare with.
        None => None,
        Some(_) => Some(local),
    })
}

/// Before a sync writes the remote's `incoming` config: an edit made here
/// and not published is copied to `.remote/kept/` and reported, so that
/// nothing typed here is lost. The remote's version is then applied.
pub fn keep_local_edit(
    store: &Store,
    replica: &Replica,
    incoming: &[u8],
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let Some(local) = local_edit(store, replica)? else {
        return Ok(());
    };
    if local == incoming {
        return Ok(());
    }
    let dir = replica.paths().kept_dir();
    std::fs::create_dir_all(&dir).map_err(|e| crate::error::Error::io(&dir, "create", &e))?;
    let name = format!("config-{}.yaml", crate::model::id::random_base36(8));
    let kept: PathBuf = dir.join(name);
    crate::remote::state::write_atomic(&kept, &local)?;
    problems.push(Problem {
        kind: "config-conflict",
        target: Target::Config,
        message: format!(
            "config.yaml was edited here and changed on the remote; the remote's is now in place, and this machine's edit is kept in {} (merge it into config.yaml and run `fed sync` to publish it)",
            kept.display()
        ),
    });
    Ok(())
}

/// Publishes an edit of `config.yaml` made here (`fed sync`, after the
/// directory is level with the remote); whether one was published. An
/// edit the config rules refuse is not published, and says why.
pub fn publish_local_edit(
    store: &Store,
    replica: &Replica,
    now: Timestamp,
    problems: &mut Vec<Problem>,
) -> Result<bool> {
    let Some(local) = local_edit(store, replica)? else {
        return Ok(false);
    };
    if let Err(reason) = crate::remote::validate::check_config(&local) {
        problems.push(Problem {
            kind: "config-invalid",
            target: Target::Config,
            message: format!("config.yaml here is not published: {reason}"),
        });
        return Ok(false);
    }
    match replica.cas_config(&local, now)? {
        Cas::Landed(landed) => {
            landed.settle(replica.git())?;
            Ok(true)
        }
        Cas::Locked(lock) => {
            let what = "config.yaml edited here was not published";
            problems.push(Problem {
                target: Target::Config,
                ..Problem::branch_locked(what, &lock, "publishes it")
            });
            Ok(false)
        }
        Cas::Moved => {
            problems.push(Problem {
                kind: "remote-conflict",
                target: Target::Config,
                message: "config.yaml edited here was not published: the remote's branch moved meanwhile; run `fed sync` again".to_string(),
            });
            Ok(false)
        }
    }
}
