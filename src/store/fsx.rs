//! File primitives the protocol is built from: bounded reads that never
//! follow a symlink or block on a FIFO, durable new files, no-clobber and
//! exchanging renames, directory fsync.
//!
//! Everything returns `io::Result`; callers add the path and the action.
//! The renames are in `fsx/rename.rs`.

mod rename;

pub use rename::*;

use crate::failpoint::step;
use std::ffi::CString;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::Path;

/// Why a bounded read refused a file.
#[derive(Debug)]
pub enum ReadError {
    /// The name does not exist (any more).
    Missing,
    /// A symlink, FIFO, device, socket or directory, described in words.
    NotRegular(&'static str),
    /// Larger than the limit; holds the size found.
    TooLarge(u64),
    Io(io::Error),
}

impl ReadError {
    pub fn describe(&self, limit: u64) -> String {
        match self {
            ReadError::Missing => "it does not exist".to_string(),
            ReadError::NotRegular(kind) => format!("it is {kind}, not a regular file"),
            ReadError::TooLarge(size) => format!("it is {size} bytes; the limit is {limit}"),
            ReadError::Io(e) => crate::error::describe_io(e),
        }
    }
}

/// Describes a non-regular file type in words.
pub fn kind_of(ft: &std::fs::FileType) -> &'static str {
    if ft.is_symlink() {
        "a symlink"
    } else if ft.is_dir() {
        "a directory"
    } else if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_block_device() || ft.is_char_device() {
        "a device node"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "a regular file"
    }
}

/// Reads a regular file of at most `limit` bytes. Never follows a symlink in
/// the last component, never blocks on a FIFO, never reads past the limit.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ENOENT) => ReadError::Missing,
            Some(libc::ELOOP) => ReadError::NotRegular("a symlink"),
            Some(libc::ENXIO) => ReadError::NotRegular("a socket or FIFO"),
            _ => ReadError::Io(e),
        })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens a regular file for reading without following a symlink or
/// blocking on a FIFO; `Ok(None)` when it does not exist.
pub fn open_regular(path: &Path) -> io::Result<Option<File>> {
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC | libc::O_NOCTTY)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !file.metadata()?.file_type().is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok(Some(file))
}

/// Creates `path` (which must not exist), writes `bytes` and fsyncs it.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    step("fsx::write")?;
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o644)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| step("fsx::fsync"))
        .and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Makes the entries of a directory durable.
pub fn fsync_dir(dir: &Path) -> io::Result<()> {
    step("fsx::fsync-dir")?;
    File::open(dir)?.sync_all()
}

fn cstr(path: &Path) -> io::Result<CString> {
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains a NUL byte"))
}

/// Whether the tests force the fallbacks of filesystems without
/// `renameat2` flags (network filesystems): `FED_FORCE_FALLBACKS=1`, read
/// only in builds with failpoints, so that the suites prove those paths.
fn fallbacks_forced() -> bool {
    #[cfg(feature = "failpoints")]
    {
        static FORCED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *FORCED.get_or_init(|| std::env::var_os("FED_FORCE_FALLBACKS").is_some_and(|v| v == "1"))
    }
    #[cfg(not(feature = "failpoints"))]
    false
}

/// Removes the name `path` (a leftover once its file has another name).
pub fn unlink(path: &Path) -> io::Result<()> {
    step("fsx::unlink")?;
    std::fs::remove_file(path)
}

/// Creates `path` (which must not exist) already locked (`flock`, exclusive):
/// no other process can ever see it unlocked while this one holds it.
/// `Ok(None)` when the filesystem cannot create unnamed files (no
/// `O_TMPFILE`); the caller then falls back to a hidden name. The link
/// into view is the `fsx::rename` step for failpoints.
pub fn create_locked(path: &Path) -> io::Result<Option<File>> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let dir = path.parent().unwrap_or(Path::new("."));
        if fallbacks_forced() {
            return Ok(None);
        }
        let file = match OpenOptions::new()
            .write(true)
            .mode(0o644)
            .custom_flags(libc::O_TMPFILE | libc::O_CLOEXEC)
            .open(dir)
        {
            Ok(file) => file,
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EOPNOTSUPP) | Some(libc::EINVAL) | Some(libc::EISDIR)
                ) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        file.try_lock().map_err(io::Error::other)?;
        step("fsx::rename")?;
        let proc_path = cstr(Path::new(&format!("/proc/self/fd/{}", file.as_raw_fd())))?;
        let dest = cstr(path)?;
        // SAFETY: both paths are valid NUL-terminated strings.
        let rc = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                proc_path.as_ptr(),
                libc::AT_FDCWD,
                dest.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if rc == 0 {
            Ok(Some(file))
        } else {
            let e = io::Error::last_os_error();
            match e.raw_os_error() {
                // No /proc here: the caller falls back to a hidden name.
                Some(libc::ENOENT) if !Path::new("/proc/self/fd").exists() => Ok(None),
                _ => Err(e),
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        Ok(None)
    }
}

