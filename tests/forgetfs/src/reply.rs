//! Turning results into FUSE replies, and what requests are made of.

use crate::image::{Errno, NewNode, Res};
use crate::rename::{EXCHANGE, NOREPLACE};
use fuser::{
    Errno as FuseErrno, FileAttr, FileHandle, FileType, FopenFlags, Generation, ReplyEmpty,
    ReplyEntry, ReplyOpen, Request,
};
use std::time::Duration;

/// Nothing is cached by the kernel: after a cut it must ask again.
pub const TTL: Duration = Duration::ZERO;

pub fn err(e: Errno) -> FuseErrno {
    FuseErrno::from_i32(e)
}

pub fn entry(reply: ReplyEntry, result: Res<FileAttr>) {
    match result {
        Ok(attr) => reply.entry(&TTL, &attr, Generation(0)),
        Err(e) => reply.error(err(e)),
    }
}

pub fn empty(reply: ReplyEmpty, result: Res<()>) {
    match result {
        Ok(()) => reply.ok(),
        Err(e) => reply.error(err(e)),
    }
}

pub fn opened(reply: ReplyOpen, result: Res<u64>, flags: FopenFlags) {
    match result {
        Ok(fh) => reply.opened(FileHandle(fh), flags),
        Err(e) => reply.error(err(e)),
    }
}

pub fn spec(req: &Request, kind: FileType, mode: u32) -> NewNode {
    NewNode {
        kind,
        perm: (mode & 0o7777) as u16,
        uid: req.uid(),
        gid: req.gid(),
        rdev: 0,
        symlink: None,
    }
}

pub fn rename_op(flags: u32) -> &'static str {
    if flags & EXCHANGE != 0 {
        "rename-exchange"
    } else if flags & NOREPLACE != 0 {
        "rename-noreplace"
    } else {
        "rename"
    }
}
