//! The in-memory filesystem image: inodes with a live and a durable side.
//!
//! A regular file keeps its live `data` and its last synced copy `synced`;
//! a directory keeps its live entries and its last synced entries. Every
//! change here touches the live side only; `durable.rs` copies live to
//! durable (the fsync models) and durable to live (the cut).
//!
//! Errors are plain errno values (`libc::E*`), turned into replies by
//! `fs.rs`.

use fuser::FileType;
use std::collections::{BTreeMap, HashMap};
use std::ffi::{OsStr, OsString};
use std::time::SystemTime;

pub type Ino = u64;
/// An errno value.
pub type Errno = i32;
pub type Res<T> = Result<T, Errno>;

pub const ROOT: Ino = 1;
/// The longest name accepted, as reported by statfs.
pub const NAME_MAX: usize = 255;

/// Directory entries: name -> inode.
pub type Entries = BTreeMap<OsString, Ino>;

#[derive(Debug, Clone)]
pub enum Body {
    File {
        data: Vec<u8>,
        synced: Vec<u8>,
    },
    Dir {
        live: Entries,
        durable: Entries,
    },
    Symlink(OsString),
    /// FIFOs, sockets and device nodes: no content.
    Special,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: FileType,
    pub body: Body,
    pub perm: u16,
    pub uid: u32,
    pub gid: u32,
    pub rdev: u32,
    pub atime: SystemTime,
    pub mtime: SystemTime,
    pub ctime: SystemTime,
    /// Live names of this inode.
    pub links: u32,
    /// The directory of its latest live name (a directory's `..`), and
    /// that name: for logs and `..` only.
    pub parent: Ino,
    pub name: OsString,
}

/// What a new inode is made of (see `Image::create`).
pub struct NewNode {
    pub kind: FileType,
    pub perm: u16,
    pub uid: u32,
    pub gid: u32,
    pub rdev: u32,
    pub symlink: Option<OsString>,
}

impl Node {
    fn new(spec: NewNode) -> Node {
        let now = SystemTime::now();
        let body = match spec.kind {
            FileType::RegularFile => Body::File {
                data: Vec::new(),
                synced: Vec::new(),
            },
            FileType::Directory => Body::Dir {
                live: Entries::new(),
                durable: Entries::new(),
            },
            FileType::Symlink => Body::Symlink(spec.symlink.unwrap_or_default()),
            _ => Body::Special,
        };
        Node {
            kind: spec.kind,
            body,
            perm: spec.perm,
            uid: spec.uid,
            gid: spec.gid,
            rdev: spec.rdev,
            atime: now,
            mtime: now,
            ctime: now,
            links: 0,
            parent: ROOT,
            name: OsString::new(),
        }
    }

    /// Size as `stat` reports it.
    pub fn size(&self) -> u64 {
        match &self.body {
            Body::File { data, .. } => data.len() as u64,
            Body::Dir { live, .. } => live.len() as u64,
            Body::Symlink(target) => target.len() as u64,
            Body::Special => 0,
        }
    }

    pub fn entries(&self) -> Res<&Entries> {
        match &self.body {
            Body::Dir { live, .. } => Ok(live),
            _ => Err(libc::ENOTDIR),
        }
    }

    pub(crate) fn entries_mut(&mut self) -> Res<&mut Entries> {
        match &mut self.body {
            Body::Dir { live, .. } => Ok(live),
            _ => Err(libc::ENOTDIR),
        }
    }

    pub fn is_dir(&self) -> bool {
        self.kind == FileType::Directory
    }

    pub fn touch(&mut self) {
        let now = SystemTime::now();
        self.mtime = now;
        self.ctime = now;
    }
}

#[derive(Debug)]
pub struct Image {
    pub nodes: HashMap<Ino, Node>,
    next: Ino,
}

impl Image {
    /// An empty filesystem: a root directory, owned by `uid`:`gid`, whose
    /// (empty) entries are durable.
    pub fn new(uid: u32, gid: u32) -> Image {
        let mut root = Node::new(NewNode {
            kind: FileType::Directory,
            perm: 0o755,
            uid,
            gid,
            rdev: 0,
            symlink: None,
        });
        root.links = 1;
        let mut nodes = HashMap::new();
        nodes.insert(ROOT, root);
        Image {
            nodes,
            next: ROOT + 1,
        }
    }

    /// The inode, or `ESTALE` when it no longer exists (forgotten by a cut).
    pub fn node(&self, ino: Ino) -> Res<&Node> {
        self.nodes.get(&ino).ok_or(libc::ESTALE)
    }

    pub fn node_mut(&mut self, ino: Ino) -> Res<&mut Node> {
        self.nodes.get_mut(&ino).ok_or(libc::ESTALE)
    }

    /// The inode named `name` in directory `dir`.
    pub fn lookup(&self, dir: Ino, name: &OsStr) -> Res<Ino> {
        check_name(name)?;
        self.node(dir)?
            .entries()?
            .get(name)
            .copied()
            .ok_or(libc::ENOENT)
    }

    /// The entries of a directory that may get new names: `ENOENT` once
    /// it has been removed.
    pub fn live_dir(&self, dir: Ino) -> Res<&Entries> {
        let node = self.node(dir)?;
        let entries = node.entries()?;
        if node.links == 0 {
            return Err(libc::ENOENT);
        }
        Ok(entries)
    }

    /// Creates a new inode named `name` in `dir`; `EEXIST` if taken.
    pub fn create(&mut self, dir: Ino, name: &OsStr, spec: NewNode) -> Res<Ino> {
        check_name(name)?;
        if self.live_dir(dir)?.contains_key(name) {
            return Err(libc::EEXIST);
        }
        let ino = self.next;
        self.next += 1;
        self.nodes.insert(ino, Node::new(spec));
        self.add_entry(dir, name, ino)?;
        Ok(ino)
    }

