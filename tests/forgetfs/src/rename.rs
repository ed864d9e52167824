//! rename(2) and renameat2(2) with `RENAME_NOREPLACE` and
//! `RENAME_EXCHANGE`, on the live side of the image.

use crate::image::{Image, Ino, ROOT, Res, check_name};
use std::ffi::OsStr;
use std::time::SystemTime;

pub const NOREPLACE: u32 = libc::RENAME_NOREPLACE;
pub const EXCHANGE: u32 = libc::RENAME_EXCHANGE;

impl Image {
    /// Renames `from` in `from_dir` to `to` in `to_dir`.
    ///
    /// - no flags: replaces `to` if it exists (a directory only by an
    ///   empty directory, a non-directory only by a non-directory); a
    ///   no-op when both names are links to one inode;
    /// - `NOREPLACE`: `EEXIST` when `to` exists;
    /// - `EXCHANGE`: swaps the two names atomically; `ENOENT` unless both
    ///   exist;
    /// - both flags, or any other flag (`RENAME_WHITEOUT`): `EINVAL`.
    pub fn rename(
        &mut self,
        from_dir: Ino,
        from: &OsStr,
        to_dir: Ino,
        to: &OsStr,
        flags: u32,
    ) -> Res<()> {
        check_name(from)?;
        check_name(to)?;
        if flags & !(NOREPLACE | EXCHANGE) != 0 || flags == NOREPLACE | EXCHANGE {
            return Err(libc::EINVAL);
        }
        let src = self.lookup(from_dir, from)?;
        self.live_dir(to_dir)?;
        let dst = match self.lookup(to_dir, to) {
            Ok(ino) => Some(ino),
            Err(libc::ENOENT) => None,
            Err(e) => return Err(e),
        };
        if flags & EXCHANGE != 0 {
            let dst = dst.ok_or(libc::ENOENT)?;
            return self.exchange((from_dir, from, src), (to_dir, to, dst));
        }
        if let Some(dst) = dst {
            if flags & NOREPLACE != 0 {
                return Err(libc::EEXIST);
            }
            if dst == src {
                return Ok(());
            }
            self.check_replace(src, dst)?;
        }
        if self.node(src)?.is_dir() && self.is_ancestor(src, to_dir) {
            return Err(libc::EINVAL);
        }
        if dst.is_some() {
            self.remove_entry(to_dir, to)?;
        }
        self.remove_entry(from_dir, from)?;
        self.add_entry(to_dir, to, src)?;
        self.node_mut(src)?.ctime = SystemTime::now();
        Ok(())
    }

    /// Whether `src` may replace `dst` in a plain rename.
    fn check_replace(&self, src: Ino, dst: Ino) -> Res<()> {
        let (src, dst) = (self.node(src)?, self.node(dst)?);
        match (src.is_dir(), dst.is_dir()) {
            (true, false) => Err(libc::ENOTDIR),
            (false, true) => Err(libc::EISDIR),
            (true, true) if !dst.entries()?.is_empty() => Err(libc::ENOTEMPTY),
            _ => Ok(()),
        }
    }

    /// Swaps two names (each given as directory, name, inode).
    fn exchange(&mut self, a: (Ino, &OsStr, Ino), b: (Ino, &OsStr, Ino)) -> Res<()> {
        let ((a_dir, a_name, a_ino), (b_dir, b_name, b_ino)) = (a, b);
        if a_ino == b_ino {
            return Ok(());
        }
        if (self.node(a_ino)?.is_dir() && self.is_ancestor(a_ino, b_dir))
            || (self.node(b_ino)?.is_dir() && self.is_ancestor(b_ino, a_dir))
        {
            return Err(libc::EINVAL);
        }
        self.set_entry(a_dir, a_name, b_ino)?;
        self.set_entry(b_dir, b_name, a_ino)?;
        let now = SystemTime::now();
        for ino in [a_ino, b_ino] {
            self.node_mut(ino)?.ctime = now;
        }
        Ok(())
    }

    /// Points an existing name at another inode (links are unchanged: the
    /// other half of an exchange takes the old one).
    fn set_entry(&mut self, dir: Ino, name: &OsStr, ino: Ino) -> Res<()> {
        let parent = self.node_mut(dir)?;
        let Some(slot) = parent.entries_mut()?.get_mut(name) else {
            return Err(libc::ENOENT);
        };
        *slot = ino;
        parent.touch();
        let node = self.node_mut(ino)?;
        node.parent = dir;
        node.name = name.to_owned();
        Ok(())
    }

    /// Whether directory `dir` is `ancestor` or lies below it (live).
    pub fn is_ancestor(&self, ancestor: Ino, dir: Ino) -> bool {
        let mut at = dir;
        for _ in 0..4096 {
            if at == ancestor {
                return true;
            }
            if at == ROOT {
                return false;
            }
            match self.nodes.get(&at) {
                Some(node) => at = node.parent,
                None => return false,
            }
        }
        true
    }
}
