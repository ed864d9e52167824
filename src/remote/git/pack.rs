//! Writing commits of whole trees as one pack, in this process.
//!
//! A document's change is one commit of a one-file tree: three small
//! objects. Handing them to `git fast-import` cost a process (about 4 ms
//! of a change's 50 to 90 through a remote); here they are hashed and
//! written as one pack and its index (pack format version 2, index
//! version 2, as git documents them in `gitformat-pack`), each flushed,
//! then renamed into `objects/pack` pack first, index last (an index
//! makes its pack visible), and the folder flushed. The data is stored,
//! not compressed (a valid zlib stream of stored blocks): the objects
//! are a few hundred bytes, and the replica merges its packs now and
//! then (`remote/tidy.rs`). The replica is a SHA-1 repository
//! (`Git::init` says so); commits that keep their parent's tree (the
//! archive's folds) still go through `fast-import`, which reads it.

use super::NewCommit;
use crate::remote::Oid;
use crate::store::fsx;
use sha1::{Digest, Sha1};
use std::collections::BTreeMap;
use std::path::Path;

/// Object types as a pack numbers them.
#[derive(Clone, Copy)]
enum Kind {
    Commit = 1,
    Tree = 2,
    Blob = 3,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Commit => "commit",
            Kind::Tree => "tree",
            Kind::Blob => "blob",
        }
    }
}

type RawId = [u8; 20];

/// Objects gathered for one pack.
#[derive(Default)]
struct Pack {
    /// The pack's entries, after its 12-byte header.
    body: Vec<u8>,
    /// Per object: its id, the CRC-32 of its entry, and where it starts.
    entries: BTreeMap<RawId, (u32, u32)>,
}

/// The id git gives `data` as an object of `kind`.
fn object_id(kind: Kind, data: &[u8]) -> RawId {
    let mut hash = Sha1::new();
    hash.update(format!("{} {}\0", kind.name(), data.len()));
    hash.update(data);
    hash.finalize().into()
}

/// The id git gives `bytes` as a blob (what `git hash-object` prints),
/// without writing anything.
pub fn blob_id(bytes: &[u8]) -> Oid {
    Oid::parse(&hex(&object_id(Kind::Blob, bytes))).expect("forty hex digits")
}

impl Pack {
    fn add(&mut self, kind: Kind, data: &[u8]) -> RawId {
        let id = object_id(kind, data);
        if self.entries.contains_key(&id) {
            return id;
        }
        let start = self.body.len();
        entry_header(&mut self.body, kind, data.len());
        stored_zlib(&mut self.body, data);
        let crc = crc32(&self.body[start..]);
        let offset = u32::try_from(12 + start).unwrap_or(u32::MAX); // checked before writing
        self.entries.insert(id, (crc, offset));
        id
    }

    /// The pack file, the index file and the pack's name (its checksum).
    fn finish(self) -> (Vec<u8>, Vec<u8>, String) {
        let mut pack = Vec::with_capacity(12 + self.body.len() + 20);
        pack.extend_from_slice(b"PACK");
        pack.extend_from_slice(&2u32.to_be_bytes());
        pack.extend_from_slice(&(self.entries.len() as u32).to_be_bytes());
        pack.extend_from_slice(&self.body);
        let checksum: RawId = Sha1::digest(&pack).into();
        pack.extend_from_slice(&checksum);
        let mut idx = vec![0xff, b't', b'O', b'c', 0, 0, 0, 2];
        let mut fanout = [0u32; 256];
        for id in self.entries.keys() {
            for slot in &mut fanout[usize::from(id[0])..] {
                *slot += 1;
            }
        }
        for n in fanout {
            idx.extend_from_slice(&n.to_be_bytes());
        }
        for id in self.entries.keys() {
            idx.extend_from_slice(id);
        }
        for (crc, _) in self.entries.values() {
            idx.extend_from_slice(&crc.to_be_bytes());
        }
        for (_, offset) in self.entries.values() {
            idx.extend_from_slice(&offset.to_be_bytes());
        }
        idx.extend_from_slice(&checksum);
        let idx_sum: RawId = Sha1::digest(&idx).into();
        idx.extend_from_slice(&idx_sum);
        (pack, idx, hex(&checksum))
    }
}

