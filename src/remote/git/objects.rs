//! Object and ref plumbing on the replica: writing blobs, trees and
//! commits, reading many objects in one process, listing and updating refs.
//!
//! Nothing here talks to the network. Each function is one git process
//! (trees edited by path take three), so that a sync costs a fixed number
//! of processes however many documents changed.

use super::Git;
use crate::error::Result;
use crate::remote::Oid;
use std::collections::BTreeMap;

/// One entry of a tree made with [`Git::mktree`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    pub name: String,
    pub blob: Oid,
}

/// An object read by [`Git::cat_batch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub oid: Oid,
    pub kind: String,
    pub bytes: Vec<u8>,
}

/// One update of [`Git::update_refs`]: `new` `None` deletes; `old` is the
/// value the ref must have (`Some(None)`: must not exist; `None`: any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefUpdate {
    pub name: String,
    pub new: Option<Oid>,
    pub old: Option<Option<Oid>>,
}

impl Git {
    /// Writes `bytes` as a blob (no filters, whatever attributes say).
    pub fn hash_object(&self, bytes: &[u8]) -> Result<Oid> {
        let out = self.run_ok(
            &["hash-object", "-w", "-t", "blob", "--no-filters", "--stdin"],
            bytes,
        )?;
        self.parse_oid(&out, "hash-object")
    }

    /// Writes a flat tree of blobs (`100644`); git sorts the entries.
    pub fn mktree(&self, entries: &[TreeEntry]) -> Result<Oid> {
        let mut input = Vec::new();
        for e in entries {
            input.extend_from_slice(format!("100644 blob {}\t{}\0", e.blob, e.name).as_bytes());
        }
        let out = self.run_ok(&["mktree", "-z"], &input)?;
        self.parse_oid(&out, "mktree")
    }

