//! Failpoints: named steps where the guarantee tests make a `fed` process
//! die or a file operation fail, to prove that nothing is lost or doubled
//! whatever step a crash or a full disk hits.
//!
//! Built only with `--features failpoints` (never in release builds); the
//! `FAILPOINTS` environment variable arms them, with the `fail` crate's
//! syntax, e.g. `FAILPOINTS='fsx::rename=2*off->return(crash)'` lets two
//! renames through and kills the process at the third:
//!
//! - `return(crash)`: abort at once, as `kill -9` would (no destructor,
//!   no cleanup, nothing flushed that was not already);
//! - `return(enospc)`: the step fails as on a full disk;
//! - `return(eio)`: the step fails with an I/O error.
//!
//! The steps are the file primitives of `store::fsx`, so every step of
//! every state-changing operation has one: `fsx::write` and `fsx::fsync`
//! (a new file's content and its flush), `fsx::rename` (a rename, the
//! link that moves a file to its new name, or the link of a process's lock
//! file into view), `fsx::exchange`, `fsx::fsync-dir`, `fsx::unlink` (the
//! old name of a moved file), `fsx::append` (log and history lines).

use std::io;

/// Passes, or acts as the armed failpoint `name` says.
#[cfg(feature = "failpoints")]
pub fn step(name: &str) -> io::Result<()> {
    match fail::eval(name, |arg| arg).flatten().as_deref() {
        None => Ok(()),
        Some("crash") => std::process::abort(),
        Some("enospc") => Err(io::Error::from_raw_os_error(libc::ENOSPC)),
        Some("eio") => Err(io::Error::from_raw_os_error(libc::EIO)),
        Some(other) => Err(io::Error::other(format!(
            "failpoint {name}: unknown action '{other}'"
        ))),
    }
}

/// Without the `failpoints` feature every step passes, at no cost.
#[cfg(not(feature = "failpoints"))]
#[inline(always)]
pub fn step(_name: &str) -> io::Result<()> {
    Ok(())
}
