//! Renames: without clobbering, exchanging, and the fallbacks where a
//! filesystem lacks `renameat2`'s flags (network filesystems).

use super::{cstr, fallbacks_forced};
use crate::failpoint::step;
use std::io;
use std::path::Path;

#[cfg(any(target_os = "linux", target_os = "android"))]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> io::Result<()> {
    if fallbacks_forced() {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    }
    let (from, to) = (cstr(from)?, cstr(to)?);
    // The system call itself: not every C library wraps it (musl before
    // 1.2.4 does not).
    // SAFETY: both arguments are valid NUL-terminated strings.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn renameat2(_: &Path, _: &Path, _: u32) -> io::Result<()> {
    Err(io::Error::from_raw_os_error(libc::EINVAL))
}

fn unsupported(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::ENOTSUP)
    )
}

/// Renames `from` to `to` unless `to` exists (then `AlreadyExists`). Where
/// the filesystem lacks `RENAME_NOREPLACE`, `link` + `unlink` does the same.
pub fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    step("fsx::rename")?;
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const NOREPLACE: libc::c_uint = libc::RENAME_NOREPLACE;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    const NOREPLACE: u32 = 1;
    match renameat2(from, to, NOREPLACE) {
        Err(e) if unsupported(&e) => {
            std::fs::hard_link(from, to)?;
            // Two processes can both link the same source; only the one
            // whose unlink succeeds moved it. The other undoes its link.
            std::fs::remove_file(from).inspect_err(|_| {
                let _ = std::fs::remove_file(to);
            })
        }
        other => other,
    }
}

/// Gives the file at `from` the name `to` as well, unless `to` exists
/// (then `AlreadyExists`): the first half of a durable move (see
/// `Store::move_file`). Where the filesystem has no hard links, renames
/// without clobbering instead. The failpoint step is `fsx::rename`, as for
/// every step that moves a file.
pub fn link_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    match second_name(from, to) {
        Err(e) if no_hard_links(&e) => rename_noreplace(from, to),
        other => other,
    }
}

/// A second name `to` for the file at `from` (a hard link, never over an
/// existing file); unlike [`link_noreplace`], no rename stands in where
/// the filesystem has no hard links (`EPERM` or `ENOTSUP` comes back).
pub fn second_name(from: &Path, to: &Path) -> io::Result<()> {
    step("fsx::rename")?;
    std::fs::hard_link(from, to)
}

/// Whether `e` says the filesystem has no hard links.
pub fn no_hard_links(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::EPERM) | Some(libc::ENOTSUP))
}

/// Renames `from` over `to` (replacing it): for small bookkeeping files
/// that have no other writer's content to protect (state.json).
pub fn rename_over(from: &Path, to: &Path) -> io::Result<()> {
    step("fsx::rename")?;
    std::fs::rename(from, to)
}

/// Atomically swaps the files at `a` and `b`; both must exist (`NotFound`
/// otherwise). Where `RENAME_EXCHANGE` is missing, falls back to checking
/// that `b` exists and renaming `a` over it, which drops `b`'s old content
/// instead of moving it to `a` (see docs/protocol.md).
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    step("fsx::exchange")?;
    if try_exchange(a, b)? {
        return Ok(());
    }
    std::fs::symlink_metadata(b)?;
    std::fs::rename(a, b)
}

/// Swaps the files at `a` and `b` where the filesystem can
/// (`Ok(true)`); `Ok(false)` where `RENAME_EXCHANGE` is missing, having
/// done nothing. For files no guarantee rests on (a cache's base), so no
/// failpoint step.
pub fn try_exchange(a: &Path, b: &Path) -> io::Result<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const EXCHANGE: libc::c_uint = libc::RENAME_EXCHANGE;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    const EXCHANGE: u32 = 2;
    match renameat2(a, b, EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if unsupported(&e) => Ok(false),
        Err(e) => Err(e),
    }
}
