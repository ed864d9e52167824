//! The replica's bookkeeping, in `.federation/.remote/`:
//!
//! ```text
//! .remote/replica.json   the remote's URL and branch, this machine's name,
//!                        the federation's id (written by `remote set`,
//!                        `clone`; removed by `remote remove`)
//! .remote/synced-at      when the last sync completed (RFC 3339)
//! .remote/git/           the replica: a bare repository fed manages
//! .remote/rejected/      documents that arrived malformed, kept aside
//! .remote/logs/M/        the event log lines other machines published
//! .remote/kept/          config.yaml edits made here that a sync replaced
//! .remote/outbox/        one empty file per document added while the
//!                        remote was unreachable (`task-ID`, `vote-ID`)
//! .remote/sync.lock      locked by the process syncing (one at a time)
//! .remote/push-queue/    pushes waiting for the group commit, and their
//!                        answers (`req-N`, `ans-N`)
//! .remote/push.lock      locked by the process pushing for the group
//! ```
//!
//! What the local directory reflects of each remote ref (its "applied"
//! oid) is not in a file but in the replica's `refs/applied/...`: git's
//! own ref locking keeps it right when several local processes update it
//! at once, where one JSON file would need a lock of its own. `.remote/`
//! is not `.cache/`: deleting it disconnects the federation from its
//! remote. Every file here is written whole (temporary file, fsync,
//! rename, fsync of the folder) and opened without following symlinks.

use crate::error::{Error, Result};
use crate::model::time::{Timestamp, format_time, parse_time};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

pub use crate::store::layout::REMOTE_DIR;
const SETTINGS_FILE: &str = "replica.json";
const SYNCED_FILE: &str = "synced-at";
const MAX_BYTES: u64 = 64 * 1024;

/// What `remote set` or `clone` recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The remote, as given to `git` (URL or path).
    pub url: String,
    /// The branch holding the federation.
    pub branch: String,
    /// This machine's name in log refs and commits; unique per replica.
    pub machine: String,
    /// The id in the remote's `federation.json`, once known.
    #[serde(default)]
    pub federation_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The paths of a federation's remote bookkeeping.
#[derive(Debug, Clone)]
pub struct Paths {
    root: PathBuf,
}

impl Paths {
    /// The bookkeeping of the federation directory `fed_dir`.
    /// The bookkeeping of `fed_dir`, as an absolute path (git runs inside
    /// the replica, where a relative path would name something else).
    pub fn new(fed_dir: &Path) -> Paths {
        let fed_dir = std::path::absolute(fed_dir).unwrap_or_else(|_| fed_dir.to_path_buf());
        Paths {
            root: fed_dir.join(REMOTE_DIR),
        }
    }
    pub fn dir(&self) -> &Path {
        &self.root
    }
    pub fn git_dir(&self) -> PathBuf {
        self.root.join("git")
    }
    pub fn rejected_dir(&self) -> PathBuf {
        self.root.join("rejected")
    }
    /// Edits of `config.yaml` made here that a sync replaced with the
    /// remote's before they were published.
    pub fn kept_dir(&self) -> PathBuf {
        self.root.join("kept")
    }
    /// The copies a sync set aside, by name.
    pub fn rejected(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(self.rejected_dir()) else {
            return Vec::new();
        };
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        found.sort();
        found
    }

    /// Forgets the set-aside copies named `{stem}-COMMIT.{ext}` (the
    /// remote holds a valid version of that document again).
    pub fn clear_rejected(&self, stem: &str, ext: &str) {
        if !self.rejected_dir().exists() {
            return;
        }
        for path in self.rejected() {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let commit = name
                .strip_prefix(stem)
                .and_then(|r| r.strip_prefix('-'))
                .and_then(|r| r.strip_suffix(ext))
                .and_then(|r| r.strip_suffix('.'));
            let ours = commit.is_some_and(|c| {
                c == "unknown" || (c.len() == 12 && c.bytes().all(|b| b.is_ascii_hexdigit()))
            });
            if ours {
                let _ = std::fs::remove_file(&path);
            }
        }
    }

    /// Hints of documents made here while the remote was unreachable.
    pub fn outbox_dir(&self) -> PathBuf {
        self.root.join("outbox")
    }
    /// Held by the process syncing this replica (one sync at a time).
    pub fn sync_lock(&self) -> PathBuf {
        self.root.join("sync.lock")
    }
    /// Requests and answers of the group commit
    /// ([`crate::remote::group`]).
    pub fn push_queue(&self) -> PathBuf {
        self.root.join("push-queue")
    }
    /// Held by the process pushing for the group commit.
    pub fn push_lock(&self) -> PathBuf {
        self.root.join("push.lock")
    }
    /// Marks of first changes of archived documents between their push
    /// and their settle ([`crate::remote::landing`]).
    pub fn landing_dir(&self) -> PathBuf {
        self.root.join("landing")
    }
    fn settings(&self) -> PathBuf {
        self.root.join(SETTINGS_FILE)
    }
    fn synced(&self) -> PathBuf {
        self.root.join(SYNCED_FILE)
    }

