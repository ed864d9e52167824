//! The FUSE side: each request runs under the state lock and is answered
//! with zero time-to-live for entries and attributes, and direct I/O for
//! data, so that the kernel caches nothing a cut could make stale.
//!
//! Not implemented, so the kernel falls back or refuses: `O_TMPFILE`
//! (`EOPNOTSUPP`), flock and POSIX locks (kept by the kernel, locally),
//! xattrs (`EOPNOTSUPP`), fallocate (`EOPNOTSUPP`).

use crate::reply::{TTL, empty, entry, err, opened, rename_op, spec};
use crate::state::{SetAttr, Shared, kind_of_mode};
use fuser::{
    AccessFlags, BsdFileFlags, FileHandle, FileType, Filesystem, FopenFlags, Generation, INodeNo,
    LockOwner, OpenFlags, RenameFlags, ReplyAttr, ReplyCreate, ReplyData, ReplyDirectory,
    ReplyEmpty, ReplyEntry, ReplyOpen, ReplyStatfs, ReplyWrite, Request, TimeOrNow, WriteFlags,
};
use std::ffi::OsStr;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

pub struct ForgetFsImpl {
    pub shared: Arc<Shared>,
}

impl Filesystem for ForgetFsImpl {
    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        let state = self.shared.lock();
        entry(
            reply,
            state
                .image
                .lookup(parent.0, name)
                .and_then(|i| state.attr(i)),
        );
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, fh: Option<FileHandle>, reply: ReplyAttr) {
        let state = self.shared.lock();
        let result = match fh {
            Some(fh) => state.handles.get(fh.0, ino.0).map(|_| ()),
            None => Ok(()),
        };
        match result.and_then(|()| state.attr(ino.0)) {
            Ok(attr) => reply.attr(&TTL, &attr),
            Err(e) => reply.error(err(e)),
        }
    }

    fn setattr(
        &self,
        _req: &Request,
        ino: INodeNo,
        mode: Option<u32>,
        uid: Option<u32>,
        gid: Option<u32>,
        size: Option<u64>,
        atime: Option<TimeOrNow>,
        mtime: Option<TimeOrNow>,
        _ctime: Option<SystemTime>,
        fh: Option<FileHandle>,
        _crtime: Option<SystemTime>,
        _chgtime: Option<SystemTime>,
        _bkuptime: Option<SystemTime>,
        _flags: Option<BsdFileFlags>,
        reply: ReplyAttr,
    ) {
        let set = SetAttr {
            mode,
            uid,
            gid,
            size,
            atime,
            mtime,
        };
        let result = self.shared.on("setattr", ino.0, |s, _| {
            s.setattr(ino.0, fh.map(|f| f.0), set)
        });
        match result {
            Ok(attr) => reply.attr(&TTL, &attr),
            Err(e) => reply.error(err(e)),
        }
    }

    fn readlink(&self, _req: &Request, ino: INodeNo, reply: ReplyData) {
        match self.shared.lock().readlink(ino.0) {
            Ok(target) => reply.data(&target),
            Err(e) => reply.error(err(e)),
        }
    }

    fn mknod(
        &self,
        req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        rdev: u32,
        reply: ReplyEntry,
    ) {
        let result = kind_of_mode(mode).and_then(|kind| {
            let mut spec = spec(req, kind, mode);
            spec.rdev = rdev;
            self.shared
                .at("mknod", parent.0, name, |s| s.make(parent.0, name, spec))
        });
        entry(reply, result);
    }

    fn mkdir(
        &self,
        req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        reply: ReplyEntry,
    ) {
        let spec = spec(req, FileType::Directory, mode);
        entry(
            reply,
            self.shared
                .at("mkdir", parent.0, name, |s| s.make(parent.0, name, spec)),
        );
    }

    fn unlink(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        let result = self
            .shared
            .at("unlink", parent.0, name, |s| s.image.unlink(parent.0, name));
        empty(reply, result);
    }

    fn rmdir(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        let result = self
            .shared
            .at("rmdir", parent.0, name, |s| s.image.rmdir(parent.0, name));
        empty(reply, result);
    }

    fn symlink(
        &self,
        req: &Request,
        parent: INodeNo,
        link_name: &OsStr,
        target: &Path,
        reply: ReplyEntry,
    ) {
        let mut spec = spec(req, FileType::Symlink, 0o777);
        spec.symlink = Some(target.as_os_str().to_owned());
        entry(
            reply,
            self.shared.at("symlink", parent.0, link_name, |s| {
                s.make(parent.0, link_name, spec)
            }),
        );
    }

    fn rename(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        newparent: INodeNo,
        newname: &OsStr,
        flags: RenameFlags,
        reply: ReplyEmpty,
    ) {
        let (from, to, bits) = (parent.0, newparent.0, flags.bits());
        let result = self.shared.mutate(
            rename_op(bits),
            |image| {
                let dest = image.child_path(to, newname);
                (image.child_path(from, name), Some(dest))
            },
            |s, _| s.image.rename(from, name, to, newname, bits),
        );
        empty(reply, result);
    }

    fn link(
        &self,
        _req: &Request,
        ino: INodeNo,
        newparent: INodeNo,
        newname: &OsStr,
        reply: ReplyEntry,
    ) {
        let result = self.shared.mutate(
            "link",
            |image| {
                (
                    image.path(ino.0),
                    Some(image.child_path(newparent.0, newname)),
                )
            },
            |s, _| {
                s.image.link(ino.0, newparent.0, newname)?;
                s.attr(ino.0)
            },
        );
        entry(reply, result);
    }

    fn open(&self, _req: &Request, ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        let result = self.shared.lock().open(ino.0);
        opened(reply, result, FopenFlags::FOPEN_DIRECT_IO);
    }

    fn read(
        &self,
        _req: &Request,
        ino: INodeNo,
        fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyData,
    ) {
        let state = self.shared.lock();
        let result = state
            .handles
            .get(fh.0, ino.0)
            .and_then(|_| state.image.read(ino.0, offset, size));
        match result {
            Ok(bytes) => reply.data(bytes),
            Err(e) => reply.error(err(e)),
        }
    }

    fn write(
        &self,
        _req: &Request,
        ino: INodeNo,
        fh: FileHandle,
        offset: u64,
        data: &[u8],
        _write_flags: WriteFlags,
        flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyWrite,
    ) {
        // O_APPEND is applied here: the kernel's idea of the size may be
        // older than ours.
        let append = flags.0 & libc::O_APPEND != 0;
        let result = self.shared.on("write", ino.0, |s, _| {
            s.handles.get(fh.0, ino.0)?;
            s.image.write(ino.0, offset, data, append)
        });
        match result {
            Ok(n) => reply.written(n as u32),
            Err(e) => reply.error(err(e)),
        }
    }

    fn flush(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _lock_owner: LockOwner,
        reply: ReplyEmpty,
    ) {
        reply.ok();
    }

    fn release(
        &self,
        _req: &Request,
        _ino: INodeNo,
        fh: FileHandle,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        _flush: bool,
        reply: ReplyEmpty,
    ) {
        self.shared.lock().handles.release(fh.0);
        reply.ok();
    }

    fn fsync(&self, _req: &Request, ino: INodeNo, fh: FileHandle, _ds: bool, reply: ReplyEmpty) {
        let result = self
            .shared
            .on("fsync", ino.0, |s, model| s.fsync(ino.0, fh.0, model));
        empty(reply, result);
    }

    fn opendir(&self, _req: &Request, ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        let result = self.shared.lock().opendir(ino.0);
        opened(reply, result, FopenFlags::empty());
    }

    fn readdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectory,
    ) {
        let state = self.shared.lock();
        let listing = match state.handles.get(fh.0, ino.0) {
            Ok(handle) => handle.listing.as_deref().unwrap_or_default(),
            Err(e) => return reply.error(err(e)),
        };
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        for (i, e) in listing.iter().enumerate().skip(start) {
            if reply.add(INodeNo(e.ino), (i + 1) as u64, e.kind, &e.name) {
                break;
            }
        }
        reply.ok();
    }

    fn releasedir(
        &self,
        _req: &Request,
        _ino: INodeNo,
        fh: FileHandle,
        _flags: OpenFlags,
        reply: ReplyEmpty,
    ) {
        self.shared.lock().handles.release(fh.0);
        reply.ok();
    }

    fn fsyncdir(&self, _req: &Request, ino: INodeNo, fh: FileHandle, _ds: bool, reply: ReplyEmpty) {
        let result = self
            .shared
            .on("fsyncdir", ino.0, |s, model| s.fsync(ino.0, fh.0, model));
        empty(reply, result);
    }

    fn statfs(&self, _req: &Request, _ino: INodeNo, reply: ReplyStatfs) {
        const BLOCKS: u64 = 1 << 20;
        const FILES: u64 = 1 << 20;
        let used = self.shared.lock().image.count();
        let free = FILES.saturating_sub(used);
        reply.statfs(BLOCKS, BLOCKS / 2, BLOCKS / 2, FILES, free, 4096, 255, 4096);
    }

    fn access(&self, _req: &Request, ino: INodeNo, _mask: AccessFlags, reply: ReplyEmpty) {
        // Permission bits are checked by the kernel (default_permissions);
        // this only tells whether the inode still exists.
        empty(reply, self.shared.lock().image.node(ino.0).map(|_| ()));
    }

    fn create(
        &self,
        req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        flags: i32,
        reply: ReplyCreate,
    ) {
        let spec = spec(req, FileType::RegularFile, mode);
        let result = self.shared.at("create", parent.0, name, |s| {
            s.create(parent.0, name, spec, flags)
        });
        match result {
            Ok((attr, fh)) => reply.created(
                &TTL,
                &attr,
                Generation(0),
                FileHandle(fh),
                FopenFlags::FOPEN_DIRECT_IO,
            ),
            Err(e) => reply.error(err(e)),
        }
    }
}
