//! Finding a task by id or by an unambiguous shortening (a unique suffix of
//! its id, e.g. the random tail `k3x9p2` of `20261121-053555-k3x9p2`), and
//! the mechanism votes share: [`resolve_among`] and [`wait_in_flight`].

use super::Store;
use super::layout::{Folder, NameKind, TXN_DIR, TxnName, parse_task_name, parse_txn_name};
use super::scan::{in_flight_ids, read_task_at};
use crate::error::{Error, Kind, Label, Result};
use crate::model::Task;
use crate::model::id::{unique_suffix, validate_id};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where a task's file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// In one of the four folders.
    Folder { folder: Folder, path: PathBuf },
    /// In `.txn/`: another process is changing it right now.
    InFlight,
}

/// Finds the file of task `id` (which must be a full, valid id).
///
/// The folders are read one after another, so a task moving between them
/// can slip past one pass; "not found" is only believed after three.
pub fn place(store: &Store, id: &str) -> Result<Option<Place>> {
    for _ in 0..3 {
        if let Some(place) = place_once(store, id)? {
            return Ok(Some(place));
        }
    }
    Ok(None)
}

fn place_once(store: &Store, id: &str) -> Result<Option<Place>> {
    if let Some((folder, path)) = folder_of(store, id)? {
        return Ok(Some(Place::Folder { folder, path }));
    }
    for entry in read_dir(&store.path(TXN_DIR))? {
        if matches!(parse_txn_name(&entry.file_name().to_string_lossy()), TxnName::Doc { id: ref found, ref ext, .. } if found == id && ext == "json")
        {
            return Ok(Some(Place::InFlight));
        }
    }
    Ok(None)
}

/// The folder and file of task `id`, looking in the four folders only
/// (not in `.txn/`): one pass, as recovery needs it.
pub fn place_in_folders(store: &Store, id: &str) -> Option<(Folder, PathBuf)> {
    folder_of(store, id).ok().flatten()
}

/// The folder and file of task `id` among the folders whose file names
/// are the id alone (`pending/`, `blocked/`, `completed/`): a look-up by
/// name each, no listing. `in-progress/` names carry the claim token.
pub fn place_by_name(store: &Store, id: &str) -> Option<(Folder, PathBuf)> {
    [Folder::Pending, Folder::Blocked, Folder::Completed]
        .into_iter()
        .map(|folder| (folder, store.task_path(folder, id, None)))
        .find(|(_, path)| std::fs::symlink_metadata(path).is_ok())
}

fn folder_of(store: &Store, id: &str) -> Result<Option<(Folder, PathBuf)>> {
    if let Some(found) = place_by_name(store, id) {
        return Ok(Some(found));
    }
    let dir = store.folder_path(Folder::InProgress);
    let prefix = format!("{id}@");
    for entry in read_dir(&dir)? {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix)
            && matches!(parse_task_name(Folder::InProgress, &name), NameKind::Task { id: ref found, .. } if found == id)
        {
            return Ok(Some((Folder::InProgress, entry.path())));
        }
    }
    Ok(None)
}

pub(super) fn read_dir(dir: &Path) -> Result<Vec<std::fs::DirEntry>> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, "read", &e))?
        .flatten()
        .collect())
}

/// A task as found in its folder.
#[derive(Debug, Clone)]
pub struct Found {
    pub folder: Folder,
    pub path: PathBuf,
    pub task: Task,
}

/// How long to wait for a task another process is changing to land.
const IN_FLIGHT_WAIT: Duration = Duration::from_secs(3);

/// Reads task `id`, waiting briefly while another process has it in
/// flight. `Ok(None)` when no such task exists.
pub fn find(store: &Store, id: &str) -> Result<Option<Found>> {
    find_waiting(store, id, || {})
}

/// Like [`find`], calling `while_waiting` (a changing command's recovery,
/// say: the process holding the task may have died) before each wait.
pub fn find_waiting(store: &Store, id: &str, while_waiting: impl Fn()) -> Result<Option<Found>> {
    let found = wait_in_flight(IN_FLIGHT_WAIT, while_waiting, || {
        Ok(match place(store, id)? {
            None => Some(None),
            Some(Place::Folder { folder, path }) => match read_task_at(&path, folder) {
                Ok(task) => Some(Some(Found { folder, path, task })),
                Err(Some(problem)) => return Err(Error::invalid(problem.message)),
                Err(None) => None, // moved while we looked: look again
            },
            Some(Place::InFlight) => None,
        })
    })?;
    found.ok_or_else(|| {
        Error::conflict(format!(
            "task {id} is being changed by another process (it is in .txn/); try again"
        ))
    })
}

/// Runs `attempt` until it settles (`Some`), sleeping with a growing pause
/// and calling `while_waiting` between tries, for at most `limit`; `None`
/// when it never settled. This is how a reader waits for a document that
/// another process has in `.txn/` right now.
pub fn wait_in_flight<T>(
    limit: Duration,
    while_waiting: impl Fn(),
    mut attempt: impl FnMut() -> Result<Option<T>>,
) -> Result<Option<T>> {
    let start = Instant::now();
    let mut pause = Duration::from_micros(200);
    loop {
        if let Some(settled) = attempt()? {
            return Ok(Some(settled));
        }
        if start.elapsed() > limit {
            return Ok(None);
        }
        while_waiting();
        // Jitter keeps a crowd of waiters from retrying in lockstep.
        let jitter = u64::from(crate::model::id::random_base36(1).as_bytes()[0] % 7);
        std::thread::sleep(pause + Duration::from_micros(jitter * 100));
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Reads task `id` or fails with "no task".
pub fn get(store: &Store, id: &str) -> Result<Found> {
    find(store, id)?.ok_or_else(|| Error::not_found(format!("no task '{id}'")))
}

/// Turns what the user typed into a full id: the id itself, or the one
/// id that ends with it.
pub fn resolve<'a>(store: &Store, input: &str, what: impl Into<Label<'a>>) -> Result<String> {
    let what = what.into();
    let input = input.trim().to_ascii_lowercase();
    validate_id(&input, what)?;
    if place(store, &input)?.is_some() {
        return Ok(input);
    }
    resolve_among(&input, what, "task", || task_ids(store))
}

/// The id of every task: in its folder, or in `.txn/` while another
/// process changes it. Names only: no file is read.
pub fn task_ids(store: &Store) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for folder in Folder::ALL {
        for entry in read_dir(&store.folder_path(folder))? {
            if let NameKind::Task { id, .. } =
                parse_task_name(folder, &entry.file_name().to_string_lossy())
            {
                ids.push(id);
            }
        }
    }
    // A task being changed right now is in .txn/, not in a folder.
    ids.extend(in_flight_ids(store, "json"));
    Ok(ids)
}

/// The id among those `known` lists (a kind's folders and `.txn/`) that
/// `input` names: `input` itself or the one id ending with it. A document
/// moving between a folder and `.txn/` can slip past one listing, so "no
/// such `noun`" is believed only after three.
pub fn resolve_among(
    input: &str,
    what: Label,
    noun: &str,
    known: impl Fn() -> Result<Vec<String>>,
) -> Result<String> {
    for _ in 0..3 {
        if let Some(found) = unique_suffix(input, known()?, what, &format!("{noun}s"))? {
            return Ok(found);
        }
    }
    Err(Error::about(
        Kind::NotFound,
        what,
        format!("no {noun} '{input}'"),
    ))
}
