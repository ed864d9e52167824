//! Recovery of what a take left under its hidden name in a folder
//! (`.ID@OWNER.EXT`, see `store::txn`): a process killed between the
//! take's rename and the removal of that name, or a power cut that kept
//! the hidden name and lost the `.txn/` one.
//!
//! Finding such a name means reading every folder, so it is done only when
//! one may be there: when recovery found a dead owner's lock left behind
//! (a process killed mid-take, or one that kept its lock because it could
//! not put a document back), and once after each boot of the machine (a
//! power cut is followed by one, and may have taken the lock files). The second is
//! remembered by a file in `.cache/` named after the boot (`swept-BOOT`),
//! never fsynced: a cut that takes it only makes the next command sweep.
//! The sweep of a new boot also forgets what the caches noted before it:
//! every changing command runs recovery before it reads a cache, and
//! finds the marker only after a sweep of this boot has forgotten them.

use super::super::Store;
use super::super::cache::CACHE_DIR;
use super::super::layout::{Folder, QUEUE_DIR, VOTES_ACTIVE, VOTES_RESOLVED, parse_taking_name};
use super::Recovery;
use std::path::{Path, PathBuf};

/// Where the kernel says which boot this is.
const BOOT_ID: &str = "/proc/sys/kernel/random/boot_id";

impl Store {
    /// Puts back what takes of owners that are gone left under hidden
    /// names, when a dead owner was found (`dead`) or this boot has not
    /// been swept yet. A new boot also forgets the caches' matches with
    /// their folders first (`Store::forget_matches`).
    pub(super) fn recover_takes(&self, own: Option<&str>, dead: bool) -> Vec<Recovery> {
        let marker = boot_marker(self.root());
        let new_boot = std::fs::symlink_metadata(&marker).is_err();
        if !dead && !new_boot {
            return Vec::new();
        }
        if new_boot {
            self.forget_matches();
        }
        let done = self.sweep_takes(own);
        mark_swept(self.root(), &marker);
        done
    }

    fn sweep_takes(&self, own: Option<&str>) -> Vec<Recovery> {
        let mut done = Vec::new();
        for (path, id, owner, ext) in hidden_takes(self.root()) {
            if Some(owner.as_str()) != own && !self.is_alive(&owner) {
                done.push(self.put_back(path, &id, &ext));
            }
        }
        done
    }
}

/// `.cache/swept-BOOT` of the federation at `root`, for this boot
/// (`swept-unknown` where the kernel does not say).
fn boot_marker(root: &Path) -> PathBuf {
    let boot = std::fs::read_to_string(BOOT_ID)
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
        .unwrap_or_else(|| "unknown".to_string());
    root.join(CACHE_DIR).join(format!("swept-{boot}"))
}

/// Leaves this boot's marker, and removes those of earlier boots.
fn mark_swept(root: &Path, marker: &Path) {
    let cache = root.join(CACHE_DIR);
    if let Ok(entries) = std::fs::read_dir(&cache) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with("swept-") && entry.path() != marker {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let _ = std::fs::create_dir_all(&cache);
    let _ = std::fs::File::create(marker);
}

/// The hidden names of takes in the task and vote folders of the
/// federation at `root`: (path, id, owner, extension).
pub(in crate::store) fn hidden_takes(root: &Path) -> Vec<(PathBuf, String, String, String)> {
    let folders = Folder::ALL
        .map(|f| root.join(QUEUE_DIR).join(f.dir_name()))
        .into_iter()
        .chain([VOTES_ACTIVE, VOTES_RESOLVED].map(|d| root.join(d)));
    let mut found = Vec::new();
    for dir in folders {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".")
                && let Some((id, owner, ext)) = parse_taking_name(&name.to_string_lossy())
            {
                found.push((entry.path(), id, owner, ext));
            }
        }
    }
    found
}

/// After `fed init`: a federation none of whose folders hides a take is
/// swept for this boot.
pub(in crate::store) fn mark_if_clean(root: &Path) {
    if hidden_takes(root).is_empty() {
        mark_swept(root, &boot_marker(root));
    }
}
