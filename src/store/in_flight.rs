//! Documents in `.txn/`, as `check` and `status` see them: a change under
//! way (or left by a killed process, which the next changing command puts
//! back), or, when the name and content disagree or the copy conflicts
//! with the document in place, `invalid` (recovery leaves those alone).

use super::Store;
use super::doc::Document;
use super::fsx::{self, ReadError};
use super::layout::{TXN_DIR, TxnName, parse_txn_name};
use super::scan::{Problem, Scan};
use crate::model::{Task, Vote};
use std::path::Path;

impl Store {
    /// Tasks that are in `.txn/` right now: taken by a running process, or
    /// left by a killed one (the next changing command puts them back).
    pub fn scan_in_flight(&self) -> Scan {
        let mut scan = Scan::default();
        let Ok(entries) = std::fs::read_dir(self.path(TXN_DIR)) else {
            return scan;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // A take's second name is never read: skip it.
            let TxnName::Doc {
                id,
                ext,
                taking: false,
                ..
            } = parse_txn_name(&name)
            else {
                continue;
            };
            let path = entry.path();
            let found = match ext.as_str() {
                "yaml" => in_flight::<Vote>(self, &path, &id),
                _ => in_flight::<Task>(self, &path, &id).map(|p| p.task(&id)),
            };
            scan.problems.extend(found);
        }
        scan
    }

    /// Documents a take left under a hidden name in their folder whose
    /// process is gone (a process killed mid-take, or a power cut): the
    /// next changing command puts them back (`store::recover::takes`).
    /// Reads every task and vote folder: for `check`.
    pub fn scan_hidden_takes(&self) -> Vec<Problem> {
        let own = self.session.get().map(|s| s.owner.as_str());
        super::recover::hidden_takes(self.root())
            .into_iter()
            .filter(|(_, _, owner, _)| Some(owner.as_str()) != own && !self.is_alive(owner))
            .map(|(path, id, _, ext)| {
                let kind = if ext == "yaml" { "vote" } else { "task" };
                let message = format!(
                    "{}: {kind} {id} waits under a hidden name its process left; the next fed command that changes the queue puts it back",
                    path.display()
                );
                let problem = Problem::warning("in-flight", message).at(path);
                if kind == "task" { problem.task(&id) } else { problem }
            })
            .collect()
    }
}

/// What a document in `.txn/` is: a change under way (or left by a killed
/// process, which the next changing command puts back), or, when its name
/// and content disagree or it conflicts with the copy in place, `invalid`
/// (recovery leaves it alone).
fn in_flight<D: Document>(store: &Store, path: &Path, id: &str) -> Option<Problem> {
    let bytes = match fsx::read_bounded(path, D::MAX_BYTES) {
        Ok(bytes) => bytes,
        Err(ReadError::Missing) => return None,
        Err(e) => {
            let message = format!("{}: {}", path.display(), e.describe(D::MAX_BYTES));
            return Some(Problem::warning("in-flight", message).at(path.to_path_buf()));
        }
    };
    let invalid = |why: String| {
        let message = format!("{}: {why}", path.display());
        Some(Problem::error("invalid", message).at(path.to_path_buf()))
    };
    let doc = match D::parse(&bytes) {
        Ok(doc) => doc,
        Err(e) => return invalid(format!("invalid {} left in flight: {e}", D::KIND)),
    };
    if doc.id() != id {
        return invalid(format!(
            "the file name says '{id}' but the {} holds '{}'",
            D::KIND,
            doc.id()
        ));
    }
    if D::placed(store, id).is_some_and(|placed| !placed.supersedes(&doc)) {
        return invalid(format!(
            "{} {id} is in place already, and this copy is not an earlier version of it",
            D::KIND
        ));
    }
    let message = format!(
        "{}: {} {id} is being changed, or was left by a killed process; the next fed command that changes the queue puts it back",
        path.display(),
        D::KIND,
    );
    Some(Problem::warning("in-flight", message).at(path.to_path_buf()))
}
