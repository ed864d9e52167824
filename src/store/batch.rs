//! Changing many task documents at once (a cascading cancel) with the
//! fsyncs of each step shared. Every document goes through the same
//! sequence as in [`txn`](super::txn) (docs/guarantees.md, section 3):
//! taken durably (`.txn/`, then the source folder) before anything builds
//! on it, its new content durable before it is swapped in, published by a
//! link made durable before the `.txn/` name goes. Only the fsyncs are
//! shared: one of `.txn/` and of each folder per batch instead of per
//! document, and the new contents fsynced side by side on several threads,
//! so that the disk merges their flushes. A crash in the middle leaves each
//! document old or new, exactly as a crash between single changes would.
//! A shared federation commits one document at a time (each is pushed to
//! the remote before it is swapped in).
//!
//! The files of the old versions a batch swapped out are written over with
//! the next batch's new versions ([`Spares`]) instead of being removed and
//! new ones created: on ext4 without a journal, creating a file searches
//! past every inode freed in the last minutes, so a cascade freeing and
//! allocating one per document grew quadratically (docs/performance.md).

use super::Store;
use super::txn::Taken;
use super::{sync_dir, sync_parent};
use crate::error::{Error, Kind, Result};
use crate::failpoint::step;
use crate::model::Task;
use crate::store::doc::Document;
use crate::store::layout::TXN_DIR;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// How many files are fsynced at once.
const SYNC_THREADS: usize = 32;

impl Store {
    /// Takes the task files `items` (path, id) into `.txn/`: every rename,
    /// then one fsync of `.txn/` and one of each source folder. For each
    /// item, its taken document, `None` when the file was gone (another
    /// process moved it), or why it could not be taken (nothing changed).
    pub fn take_many(&self, items: &[(PathBuf, String)]) -> Vec<Result<Option<Taken<'_>>>> {
        let ext = <Task as Document>::EXT;
        let names: Vec<Result<Option<PathBuf>>> = items
            .iter()
            .map(|(src, id)| self.take_name(src, id, ext))
            .collect();
        let takes: Vec<(&Path, &str, &str)> = items
            .iter()
            .zip(&names)
            .filter(|(_, name)| matches!(name, Ok(Some(_))))
            .map(|((src, id), _)| (src.as_path(), id.as_str(), ext))
            .collect();
        let durable = self.settle_takes(&takes);
        items
            .iter()
            .zip(names)
            .map(|((src, id), name)| match (name?, &durable) {
                (None, _) => Ok(None),
                (Some(txn), Ok(())) => self.taken(src, id, txn).map(Some),
                (Some(txn), Err(e)) => {
                    self.undo_take(src, id, ext, &txn);
                    Err(Error::new(e.kind, e.message.clone()))
                }
            })
            .collect()
    }

    /// Commits each taken document with its new version, writing the new
    /// versions over `spares` first and leaving the old ones there. The
    /// result of each, in order, as [`Taken::commit`] would give it.
    /// In a shared federation each document goes to the remote first, one
    /// at a time, through [`Taken::commit`]: nothing is shared there.
    pub fn commit_many<'s>(
        &'s self,
        batch: Vec<(Taken<'s>, Task)>,
        spares: &mut Spares,
    ) -> Vec<Result<PathBuf>> {
        if self.is_shared() {
            return batch
                .into_iter()
                .map(|(taken, doc)| taken.commit(&doc))
                .collect();
        }
        let mut results: Vec<Option<Result<PathBuf>>> = (0..batch.len()).map(|_| None).collect();
        // The new contents, written side by side, then fsynced together.
        let mut written = Vec::with_capacity(batch.len());
        for (i, (mut taken, doc)) in batch.into_iter().enumerate() {
            let prepared = taken
                .new_bytes(&doc)
                .and_then(|bytes| Ok((self.write_unsynced(&bytes, spares)?, bytes)));
            match prepared {
                Ok(((tmp, file), bytes)) => written.push((i, taken, doc, bytes, tmp, file)),
                Err(e) => results[i] = Some(Err(e)),
            }
        }
        let files: Vec<&File> = written.iter().map(|w| &w.5).collect();
        let synced = sync_files(&files);
        let mut linked = Vec::with_capacity(written.len());
        // The temporary names now holding the old versions.
        let mut retired = Vec::with_capacity(written.len());
        for ((i, mut taken, doc, bytes, tmp, file), synced) in written.into_iter().zip(synced) {
            drop(file);
            if let Err(e) = synced {
                let _ = std::fs::remove_file(&tmp);
                results[i] = Some(Err(Error::io(&tmp, "write", &e)));
                continue;
            }
            let dest = doc.home(self);
            let swapped = taken.exchange(&tmp);
            if swapped.is_ok() {
                retired.push(tmp);
            } else {
                let _ = std::fs::remove_file(&tmp);
            }
            let outcome = swapped.and_then(|()| taken.link_to(&dest, &doc, &bytes));
            match outcome {
                Ok(None) => linked.push((i, taken, doc, dest)),
                Ok(Some(path)) => results[i] = Some(Ok(path)),
                Err(e) => results[i] = Some(Err(e)),
            }
        }
        // One fsync per destination folder, then the `.txn/` names go.
        let mut folders: BTreeMap<PathBuf, Result<()>> = BTreeMap::new();
        for (_, _, _, dest) in &linked {
            folders
                .entry(dest.parent().unwrap_or(Path::new(".")).to_path_buf())
                .or_insert_with(|| sync_parent(dest));
        }
        for (i, mut taken, doc, dest) in linked {
            let synced = match &folders[dest.parent().unwrap_or(Path::new("."))] {
                Ok(()) => Ok(()),
                Err(e) => Err(Error::new(e.kind, e.message.clone())),
            };
            results[i] = Some(taken.published(&dest, &doc, synced));
        }
        // Once no `.txn/` name can point at an old version after a power
        // cut, its file is free to hold the next batch's new one.
        spares.keep(retired, sync_dir(&self.path(TXN_DIR)).is_ok());
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(Error::new(Kind::Io, "not committed".to_string()))))
            .collect()
    }

    /// A temporary file holding `bytes` (a spare written over, or a new
    /// one), not yet fsynced (the caller fsyncs it before any durable name
    /// points at it).
    fn write_unsynced(&self, bytes: &[u8], spares: &mut Spares) -> Result<(PathBuf, File)> {
        while let Some(path) = spares.files.pop() {
            match write_to(&path, bytes, false) {
                Ok(file) => return Ok((path, file)),
                Err(_) => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        let path = self.tmp_path()?;
        let written = write_to(&path, bytes, true);
        match written {
            Ok(file) => Ok((path, file)),
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                Err(Error::io(&path, "write", &e))
            }
        }
    }
}