/// Appends one line with a single `write` on an `O_APPEND` descriptor, so
/// concurrent appenders never interleave inside a line.
pub fn append_line(path: &Path, line: &[u8], durable: bool) -> io::Result<()> {
    step("fsx::append")?;
    let open = |create_new: bool| {
        OpenOptions::new()
            .read(true)
            .append(true)
            .create_new(create_new)
            .mode(0o644)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
            .open(path)
    };
    // A file this call creates must be fsynced into its folder too.
    let (mut file, created) = match open(false) {
        Ok(file) => (file, false),
        Err(e) if e.kind() == io::ErrorKind::NotFound => match open(true) {
            Ok(file) => (file, true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => (open(false)?, false),
            Err(e) => return Err(e),
        },
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    // A second name may be outside the federation: never write through it.
    if meta.nlink() > 1 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "it has {} hard links, and one may lead out of the federation; refusing to write through it",
                meta.nlink()
            ),
        ));
    }
    // Appenders take turns (the lock goes with the descriptor), so that the
    // check below never sees another's line half written.
    file.lock()?;
    let meta = file.metadata()?;
    // A line cut short by an earlier failed write must not swallow this one.
    let torn = meta.len() > 0 && {
        let mut last = [0u8; 1];
        std::os::unix::fs::FileExt::read_at(&file, &mut last, meta.len() - 1)? == 1
            && last[0] != b'\n'
    };
    if torn {
        let mut fresh = Vec::with_capacity(line.len() + 1);
        fresh.push(b'\n');
        fresh.extend_from_slice(line);
        file.write_all(&fresh)?;
    } else {
        file.write_all(line)?;
    }
    if durable {
        file.sync_data()?;
        if created {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            fsync_dir(dir.unwrap_or(Path::new(".")))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noreplace_refuses_existing_target() {
        let dir = tempdir();
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::fs::write(&a, "a").unwrap();
        std::fs::write(&b, "b").unwrap();
        let err = rename_noreplace(&a, &b).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&b).unwrap(), b"b");
        std::fs::remove_file(&b).unwrap();
        rename_noreplace(&a, &b).unwrap();
        assert!(!a.exists());
    }

    #[test]
    fn exchange_swaps_and_needs_both() {
        let dir = tempdir();
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::fs::write(&a, "a").unwrap();
        assert_eq!(
            exchange(&a, &b).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
        std::fs::write(&b, "b").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"b");
        assert_eq!(std::fs::read(&b).unwrap(), b"a");
    }

    #[test]
    fn bounded_read_refuses_symlinks_fifos_and_big_files() {
        let dir = tempdir();
        let target = dir.join("t");
        std::fs::write(&target, "x".repeat(100)).unwrap();
        std::os::unix::fs::symlink(&target, dir.join("l")).unwrap();
        assert!(matches!(
            read_bounded(&dir.join("l"), 1000),
            Err(ReadError::NotRegular(_))
        ));
        assert!(matches!(
            read_bounded(&target, 10),
            Err(ReadError::TooLarge(100))
        ));
        assert!(matches!(
            read_bounded(&dir.join("none"), 10),
            Err(ReadError::Missing)
        ));
        let fifo = cstr(&dir.join("f")).unwrap();
        // SAFETY: fifo is a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        assert!(matches!(
            read_bounded(&dir.join("f"), 10),
            Err(ReadError::NotRegular(_))
        ));
        assert_eq!(read_bounded(&target, 100).unwrap().len(), 100);
    }

    fn tempdir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "fed-fsx-{}-{}",
            std::process::id(),
            crate::model::id::random_base36(8)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
