//! Lock files a git process left in the replica when it was stopped for
//! good: a power cut, a reboot, `kill -9` of its process group. Git never
//! removes them itself, and every later git process that needs the same
//! ref (or `packed-refs`) fails on them. A lock file in the replica made
//! before this machine last booted has no living owner (no process
//! outlives a boot), so it is removed and the git command run again. One
//! made since may belong to a git process of another `fed` running now:
//! it is left, and the error names it.
//!
//! One lock is not worth waiting for a boot: the commit-graph chain's
//! (`objects/info/commit-graphs/commit-graph-chain.lock`). While it stays,
//! every graph write fails and the replica's commits are read the slow
//! way, so each push and fetch costs more as the federation grows. Only a
//! graph write holds it, for a second or two; one older than
//! [`GRAPH_LOCK_AGE`] belongs to a git that died (a crash of git itself
//! leaves it too), and it only ever guards the graph, which git checks
//! and can do without: nothing a document depends on.

use super::Git;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

impl Git {
    /// The lock file git's `stderr` says was in its way, when it is in
    /// this replica and older than the last boot (the commit-graph's:
    /// older than [`GRAPH_LOCK_AGE`]).
    pub(super) fn stale_lock(&self, stderr: &str) -> Option<PathBuf> {
        let (named, meta) = self.lock_in_replica(stderr)?;
        let made = meta.modified().ok()?;
        let graph =
            named.ends_with(GRAPH_LOCK) && made.elapsed().is_ok_and(|age| age > GRAPH_LOCK_AGE);
        (graph || made < boot_time()?).then_some(named)
    }

    /// The lock file git's `stderr` says was in its way, when it is one
    /// in this replica, and what it is.
    pub(super) fn lock_in_replica(&self, stderr: &str) -> Option<(PathBuf, std::fs::Metadata)> {
        let named = real(Path::new(&super::transport::locked_file(stderr)?))?;
        let mine = named.starts_with(std::fs::canonicalize(&self.git_dir).ok()?);
        let meta = std::fs::symlink_metadata(&named).ok()?;
        let is_lock = named.extension().is_some_and(|e| e == "lock") && meta.file_type().is_file();
        (mine && is_lock).then_some((named, meta))
    }
}

/// The lock of the commit-graph chain, under the replica.
const GRAPH_LOCK: &str = "objects/info/commit-graphs/commit-graph-chain.lock";

/// Past this age the commit-graph chain's lock has no living owner: a
/// graph write takes seconds, and fed stops any git of its own after
/// two minutes.
const GRAPH_LOCK_AGE: Duration = Duration::from_secs(600);

/// `path` with its folder's symbolic links and `.` resolved (the lock
/// file itself is not followed).
fn real(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    Some(std::fs::canonicalize(path.parent()?).ok()?.join(name))
}

/// When this machine last booted (`btime` in `/proc/stat`).
fn boot_time() -> Option<SystemTime> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let secs = stat.lines().find_map(|l| l.strip_prefix("btime "))?;
    Some(UNIX_EPOCH + Duration::from_secs(secs.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What git says when `path` was in its way.
    fn said(path: &Path) -> String {
        format!(
            "error: cannot lock ref 'x': Unable to create '{}': File exists.\n",
            path.display()
        )
    }

    /// Gives the file at `path` (made empty if missing) the time `at`.
    fn made(path: &Path, at: SystemTime) {
        if !path.exists() {
            std::fs::write(path, "").unwrap();
        }
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(at).unwrap();
    }

    #[test]
    fn only_a_lock_in_the_replica_older_than_the_boot_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let git_dir = dir.path().join("git");
        std::fs::create_dir_all(git_dir.join("refs/applied")).unwrap();
        let git = Git::new(&git_dir, "/srv/hub.git");
        let lock = git_dir.join("refs/applied/./x.lock");
        made(&lock, SystemTime::now());
        assert_eq!(git.stale_lock(&said(&lock)), None, "made since the boot");
        let before_boot = boot_time().unwrap() - Duration::from_secs(3600);
        made(&lock, before_boot);
        let found = git.stale_lock(&said(&lock)).expect("made before the boot");
        assert!(
            found.ends_with("refs/applied/x.lock"),
            "{}",
            found.display()
        );
        // Not in the replica (the remote's), or not a lock file: left.
        let theirs = dir.path().join("hub.git/refs/x.lock");
        std::fs::create_dir_all(theirs.parent().unwrap()).unwrap();
        made(&theirs, before_boot);
        assert_eq!(git.stale_lock(&said(&theirs)), None);
        let config = git_dir.join("config");
        made(&config, before_boot);
        assert_eq!(git.stale_lock(&said(&config)), None);
        assert_eq!(git.stale_lock("fatal: something else\n"), None);
    }

    #[test]
    fn the_commit_graph_lock_is_stale_after_ten_minutes_a_ref_lock_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let git_dir = dir.path().join("git");
        let graphs = git_dir.join("objects/info/commit-graphs");
        std::fs::create_dir_all(&graphs).unwrap();
        std::fs::create_dir_all(git_dir.join("refs/applied")).unwrap();
        let git = Git::new(&git_dir, "/srv/hub.git");
        let ago = |secs| SystemTime::now() - Duration::from_secs(secs);
        let chain = graphs.join("commit-graph-chain.lock");
        made(&chain, ago(60));
        assert_eq!(git.stale_lock(&said(&chain)), None, "a minute old");
        made(&chain, ago(601));
        let found = git.stale_lock(&said(&chain)).expect("over ten minutes");
        assert!(found.ends_with(GRAPH_LOCK), "{}", found.display());
        // A ref's lock as old could still be a live git's: left.
        let reflock = git_dir.join("refs/applied/x.lock");
        made(&reflock, ago(601));
        assert_eq!(git.stale_lock(&said(&reflock)), None);
    }
}
