//! Open file and directory handles. A cut makes every handle stale: its
//! reads, writes and fsyncs fail with `EIO` from then on, as after a
//! reboot no descriptor survives.

use crate::image::{Image, Ino, Res};
use fuser::FileType;
use std::collections::HashMap;
use std::ffi::OsString;

/// One directory entry as `readdir` returns it.
#[derive(Debug, Clone)]
pub struct DirEntry {
    pub ino: Ino,
    pub kind: FileType,
    pub name: OsString,
}

#[derive(Debug)]
pub struct Handle {
    pub ino: Ino,
    pub stale: bool,
    /// For a directory: its entries when it was opened (with `.` and
    /// `..`), so that offsets stay valid while it changes.
    pub listing: Option<Vec<DirEntry>>,
}

#[derive(Debug, Default)]
pub struct Handles {
    map: HashMap<u64, Handle>,
    next: u64,
}

impl Handles {
    pub fn open(&mut self, ino: Ino, listing: Option<Vec<DirEntry>>) -> u64 {
        self.next += 1;
        self.map.insert(
            self.next,
            Handle {
                ino,
                stale: false,
                listing,
            },
        );
        self.next
    }

    /// The live handle `fh` of inode `ino`: `EIO` once a cut made it stale,
    /// `EBADF` if it is not one of ours.
    pub fn get(&self, fh: u64, ino: Ino) -> Res<&Handle> {
        match self.map.get(&fh) {
            Some(h) if h.stale => Err(libc::EIO),
            Some(h) if h.ino == ino => Ok(h),
            _ => Err(libc::EBADF),
        }
    }

    pub fn release(&mut self, fh: u64) {
        self.map.remove(&fh);
    }

    pub fn stale_all(&mut self) {
        for handle in self.map.values_mut() {
            handle.stale = true;
            handle.listing = None;
        }
    }
}

/// The entries of directory `ino` with `.` and `..` first.
pub fn listing(image: &Image, ino: Ino) -> Res<Vec<DirEntry>> {
    let node = image.node(ino)?;
    let entries = node.entries()?;
    let mut out = vec![
        DirEntry {
            ino,
            kind: FileType::Directory,
            name: ".".into(),
        },
        DirEntry {
            ino: node.parent,
            kind: FileType::Directory,
            name: "..".into(),
        },
    ];
    for (name, &child) in entries {
        let kind = image.node(child).map_or(FileType::RegularFile, |n| n.kind);
        out.push(DirEntry {
            ino: child,
            kind,
            name: name.clone(),
        });
    }
    Ok(out)
}
