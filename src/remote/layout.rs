//! Which refs and which paths hold what, on the remote and in the replica.
//!
//! On the remote, for a federation on branch `B` (default `fed`):
//!
//! ```text
//! refs/heads/B              federation.json (id, created_at), config.yaml,
//!                           archive/tasks/XX/ID.json, archive/votes/XX/ID.yaml
//! refs/fed/B/tasks/ID       a commit whose tree holds ID.json   (one per live task)
//! refs/fed/B/votes/ID       a commit whose tree holds ID.yaml   (one per live vote)
//! refs/fed/B/state          a commit whose tree holds state.json (pause)
//! refs/fed/B/availability   a commit whose tree holds availability.json:
//!                           every agent that said it is away, by name
//! refs/fed/B/logs/MACHINE   append-only: each commit holds the log lines
//!                           that MACHINE published in one go
//! ```
//!
//! One ref per document makes every change a compare-and-swap of that
//! ref alone: machines changing different tasks never contend. A task's
//! commits chain (parent: its previous version), so `git log` of its ref
//! is its history. Finished documents are folded into `archive/` (`XX`:
//! two hex digits of a hash of the id, so no tree grows past a few
//! hundred entries) and their refs deleted, in one atomic push.
//!
//! In the replica, `refs/mirror/...` holds what the last fetch saw and
//! `refs/applied/...` what the local federation directory reflects, both
//! under the remote's names without their `refs/` (for example
//! `refs/mirror/fed/B/tasks/ID`).

use crate::error::{Error, Result};
use crate::model::id::validate_id;

/// The branch used when none is given.
pub const DEFAULT_BRANCH: &str = "fed";
pub const FEDERATION_FILE: &str = "federation.json";
pub const CONFIG_FILE: &str = "config.yaml";
pub const STATE_FILE: &str = "state.json";
pub const AVAILABILITY_FILE: &str = "availability.json";
pub const LOG_FILE: &str = "log.jsonl";
pub const HISTORY_FILE: &str = "routing-history.jsonl";
pub const ARCHIVE_DIR: &str = "archive";
const MIRROR: &str = "refs/mirror/";
const APPLIED: &str = "refs/applied/";

/// The two kinds of documents that have one ref each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    Task,
    Vote,
}

impl DocKind {
    pub const ALL: [DocKind; 2] = [DocKind::Task, DocKind::Vote];

    /// The folder name in refs and in the archive.
    pub fn plural(self) -> &'static str {
        match self {
            DocKind::Task => "tasks",
            DocKind::Vote => "votes",
        }
    }
    pub fn ext(self) -> &'static str {
        match self {
            DocKind::Task => "json",
            DocKind::Vote => "yaml",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Task => "task",
            DocKind::Vote => "vote",
        }
    }
    /// A document named in a file of `.remote/` (an outbox or landing
    /// mark, a set-aside copy): `task-ID`, `vote-ID`.
    pub fn label(self, id: &str) -> String {
        format!("{}-{id}", self.name())
    }
    /// The file in a document's commit tree: `ID.json` or `ID.yaml`.
    pub fn file(self, id: &str) -> String {
        format!("{id}.{}", self.ext())
    }
}

/// The documents that are one file in a ref of their own, replaced whole
/// by each change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Single {
    /// `state.json`: the pause.
    State,
    /// `availability.json`: the agents that said they are away (locally
    /// one file per agent in `availability/`).
    Availability,
}

impl Single {
    pub const ALL: [Single; 2] = [Single::State, Single::Availability];

    /// The ref's last component, and the name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Single::State => "state",
            Single::Availability => "availability",
        }
    }
    /// The file in the ref's commit tree.
    pub fn file(self) -> &'static str {
        match self {
            Single::State => STATE_FILE,
            Single::Availability => AVAILABILITY_FILE,
        }
    }
}

/// What a ref under the federation's names is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    Branch,
    Doc(DocKind, String),
    Single(Single),
    Log(String),
}

/// The ref names of one federation (one branch of one remote).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    branch: String,
}