    /// The settings; `None` when no remote is set.
    pub fn read_settings(&self) -> Result<Option<Settings>> {
        let path = self.settings();
        let Some(bytes) = read_small(&path)? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Error::invalid(format!("{}: {e}", path.display())))
    }

    pub fn write_settings(&self, settings: &Settings) -> Result<()> {
        self.ensure_dir()?;
        let mut bytes = serde_json::to_vec_pretty(settings).expect("settings serialize");
        bytes.push(b'\n');
        write_atomic(&self.settings(), &bytes)
    }

    /// Forgets the remote: the settings go first (so a half-done removal
    /// leaves a local federation, never a half-connected one), then the
    /// replica and the rest of `.remote/`.
    pub fn remove(&self) -> Result<()> {
        let settings = self.settings();
        match std::fs::remove_file(&settings) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&settings, "remove", &e)),
        }
        match std::fs::remove_dir_all(&self.root) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io(&self.root, "remove", &e)),
        }
    }

    /// When the last sync completed; `None` if never (or unreadable).
    pub fn last_sync(&self) -> Option<Timestamp> {
        let bytes = read_small(&self.synced()).ok()??;
        parse_time(std::str::from_utf8(&bytes).ok()?, "synced-at").ok()
    }

    /// How long ago (by this machine's clock) the last sync completed;
    /// `None` when none did, or the clock went back.
    pub fn synced_ago(&self) -> Option<std::time::Duration> {
        let modified = std::fs::metadata(self.synced()).ok()?.modified().ok()?;
        std::time::SystemTime::now().duration_since(modified).ok()
    }

    /// Records that a sync completed at `at`.
    pub fn record_sync(&self, at: Timestamp) -> Result<()> {
        self.ensure_dir()?;
        write_atomic(&self.synced(), format!("{}\n", format_time(at)).as_bytes())
    }

    /// Creates `.remote/` if needed; refuses one that is not a real folder.
    pub fn ensure_dir(&self) -> Result<()> {
        match std::fs::symlink_metadata(&self.root) {
            Ok(m) if m.is_dir() => Ok(()),
            Ok(_) => Err(Error::invalid(format!(
                "{} is not a directory; refusing to use it",
                self.root.display()
            ))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&self.root).map_err(|e| Error::io(&self.root, "create", &e))
            }
            Err(e) => Err(Error::io(&self.root, "inspect", &e)),
        }
    }
}

/// A name for this machine: its host name cut to letters, digits and
/// `-`, and six random characters (two clones on one host differ).
pub fn new_machine_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let mut name: String = host
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(40)
        .collect();
    name = name.trim_matches('-').to_string();
    if name.is_empty() {
        name = "machine".to_string();
    }
    format!("{name}-{}", crate::model::id::random_base36(6))
}

/// Reads a small regular file without following a symlink; `None` when
/// it does not exist.
fn read_small(path: &Path) -> Result<Option<Vec<u8>>> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path);
    let file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, "open", &e)),
    };
    let meta = file
        .metadata()
        .map_err(|e| Error::io(path, "inspect", &e))?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return Err(Error::invalid(format!(
            "{}: not a regular file of at most {MAX_BYTES} bytes",
            path.display()
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, "read", &e))?;
    Ok(Some(bytes))
}

/// Replaces `path` whole and durably: a new temporary file beside it,
/// fsync, rename over, fsync of the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy(),
        crate::model::id::random_base36(8)
    ));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        std::fs::File::open(dir)?.sync_all()
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, "write", &e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            url: "/srv/fed.git".into(),
            branch: "fed".into(),
            machine: new_machine_name(),
            federation_id: None,
            extra: Map::new(),
        }
    }

    #[test]
    fn settings_round_trip_and_removal_disconnects() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path());
        assert_eq!(paths.read_settings().unwrap(), None);
        let s = settings();
        paths.write_settings(&s).unwrap();
        assert_eq!(paths.read_settings().unwrap(), Some(s));
        assert_eq!(paths.last_sync(), None);
        let at = parse_time("2026-11-21T09:00:00Z", "t").unwrap();
        paths.record_sync(at).unwrap();
        assert_eq!(paths.last_sync(), Some(at));
        paths.remove().unwrap();
        assert_eq!(paths.read_settings().unwrap(), None);
        assert!(!dir.path().join(REMOTE_DIR).exists());
    }

    #[test]
    fn a_symlinked_settings_file_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path());
        paths.ensure_dir().unwrap();
        std::fs::write(dir.path().join("outside.json"), b"{}").unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("outside.json"),
            dir.path().join(REMOTE_DIR).join(SETTINGS_FILE),
        )
        .unwrap();
        assert!(paths.read_settings().is_err());
    }

    #[test]
    fn machine_names_are_valid_ids_and_distinct() {
        let (a, b) = (new_machine_name(), new_machine_name());
        assert_ne!(a, b);
        crate::model::id::validate_id(&a, "machine").unwrap();
    }
}
