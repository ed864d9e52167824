//! forgetfs: an in-memory FUSE filesystem that forgets, at a simulated
//! power cut, everything that was not made durable by fsync, under one of
//! three models of what an fsync makes durable. See README.md.
//!
//! ```no_run
//! use forgetfs::{ForgetFs, Model};
//! let dir = tempfile::tempdir().unwrap();
//! let mount = ForgetFs::mount(dir.path(), Model::Strict).unwrap();
//! std::fs::write(dir.path().join("f"), "lost").unwrap();
//! mount.cut();
//! assert!(!dir.path().join("f").exists());
//! ```

mod control;
mod durable;
mod fs;
mod handles;
mod image;
mod rename;
mod reply;
mod state;

pub use control::{ArmError, OpRecord};

use fuser::{Config, MountOption};
use state::Shared;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

/// What an fsync makes durable, besides the synced inode's own content (a
/// file's data and size, a directory's entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Model {
    /// Nothing more: the POSIX minimum. A new name is durable only once
    /// its directory is fsynced.
    Strict,
    /// The synced inode's names, and those of each directory above it, up
    /// to the root (a rename's old name is dropped, the new one kept).
    FsyncPath,
    /// Every directory change made before the fsync, in every directory
    /// (a journal commit, as on ext4 data=ordered or XFS).
    Journal,
}

impl Model {
    pub const ALL: [Model; 3] = [Model::Strict, Model::FsyncPath, Model::Journal];

    pub fn name(self) -> &'static str {
        match self {
            Model::Strict => "strict",
            Model::FsyncPath => "fsync-path",
            Model::Journal => "journal",
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Model {
    type Err = String;
    fn from_str(s: &str) -> Result<Model, String> {
        Model::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| format!("unknown model {s:?}: strict, fsync-path or journal"))
    }
}

/// How to mount.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub model: Model,
    /// Keep a log of the mutating requests (`Mount::log`).
    pub log: bool,
}

/// The entry point: mounts a new, empty filesystem.
#[derive(Debug)]
pub struct ForgetFs;

impl ForgetFs {
    /// Mounts an empty forgetfs on the existing directory `dir`, served by
    /// a background thread until the `Mount` is unmounted or dropped.
    /// Needs root (it calls mount(2) itself) and /dev/fuse.
    pub fn mount(dir: &Path, model: Model) -> io::Result<Mount> {
        ForgetFs::mount_with(dir, Options { model, log: false })
    }

    pub fn mount_with(dir: &Path, options: Options) -> io::Result<Mount> {
        if !Path::new("/dev/fuse").exists() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                "/dev/fuse does not exist: forgetfs needs the fuse kernel module",
            ));
        }
        let (uid, gid) = (nix::unistd::getuid(), nix::unistd::getgid());
        let shared = Arc::new(Shared::new(
            options.model,
            options.log,
            uid.as_raw(),
            gid.as_raw(),
        ));
        let fs = fs::ForgetFsImpl {
            shared: shared.clone(),
        };
        let mut config = Config::default();
        config.mount_options = vec![
            MountOption::FSName("forgetfs".to_string()),
            MountOption::Subtype("forgetfs".to_string()),
            MountOption::DefaultPermissions,
        ];
        let session = fuser::spawn_mount(fs, dir, &config).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("mounting forgetfs on {}: {e}", dir.display()),
            )
        })?;
        Ok(Mount {
            shared,
            session: Some(session),
            path: dir.to_path_buf(),
        })
    }
}

/// A mounted forgetfs. Dropping it unmounts (lazily if the mount is busy).
pub struct Mount {
    shared: Arc<Shared>,
    session: Option<fuser::BackgroundSession>,
    path: PathBuf,
}

impl fmt::Debug for Mount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mount")
            .field("path", &self.path)
            .field("model", &self.shared.model)
            .finish()
    }
}

impl Mount {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn model(&self) -> Model {
        self.shared.model
    }

    /// The power cut: the live view becomes the durable view (or the view
    /// frozen by `cut_after`), open handles go stale (`EIO`), and the
    /// freeze is lifted. It waits for the request in progress, if any, to
    /// finish, and no request starts before it is done.
    pub fn cut(&self) {
        self.shared.cut();
    }

    /// Mutating requests that succeeded since the mount (a cut does not
    /// reset it): create, mknod, mkdir, symlink, link, unlink, rmdir,
    /// rename, write, setattr, fsync, fsyncdir. One write(2) of more than
    /// the kernel's request size (128 KiB or more) counts once per request.
    pub fn ops_count(&self) -> u64 {
        self.shared.lock().control.count
    }

    /// Arms a cut right after mutating request number `n` (1-based, as
    /// `ops_count`): when request `n` completes, the durable view is frozen
    /// as it is then. Later requests go on in the live view, and their
    /// fsyncs succeed but make nothing durable; the next `cut()` restores
    /// the frozen view, as if the power had gone right after request `n`.
    /// `n == ops_count()` freezes now. Errors if request `n` is past, or the
    /// view is frozen already.
    pub fn cut_after(&self, n: u64) -> Result<(), ArmError> {
        self.shared.lock().control.cut_after(n)
    }

    /// Whether the durable view is frozen (by `cut_after`) until the cut.
    pub fn is_frozen(&self) -> bool {
        self.shared.lock().control.frozen
    }

    /// The mutating requests received so far, failed ones included, and
    /// the cuts, oldest first; empty unless mounted with `Options::log`.
    pub fn log(&self) -> Vec<OpRecord> {
        self.shared.lock().control.log.clone().unwrap_or_default()
    }

    /// Unmounts and waits for the session to end. If the mount is busy it
    /// is detached lazily (it goes away once the last user leaves) and the
    /// error is returned.
    pub fn unmount(mut self) -> io::Result<()> {
        self.unmount_inner()
    }

    fn unmount_inner(&mut self) -> io::Result<()> {
        let Some(session) = self.session.take() else {
            return Ok(());
        };
        session.umount_and_join().inspect_err(|_| {
            let _ = nix::mount::umount2(&self.path, nix::mount::MntFlags::MNT_DETACH);
        })
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = self.unmount_inner();
    }
}

#[cfg(test)]
mod tests;