impl Layout {
    /// The layout for branch `branch`: 1 to 64 of `A-Z a-z 0-9 . _ -`, not
    /// starting with `.` or `-`, without `..` and not ending in `.lock`
    /// (so that it is one valid ref component).
    pub fn new(branch: &str) -> Result<Layout> {
        let ok_chars = branch
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        let ok = !branch.is_empty()
            && branch.len() <= 64
            && ok_chars
            && !branch.starts_with(['.', '-'])
            && !branch.contains("..")
            && !branch.ends_with(".lock");
        if !ok {
            return Err(Error::invalid(format!(
                "--branch: '{}' is not a usable branch name; use letters, digits, '.', '_' and '-'",
                branch.escape_debug()
            )));
        }
        Ok(Layout {
            branch: branch.to_string(),
        })
    }

    pub fn branch(&self) -> &str {
        &self.branch
    }
    pub fn branch_ref(&self) -> String {
        format!("refs/heads/{}", self.branch)
    }
    /// The prefix of every per-document, state and log ref.
    pub fn namespace(&self) -> String {
        format!("refs/fed/{}/", self.branch)
    }
    pub fn doc_ref(&self, kind: DocKind, id: &str) -> String {
        format!("{}{}/{id}", self.namespace(), kind.plural())
    }
    pub fn single_ref(&self, single: Single) -> String {
        format!("{}{}", self.namespace(), single.name())
    }
    pub fn log_ref(&self, machine: &str) -> String {
        format!("{}logs/{machine}", self.namespace())
    }

    /// What the remote ref `name` is; `None` for anything else (refs a
    /// person or a later version put there are left alone).
    pub fn classify(&self, name: &str) -> Option<RefKind> {
        if name == self.branch_ref() {
            return Some(RefKind::Branch);
        }
        let rest = name.strip_prefix(&self.namespace())?;
        for single in Single::ALL {
            if rest == single.name() {
                return Some(RefKind::Single(single));
            }
        }
        let (group, id) = rest.split_once('/')?;
        validate_id(id, "ref").ok()?;
        match group {
            "tasks" => Some(RefKind::Doc(DocKind::Task, id.to_string())),
            "votes" => Some(RefKind::Doc(DocKind::Vote, id.to_string())),
            "logs" => Some(RefKind::Log(id.to_string())),
            _ => None,
        }
    }

    /// The refspecs of a sync: fed's refs only, into the mirror.
    pub fn fetch_refspecs(&self, with_branch: bool) -> Vec<String> {
        let ns = self.namespace();
        let mut specs = vec![format!("+{ns}*:{}", self.mirror(&format!("{ns}*")))];
        if with_branch {
            let branch = self.branch_ref();
            specs.push(format!("+{branch}:{}", self.mirror(&branch)));
        }
        specs
    }

    /// The replica's copy of remote ref `name` as last fetched.
    pub fn mirror(&self, name: &str) -> String {
        format!("{MIRROR}{}", name.strip_prefix("refs/").unwrap_or(name))
    }
    /// The replica's record of remote ref `name` as the directory has it.
    pub fn applied(&self, name: &str) -> String {
        format!("{APPLIED}{}", name.strip_prefix("refs/").unwrap_or(name))
    }
    /// The remote name of a mirror or applied ref.
    pub fn remote_name(&self, local: &str) -> Option<String> {
        let rest = local
            .strip_prefix(MIRROR)
            .or_else(|| local.strip_prefix(APPLIED))?;
        Some(format!("refs/{rest}"))
    }
    /// The prefixes to list mirror and applied refs with.
    pub fn mirror_prefix(&self) -> &'static str {
        MIRROR
    }
    pub fn applied_prefix(&self) -> &'static str {
        APPLIED
    }
}

/// Where a finished document is kept on the branch.
pub fn archive_path(kind: DocKind, id: &str) -> String {
    format!(
        "{ARCHIVE_DIR}/{}/{:02x}/{}",
        kind.plural(),
        bucket(id),
        kind.file(id)
    )
}

