//! A sync, second half, as a pure function: from what arrived
//! ([`Incoming`]) and where each document's file is locally
//! ([`LocalIndex`]), the file operations that bring the directory to the
//! remote's state, one [`Step`] per document.
//!
//! Planning reads nothing and writes nothing, so every case is unit-tested
//! here. The executor (the store's, which keeps the one-live-name
//! invariant; or [`crate::remote::apply`] for tests and tools) runs each
//! step's file operations and then its ref moves:
//!
//! - a document goes to the path its content calls for, and every other
//!   local name of the same document is removed;
//! - a malformed document is never written into a queue or vote folder: a
//!   copy is set aside in `.remote/rejected/` for `fed check` to report,
//!   and its applied ref does not move (the next sync reports it again
//!   until the remote is fixed);
//! - other machines' log lines extend `.remote/logs/MACHINE/` at the
//!   offsets recorded on the remote, so a step run twice adds nothing.

use crate::remote::git::objects::RefUpdate;
use crate::remote::layout::{DocKind, HISTORY_FILE, LOG_FILE, Single};
use crate::remote::state::REMOTE_DIR;
use crate::remote::sync::{Arrival, Incoming, Target};
use std::collections::BTreeMap;

/// Where each document's files are now, relative to the federation
/// directory (normally one path; two for a task in two folders).
pub type LocalIndex = BTreeMap<(DocKind, String), Vec<String>>;

/// One file operation; paths are relative to the federation directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOp {
    /// Make `path` hold exactly `bytes` (replaced whole, atomically).
    Write { path: String, bytes: Vec<u8> },
    /// Remove `path` (another name of a document that now lives elsewhere).
    Remove { path: String },
    /// Make the file at `path` hold `bytes` from offset `at`: append what
    /// is missing, nothing if it is there already.
    Extend {
        path: String,
        at: u64,
        bytes: Vec<u8>,
    },
    /// Make folder `dir` hold exactly `files` (name, content) among its
    /// `*.json` files: each written where it differs, the others removed.
    Only {
        dir: String,
        files: Vec<(String, Vec<u8>)>,
    },
    /// Keep a copy of something refused, for `fed check` to report.
    SetAside {
        path: String,
        bytes: Vec<u8>,
        reason: String,
    },
}

/// The operations for one target, then the applied refs that move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub target: Target,
    pub ops: Vec<FileOp>,
    pub moves: Vec<RefUpdate>,
}

/// Something a sync reports (also when it is not an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `remote-invalid` (refused and set aside), `remote-vanished` (a ref
    /// gone without being archived), `remote-conflict`, `remote-locked`,
    /// `config-invalid`, `config-conflict`...
    pub kind: &'static str,
    pub target: Target,
    pub message: String,
}