/// Writes `commits` (none keeping its parent's tree), dated `at`, into
/// the repository at `git_dir`; their ids in the same order.
pub(super) fn write_commits(
    git_dir: &Path,
    commits: &[NewCommit],
    at: i64,
    identity: &str,
) -> std::io::Result<Vec<Oid>> {
    if identity.contains(['<', '>', '\n', '\0']) {
        return Err(invalid(&format!("an identity for a commit: {identity:?}")));
    }
    let mut pack = Pack::default();
    let who = format!("fed <{identity}> {at} +0000");
    let mut ids = Vec::with_capacity(commits.len());
    for c in commits {
        let files: Vec<(&str, &[u8])> = c.files.iter().map(|(p, b)| (p.as_str(), *b)).collect();
        let tree = write_tree(&mut pack, &files)?;
        let mut text = format!("tree {}\n", hex(&tree));
        if let Some(parent) = &c.parent {
            text.push_str(&format!("parent {parent}\n"));
        }
        text.push_str(&format!("author {who}\ncommitter {who}\n\n{}", c.message));
        let id = pack.add(Kind::Commit, text.as_bytes());
        ids.push(Oid::parse(&hex(&id)).ok_or_else(|| invalid("an object id"))?);
    }
    // Index version 2 keeps offsets below 2 GiB in 32 bits; a change is
    // a few documents of at most a few megabytes.
    if pack.body.len() >= 0x8000_0000 {
        return Err(invalid("a pack under 2 GiB"));
    }
    let (pack_bytes, idx_bytes, name) = pack.finish();
    let dir = git_dir.join("objects/pack");
    std::fs::create_dir_all(&dir)?;
    let tag = crate::model::id::random_base36(10);
    let tmp_pack = dir.join(format!("tmp_pack_fed_{tag}"));
    let tmp_idx = dir.join(format!("tmp_idx_fed_{tag}"));
    let written = fsx::write_new(&tmp_pack, &pack_bytes)
        .and_then(|()| fsx::write_new(&tmp_idx, &idx_bytes))
        .and_then(|()| std::fs::rename(&tmp_pack, dir.join(format!("pack-{name}.pack"))))
        .and_then(|()| std::fs::rename(&tmp_idx, dir.join(format!("pack-{name}.idx"))))
        .and_then(|()| fsx::fsync_dir(&dir));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp_pack);
        let _ = std::fs::remove_file(&tmp_idx);
    }
    written.map(|()| ids)
}

/// The tree of `files` (paths with `/` make subtrees), written to `pack`.
fn write_tree(pack: &mut Pack, files: &[(&str, &[u8])]) -> std::io::Result<RawId> {
    // Git orders a tree's entries by name, a subtree's as if it ended in
    // `/`.
    let mut entries: BTreeMap<Vec<u8>, (&str, RawId, bool)> = BTreeMap::new();
    let mut subtrees: BTreeMap<&str, Vec<(&str, &[u8])>> = BTreeMap::new();
    for &(path, bytes) in files {
        match path.split_once('/') {
            Some((dir, rest)) => subtrees.entry(dir).or_default().push((rest, bytes)),
            None => {
                check_name(path)?;
                let id = pack.add(Kind::Blob, bytes);
                entries.insert(path.as_bytes().to_vec(), (path, id, false));
            }
        }
    }
    for (dir, inner) in subtrees {
        check_name(dir)?;
        let id = write_tree(pack, &inner)?;
        entries.insert(format!("{dir}/").into_bytes(), (dir, id, true));
    }
    let mut text = Vec::new();
    for (name, id, is_tree) in entries.into_values() {
        text.extend_from_slice(if is_tree { b"40000 " } else { b"100644 " });
        text.extend_from_slice(name.as_bytes());
        text.push(0);
        text.extend_from_slice(&id);
    }
    Ok(pack.add(Kind::Tree, &text))
}