    /// Writes a commit of `tree` on `parents` with `message`, dated `at`
    /// (seconds since the epoch) so that a moved clock (`FED_NOW`) is kept.
    pub fn commit_tree(&self, tree: &Oid, parents: &[Oid], message: &str, at: i64) -> Result<Oid> {
        let mut args = vec!["commit-tree".to_string(), tree.to_string()];
        for p in parents {
            args.push("-p".to_string());
            args.push(p.to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let date = format!("{at} +0000");
        let out = self.run_env(
            &args,
            message.as_bytes(),
            &[("GIT_AUTHOR_DATE", &date), ("GIT_COMMITTER_DATE", &date)],
        )?;
        if !out.success {
            return Err(self.failure("commit-tree", &out.stderr));
        }
        self.parse_oid(&out.stdout, "commit-tree")
    }

    /// Applies `updates` to the replica's refs in one transaction. `false`:
    /// a ref did not have its expected old value, and nothing changed.
    pub fn update_refs(&self, updates: &[RefUpdate]) -> Result<bool> {
        if updates.is_empty() {
            return Ok(true);
        }
        let zero = "0".repeat(40);
        let mut input = String::new();
        for u in updates {
            let old = match &u.old {
                None => String::new(),
                Some(None) => format!(" {zero}"),
                Some(Some(oid)) => format!(" {oid}"),
            };
            match &u.new {
                Some(new) => input.push_str(&format!("update {} {new}{old}\n", u.name)),
                None => input.push_str(&format!("delete {}{old}\n", u.name)),
            }
        }
        let out = self.run(&["update-ref", "--stdin"], input.as_bytes())?;
        if out.success {
            return Ok(true);
        }
        let lower = out.stderr.to_ascii_lowercase();
        if lower.contains("but expected") || lower.contains("reference already exists") {
            return Ok(false);
        }
        Err(self.failure("update-ref", &out.stderr))
    }

    /// Every ref under `prefix` and the object it points at.
    pub fn for_each_ref(&self, prefix: &str) -> Result<BTreeMap<String, Oid>> {
        let out = self.run_ok(
            &["for-each-ref", "--format=%(objectname) %(refname)", prefix],
            b"",
        )?;
        let mut refs = BTreeMap::new();
        for line in String::from_utf8_lossy(&out).lines() {
            if let Some((oid, name)) = line.split_once(' ')
                && let Some(oid) = Oid::parse(oid)
            {
                refs.insert(name.to_string(), oid);
            }
        }
        Ok(refs)
    }

    /// The object each ref names (`None`: missing), in one process.
    pub fn rev_parse(&self, names: &[String]) -> Result<Vec<Option<Oid>>> {
        let checks = self.batch_check(names)?;
        Ok(checks
            .into_iter()
            .map(|c| c.map(|(oid, _, _)| oid))
            .collect())
    }

    /// Reads many objects (`OID`, `REF`, `COMMIT:PATH`...) in one process;
    /// `None` for each one that does not exist.
    pub fn cat_batch(&self, specs: &[String]) -> Result<Vec<Option<Object>>> {
        if specs.is_empty() {
            return Ok(Vec::new());
        }
        let input = batch_input(specs);
        let out = self.run_ok(&["cat-file", "--batch"], input.as_bytes())?;
        parse_batch(&out, specs.len(), true)
            .map(|items| {
                items
                    .into_iter()
                    .map(|i| i.map(|(oid, kind, _, bytes)| Object { oid, kind, bytes }))
                    .collect()
            })
            .ok_or_else(|| self.error("cannot read the output of git cat-file --batch"))
    }

    /// Like [`Git::cat_batch`] without the contents: id, type and size.
    pub fn batch_check(&self, specs: &[String]) -> Result<Vec<Option<(Oid, String, u64)>>> {
        if specs.is_empty() {
            return Ok(Vec::new());
        }
        let input = batch_input(specs);
        let out = self.run_ok(&["cat-file", "--batch-check"], input.as_bytes())?;
        let items = parse_batch(&out, specs.len(), false)
            .ok_or_else(|| self.error("cannot read the output of git cat-file --batch-check"))?;
        Ok(items
            .into_iter()
            .map(|i| i.map(|(oid, kind, size, _)| (oid, kind, size as u64)))
            .collect())
    }

    /// The commits reachable from `new` and not from `old`, oldest first.
    pub fn rev_list(&self, new: &Oid, old: Option<&Oid>) -> Result<Vec<Oid>> {
        let old = old.map(|o| format!("^{o}"));
        let mut args = vec!["rev-list", "--reverse", new.as_str()];
        if let Some(old) = &old {
            args.push(old);
        }
        let out = self.run_ok(&args, b"")?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .filter_map(Oid::parse)
            .collect())
    }

    /// Blobs under `path` in `tree_ish`, by path (recursive).
    pub fn ls_tree(&self, tree_ish: &Oid, path: &str) -> Result<BTreeMap<String, Oid>> {
        let out = self.run_ok(&["ls-tree", "-r", "-z", tree_ish.as_str(), "--", path], b"")?;
        let mut blobs = BTreeMap::new();
        for entry in out.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let text = String::from_utf8_lossy(entry);
            if let Some((meta, name)) = text.split_once('\t')
                && let [_, "blob", oid] = meta.split(' ').collect::<Vec<_>>()[..]
                && let Some(oid) = Oid::parse(oid)
            {
                blobs.insert(name.to_string(), oid);
            }
        }
        Ok(blobs)
    }

    /// The blobs under `path` that differ between two commits: the new
    /// blob, or `None` where the path was removed.
    pub fn diff_tree(
        &self,
        old: &Oid,
        new: &Oid,
        path: &str,
    ) -> Result<Vec<(String, Option<Oid>)>> {
        let out = self.run_ok(
            &[
                "diff-tree",
                "-r",
                "-z",
                "--no-renames",
                old.as_str(),
                new.as_str(),
                "--",
                path,
            ],
            b"",
        )?;
        let mut fields = out.split(|b| *b == 0).filter(|f| !f.is_empty());
        let mut changes = Vec::new();
        while let (Some(meta), Some(name)) = (fields.next(), fields.next()) {
            let meta = String::from_utf8_lossy(meta);
            let name = String::from_utf8_lossy(name).into_owned();
            let new_oid = meta.split(' ').nth(3).and_then(Oid::parse);
            changes.push((name, new_oid.filter(|o| !o.is_zero())));
        }
        Ok(changes)
    }

