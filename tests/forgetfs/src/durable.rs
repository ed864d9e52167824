//! What an fsync makes durable under each model, and the power cut, which
//! replaces the live side of the image with its durable side.

use crate::Model;
use crate::image::{Body, Entries, Image, Ino, ROOT, Res};
use std::collections::{HashMap, HashSet, VecDeque};
use std::ffi::OsString;

impl Image {
    /// fsync or fdatasync of `ino`, a file or a directory, under `model`:
    ///
    /// - every model makes the inode's own content durable: a file's data
    ///   (and so its size), a directory's entries;
    /// - `FsyncPath` also makes its names durable, and those of the
    ///   directories above it up to the root;
    /// - `Journal` also makes every directory's entries durable.
    pub fn sync(&mut self, ino: Ino, model: Model) -> Res<()> {
        match &mut self.node_mut(ino)?.body {
            Body::File { data, synced } => synced.clone_from(data),
            Body::Dir { live, durable } => durable.clone_from(live),
            Body::Symlink(_) | Body::Special => {}
        }
        match model {
            Model::Strict => {}
            Model::FsyncPath => self.sync_names(ino),
            Model::Journal => self.sync_all_dirs(),
        }
        Ok(())
    }

    /// Makes the names of `ino` durable, then those of the directories
    /// holding it, up to the root: in every directory, the durable names of
    /// that inode become exactly its live names there (a name it had before
    /// a rename is dropped, the new one added). Other names are untouched.
    fn sync_names(&mut self, ino: Ino) {
        let mut todo = vec![ino];
        let mut seen = HashSet::new();
        while let Some(ino) = todo.pop() {
            if ino == ROOT || !seen.insert(ino) {
                continue;
            }
            for (&dir, node) in self.nodes.iter_mut() {
                let Body::Dir { live, durable } = &mut node.body else {
                    continue;
                };
                durable.retain(|name, i| *i != ino || live.get(name) == Some(&ino));
                for (name, _) in live.iter().filter(|(_, i)| **i == ino) {
                    durable.insert(name.clone(), ino);
                    todo.push(dir);
                }
            }
        }
    }

    /// Every directory's live entries become durable (a journal commit).
    fn sync_all_dirs(&mut self) {
        for node in self.nodes.values_mut() {
            if let Body::Dir { live, durable } = &mut node.body {
                durable.clone_from(live);
            }
        }
    }

    /// The power cut: every directory gets back its durable entries and
    /// every file its synced data; inodes that the durable entries do not
    /// reach from the root are dropped. A directory reached by more than one
    /// durable name (possible only under `Strict`, after moves between
    /// directories synced in some orders) keeps the first one found
    /// breadth-first, in name order; the others are dropped.
    pub fn cut(&mut self) {
        let (links, parents) = self.durable_tree();
        self.nodes.retain(|ino, _| links.contains_key(ino));
        for (ino, node) in self.nodes.iter_mut() {
            node.links = links[ino];
            if let Some((parent, name)) = parents.get(ino) {
                node.parent = *parent;
                node.name.clone_from(name);
            }
            match &mut node.body {
                Body::File { data, synced } => data.clone_from(synced),
                Body::Dir { live, durable } => live.clone_from(durable),
                Body::Symlink(_) | Body::Special => {}
            }
        }
    }

    /// Walks the durable entries from the root, pruning names that would
    /// give a directory a second parent (or none that leads to the root).
    /// Returns the durable link count of every reachable inode, and one
    /// (directory, name) for each.
    #[allow(clippy::type_complexity)]
    fn durable_tree(&mut self) -> (HashMap<Ino, u32>, HashMap<Ino, (Ino, OsString)>) {
        let mut links = HashMap::from([(ROOT, 1)]);
        let mut parents = HashMap::new();
        let mut queue = VecDeque::from([ROOT]);
        while let Some(dir) = queue.pop_front() {
            let entries = match self.nodes.get(&dir).map(|n| &n.body) {
                Some(Body::Dir { durable, .. }) => durable.clone(),
                _ => continue,
            };
            let mut kept = Entries::new();
            for (name, ino) in entries {
                let Some(node) = self.nodes.get(&ino) else {
                    continue;
                };
                if node.is_dir() {
                    if links.contains_key(&ino) {
                        continue;
                    }
                    queue.push_back(ino);
                }
                *links.entry(ino).or_insert(0) += 1;
                parents.insert(ino, (dir, name.clone()));
                kept.insert(name, ino);
            }
            if let Some(Body::Dir { durable, .. }) = self.nodes.get_mut(&dir).map(|n| &mut n.body) {
                *durable = kept;
            }
        }
        (links, parents)
    }
}
