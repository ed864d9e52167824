//! The state behind one mount, shared by the FUSE session thread and the
//! `Mount` handle, and the request logic on it (errno in, errno out; the
//! replies are in `fs.rs`).

use crate::Model;
use crate::control::Control;
use crate::handles::{Handles, listing};
use crate::image::{Body, Image, Ino, NewNode, Res};
use fuser::{FileAttr, FileType, INodeNo, TimeOrNow};
use std::ffi::OsStr;
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

pub struct State {
    pub image: Image,
    pub control: Control,
    pub handles: Handles,
}

/// Everything one lock covers: each request runs whole under it, and so
/// does a cut, which is therefore atomic with respect to requests.
pub struct Shared {
    pub state: Mutex<State>,
    pub model: Model,
}

/// Paths of a request for the log: its path, and a destination.
pub type Paths = (String, Option<String>);

impl Shared {
    pub fn new(model: Model, log: bool, uid: u32, gid: u32) -> Shared {
        Shared {
            state: Mutex::new(State {
                image: Image::new(uid, gid),
                control: Control::new(log),
                handles: Handles::default(),
            }),
            model,
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs a mutating request: counts it if it succeeds, freezes the
    /// durable view if it is the armed one, and logs it.
    pub fn mutate<T>(
        &self,
        op: &'static str,
        paths: impl FnOnce(&Image) -> Paths,
        run: impl FnOnce(&mut State, Model) -> Res<T>,
    ) -> Res<T> {
        let mut state = self.lock();
        let paths = state.control.logging().then(|| paths(&state.image));
        let result = run(&mut state, self.model);
        let errno = result.as_ref().err().copied().unwrap_or(0);
        state.control.finish(op, paths, errno);
        result
    }

    /// The power cut.
    pub fn cut(&self) {
        let mut state = self.lock();
        state.image.cut();
        state.handles.stale_all();
        state.control.after_cut();
    }
}

impl State {
    pub fn attr(&self, ino: Ino) -> Res<FileAttr> {
        let node = self.image.node(ino)?;
        let size = node.size();
        Ok(FileAttr {
            ino: INodeNo(ino),
            size,
            blocks: size.div_ceil(512),
            atime: node.atime,
            mtime: node.mtime,
            ctime: node.ctime,
            crtime: node.ctime,
            kind: node.kind,
            perm: node.perm,
            nlink: self.image.nlink(ino)?,
            uid: node.uid,
            gid: node.gid,
            rdev: node.rdev,
            blksize: 4096,
            flags: 0,
        })
    }

    /// Creates a node and returns its attributes.
    pub fn make(&mut self, dir: Ino, name: &OsStr, spec: NewNode) -> Res<FileAttr> {
        let ino = self.image.create(dir, name, spec)?;
        self.attr(ino)
    }

    /// open(2) with `O_CREAT`: a new file, or (without `O_EXCL`) the
    /// existing one, truncated on `O_TRUNC`. Returns its attributes and a
    /// new handle.
    pub fn create(
        &mut self,
        dir: Ino,
        name: &OsStr,
        spec: NewNode,
        flags: i32,
    ) -> Res<(FileAttr, u64)> {
        let ino = match self.image.lookup(dir, name) {
            Ok(_) if flags & libc::O_EXCL != 0 => return Err(libc::EEXIST),
            Ok(ino) => {
                if self.image.node(ino)?.is_dir() {
                    return Err(libc::EISDIR);
                }
                if flags & libc::O_TRUNC != 0 {
                    self.image.truncate(ino, 0)?;
                }
                ino
            }
            Err(libc::ENOENT) => self.image.create(dir, name, spec)?,
            Err(e) => return Err(e),
        };
        let fh = self.handles.open(ino, None);
        Ok((self.attr(ino)?, fh))
    }

    pub fn open(&mut self, ino: Ino) -> Res<u64> {
        if self.image.node(ino)?.is_dir() {
            return Err(libc::EISDIR);
        }
        Ok(self.handles.open(ino, None))
    }

    pub fn opendir(&mut self, ino: Ino) -> Res<u64> {
        let entries = listing(&self.image, ino)?;
        Ok(self.handles.open(ino, Some(entries)))
    }

    /// chmod, chown, truncate, utimes (`fh` set for an ftruncate).
    pub fn setattr(&mut self, ino: Ino, fh: Option<u64>, set: SetAttr) -> Res<FileAttr> {
        if let Some(fh) = fh {
            self.handles.get(fh, ino)?;
        }
        if let Some(size) = set.size {
            self.image.truncate(ino, size)?;
        }
        let node = self.image.node_mut(ino)?;
        if let Some(mode) = set.mode {
            node.perm = (mode & 0o7777) as u16;
        }
        node.uid = set.uid.unwrap_or(node.uid);
        node.gid = set.gid.unwrap_or(node.gid);
        let now = SystemTime::now();
        let time = |t: TimeOrNow| match t {
            TimeOrNow::SpecificTime(t) => t,
            TimeOrNow::Now => now,
        };
        if let Some(t) = set.atime {
            node.atime = time(t);
        }
        if let Some(t) = set.mtime {
            node.mtime = time(t);
        }
        node.ctime = now;
        self.attr(ino)
    }

    /// fsync / fdatasync / fsync of a directory, through handle `fh`.
    /// While the durable view is frozen it succeeds and changes nothing.
    pub fn fsync(&mut self, ino: Ino, fh: u64, model: Model) -> Res<()> {
        self.handles.get(fh, ino)?;
        if self.control.frozen {
            return Ok(());
        }
        self.image.sync(ino, model)
    }

    pub fn readlink(&self, ino: Ino) -> Res<Vec<u8>> {
        use std::os::unix::ffi::OsStrExt;
        match &self.image.node(ino)?.body {
            Body::Symlink(target) => Ok(target.as_bytes().to_vec()),
            _ => Err(libc::EINVAL),
        }
    }
}

/// The attributes a setattr request changes.
pub struct SetAttr {
    pub mode: Option<u32>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    pub size: Option<u64>,
    pub atime: Option<TimeOrNow>,
    pub mtime: Option<TimeOrNow>,
}

/// The kind of node a mknod mode asks for.
pub fn kind_of_mode(mode: u32) -> Res<FileType> {
    match mode & libc::S_IFMT {
        libc::S_IFREG | 0 => Ok(FileType::RegularFile),
        libc::S_IFIFO => Ok(FileType::NamedPipe),
        libc::S_IFSOCK => Ok(FileType::Socket),
        libc::S_IFCHR => Ok(FileType::CharDevice),
        libc::S_IFBLK => Ok(FileType::BlockDevice),
        _ => Err(libc::EINVAL),
    }
}

impl Shared {
    /// A mutating request about the name `name` in `dir`.
    pub fn at<T>(
        &self,
        op: &'static str,
        dir: Ino,
        name: &OsStr,
        run: impl FnOnce(&mut State) -> Res<T>,
    ) -> Res<T> {
        self.mutate(
            op,
            |image| (image.child_path(dir, name), None),
            |state, _| run(state),
        )
    }

    /// A mutating request about inode `ino`.
    pub fn on<T>(
        &self,
        op: &'static str,
        ino: Ino,
        run: impl FnOnce(&mut State, Model) -> Res<T>,
    ) -> Res<T> {
        self.mutate(op, |image| (image.path(ino), None), run)
    }
}
