//! Reading folders of tasks without trusting them: every entry is checked
//! (name, file type, size, JSON, id, status) and anything wrong becomes a
//! [`Problem`] instead of a task. Nothing here changes a file.

use super::Store;
use super::fsx::{self, ReadError};
use super::layout::{
    Folder, MAX_TASK_BYTES, NameKind, TMP_DIR, TXN_DIR, TxnName, parse_task_name, parse_txn_name,
};
use crate::model::Task;
use serde::Serialize;
use std::path::PathBuf;

/// A task read from its file.
#[derive(Debug, Clone)]
pub struct TaskFile {
    pub folder: Folder,
    pub path: PathBuf,
    pub task: Task,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Something wrong found in a federation, for `check` and `status`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// `invalid`, `unsafe`, `foreign`, `duplicate`, `dangling-dependency`,
    /// `cycle`, `stranded`, `expired-lease`, `in-flight`, `config`, ...
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
}

impl Problem {
    pub fn error(kind: &'static str, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            kind,
            message: message.into(),
            path: None,
            task_id: None,
        }
    }
    pub fn warning(kind: &'static str, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(kind, message)
        }
    }
    pub fn at(mut self, path: PathBuf) -> Problem {
        self.path = Some(path);
        self
    }
    pub fn task(mut self, id: &str) -> Problem {
        self.task_id = Some(id.to_string());
        self
    }
}

impl Problem {
    /// A file that is not a regular file (symlink, FIFO, device, socket,
    /// directory) where a document was expected.
    pub fn not_regular(path: PathBuf, file_type: &std::fs::FileType) -> Problem {
        Problem::error(
            "unsafe",
            format!(
                "{}: {}, not a regular file; ignored",
                path.display(),
                fsx::kind_of(file_type)
            ),
        )
        .at(path)
    }

    /// A folder that could not be read at all.
    pub fn unreadable(dir: PathBuf, err: &std::io::Error) -> Problem {
        Problem::error(
            "unreadable",
            format!(
                "cannot read {}: {}",
                dir.display(),
                crate::error::describe_io(err)
            ),
        )
        .at(dir)
    }
}

/// What a directory entry of a task folder is.
pub enum Entry {
    /// A regular file named like a task: its id and, in `in-progress/`, token.
    Task { id: String, token: Option<String> },
    /// Hidden bookkeeping, or gone while we looked: not a problem.
    Skip,
    /// Anything else, reported and never touched.
    Problem(Problem),
}

/// Classifies an entry of `folder` by its name and its type (from the
/// directory read: no stat, nothing opened).
pub fn classify(folder: Folder, name: &str, entry: &std::fs::DirEntry) -> Entry {
    let path = entry.path();
    match parse_task_name(folder, name) {
        NameKind::Hidden => Entry::Skip,
        NameKind::Foreign(why) => Entry::Problem(
            Problem::warning(
                "foreign",
                format!("{}: not a task file ({why}); ignored", path.display()),
            )
            .at(path),
        ),
        NameKind::Task { id, token } => match entry.file_type() {
            Ok(ft) if ft.is_file() => Entry::Task { id, token },
            Ok(ft) => Entry::Problem(Problem::not_regular(path, &ft).task(&id)),
            Err(_) => Entry::Skip,
        },
    }
}

/// Tasks and problems found by a scan.
#[derive(Debug, Default)]
pub struct Scan {
    pub tasks: Vec<TaskFile>,
    pub problems: Vec<Problem>,
}

impl Store {
    /// Reads every task in `folder`.
    pub fn scan_folder(&self, folder: Folder) -> Scan {
        let mut tasks = Vec::new();
        let problems = self.scan_folder_each(folder, |file| tasks.push(file));
        Scan { tasks, problems }
    }

    /// Reads every folder.
    pub fn scan_all(&self) -> Scan {
        let mut all = Scan::default();
        for folder in Folder::ALL {
            let scan = self.scan_folder(folder);
            all.tasks.extend(scan.tasks);
            all.problems.extend(scan.problems);
        }
        all
    }

