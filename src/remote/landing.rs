//! Marks of a change landing: from before the push of a new document, or
//! of the first change of one that has no live ref (one in the archive),
//! until its settle, `.remote/landing/KIND-ID` exists.
//!
//! A sync installs such a document (an archive entry new to this
//! directory, or a live ref it has not applied) only while it has no
//! applied live ref. A local command making or changing it pushes,
//! publishes here, and only then settles: a sync installing the remote's
//! version in between would, for a new document, publish it first and
//! make the command's own publish fail (the name is taken), and, for an
//! archived one, put the archived version over the newer one, under an
//! applied ref that then says the newer. The mark closes both windows:
//! the sync's executor leaves a marked document for the next sync, by
//! when the command has published and settled.
//!
//! A mark outlives its process only when that process was killed; one
//! older than [`STALE`] (far longer than git's time limit on a push) is
//! no one's and is ignored (and removed).

use crate::error::{Error, Result};
use crate::remote::layout::DocKind;
use crate::remote::state::Paths;
use std::path::PathBuf;
use std::time::Duration;

/// How old a mark must be to count as left by a killed process.
pub const STALE: Duration = Duration::from_secs(300);

/// A mark, removed when dropped.
#[derive(Debug)]
pub struct Mark {
    path: PathBuf,
}

impl Drop for Mark {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Marks document `id` as landing (no flush: a power cut stops its
/// process, and a mark only holds a sync back).
pub fn mark(paths: &Paths, kind: DocKind, id: &str) -> Result<Mark> {
    let dir = paths.landing_dir();
    let path = dir.join(name(kind, id));
    let create = || std::fs::write(&path, b"");
    if let Err(e) = create() {
        if e.kind() != std::io::ErrorKind::NotFound {
            return Err(Error::io(&path, "create", &e));
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, "create", &e))?;
        create().map_err(|e| Error::io(&path, "create", &e))?;
    }
    Ok(Mark { path })
}

/// Whether a live process is landing a change of document `id`.
pub fn is_marked(paths: &Paths, kind: DocKind, id: &str) -> bool {
    let path = paths.landing_dir().join(name(kind, id));
    let Ok(meta) = std::fs::metadata(&path) else {
        return false;
    };
    let stale = meta
        .modified()
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE);
    if stale {
        let _ = std::fs::remove_file(&path);
    }
    !stale
}

fn name(kind: DocKind, id: &str) -> String {
    format!("{}-{id}", kind.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_lives_as_long_as_its_guard() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path());
        assert!(!is_marked(&paths, DocKind::Task, "t-1"));
        let held = mark(&paths, DocKind::Task, "t-1").unwrap();
        assert!(is_marked(&paths, DocKind::Task, "t-1"));
        assert!(!is_marked(&paths, DocKind::Vote, "t-1"));
        drop(held);
        assert!(!is_marked(&paths, DocKind::Task, "t-1"));
        // One left by a killed process long ago is no one's.
        let left = mark(&paths, DocKind::Task, "t-2").unwrap();
        let file = std::fs::File::options()
            .write(true)
            .open(paths.landing_dir().join("task-t-2"))
            .unwrap();
        let old = std::time::SystemTime::now() - STALE - Duration::from_secs(1);
        file.set_modified(old).unwrap();
        std::mem::forget(left);
        assert!(!is_marked(&paths, DocKind::Task, "t-2"));
        assert!(!paths.landing_dir().join("task-t-2").exists());
    }
}
