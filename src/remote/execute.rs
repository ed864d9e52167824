//! The store's executor of a sync [`Plan`]: every document arriving from
//! the remote is installed with the store's transaction discipline
//! ([`Store::install`]): its current file is taken into `.txn/`, the
//! applied ref is checked to be still what the plan was made against (a
//! local command may have changed the document since), the remote's
//! content is swapped in and published where it belongs. A document a
//! local command holds right now is left for the next sync.
//!
//! Applied refs move only after the files they describe are in place (all
//! in one `update-ref` transaction), so the directory is never behind what
//! its applied refs say: a push computed from a document always expects
//! the version that document was made from. A crash in between leaves the
//! refs behind, and the next sync finds the same differences again.

use crate::error::Result;
use crate::remote::apply::{Applied, run_op};
use crate::remote::git::objects::RefUpdate;
use crate::remote::landing;
use crate::remote::layout::DocKind;
use crate::remote::plan::{FileOp, Plan, Problem, Step};
use crate::remote::replica::Replica;
use crate::remote::sync::Target;
use crate::store::Store;
use crate::store::install::{Arrival, Installed};
use std::collections::BTreeSet;

/// What a sync changed here.
#[derive(Debug, Default)]
pub struct Executed {
    /// Documents, config and state written.
    pub written: usize,
    /// Documents left for the next sync (changed here meanwhile).
    pub skipped: usize,
    /// What the plan and the execution report.
    pub problems: Vec<Problem>,
}

/// Runs `plan` on the federation `store` reflects through `replica`.
pub fn execute(store: &Store, replica: &Replica, plan: Plan) -> Result<Executed> {
    let waiting: BTreeSet<(DocKind, String)> = crate::remote::outbox::list(replica.paths())
        .into_iter()
        .collect();
    // A task noted offline keeps its file until its notes are out
    // (`session::notes` merges them into the remote's version).
    let noted: BTreeSet<String> = crate::remote::outbox::noted(replica.paths())
        .into_iter()
        .collect();
    let mut done = Executed {
        problems: plan.problems,
        ..Executed::default()
    };
    let mut moves: Vec<Vec<RefUpdate>> = Vec::new();
    let mut branch_held = false;
    for step in plan.steps {
        // A step without moves is carried by the branch: its ref moves
        // only once everything it carries is in place.
        let carried = step.moves.is_empty() && step.target != Target::Branch;
        let held = matches!(&step.target, Target::Doc(DocKind::Task, id) if noted.contains(id));
        let placed = !held && run_step(store, replica, &step, &waiting, &mut done)?;
        if !placed && carried {
            branch_held = true;
        }
        if placed && !(step.target == Target::Branch && branch_held) {
            moves.push(step.moves);
        }
    }
    crate::failpoint::step("remote::sync-before-refs")
        .map_err(|e| crate::error::Error::new(crate::error::Kind::Io, e.to_string()))?;
    let git = replica.git();
    let all: Vec<RefUpdate> = moves.iter().flatten().cloned().collect();
    if !git.update_refs(&all)? {
        for step_moves in &moves {
            git.update_refs(step_moves)?;
        }
    }
    Ok(done)
}

/// Runs one step's files; whether they are in place (its refs may move).
fn run_step(
    store: &Store,
    replica: &Replica,
    step: &Step,
    waiting: &BTreeSet<(DocKind, String)>,
    done: &mut Executed,
) -> Result<bool> {
    let mut plain = Applied::default();
    let set_aside = step
        .ops
        .iter()
        .any(|op| matches!(op, FileOp::SetAside { .. }));
    if !set_aside {
        clear_rejected(replica, &step.target);
    }
    for op in &step.ops {
        match (op, &step.target) {
            (FileOp::Write { path, bytes }, Target::Doc(kind, id)) => {
                if !install(
                    store,
                    replica,
                    step,
                    (*kind, id),
                    path,
                    bytes,
                    waiting,
                    done,
                )? {
                    done.skipped += 1;
                    return Ok(false);
                }
            }
            (FileOp::Write { path, bytes }, target) => {
                if *target == Target::Config {
                    let problems = &mut done.problems;
                    crate::remote::session::config::keep_local_edit(
                        store, replica, bytes, problems,
                    )?;
                }
                let dest = store.path(path);
                if std::fs::read(&dest).ok().as_deref() != Some(bytes.as_slice()) {
                    store.replace_file(&dest, bytes)?;
                    done.written += 1;
                }
            }
            // Another local name of a document (only with a local index).
            (FileOp::Remove { .. }, _) => {}
            (op, _) => run_op(store.root(), op, &mut plain)?,
        }
    }
    Ok(true)
}

#[allow(clippy::too_many_arguments)]
fn install(
    store: &Store,
    replica: &Replica,
    step: &Step,
    (kind, id): (DocKind, &str),
    path: &str,
    bytes: &[u8],
    waiting: &BTreeSet<(DocKind, String)>,
    done: &mut Executed,
) -> Result<bool> {
    // What the applied ref must still be: the plan's old value, or no live
    // ref at all for a document the branch carries.
    let (name, expected) = match step.moves.first() {
        Some(m) => (m.name.clone(), m.old.clone().flatten()),
        None => (
            replica
                .layout()
                .applied(&replica.layout().doc_ref(kind, id)),
            None,
        ),
    };
    if expected.is_none() && waiting.contains(&(kind, id.to_string())) {
        done.problems.push(Problem {
            kind: "remote-conflict",
            target: step.target.clone(),
            message: format!(
                "{} {id} was added here while the remote was unreachable, and the remote has another {} with that id; the local one is kept and not published (add it again under another id)",
                kind.name(),
                kind.name()
            ),
        });
        return Ok(false);
    }
    // A document without an applied live ref that a local command is
    // making or changing right now (pushed, not settled yet:
    // `remote::landing`) waits too.
    let guard = || {
        Ok(replica.read_ref(&name)? == expected
            && !(expected.is_none() && landing::is_marked(replica.paths(), kind, id)))
    };
    let arrival = Arrival {
        kind: kind.name(),
        id,
        dest: &store.path(path),
        bytes,
    };
    Ok(match store.install(arrival, &guard)? {
        Installed::Placed => {
            done.written += 1;
            true
        }
        // This very version is here already (a document added here).
        Installed::Kept => true,
        Installed::Busy | Installed::Stale => false,
        Installed::Occupied => {
            done.problems.push(Problem {
                kind: "remote-conflict",
                target: step.target.clone(),
                message: format!(
                    "{path} is held by another file; {} {id} was not updated",
                    kind.name()
                ),
            });
            false
        }
    })
}

/// A valid version arrived: earlier set-aside copies of the same target
/// are no longer a problem.
fn clear_rejected(replica: &Replica, target: &Target) {
    let paths = replica.paths();
    match target {
        Target::Doc(kind, id) => paths.clear_rejected(&kind.label(id), kind.ext()),
        Target::Config => paths.clear_rejected("config", "yaml"),
        Target::Single(single) => paths.clear_rejected(single.name(), "json"),
        Target::Log(_) | Target::Branch => {}
    }
}
