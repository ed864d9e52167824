//! Which way a document moved: a sync applies a fetched version only when
//! it is not *behind* the version the directory already reflects.
//!
//! The mirror and applied refs of one document are two refs, read one
//! after the other and written by several processes, so a sync can see an
//! applied ref ahead of its mirror: a local command's change landed on the
//! remote and settled (applied moved) after the fetch had read the remote,
//! or between the sync's reading of the two refs. Its fetched version is
//! then an *older* one; installing it would put back a task this machine
//! has just claimed. Each document's versions form one chain of commits
//! (every push is a commit on top of the version it replaced), so "behind"
//! is exact: the mirror's commit is an ancestor of the applied one.
//!
//! Asked cheaply: the few nearest ancestors of both commits come with the
//! sync's first `cat-file --batch-check` ([`near_specs`]), which settles
//! almost every document (a version is usually one or two changes away);
//! the rest (far apart, or histories that diverged) go to one
//! `git rev-list --boundary` for all of them ([`behind`]).

use super::Views;
use crate::error::Result;
use crate::remote::Oid;
use crate::remote::git::Git;
use crate::remote::layout::{DocKind, RefKind};
use std::collections::HashSet;

/// How many ancestors of each side the first batch asks for.
const NEAR: usize = 3;

/// A document both refs name, with different commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub applied: Oid,
    pub mirror: Oid,
}

impl Pair {
    /// The documents of `docs` that both views name, with different
    /// commits: their indexes in `docs`, and their pairs.
    pub fn of(v: &Views, docs: &[(DocKind, String)]) -> (Vec<usize>, Vec<Pair>) {
        docs.iter()
            .enumerate()
            .filter_map(|(n, (kind, id))| {
                let key = RefKind::Doc(*kind, id.clone());
                let (_, applied) = v.applied.get(&key)?;
                let (_, mirror) = v.mirror.get(&key)?;
                let pair = Pair {
                    applied: applied.clone(),
                    mirror: mirror.clone(),
                };
                (applied != mirror).then_some((n, pair))
            })
            .unzip()
    }
}

/// The batch lines asking for the near ancestors of every pair:
/// `2 * NEAR` per pair, in order, for [`behind`].
pub fn near_specs(pairs: &[Pair]) -> Vec<String> {
    let mut specs = Vec::with_capacity(pairs.len() * 2 * NEAR);
    for p in pairs {
        for oid in [&p.applied, &p.mirror] {
            specs.extend((1..=NEAR).map(|k| format!("{oid}~{k}")));
        }
    }
    specs
}

/// For each pair, whether its mirror is behind its applied commit, from
/// the answers to [`near_specs`] (`None` where an ancestor does not
/// exist) and, for the pairs those leave open, one `rev-list`.
pub fn behind(git: &Git, pairs: &[Pair], near: &[Option<Oid>]) -> Result<Vec<bool>> {
    let mut verdict = Vec::with_capacity(pairs.len());
    let mut open = Vec::new();
    for (n, p) in pairs.iter().enumerate() {
        let ancestors = near.get(n * 2 * NEAR..(n + 1) * 2 * NEAR).unwrap_or(&[]);
        let (of_applied, of_mirror) = ancestors.split_at(ancestors.len().min(NEAR));
        if of_applied.iter().flatten().any(|a| *a == p.mirror) {
            verdict.push(Some(true));
        } else if of_mirror.iter().flatten().any(|a| *a == p.applied) {
            verdict.push(Some(false));
        } else {
            verdict.push(None);
            open.push(p);
        }
    }
    let boundary = if open.is_empty() {
        HashSet::new()
    } else {
        boundary(git, &open)?
    };
    Ok(pairs
        .iter()
        .zip(verdict)
        .map(|(p, v)| v.unwrap_or_else(|| boundary.contains(&p.mirror)))
        .collect())
}

/// The excluded boundary of `rev-list` from every applied commit, minus
/// everything reachable from a mirror commit. A document's commits are its
/// own (no two documents share one), so a mirror commit is on that
/// boundary exactly when it is a proper ancestor of its applied commit:
/// the oldest commit listed for that document is its child.
fn boundary(git: &Git, pairs: &[&Pair]) -> Result<HashSet<Oid>> {
    let mut input = String::new();
    for p in pairs {
        input.push_str(&format!("{}\n^{}\n", p.applied, p.mirror));
    }
    let out = git.run_ok(&["rev-list", "--boundary", "--stdin"], input.as_bytes())?;
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|line| Oid::parse(line.strip_prefix('-')?))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remote::git::NewCommit;

    /// A chain of `n` commits of one file, oldest first.
    fn chain(git: &Git, n: usize, parent: Option<Oid>, tag: &str) -> Vec<Oid> {
        let mut out: Vec<Oid> = Vec::new();
        let mut parent = parent;
        for k in 0..n {
            let body = format!("{tag} {k}");
            let commit = NewCommit {
                files: vec![("t.json".to_string(), body.as_bytes())],
                parent: parent.clone(),
                message: format!("{tag} {k}\n"),
                keep_tree: false,
            };
            let oid = git.commit_many(&[commit], 1_700_000_000).unwrap().remove(0);
            parent = Some(oid.clone());
            out.push(oid);
        }
        out
    }

    fn git() -> (tempfile::TempDir, Git) {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("git")
            .args(["init", "-q", "--bare"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
        let git = Git::new(dir.path(), "file:///nowhere");
        (dir, git)
    }

    fn judge(git: &Git, pairs: &[Pair]) -> Vec<bool> {
        let near = git.rev_parse(&near_specs(pairs)).unwrap();
        behind(git, pairs, &near).unwrap()
    }

    #[test]
    fn a_mirror_is_behind_only_when_it_is_an_ancestor_of_the_applied_commit() {
        let (_dir, git) = git();
        // Each pair is another document (its own chain), as in a sync.
        let doc = |tag: &str| chain(&git, 12, None, tag);
        let pair = |a: &Oid, m: &Oid| Pair {
            applied: a.clone(),
            mirror: m.clone(),
        };
        let (a, b, c, d, e, f) = (doc("a"), doc("b"), doc("c"), doc("d"), doc("e"), doc("f"));
        let fork = chain(&git, 2, Some(e[3].clone()), "fork");
        let other = chain(&git, 1, None, "other");
        let pairs = [
            pair(&a[5], &a[4]),     // one behind (near)
            pair(&b[4], &b[5]),     // one ahead (near)
            pair(&c[11], &c[1]),    // ten behind (the rev-list)
            pair(&d[1], &d[11]),    // ten ahead (the rev-list)
            pair(&e[10], &fork[1]), // diverged: follow the remote
            pair(&f[2], &other[0]), // another history (a ref made again)
        ];
        assert_eq!(
            judge(&git, &pairs),
            [true, false, true, false, false, false]
        );
        // Only near pairs: no rev-list needed, same answers.
        assert_eq!(judge(&git, &pairs[..2]), [true, false]);
        assert_eq!(judge(&git, &[]), Vec::<bool>::new());
    }
}
