//! The store: a federation directory on disk and the only code that
//! touches it.
//!
//! One invariant carries every guarantee: each task has exactly one live
//! file name at any moment, and only a rename of that name changes its
//! state. Changes go through a transaction (see [`txn`]): take the file into
//! `.txn/` with a rename (the exclusive step), swap the new content in with
//! an atomic exchange, publish it with a no-clobber rename. A process killed
//! at any point leaves a file that [`recover`] puts back where its content
//! says it belongs.

pub mod away;
pub mod batch;
pub mod cache;
mod cache_base;
mod cache_clock;
mod cache_examine;
pub mod cache_finished;
mod cache_index;
mod cache_journal;
mod cache_line;
mod cache_miss;
mod cache_tally;
mod cache_write;
pub mod claim_index;
pub mod doc;
mod durable;
pub mod escalations;
pub mod events;
#[cfg(test)]
pub(crate) mod fixture;
pub mod fsx;
pub mod handoffs;
pub mod history;
mod in_flight;
pub mod install;
pub mod layout;
pub mod locate;
pub mod machine_logs;
pub mod markdown;
pub mod outputs;
pub mod publish;
pub mod recent;
pub mod recover;
pub mod scan;
pub mod seen;
mod session;
pub mod snapshot;
pub mod state;
pub mod tail;
pub mod txn;
pub mod votes;
pub mod wake;
pub mod watch;

use crate::config::{Config, DEFAULT_CONFIG, MAX_CONFIG_BYTES};
use crate::error::{Error, Result};
pub(crate) use durable::{MoveError, create_dir_durably, sync_dir, sync_parent};
use layout::{Folder, HANDOFFS_DIR, QUEUE_DIR, TMP_DIR, TXN_DIR, VOTES_ACTIVE, VOTES_RESOLVED};
use session::Session;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

/// An open federation directory.
pub struct Store {
    root: PathBuf,
    session: OnceCell<Session>,
    /// What went wrong after a change landed: for the caller to show, never to fail on.
    warnings: std::cell::RefCell<Vec<String>>,
    /// Where changes are published first when the federation is shared
    /// (see [`publish`]); `None` on one machine.
    publisher: std::cell::RefCell<Option<Box<dyn publish::Publisher>>>,
    /// The markdown log kept after every event (`log.markdown`), from the config.
    markdown: std::cell::RefCell<Option<PathBuf>>,
    /// Listing-cache journal lines held back while a batch of changes runs
    /// (see [`Store::batched`]), and the folder times around moves.
    journal: std::cell::RefCell<cache_journal::Unwritten>,
}

/// Every directory a federation has, parents before children (each is
/// checked to be a real directory, never a symlink).
const DIRS: [&str; 12] = [
    "queue",
    "votes",
    "queue/pending",
    "queue/in-progress",
    "queue/blocked",
    "queue/completed",
    VOTES_ACTIVE,
    VOTES_RESOLVED,
    HANDOFFS_DIR,
    TXN_DIR,
    TMP_DIR,
    cache::CACHE_DIR,
];

const GITIGNORE: &str = "# fed's own scratch space: never commit it\n.txn/\n.tmp/\n.cache/\n# fed's replica of a remote (docs/machines.md)\n.remote/\n";

