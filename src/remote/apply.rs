//! A plain executor of a sync [`Plan`], for tests, tools and a federation
//! no other process is changing at the same moment: it writes files
//! directly (a temporary file renamed into place), then moves the applied
//! refs.
//!
//! It does not take documents through `.txn/`, so it does not hold off a
//! local command changing the same document at the same instant. The
//! store's executor does (see docs/machines.md, "Applying a sync"): it
//! takes the document's current file, checks that its applied ref is
//! still the one planned against, and swaps and publishes the new content.

use crate::error::{Error, Result};
use crate::remote::git::Git;
use crate::remote::layout::DocKind;
use crate::remote::plan::{FileOp, LocalIndex, Plan};
use crate::store::layout::{
    Folder, NameKind, QUEUE_DIR, VOTES_ACTIVE, VOTES_RESOLVED, parse_task_name,
};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path, PathBuf};

/// What an execution did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Applied {
    pub written: usize,
    pub removed: usize,
    pub set_aside: usize,
    /// Steps whose applied refs had moved meanwhile (left for the next sync).
    pub stale_moves: usize,
}

/// Where each task and vote file is in `fed_dir`, by document.
pub fn local_index(fed_dir: &Path) -> Result<LocalIndex> {
    let mut index = LocalIndex::new();
    for folder in Folder::ALL {
        let rel = format!("{QUEUE_DIR}/{}", folder.dir_name());
        for name in names(&fed_dir.join(&rel))? {
            if let NameKind::Task { id, .. } = parse_task_name(folder, &name) {
                index
                    .entry((DocKind::Task, id))
                    .or_default()
                    .push(format!("{rel}/{name}"));
            }
        }
    }
    for rel in [VOTES_ACTIVE, VOTES_RESOLVED] {
        for name in names(&fed_dir.join(rel))? {
            let id = name
                .strip_suffix(".yaml")
                .filter(|id| crate::model::id::validate_id(id, "vote file").is_ok());
            if let Some(id) = id {
                index
                    .entry((DocKind::Vote, id.to_string()))
                    .or_default()
                    .push(format!("{rel}/{name}"));
            }
        }
    }
    Ok(index)
}

fn names(dir: &Path) -> Result<Vec<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, "list", &e)),
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    Ok(names)
}

/// Runs `plan` on `fed_dir`: every step's files, then the ref moves, in
/// one transaction when none has gone stale (one process, however many
/// documents), else step by step.
pub fn execute(fed_dir: &Path, git: &Git, plan: &Plan) -> Result<Applied> {
    let mut done = Applied::default();
    for op in plan.file_ops() {
        run_op(fed_dir, op, &mut done)?;
    }
    let all: Vec<_> = plan
        .steps
        .iter()
        .flat_map(|s| s.moves.iter().cloned())
        .collect();
    if git.update_refs(&all)? {
        return Ok(done);
    }
    for step in &plan.steps {
        if !git.update_refs(&step.moves)? {
            done.stale_moves += 1;
        }
    }
    Ok(done)
}

pub(crate) fn run_op(fed_dir: &Path, op: &FileOp, done: &mut Applied) -> Result<()> {
    match op {
        FileOp::Write { path, bytes } => {
            let path = inside(fed_dir, path)?;
            if read_nofollow(&path).as_deref() != Some(bytes.as_slice()) {
                replace(&path, bytes)?;
                done.written += 1;
            }
        }
        FileOp::Remove { path } => {
            let path = inside(fed_dir, path)?;
            match std::fs::remove_file(&path) {
                Ok(()) => done.removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&path, "remove", &e)),
            }
        }
        FileOp::Extend { path, at, bytes } => extend(&inside(fed_dir, path)?, *at, bytes)?,
        FileOp::Only { dir, files } => {
            let dir = inside(fed_dir, dir)?;
            for (name, bytes) in files {
                let path = inside(&dir, name)?;
                if read_nofollow(&path).as_deref() != Some(bytes.as_slice()) {
                    replace(&path, bytes)?;
                    done.written += 1;
                }
            }
            let keep = |name: &String| files.iter().any(|(n, _)| n == name);
            let mut removed = false;
            for name in names(&dir)? {
                if name.ends_with(".json") && !name.starts_with('.') && !keep(&name) {
                    let path = dir.join(&name);
                    std::fs::remove_file(&path).map_err(|e| Error::io(&path, "remove", &e))?;
                    done.removed += 1;
                    removed = true;
                }
            }
            if removed {
                std::fs::File::open(&dir)
                    .and_then(|d| d.sync_all())
                    .map_err(|e| Error::io(&dir, "fsync", &e))?;
            }
        }
        FileOp::SetAside { path, bytes, .. } => {
            let path = inside(fed_dir, path)?;
            if read_nofollow(&path).is_none() {
                replace(&path, bytes)?;
                done.set_aside += 1;
            }
        }
    }
    Ok(())
}

/// `rel` under `fed_dir`, refusing anything that could leave it.
fn inside(fed_dir: &Path, rel: &str) -> Result<PathBuf> {
    let ok = Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !ok || rel.is_empty() {
        return Err(Error::invalid(format!(
            "refusing to write outside the federation: {rel}"
        )));
    }
    Ok(fed_dir.join(rel))
}

fn read_nofollow(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create", &e))?;
    }
    crate::remote::state::write_atomic(path, bytes)
}

/// Makes `path` hold `bytes` at offset `at`, appending only what is not
/// there yet.
fn extend(path: &Path, at: u64, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create", &e))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| Error::io(path, "open", &e))?;
    let len = f
        .metadata()
        .map_err(|e| Error::io(path, "inspect", &e))?
        .len();
    if len < at {
        return Err(Error::invalid(format!(
            "{}: holds {len} bytes, but the next lines from the remote start at {at}; remove the file and sync again",
            path.display()
        )));
    }
    let have = (len - at) as usize;
    if have < bytes.len() {
        f.write_all(&bytes[have..])
            .map_err(|e| Error::io(path, "append to", &e))?;
        f.sync_data().map_err(|e| Error::io(path, "sync", &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extending_twice_adds_nothing_the_second_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l/log.jsonl");
        extend(&path, 0, b"a\n").unwrap();
        extend(&path, 2, b"b\n").unwrap();
        extend(&path, 0, b"a\n").unwrap();
        extend(&path, 2, b"b\nc\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a\nb\nc\n");
        assert!(extend(&path, 99, b"z\n").is_err());
    }

    #[test]
    fn paths_cannot_leave_the_federation() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x", "/etc/passwd", "", "a/../../b", "./a"] {
            assert!(inside(dir.path(), bad).is_err(), "{bad}");
        }
        assert!(inside(dir.path(), "queue/pending/a.json").is_ok());
    }
}