    /// Reads every task in `folder`, handing each to `each` as it is read
    /// (so that a caller keeping less than the whole document never holds
    /// every document at once); returns the problems.
    pub fn scan_folder_each(&self, folder: Folder, mut each: impl FnMut(TaskFile)) -> Vec<Problem> {
        let mut scan = Scan::default();
        let dir = self.folder_path(folder);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => return vec![Problem::unreadable(dir, &e)],
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let (id, token) = match classify(folder, &name, &entry) {
                Entry::Task { id, token } => (id, token),
                Entry::Skip => continue,
                Entry::Problem(problem) => {
                    scan.problems.push(problem);
                    continue;
                }
            };
            let path = entry.path();
            match read_task(&path, folder, &id, token.as_deref()) {
                Ok(task) => each(TaskFile { folder, path, task }),
                Err(Some(problem)) => scan.problems.push(problem.task(&id)),
                Err(None) => {} // moved away while we looked
            }
        }
        scan.problems
    }
}

impl Store {
    /// Unknown files in fed's scratch folders.
    pub fn leftovers(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for dir in [TXN_DIR, TMP_DIR] {
            let Ok(entries) = std::fs::read_dir(self.path(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                let known = match dir {
                    TXN_DIR => parse_txn_name(&name) != TxnName::Other,
                    _ => super::layout::tmp_owner(&name).is_some(),
                };
                if !known {
                    problems.push(
                        Problem::warning(
                            "foreign",
                            format!("{}: not a file fed made; ignored", entry.path().display()),
                        )
                        .at(entry.path()),
                    );
                }
            }
        }
        problems
    }
}

/// How many documents (tasks and votes) are in `.txn/` right now: a name
/// count, nothing read (`fed check` reads them).
pub fn in_flight_count(store: &Store) -> usize {
    std::fs::read_dir(store.path(TXN_DIR)).map_or(0, |entries| {
        entries
            .flatten()
            .filter(|e| {
                matches!(
                    parse_txn_name(&e.file_name().to_string_lossy()),
                    TxnName::Doc { taking: false, .. }
                )
            })
            .count()
    })
}

/// The ids of the documents of one kind (`ext`: "json" tasks, "yaml"
/// votes) that some process has in `.txn/` right now.
pub fn in_flight_ids(store: &Store, ext: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(store.path(TXN_DIR)) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| match parse_txn_name(&e.file_name().to_string_lossy()) {
            TxnName::Doc { id, ext: found, .. } if found == ext => Some(id),
            _ => None,
        })
        .collect()
}

/// [`read_task`] with the id and token taken from the file's name
/// (`Err(None)` too when the name is not a task's).
pub fn read_task_at(path: &std::path::Path, folder: Folder) -> Result<Task, Option<Problem>> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    match parse_task_name(folder, &name) {
        NameKind::Task { id, token } => read_task(path, folder, &id, token.as_deref()),
        _ => Err(None),
    }
}

/// Reads and checks one task file. `Err(None)`: it vanished (moved by
/// another process), which is not a problem.
pub fn read_task(
    path: &std::path::Path,
    folder: Folder,
    id: &str,
    token: Option<&str>,
) -> Result<Task, Option<Problem>> {
    let bytes = match fsx::read_bounded(path, MAX_TASK_BYTES) {
        Ok(bytes) => bytes,
        Err(ReadError::Missing) => return Err(None),
        Err(e @ ReadError::NotRegular(_)) => {
            return Err(Some(
                Problem::error(
                    "unsafe",
                    format!(
                        "{}: {}; ignored",
                        path.display(),
                        e.describe(MAX_TASK_BYTES)
                    ),
                )
                .at(path.to_path_buf()),
            ));
        }
        Err(e) => {
            return Err(Some(
                Problem::error(
                    "invalid",
                    format!(
                        "{}: cannot read: {}",
                        path.display(),
                        e.describe(MAX_TASK_BYTES)
                    ),
                )
                .at(path.to_path_buf()),
            ));
        }
    };
    let invalid = |msg: String| {
        Some(Problem::error("invalid", format!("{}: {msg}", path.display())).at(path.to_path_buf()))
    };
    let task = Task::from_json(&bytes).map_err(|e| invalid(format!("invalid task: {e}")))?;
    if task.task_id != id {
        return Err(invalid(format!(
            "the file name says '{id}' but task_id is '{}'",
            task.task_id
        )));
    }
    if !folder.holds(task.status) {
        return Err(invalid(format!(
            "status '{}' does not belong in {}/",
            task.status,
            folder.dir_name()
        )));
    }
    if let Some(token) = token
        && task.lease.as_ref().map(|l| l.token.as_str()) != Some(token)
    {
        return Err(invalid(format!(
            "the file name's claim token '{token}' does not match lease.token"
        )));
    }
    Ok(task)
}