fn check_name(name: &str) -> std::io::Result<()> {
    let bad = name.is_empty() || name == "." || name == ".." || name.contains('\0');
    if bad {
        return Err(invalid(&format!("a file name in a tree: {name:?}")));
    }
    Ok(())
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("not {what}"))
}

/// A pack entry's header: the type and the size, seven bits at a time.
fn entry_header(out: &mut Vec<u8>, kind: Kind, len: usize) {
    let mut byte = ((kind as u8) << 4) | (len & 0x0f) as u8;
    let mut rest = len >> 4;
    while rest > 0 {
        out.push(byte | 0x80);
        byte = (rest & 0x7f) as u8;
        rest >>= 7;
    }
    out.push(byte);
}

/// `data` as a zlib stream of stored (uncompressed) blocks.
fn stored_zlib(out: &mut Vec<u8>, data: &[u8]) {
    out.extend_from_slice(&[0x78, 0x01]);
    let mut chunks = data.chunks(0xffff).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        out.push(u8::from(chunks.peek().is_none()));
        let len = chunk.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn hex(id: &RawId) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::super::Git;
    use super::*;

    fn commit<'a>(files: Vec<(String, &'a [u8])>, parent: Option<Oid>, n: usize) -> NewCommit<'a> {
        NewCommit {
            files,
            parent,
            message: format!("change {n}\n\nfed-nonce: x{n}\n"),
            keep_tree: false,
        }
    }

    #[test]
    fn written_here_the_objects_are_git_s_own_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let git = Git::new(&dir.path().join("r"), "/srv/fed.git").with_identity("m1");
        git.init().unwrap();
        let big = vec![b'x'; 200_000];
        let commits: Vec<NewCommit> = (0..17)
            .map(|n| {
                let files: Vec<(String, &[u8])> = match n % 4 {
                    0 => vec![(format!("t{n}.json"), b"{}\n")],
                    1 => vec![
                        ("a/b/c.json".into(), b"1"),
                        ("a/z".into(), b""),
                        ("a.b".into(), b"2"),
                    ],
                    2 => vec![("big".into(), &big), ("same".into(), &big)],
                    _ => vec![],
                };
                commit(files, None, n)
            })
            .collect();
        // Seventeen commits go through fast-import; the same ones written
        // here must have the same ids (the same bytes).
        let theirs = git.commit_many(&commits, 1_700_000_000).unwrap();
        let dir2 = tempfile::tempdir().unwrap();
        let git2 = Git::new(&dir2.path().join("r"), "/srv/fed.git").with_identity("m1");
        git2.init().unwrap();
        let ours = write_commits(git2.git_dir(), &commits, 1_700_000_000, "fed@m1").unwrap();
        assert_eq!(ours, theirs);
        // With parents, in one pack, read back and checked by git.
        let child = commit(
            vec![("t.json".into(), b"{\"x\":1}\n")],
            Some(ours[0].clone()),
            99,
        );
        let two = git2.commit_many(&[child], 1_700_000_001).unwrap();
        let objs = git2
            .cat_batch(&[
                format!("{}^", two[0]),
                format!("{}:a/b/c.json", ours[1]),
                format!("{}:big", ours[2]),
            ])
            .unwrap();
        assert_eq!(objs[0].as_ref().unwrap().oid, ours[0]);
        assert_eq!(objs[1].as_ref().unwrap().bytes, b"1");
        assert_eq!(objs[2].as_ref().unwrap().bytes, big);
        let fsck = git2
            .run(&["fsck", "--full", "--strict", "--no-dangling"], b"")
            .unwrap();
        assert!(fsck.success, "git fsck: {}", fsck.stderr);
        let leftovers: Vec<_> = std::fs::read_dir(git2.git_dir().join("objects/pack"))
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with("tmp_"))
            .collect();
        assert_eq!(leftovers, Vec::<String>::new());
        let bad = commit(vec![("a//b".into(), b"")], None, 7);
        assert!(write_commits(git2.git_dir(), &[bad], 1, "fed@m1").is_err());
        let ok = commit(vec![("a".into(), b"")], None, 8);
        assert!(write_commits(git2.git_dir(), &[ok], 1, "fed@m1> x").is_err());
    }
}