    /// A new name for an existing non-directory.
    pub fn link(&mut self, ino: Ino, dir: Ino, name: &OsStr) -> Res<()> {
        check_name(name)?;
        if self.node(ino)?.is_dir() {
            return Err(libc::EPERM);
        }
        if self.live_dir(dir)?.contains_key(name) {
            return Err(libc::EEXIST);
        }
        self.add_entry(dir, name, ino)?;
        self.node_mut(ino)?.ctime = SystemTime::now();
        Ok(())
    }

    /// Removes the name of a non-directory.
    pub fn unlink(&mut self, dir: Ino, name: &OsStr) -> Res<()> {
        let ino = self.lookup(dir, name)?;
        if self.node(ino)?.is_dir() {
            return Err(libc::EISDIR);
        }
        self.remove_entry(dir, name)?;
        self.node_mut(ino)?.ctime = SystemTime::now();
        Ok(())
    }

    /// Removes an empty directory.
    pub fn rmdir(&mut self, dir: Ino, name: &OsStr) -> Res<()> {
        let ino = self.lookup(dir, name)?;
        let node = self.node(ino)?;
        if !node.entries()?.is_empty() {
            return Err(libc::ENOTEMPTY);
        }
        self.remove_entry(dir, name)?;
        Ok(())
    }

    /// Links `ino` as `name` in `dir` (which must not have it).
    pub(crate) fn add_entry(&mut self, dir: Ino, name: &OsStr, ino: Ino) -> Res<()> {
        let parent = self.node_mut(dir)?;
        parent.entries_mut()?.insert(name.to_owned(), ino);
        parent.touch();
        let node = self.node_mut(ino)?;
        node.links += 1;
        node.parent = dir;
        node.name = name.to_owned();
        Ok(())
    }

    /// Unlinks `name` from `dir`, returning the inode it named.
    pub(crate) fn remove_entry(&mut self, dir: Ino, name: &OsStr) -> Res<Ino> {
        let parent = self.node_mut(dir)?;
        let ino = parent.entries_mut()?.remove(name).ok_or(libc::ENOENT)?;
        parent.touch();
        let node = self.node_mut(ino)?;
        node.links = node.links.saturating_sub(1);
        Ok(ino)
    }

    /// Writes `bytes` at `offset` (or at the end when `append`), returning
    /// the number of bytes written.
    pub fn write(&mut self, ino: Ino, offset: u64, bytes: &[u8], append: bool) -> Res<usize> {
        let node = self.node_mut(ino)?;
        let Body::File { data, .. } = &mut node.body else {
            return Err(libc::EINVAL);
        };
        let start = if append { data.len() } else { to_len(offset)? };
        let end = start.checked_add(bytes.len()).ok_or(libc::EFBIG)?;
        if data.len() < end {
            data.resize(end, 0);
        }
        data[start..end].copy_from_slice(bytes);
        node.touch();
        Ok(bytes.len())
    }

    /// Sets the live size of a regular file.
    pub fn truncate(&mut self, ino: Ino, size: u64) -> Res<()> {
        let size = to_len(size)?;
        let node = self.node_mut(ino)?;
        match &mut node.body {
            Body::File { data, .. } => data.resize(size, 0),
            Body::Dir { .. } => return Err(libc::EISDIR),
            _ => return Err(libc::EINVAL),
        }
        node.touch();
        Ok(())
    }

    /// Up to `size` bytes of live data from `offset`.
    pub fn read(&self, ino: Ino, offset: u64, size: u32) -> Res<&[u8]> {
        let Body::File { data, .. } = &self.node(ino)?.body else {
            return Err(libc::EISDIR);
        };
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(data.len());
        let end = start.saturating_add(size as usize).min(data.len());
        Ok(&data[start..end])
    }

    /// `nlink` as `stat` reports it: 2 + subdirectories for a directory.
    pub fn nlink(&self, ino: Ino) -> Res<u32> {
        let node = self.node(ino)?;
        if !node.is_dir() || node.links == 0 {
            return Ok(node.links);
        }
        let subdirs = node
            .entries()?
            .values()
            .filter(|i| self.nodes.get(i).is_some_and(Node::is_dir))
            .count();
        Ok(2 + subdirs as u32)
    }

    /// The inode's latest live path from the root, for logs.
    pub fn path(&self, ino: Ino) -> String {
        let mut parts = Vec::new();
        let mut at = ino;
        while at != ROOT && parts.len() < 256 {
            match self.nodes.get(&at) {
                Some(node) => {
                    parts.push(node.name.to_string_lossy().into_owned());
                    at = node.parent;
                }
                None => {
                    parts.push(format!("<ino {at}>"));
                    break;
                }
            }
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }

    /// `path(dir)` joined with `name`.
    pub fn child_path(&self, dir: Ino, name: &OsStr) -> String {
        let base = self.path(dir);
        let sep = if base.ends_with('/') { "" } else { "/" };
        format!("{base}{sep}{}", name.to_string_lossy())
    }

    /// Number of inodes, for statfs.
    pub fn count(&self) -> u64 {
        self.nodes.len() as u64
    }
}

fn to_len(n: u64) -> Res<usize> {
    usize::try_from(n).map_err(|_| libc::EFBIG)
}

/// Refuses empty, overlong and path-like names.
pub fn check_name(name: &OsStr) -> Res<()> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = name.as_bytes();
    if bytes.len() > NAME_MAX {
        return Err(libc::ENAMETOOLONG);
    }
    if bytes.is_empty() || bytes == b"." || bytes == b".." || bytes.contains(&b'/') {
        return Err(libc::EINVAL);
    }
    Ok(())
}
