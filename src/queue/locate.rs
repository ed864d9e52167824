//! Finding a task by id or by an unambiguous shortening (a unique suffix of
//! its id, e.g. the random tail `k3x9p2` of `20261121-053555-k3x9p2`).

use crate::error::{Error, Result};
use crate::model::Task;
use crate::model::id::{unique_suffix, validate_id};
use crate::store::Store;
use crate::store::layout::{Folder, NameKind, TXN_DIR, TxnName, parse_task_name, parse_txn_name};
use crate::store::scan::{in_flight_ids, read_task_at};
use std::path::PathBuf;
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
    for folder in [Folder::Pending, Folder::Blocked, Folder::Completed] {
        let path = store.task_path(folder, id, None);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Ok(Some(Place::Folder { folder, path }));
        }
    }
    let dir = store.folder_path(Folder::InProgress);
    let prefix = format!("{id}@");
    for entry in read_dir(&dir)? {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix)
            && matches!(parse_task_name(Folder::InProgress, &name), NameKind::Task { id: ref found, .. } if found == id)
        {
            return Ok(Some(Place::Folder {
                folder: Folder::InProgress,
                path: entry.path(),
            }));
        }
    }
    for entry in read_dir(&store.path(TXN_DIR))? {
        if matches!(parse_txn_name(&entry.file_name().to_string_lossy()), TxnName::Doc { id: ref found, ref ext, .. } if found == id && ext == "json")
        {
            return Ok(Some(Place::InFlight));
        }
    }
    Ok(None)
}

fn read_dir(dir: &std::path::Path) -> Result<Vec<std::fs::DirEntry>> {
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
    let start = Instant::now();
    let mut pause = Duration::from_micros(200);
    loop {
        match place(store, id)? {
            None => return Ok(None),
            Some(Place::Folder { folder, path }) => {
                match read_task_at(&path, folder) {
                    Ok(task) => return Ok(Some(Found { folder, path, task })),
                    Err(Some(problem)) => return Err(Error::invalid(problem.message)),
                    Err(None) => {} // moved while we looked: look again
                }
            }
            Some(Place::InFlight) => {}
        }
        if start.elapsed() > IN_FLIGHT_WAIT {
            return Err(Error::conflict(format!(
                "task {id} is being changed by another process (it is in .txn/); try again"
            )));
        }
        while_waiting();
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// Reads task `id` or fails with "no task".
pub fn get(store: &Store, id: &str) -> Result<Found> {
    find(store, id)?.ok_or_else(|| Error::not_found(format!("no task '{id}'")))
}

/// Turns what the user typed into a full id: the id itself, or the one id
/// that ends with it.
pub fn resolve(store: &Store, input: &str, what: &str) -> Result<String> {
    let input = input.trim().to_lowercase();
    validate_id(&input, what)?;
    if place(store, &input)?.is_some() {
        return Ok(input);
    }
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
    unique_suffix(&input, ids, what, "tasks")?
        .ok_or_else(|| Error::not_found(format!("{what}: no task '{input}'")))
}