/// The document an archive path holds, if it is one.
pub fn parse_archive_path(path: &str) -> Option<(DocKind, String)> {
    let rest = path.strip_prefix(ARCHIVE_DIR)?.strip_prefix('/')?;
    let (group, rest) = rest.split_once('/')?;
    let (_, file) = rest.split_once('/')?;
    let kind = DocKind::ALL.into_iter().find(|k| k.plural() == group)?;
    let id = file.strip_suffix(&format!(".{}", kind.ext()))?;
    validate_id(id, "archive").ok()?;
    (archive_path(kind, id) == path).then(|| (kind, id.to_string()))
}

/// FNV-1a of the id, folded to one byte: a stable, even spread of ids over
/// 256 archive folders.
fn bucket(id: &str) -> u8 {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_round_trip_through_classify() {
        let l = Layout::new("fed").unwrap();
        assert_eq!(l.doc_ref(DocKind::Task, "t-1"), "refs/fed/fed/tasks/t-1");
        assert_eq!(
            l.classify("refs/fed/fed/tasks/t-1"),
            Some(RefKind::Doc(DocKind::Task, "t-1".into()))
        );
        assert_eq!(
            l.classify(&l.doc_ref(DocKind::Vote, "v")),
            Some(RefKind::Doc(DocKind::Vote, "v".into()))
        );
        for single in Single::ALL {
            let name = l.single_ref(single);
            assert_eq!(l.classify(&name), Some(RefKind::Single(single)), "{name}");
        }
        assert_eq!(
            l.classify(&l.log_ref("m1")),
            Some(RefKind::Log("m1".into()))
        );
        assert_eq!(l.classify("refs/heads/fed"), Some(RefKind::Branch));
        for other in [
            "refs/heads/main",
            "refs/fed/other/tasks/a",
            "refs/fed/fed/tasks/..",
            "refs/fed/fed/tasks/A",
            "refs/fed/fed/misc/a",
            "refs/fed/fed/tasks/a/b",
        ] {
            assert_eq!(l.classify(other), None, "{other}");
        }
    }

    #[test]
    fn mirror_and_applied_names_map_back() {
        let l = Layout::new("team-x").unwrap();
        let r = l.doc_ref(DocKind::Task, "a");
        assert_eq!(l.mirror(&r), "refs/mirror/fed/team-x/tasks/a");
        assert_eq!(l.applied(&r), "refs/applied/fed/team-x/tasks/a");
        assert_eq!(l.remote_name(&l.mirror(&r)).unwrap(), r);
        assert_eq!(
            l.remote_name(&l.applied(&l.branch_ref())).unwrap(),
            "refs/heads/team-x"
        );
        assert_eq!(
            l.fetch_refspecs(true),
            [
                "+refs/fed/team-x/*:refs/mirror/fed/team-x/*",
                "+refs/heads/team-x:refs/mirror/heads/team-x"
            ]
        );
    }

    #[test]
    fn bad_branch_names_are_refused() {
        for bad in ["", "a/b", "..", "-x", ".x", "a..b", "x.lock", "a b", "é"] {
            assert!(Layout::new(bad).is_err(), "{bad}");
        }
        assert!(Layout::new("Fed_2.x").is_ok());
    }

    #[test]
    fn archive_paths_spread_and_parse_back() {
        let p = archive_path(DocKind::Task, "20261120-090000-r7kb4w");
        assert!(p.starts_with("archive/tasks/") && p.ends_with("/20261120-090000-r7kb4w.json"));
        assert_eq!(
            parse_archive_path(&p),
            Some((DocKind::Task, "20261120-090000-r7kb4w".into()))
        );
        assert_eq!(parse_archive_path("archive/tasks/00/x.yaml"), None);
        assert_eq!(parse_archive_path("archive/tasks/zz/a.json"), None);
        let buckets: std::collections::HashSet<u8> =
            (0..2000).map(|i| bucket(&format!("task-{i}"))).collect();
        assert!(buckets.len() > 240, "{}", buckets.len());
    }
}