impl Store {
    /// Opens an existing federation, checking that its folders are real
    /// directories (a planted symlink is refused, never followed).
    pub fn open(root: &Path) -> Result<Store> {
        let meta = std::fs::metadata(root).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::not_found(format!(
                    "no federation at {}: run `fed init` to create one",
                    root.display()
                ))
            } else {
                Error::io(root, "open", &e)
            }
        })?;
        if !meta.is_dir() {
            return Err(Error::invalid(format!(
                "{} is not a directory",
                root.display()
            )));
        }
        if !root.join(QUEUE_DIR).exists() {
            return Err(Error::not_found(format!(
                "{} is not a federation (it has no queue/ folder): run `fed init` to create one",
                root.display()
            )));
        }
        for dir in DIRS {
            let path = root.join(dir);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => {}
                Ok(m) => {
                    return Err(Error::invalid(format!(
                        "{} is {}, not a directory; refusing to use it",
                        path.display(),
                        fsx::kind_of(&m.file_type())
                    )));
                }
                // Folders added by later versions (or lost in git, which
                // drops empty and ignored folders) are recreated; on a
                // read-only checkout reading still works without them.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let _ = create_dir_durably(&path);
                }
                Err(e) => return Err(Error::io(&path, "inspect", &e)),
            }
        }
        Ok(Store {
            root: root.to_path_buf(),
            session: OnceCell::new(),
            warnings: std::cell::RefCell::new(Vec::new()),
            publisher: std::cell::RefCell::new(None),
            markdown: std::cell::RefCell::new(None),
            journal: std::cell::RefCell::default(),
        })
    }

    /// Creates the layout and a commented default config at `root`; keeps
    /// whatever already exists. Returns whether anything was created.
    /// Everything it creates is durable when it returns: each new folder and
    /// file is fsynced into the folder holding it, up to `root`'s parent.
    /// A federation whose folders hide no take is marked swept for this
    /// boot (`recover::takes`).
    pub fn init(root: &Path) -> Result<bool> {
        let mut created = create_dir_durably(root)?;
        for dir in DIRS {
            let path = root.join(dir);
            created |= create_dir_durably(&path)?;
            if !dir.starts_with('.') && dir != "queue" && dir != "votes" {
                let keep = path.join(".gitkeep");
                if !keep.exists() {
                    fsx::write_new(&keep, b"").map_err(|e| Error::io(&keep, "create", &e))?;
                    sync_parent(&keep)?;
                }
            }
        }
        for (name, text) in [
            (layout::CONFIG_FILE, DEFAULT_CONFIG),
            (layout::STATE_FILE, "{\n  \"paused\": false\n}\n"),
            (".gitignore", GITIGNORE),
        ] {
            let path = root.join(name);
            if !path.exists() {
                fsx::write_new(&path, text.as_bytes())
                    .map_err(|e| Error::io(&path, "create", &e))?;
                created = true;
            }
        }
        sync_dir(root)?;
        recover::mark_if_clean(root);
        Ok(created)
    }

    /// Records a warning (see [`Store::take_warnings`]).
    pub fn warn(&self, message: String) {
        self.warnings.borrow_mut().push(message);
    }

    /// The warnings recorded so far, emptied.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut self.warnings.borrow_mut())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn folder_path(&self, folder: Folder) -> PathBuf {
        self.root.join(QUEUE_DIR).join(folder.dir_name())
    }

    pub fn task_path(&self, folder: Folder, id: &str, token: Option<&str>) -> PathBuf {
        self.folder_path(folder)
            .join(layout::task_file_name(folder, id, token))
    }

    /// Where a vote file lives: `votes/active/ID.yaml` or `votes/resolved/ID.yaml`.
    pub fn vote_path(&self, active: bool, id: &str) -> PathBuf {
        let folder = if active { VOTES_ACTIVE } else { VOTES_RESOLVED };
        self.path(folder).join(layout::vote_file_name(id))
    }

    /// Loads `config.yaml` (defaults when it is missing).
    pub fn config(&self) -> Result<Config> {
        let path = self.path(layout::CONFIG_FILE);
        match fsx::read_bounded(&path, MAX_CONFIG_BYTES) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    Error::invalid(format!("{}: the file is not UTF-8 text", path.display()))
                })?;
                let config = Config::parse(&text, &path.display().to_string())?;
                self.keep_markdown_log(config.log.markdown.as_deref().map(|p| self.beside(p)));
                Ok(config)
            }
            Err(fsx::ReadError::Missing) => Ok(Config::default()),
            Err(e) => Err(Error::invalid(format!(
                "{}: cannot read the config: {}",
                path.display(),
                e.describe(MAX_CONFIG_BYTES)
            ))),
        }
    }

    /// A path from the config, relative to the folder holding the
    /// federation (absolute paths as they are).
    pub fn beside(&self, path: &str) -> PathBuf {
        let absolute = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        absolute
            .parent()
            .map_or_else(|| PathBuf::from(path), |p| p.join(path))
    }

    /// Publishes a brand-new document at `dest`, if fed can read it back
    /// ([`doc::writable`]). Where `dest` is its home (not a prepared
    /// handoff), a shared federation publishes it to the remote first.
    pub fn publish_doc<D: doc::Document>(&self, dest: &Path, doc: &D) -> Result<()> {
        let bytes = doc::writable(doc)?;
        let pushed = if dest == doc.home(self) {
            let what = publish::DocRef {
                kind: D::KIND,
                id: doc.id(),
            };
            self.push_doc(what, &bytes, true)?
        } else {
            None
        };
        self.publish_new(dest, &bytes)?;
        if let Some(task) = doc.as_task() {
            self.note_added(dest, task);
        }
        self.settle(pushed);
        Ok(())
    }

    /// Publishes a brand-new file at `dest` (which must not exist): durable
    /// temporary file, no-clobber rename, fsync of the folder.
    pub fn publish_new(&self, dest: &Path, bytes: &[u8]) -> Result<()> {
        let tmp = self.write_tmp(bytes)?;
        let published = self.stamped(&tmp, dest, || fsx::rename_noreplace(&tmp, dest));
        if published.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        match published {
            Ok(()) => sync_parent(dest),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::conflict(
                format!("{} already exists", dest.display()),
            )),
            Err(e) => Err(Error::io(dest, "create", &e)),
        }
    }

    /// Replaces a small bookkeeping file (state.json, metrics.json)
    /// atomically and durably.
    pub fn replace_file(&self, dest: &Path, bytes: &[u8]) -> Result<()> {
        let tmp = self.write_tmp(bytes)?;
        if let Err(e) = fsx::rename_over(&tmp, dest) {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::io(dest, "replace", &e));
        }
        sync_parent(dest)
    }
}

/// Finds the federation: `explicit` (from `--dir` or `FED_DIR`) if given,
/// else the nearest `.federation/` in `cwd` or its ancestors.
pub fn discover(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    for dir in cwd.ancestors() {
        let candidate = dir.join(".federation");
        if candidate.is_dir() {
            return Ok(candidate);
        }
    }
    Err(Error::not_found(format!(
        "no .federation/ in {} or any parent: run `fed init` to create one, or pass --dir",
        cwd.display()
    )))
}