    /// A tree made from `base` (or empty) with blobs set or removed by
    /// path (nested paths allowed), through a private temporary index.
    pub fn edit_tree(
        &self,
        base: Option<&Oid>,
        set: &[(String, Oid)],
        remove: &[String],
    ) -> Result<Oid> {
        let index = self.git_dir().join(format!(
            "fed-index-{}-{}",
            std::process::id(),
            crate::model::id::random_base36(8)
        ));
        let index_s = index.to_string_lossy().into_owned();
        let env = [("GIT_INDEX_FILE", index_s.as_str())];
        let result = (|| {
            let read = match base {
                Some(tree) => self.run_env(&["read-tree", tree.as_str()], b"", &env)?,
                None => self.run_env(&["read-tree", "--empty"], b"", &env)?,
            };
            if !read.success {
                return Err(self.failure("read-tree", &read.stderr));
            }
            let zero = "0".repeat(40);
            let mut info = Vec::new();
            for path in remove {
                info.extend_from_slice(format!("0 {zero}\t{path}\0").as_bytes());
            }
            for (path, blob) in set {
                info.extend_from_slice(format!("100644 {blob}\t{path}\0").as_bytes());
            }
            let upd = self.run_env(&["update-index", "-z", "--index-info"], &info, &env)?;
            if !upd.success {
                return Err(self.failure("update-index", &upd.stderr));
            }
            let out = self.run_env(&["write-tree"], b"", &env)?;
            if !out.success {
                return Err(self.failure("write-tree", &out.stderr));
            }
            self.parse_oid(&out.stdout, "write-tree")
        })();
        let _ = std::fs::remove_file(&index);
        result
    }

    /// The message of a commit (after its headers).
    pub fn commit_message(&self, commit: &Oid) -> Result<String> {
        let objects = self.cat_batch(&[commit.to_string()])?;
        let bytes = match objects.into_iter().next().flatten() {
            Some(obj) if obj.kind == "commit" => obj.bytes,
            _ => return Err(self.error(&format!("{commit} is not a commit"))),
        };
        let text = String::from_utf8_lossy(&bytes);
        Ok(text
            .split_once("\n\n")
            .map(|(_, m)| m)
            .unwrap_or("")
            .to_string())
    }

    fn parse_oid(&self, out: &[u8], what: &str) -> Result<Oid> {
        Oid::parse(String::from_utf8_lossy(out).trim())
            .ok_or_else(|| self.error(&format!("git {what} printed no object id")))
    }
}

fn batch_input(specs: &[String]) -> String {
    let mut input = String::new();
    for s in specs {
        input.push_str(s);
        input.push('\n');
    }
    input
}

/// One answer of `cat-file --batch[-check]`: id, type, size, and the
/// contents (only with `--batch`).
type BatchItem = Option<(Oid, String, usize, Vec<u8>)>;

/// Parses `cat-file --batch` (`with_content`) or `--batch-check` output:
/// `OID TYPE SIZE` (then, with content, SIZE bytes and a newline), or
/// `SPEC missing` (or `ambiguous`) for an object that cannot be named.
fn parse_batch(out: &[u8], count: usize, with_content: bool) -> Option<Vec<BatchItem>> {
    let mut items = Vec::with_capacity(count);
    let mut at = 0;
    for _ in 0..count {
        let end = at + out.get(at..)?.iter().position(|b| *b == b'\n')?;
        let header = std::str::from_utf8(&out[at..end]).ok()?;
        at = end + 1;
        let parsed = match header.split(' ').collect::<Vec<_>>()[..] {
            [oid, kind, size] => Oid::parse(oid)
                .zip(size.parse::<usize>().ok())
                .map(|(o, n)| (o, kind, n)),
            _ => None,
        };
        let Some((oid, kind, size)) = parsed else {
            items.push(None);
            continue;
        };
        let mut bytes = Vec::new();
        if with_content {
            bytes = out.get(at..at + size)?.to_vec();
            at += size + 1;
        }
        items.push(Some((oid, kind.to_string(), size, bytes)));
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_output_with_missing_objects_parses() {
        let oid = "1f66ada68338f0f77431fdaf5a19cc2efc75c240";
        let out = format!("{oid} blob 3\nhi\n\nx:y missing\n{oid} blob 0\n\n");
        let items = parse_batch(out.as_bytes(), 3, true).unwrap();
        assert_eq!(items[0].as_ref().unwrap().3, b"hi\n");
        assert!(items[1].is_none());
        assert_eq!(items[2].as_ref().unwrap().2, 0);
        assert!(parse_batch(b"", 1, true).is_none());
    }
}
