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
        let names: Vec<Result<Option<PathBuf>>> = items
            .iter()
            .map(|(src, id)| self.take_name::<Task>(src, id))
            .collect();
        let mut folders: Vec<&Path> = Vec::new();
        for ((src, _), name) in items.iter().zip(&names) {
            if let (Ok(Some(_)), Some(dir)) = (name, src.parent())
                && !folders.contains(&dir)
            {
                folders.push(dir);
            }
        }
        let durable = sync_dir(&self.path(TXN_DIR))
            .and_then(|()| folders.iter().try_for_each(|dir| sync_dir(dir)));
        items
            .iter()
            .zip(names)
            .map(|((src, id), name)| match (name?, &durable) {
                (None, _) => Ok(None),
                (Some(txn), Ok(())) => self.taken(src, id, txn).map(Some),
                (Some(txn), Err(e)) => {
                    let _ = self.move_file(&txn, src);
                    Err(Error::new(e.kind, e.message.clone()))
                }
            })
            .collect()
    }

    /// Commits each taken document with its new version. The result of
    /// each, in order, as [`Taken::commit`] would give it.
    /// In a shared federation each document goes to the remote first, one
    /// at a time, through [`Taken::commit`]: nothing is shared there.
    pub fn commit_many<'s>(&'s self, batch: Vec<(Taken<'s>, Task)>) -> Vec<Result<PathBuf>> {
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
                .and_then(|bytes| Ok((self.write_unsynced(&bytes)?, bytes)));
            match prepared {
                Ok(((tmp, file), bytes)) => written.push((i, taken, doc, bytes, tmp, file)),
                Err(e) => results[i] = Some(Err(e)),
            }
        }
        let files: Vec<&File> = written.iter().map(|w| &w.5).collect();
        let synced = sync_files(&files);
        let mut linked = Vec::with_capacity(written.len());
        for ((i, mut taken, doc, bytes, tmp, file), synced) in written.into_iter().zip(synced) {
            drop(file);
            if let Err(e) = synced {
                let _ = std::fs::remove_file(&tmp);
                results[i] = Some(Err(Error::io(&tmp, "write", &e)));
                continue;
            }
            let dest = doc.home(self);
            let outcome = taken
                .exchange_in(&tmp)
                .and_then(|()| taken.link_to(&dest, &doc, &bytes));
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
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(Error::new(Kind::Io, "not committed".to_string()))))
            .collect()
    }

    /// A new temporary file holding `bytes`, not yet fsynced (the caller
    /// fsyncs it before any durable name points at it).
    fn write_unsynced(&self, bytes: &[u8]) -> Result<(PathBuf, File)> {
        let path = self.tmp_path()?;
        let written = step("fsx::write").and_then(|()| {
            let mut file = File::options()
                .write(true)
                .create_new(true)
                .mode(0o644)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .open(&path)?;
            file.write_all(bytes).map(|()| file)
        });
        match written {
            Ok(file) => Ok((path, file)),
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                Err(Error::io(&path, "write", &e))
            }
        }
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
