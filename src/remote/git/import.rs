//! Writing many small commits in one process, with `git fast-import`
//! (a few, for one change, are written by fed itself: `pack.rs`).
//!
//! A document version is a blob, a one-file tree and a commit: with
//! `hash-object`, `mktree` and `commit-tree` that is three processes and
//! three loose objects per document. `fast-import` writes any number of
//! them as one pack from one process: one change costs one process, and
//! publishing a federation of 10,000 tasks (`fed remote set`) takes
//! seconds instead of minutes.
//!
//! Each commit is made on a scratch ref that the same stream then resets
//! without a commit, so fast-import leaves no ref behind; the commit ids
//! are read from the marks it exports.

use super::{Git, NewCommit};
use crate::error::Result;
use crate::remote::Oid;
use std::collections::HashMap;
use std::fmt::Write as _;

impl Git {
    /// Writes `commits`, dated `at` (seconds since the epoch), and returns
    /// their ids in the same order.
    pub fn commit_many(&self, commits: &[NewCommit], at: i64) -> Result<Vec<Oid>> {
        if commits.is_empty() {
            return Ok(Vec::new());
        }
        // A change's few commits, in this process (`pack.rs`); many at
        // once (publishing a federation), or on their parent's tree (a
        // fold), by fast-import, which compresses and reads trees.
        if commits.len() <= IN_PROCESS_MAX && commits.iter().all(|c| !c.keep_tree) {
            return super::pack::write_commits(self.git_dir(), commits, at, &self.identity)
                .map_err(|e| self.error(&format!("cannot write objects into the replica: {e}")));
        }
        let tag = format!(
            "{}-{}",
            std::process::id(),
            crate::model::id::random_base36(8)
        );
        let marks = self.git_dir().join(format!("fed-marks-{tag}"));
        let stream = self.import_stream(commits, at, &tag);
        let marks_arg = format!("--export-marks={}", marks.display());
        let out = self.run(&["fast-import", "--quiet", "--done", &marks_arg], &stream);
        let read = std::fs::read_to_string(&marks);
        let _ = std::fs::remove_file(&marks);
        let out = out?;
        if !out.success {
            return Err(self.failure("fast-import", &out.stderr));
        }
        let read =
            read.map_err(|e| self.error(&format!("cannot read the marks of fast-import: {e}")))?;
        let by_mark: HashMap<&str, Oid> = read
            .lines()
            .filter_map(|l| {
                let (mark, oid) = l.split_once(' ')?;
                Some((mark, Oid::parse(oid)?))
            })
            .collect();
        (0..commits.len())
            .map(|i| {
                by_mark
                    .get(format!(":{}", commit_mark(i)).as_str())
                    .cloned()
                    .ok_or_else(|| self.error("fast-import did not report a commit it wrote"))
            })
            .collect()
    }

    fn import_stream(&self, commits: &[NewCommit], at: i64, tag: &str) -> Vec<u8> {
        let who = format!("fed <{}> {at} +0000", self.identity);
        let mut out = Vec::new();
        let mut next_blob = 2 * commits.len() + 1;
        for (i, c) in commits.iter().enumerate() {
            let mut files = String::new();
            for (name, bytes) in &c.files {
                let _ = writeln!(files, "M 100644 :{next_blob} {name}");
                out.extend_from_slice(
                    format!("blob\nmark :{next_blob}\ndata {}\n", bytes.len()).as_bytes(),
                );
                out.extend_from_slice(bytes);
                out.push(b'\n');
                next_blob += 1;
            }
            let scratch = format!("refs/fed-scratch/{tag}/{i}");
            let mut head = format!(
                "commit {scratch}\nmark :{}\nauthor {who}\ncommitter {who}\ndata {}\n{}\n",
                commit_mark(i),
                c.message.len(),
                c.message
            );
            if let Some(parent) = &c.parent {
                let _ = writeln!(head, "from {parent}");
            }
            if !c.keep_tree {
                head.push_str("deleteall\n");
            }
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(files.as_bytes());
            out.extend_from_slice(format!("\nreset {scratch}\n\n").as_bytes());
        }
        out.extend_from_slice(b"done\n");
        out
    }
}

/// The most commits written without fast-import.
const IN_PROCESS_MAX: usize = 16;

/// Commits take the marks 1..=n (blobs come after), so a commit's mark
/// is known without reading anything back.
fn commit_mark(i: usize) -> usize {
    i + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_are_written_with_parents_and_no_ref_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let git = Git::new(&dir.path().join("r"), "/srv/fed.git").with_identity("m1");
        git.init().unwrap();
        let first = git
            .commit_many(
                &[NewCommit {
                    files: vec![("a.json".into(), b"{}\n")],
                    parent: None,
                    message: "one\n".into(),
                    keep_tree: false,
                }],
                1_700_000_000,
            )
            .unwrap();
        let two = git
            .commit_many(
                &[
                    NewCommit {
                        files: vec![("d.json".into(), b"{\"x\":1}\n")],
                        parent: Some(first[0].clone()),
                        message: "two\n".into(),
                        keep_tree: false,
                    },
                    NewCommit {
                        files: vec![("b.json".into(), b"[]\n"), ("c".into(), b"")],
                        parent: None,
                        message: "three\n".into(),
                        keep_tree: false,
                    },
                    NewCommit {
                        files: vec![("sub/e.json".into(), b"1\n")],
                        parent: Some(first[0].clone()),
                        message: "four\n".into(),
                        keep_tree: true,
                    },
                ],
                1_700_000_001,
            )
            .unwrap();
        assert_eq!(two.len(), 3);
        let specs = vec![
            format!("{}:d.json", two[0]),
            format!("{}^", two[0]),
            format!("{}:c", two[1]),
            format!("{}:a.json", two[0]),
            format!("{}:a.json", two[2]),
            format!("{}:sub/e.json", two[2]),
        ];
        let objs = git.cat_batch(&specs).unwrap();
        assert_eq!(objs[0].as_ref().unwrap().bytes, b"{\"x\":1}\n");
        assert_eq!(objs[1].as_ref().unwrap().oid, first[0]);
        assert_eq!(objs[2].as_ref().unwrap().bytes, b"");
        assert!(objs[3].is_none(), "the parent's files are not inherited");
        assert_eq!(
            objs[4].as_ref().unwrap().bytes,
            b"{}\n",
            "kept with keep_tree"
        );
        assert_eq!(objs[5].as_ref().unwrap().bytes, b"1\n");
        let message = git.commit_message(&two[1]).unwrap();
        assert_eq!(message, "three\n");
        assert_eq!(git.for_each_ref("refs/").unwrap().len(), 0);
        let leftovers: Vec<_> = std::fs::read_dir(git.git_dir())
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with("fed-"))
            .collect();
        assert_eq!(leftovers, Vec::<String>::new());
    }
}