/// Writes `bytes` to the file at `path`: a new one (`new`), or an
/// existing one cut to nothing first.
fn write_to(path: &Path, bytes: &[u8], new: bool) -> std::io::Result<File> {
    step("fsx::write")?;
    let mut file = File::options()
        .write(true)
        .create_new(new)
        .truncate(!new)
        .mode(0o644)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)?;
    file.write_all(bytes).map(|()| file)
}

/// Temporary files of this process holding old versions no name in the
/// federation points to any more (not even after a power cut), to be
/// written over by the next batch ([`Store::commit_many`]); removed when
/// dropped (or, after a crash, by recovery with the rest of the dead
/// process's temporary files).
#[derive(Default)]
pub struct Spares {
    files: Vec<PathBuf>,
}

impl Spares {
    /// Keeps `files` as spares when `free` (the names that held them are
    /// durably gone), else removes them.
    fn keep(&mut self, files: Vec<PathBuf>, free: bool) {
        if free {
            self.files.extend(files);
        } else {
            files.iter().for_each(|f| drop(std::fs::remove_file(f)));
        }
    }
}

impl Drop for Spares {
    fn drop(&mut self) {
        let files = std::mem::take(&mut self.files);
        self.keep(files, false);
    }
}

/// fsyncs `files` on up to [`SYNC_THREADS`] threads at once.
fn sync_files(files: &[&File]) -> Vec<std::io::Result<()>> {
    if files.is_empty() {
        return Vec::new();
    }
    let per_thread = files.len().div_ceil(SYNC_THREADS);
    std::thread::scope(|scope| {
        let threads: Vec<_> = files
            .chunks(per_thread)
            .map(|part| {
                let thread = scope.spawn(move || {
                    part.iter()
                        .map(|f| step("fsx::fsync").and_then(|()| f.sync_all()))
                        .collect::<Vec<_>>()
                });
                (part.len(), thread)
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|(n, t)| {
                t.join().unwrap_or_else(|_| {
                    (0..n)
                        .map(|_| Err(std::io::Error::other("fsync thread failed")))
                        .collect()
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::store::fixture::{temp_store, write_pending};
    use crate::store::layout::{Folder, TMP_DIR};
    use std::os::unix::fs::MetadataExt;

    /// Cancels the pending tasks `ids` as one batch; where each went.
    fn cancel(store: &Store, ids: &[&str], spares: &mut Spares) -> Vec<PathBuf> {
        let items: Vec<(PathBuf, String)> = ids
            .iter()
            .map(|id| (store.task_path(Folder::Pending, id, None), id.to_string()))
            .collect();
        let batch = (store.take_many(&items).into_iter())
            .map(|taken| {
                let taken = taken.expect("taken").expect("there");
                let mut doc = taken.doc.clone();
                doc.status = Status::Cancelled;
                (taken, doc)
            })
            .collect();
        (store.commit_many(batch, spares).into_iter())
            .map(|r| r.expect("committed"))
            .collect()
    }

    fn ino(path: &Path) -> u64 {
        std::fs::metadata(path).expect("stat").ino()
    }

    #[test]
    fn a_batch_writes_its_new_versions_over_the_old_versions_of_the_one_before() {
        let (_dir, store) = temp_store();
        for id in ["a", "b", "c", "d"] {
            write_pending(&store, id, &format!("title {id}"));
        }
        let pending = |id| store.task_path(Folder::Pending, id, None);
        let mut old = vec![ino(&pending("a")), ino(&pending("b"))];
        let mut spares = Spares::default();
        cancel(&store, &["a", "b"], &mut spares);
        assert_eq!(spares.files.len(), 2);
        let new = cancel(&store, &["c", "d"], &mut spares);
        let mut reused: Vec<u64> = new.iter().map(|p| ino(p)).collect();
        reused.sort_unstable();
        old.sort_unstable();
        assert_eq!(
            reused, old,
            "c and d are written over a's and b's old files"
        );
        for (path, id) in new.iter().zip(["c", "d"]) {
            let task = Task::parse(&std::fs::read(path).expect("read")).expect("a task");
            assert_eq!(
                (task.task_id.as_str(), task.status),
                (id, Status::Cancelled)
            );
            assert_eq!(task.title, format!("title {id}"));
        }
        let in_tmp = || std::fs::read_dir(store.path(TMP_DIR)).expect("ls").count();
        assert_eq!(in_tmp(), 2, "c's and d's old versions, kept as spares");
        drop(spares);
        assert_eq!(in_tmp(), 0);
    }
}