impl Problem {
    /// A push of the branch that `lock` (on the remote) stopped: `what`
    /// waits, and the next `fed sync` `does` it.
    pub fn branch_locked(what: &str, lock: &str, does: &str) -> Problem {
        Problem {
            kind: "remote-locked",
            target: Target::Branch,
            message: format!(
                "{what}: the branch is {}; the next `fed sync` {does}",
                crate::remote::git::transport::locked_there(lock)
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    pub problems: Vec<Problem>,
}

impl Plan {
    /// Every file operation in order (for a plain executor or a dry run).
    pub fn file_ops(&self) -> impl Iterator<Item = &FileOp> {
        self.steps.iter().flat_map(|s| s.ops.iter())
    }
}

/// Plans the application of `incoming` to a directory laid out as `local`.
pub fn plan(incoming: Vec<Incoming>, local: &LocalIndex) -> Plan {
    let branch_held = incoming
        .iter()
        .any(|i| i.from_branch && matches!(i.arrival, Arrival::Malformed { .. }));
    let mut plan = Plan::default();
    for item in incoming {
        let Incoming {
            target,
            source,
            arrival,
            mut moves,
            ..
        } = item;
        if target == Target::Branch && branch_held {
            moves.clear();
        }
        let ops = match arrival {
            Arrival::Doc { bytes, dest } => place(&target, local, dest, bytes),
            Arrival::Same => Vec::new(),
            Arrival::Config(bytes) => vec![FileOp::Write {
                path: "config.yaml".into(),
                bytes,
            }],
            Arrival::Single(bytes) => single(&target, bytes),
            Arrival::Log(segments) => extend_logs(&target, &segments),
            Arrival::Vanished => {
                plan.problems.push(vanished(&target));
                Vec::new()
            }
            Arrival::Malformed { bytes, reason } => {
                let path = aside_path(&target, source.as_ref());
                plan.problems.push(Problem {
                    kind: "remote-invalid",
                    target: target.clone(),
                    message: format!(
                        "{} from the remote was refused: {reason}; a copy is in {path}",
                        describe(&target)
                    ),
                });
                moves.clear();
                vec![FileOp::SetAside {
                    path,
                    bytes,
                    reason,
                }]
            }
        };
        if ops.is_empty() && moves.is_empty() {
            continue;
        }
        plan.steps.push(Step { target, ops, moves });
    }
    plan
}

/// A one-file document: `state.json` as it is; the availability as one
/// file per agent in `availability/` (as `fed agent away` writes them).
fn single(target: &Target, bytes: Vec<u8>) -> Vec<FileOp> {
    match target {
        Target::Single(Single::State) => vec![FileOp::Write {
            path: Single::State.file().into(),
            bytes,
        }],
        Target::Single(Single::Availability) => {
            // Checked when it arrived (never an empty folder for a file
            // that does not read).
            let Ok(aways) = crate::remote::validate::availability(&bytes) else {
                return Vec::new();
            };
            let files = aways
                .iter()
                .map(|(agent, away)| (format!("{agent}.json"), away.to_file()))
                .collect();
            vec![FileOp::Only {
                dir: crate::store::away::AVAILABILITY_DIR.into(),
                files,
            }]
        }
        _ => Vec::new(),
    }
}

/// The document goes to `dest`; its other local names go away.
fn place(target: &Target, local: &LocalIndex, dest: String, bytes: Vec<u8>) -> Vec<FileOp> {
    let mut ops = vec![FileOp::Write {
        path: dest.clone(),
        bytes,
    }];
    if let Target::Doc(kind, id) = target
        && let Some(paths) = local.get(&(*kind, id.clone()))
    {
        for path in paths.iter().filter(|p| **p != dest) {
            ops.push(FileOp::Remove { path: path.clone() });
        }
    }
    ops
}

fn extend_logs(target: &Target, segments: &[crate::remote::logs::Segment]) -> Vec<FileOp> {
    let Target::Log(machine) = target else {
        return Vec::new();
    };
    let dir = format!("{}/{machine}", crate::store::layout::OTHER_LOGS_DIR);
    let mut ops = Vec::new();
    for s in segments {
        if !s.log.is_empty() {
            ops.push(FileOp::Extend {
                path: format!("{dir}/{LOG_FILE}"),
                at: s.log_start(),
                bytes: s.log.clone(),
            });
        }
        if !s.history.is_empty() {
            ops.push(FileOp::Extend {
                path: format!("{dir}/{HISTORY_FILE}"),
                at: s.history_start(),
                bytes: s.history.clone(),
            });
        }
    }
    ops
}

fn vanished(target: &Target) -> Problem {
    let message = match target {
        Target::Branch => "the remote branch is gone; nothing local was changed".to_string(),
        other => format!(
            "{} is gone from the remote but not in its archive; the local copy is kept",
            describe(other)
        ),
    };
    Problem {
        kind: "remote-vanished",
        target: target.clone(),
        message,
    }
}

/// Where a refused arrival is kept: named by what it is and the remote
/// commit it came from, so setting it aside again changes nothing.
fn aside_path(target: &Target, source: Option<&crate::remote::Oid>) -> String {
    let commit = source.map(|o| &o.as_str()[..12]).unwrap_or("unknown");
    let name = match target {
        Target::Doc(kind, id) => format!("{}-{id}-{commit}.{}", kind.name(), kind.ext()),
        Target::Config => format!("config-{commit}.yaml"),
        Target::Single(single) => format!("{}-{commit}.json", single.name()),
        Target::Log(machine) => format!("log-{machine}-{commit}.txt"),
        Target::Branch => format!("branch-{commit}.txt"),
    };
    format!("{REMOTE_DIR}/rejected/{name}")
}

fn describe(target: &Target) -> String {
    match target {
        Target::Doc(kind, id) => format!("{} {id}", kind.name()),
        Target::Config => "config.yaml".to_string(),
        Target::Single(single) => single.file().to_string(),
        Target::Log(machine) => format!("the log of machine {machine}"),
        Target::Branch => "the federation branch".to_string(),
    }
}

#[cfg(test)]
mod tests;
