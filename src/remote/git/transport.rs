//! Talking to the remote: `fetch` of fed's refs only, and `push` of
//! compare-and-swap updates with a lease per ref.
//!
//! A push names every ref with `--force-with-lease=REF:EXPECTED` (empty
//! EXPECTED: the ref must not exist). The remote checks the old value under
//! its lock on that ref, so of two pushes expecting the same value exactly
//! one lands; `--atomic` makes a push of several refs land whole or not at
//! all. `--porcelain` output tells, ref by ref, what happened.

use super::Git;
use crate::error::Result;
use crate::remote::Oid;

/// One ref of a push: set it to `new` (`None`: delete it), only if it is
/// `expect` now (`None`: only if it does not exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushRef {
    pub name: String,
    pub new: Option<Oid>,
    pub expect: Option<Oid>,
}

/// What the remote said about one ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefStatus {
    /// Updated, created or deleted; or already at the pushed value (a
    /// retried push that had landed: commits carry a nonce, so no other
    /// machine can have pushed the same one).
    Accepted,
    /// The ref was not at the expected value (a lease that failed, a race
    /// lost on the remote), or another ref of an atomic push was.
    Moved(String),
    /// Refused for good (a hook, a protected ref, no permission).
    Refused(String),
}

/// The outcome of one push, ref by ref.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    pub refs: Vec<(String, RefStatus)>,
    /// Git's messages, for [`PushReport::locked`] and
    /// [`PushReport::lock_of`].
    pub stderr: String,
}

impl PushReport {
    pub fn all_accepted(&self) -> bool {
        self.refs.iter().all(|(_, s)| *s == RefStatus::Accepted)
    }

    /// A lock file the remote found in its way (`REF.lock` or
    /// `packed-refs.lock` existed): another push updating that ref right
    /// then, or a git process on the remote that died holding it. The
    /// refs it stopped are reported [`RefStatus::Moved`].
    pub fn locked(&self) -> Option<String> {
        locked_file(&self.stderr)
    }

    /// The lock file that stopped `name`, in a push of `pushed` refs: the
    /// one git names for that ref ("cannot lock ref 'NAME': Unable to
    /// create 'PATH': File exists"), else, for a push of one ref, the one
    /// git names at all (`packed-refs.lock`).
    pub fn lock_of(&self, name: &str, pushed: usize) -> Option<String> {
        let quoted = format!("cannot lock ref '{name}'");
        self.stderr
            .lines()
            .filter(|line| line.contains(&quoted))
            .find_map(locked_file)
            .or_else(|| self.locked().filter(|_| pushed == 1))
    }
}

impl Git {
    /// Fetches `refspecs` from the remote (with `--prune`: local refs under
    /// a refspec's destination that the remote no longer has are deleted).
    /// `Ok(false)`: a refspec names a ref the remote does not have, and
    /// nothing was fetched.
    pub fn fetch(&self, refspecs: &[String]) -> Result<bool> {
        let mut args = vec![
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-write-fetch-head",
            "--no-recurse-submodules",
            "--prune",
            "fed",
        ];
        args.extend(refspecs.iter().map(String::as_str));
        let mut tries = 0;
        loop {
            let out = self.run(&args, b"")?;
            if out.success {
                return Ok(true);
            } else if out.stderr.contains("couldn't find remote ref") {
                return Ok(false);
            }
            // Another local process settled a change (it moves the mirror
            // ref of what it pushed), or a git that outlived a killed fed
            // (it runs in its own session) is still writing the same refs:
            // a transient clash, gone on the next try. A lock older than
            // any such clash is not waited for.
            tries += 1;
            let left = self
                .lock_in_replica(&out.stderr)
                .and_then(|(_, meta)| meta.modified().ok()?.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(10));
            if !out.stderr.contains("cannot lock ref") || tries >= 12 || left {
                return Err(self.failure("fetch", &out.stderr));
            }
            std::thread::sleep(std::time::Duration::from_millis(10 << tries.min(4)));
        }
    }

    /// Whether the remote has `refname`, without fetching anything.
    pub fn remote_has(&self, refname: &str) -> Result<Option<Oid>> {
        let out = self.run_ok(&["ls-remote", "fed", refname], b"")?;
        Ok(String::from_utf8_lossy(&out).lines().find_map(|line| {
            let (oid, name) = line.split_once('\t')?;
            (name == refname).then(|| Oid::parse(oid)).flatten()
        }))
    }

    /// Pushes `refs` (atomically when there are several). A transport
    /// failure is an error; rejected refs are in the report.
    pub fn push(&self, refs: &[PushRef]) -> Result<PushReport> {
        self.push_with(refs, refs.len() > 1)
    }

    /// Pushes `refs`, each landing or not on its own (the group commit:
    /// each ref is another process's change).
    pub fn push_each(&self, refs: &[PushRef]) -> Result<PushReport> {
        self.push_with(refs, false)
    }

    fn push_with(&self, refs: &[PushRef], atomic: bool) -> Result<PushReport> {
        let mut args: Vec<String> = vec!["push".into(), "--porcelain".into()];
        if atomic {
            args.push("--atomic".into());
        }
        args.push("fed".into());
        for r in refs {
            let expect = r.expect.as_ref().map(Oid::to_string).unwrap_or_default();
            args.push(format!("--force-with-lease={}:{expect}", r.name));
        }
        for r in refs {
            let src = r.new.as_ref().map(Oid::to_string).unwrap_or_default();
            args.push(format!("{src}:{}", r.name));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.run(&args, b"")?;
        let report = parse_porcelain(&String::from_utf8_lossy(&out.stdout), refs);
        match report {
            Some(mut report) if out.success || !report.all_accepted() => {
                report.stderr = out.stderr;
                Ok(report)
            }
            _ => Err(self.failure("push", &out.stderr)),
        }
    }
}

/// Reads `push --porcelain`: a line `FLAG\tSRC:DST\tSUMMARY` per ref.
/// `None` when a pushed ref has no line (the push failed before talking
/// about refs: unreachable, refused credentials).
pub fn parse_porcelain(stdout: &str, refs: &[PushRef]) -> Option<PushReport> {
    let mut statuses = Vec::with_capacity(refs.len());
    for r in refs {
        let line = stdout.lines().find(|line| {
            let mut fields = line.split('\t');
            let _flag = fields.next();
            fields
                .next()
                .and_then(|spec| spec.rsplit_once(':'))
                .is_some_and(|(_, dst)| dst == r.name)
        })?;
        statuses.push((r.name.clone(), classify(line)));
    }
    Some(PushReport {
        refs: statuses,
        stderr: String::new(),
    })
}

/// The lock file named by git's "Unable to create 'PATH': File exists"
/// (relayed from the remote as `remote: error: cannot lock ref ...`).
pub fn locked_file(stderr: &str) -> Option<String> {
    const BEFORE: &str = "Unable to create '";
    const AFTER: &str = "': File exists";
    stderr.lines().find_map(|line| {
        let start = line.find(BEFORE)? + BEFORE.len();
        let len = line[start..].find(AFTER)?;
        Some(line[start..start + len].to_string())
    })
}

/// A lock file on the remote that stopped a change, in a message.
pub fn locked_there(lock: &str) -> String {
    format!(
        "locked there ({lock} exists: another push landing, or a git process on the remote that died holding it)"
    )
}

fn classify(line: &str) -> RefStatus {
    let flag = line.chars().next().unwrap_or('!');
    let summary = line.splitn(3, '\t').nth(2).unwrap_or("").trim().to_string();
    if flag != '!' {
        return RefStatus::Accepted;
    }
    let lower = summary.to_ascii_lowercase();
    let moved = [
        "stale info",
        "fetch first",
        "non-fast-forward",
        "atomic push failed",
        // The remote's transaction of an atomic push failed: a lock in the
        // way, or a ref moved since it was advertised.
        "atomic transaction failed",
        "failed to update ref",
        "failed to lock",
        "cannot lock ref",
        "incorrect old value",
        "but expected",
        "already exists",
    ];
    if moved.iter().any(|m| lower.contains(m)) {
        RefStatus::Moved(summary)
    } else {
        RefStatus::Refused(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push_ref(name: &str) -> PushRef {
        PushRef {
            name: name.to_string(),
            new: None,
            expect: None,
        }
    }

    #[test]
    fn porcelain_lines_are_classified_per_ref() {
        let out = "To /r.git\n\
            *\t1f66ada68338f0f77431fdaf5a19cc2efc75c240:refs/fed/b/tasks/a\t[new reference]\n\
            -\t:refs/fed/b/tasks/c\t[deleted]\n\
            =\t1f66ada68338f0f77431fdaf5a19cc2efc75c240:refs/fed/b/tasks/e\t[up to date]\n\
            !\te50fddc86b28a027b6bcb095d07b9c9c58a7188b:refs/fed/b/tasks/d\t[rejected] (stale info)\n\
            !\te50fddc86b28a027b6bcb095d07b9c9c58a7188b:refs/fed/b/tasks/f\t[remote rejected] (pre-receive hook declined)\n\
            !\t:refs/fed/b/tasks/g\t[remote rejected] (atomic transaction failed)\n\
            Done\n";
        let refs: Vec<PushRef> = ["a", "c", "e", "d", "f", "g"]
            .iter()
            .map(|id| push_ref(&format!("refs/fed/b/tasks/{id}")))
            .collect();
        let report = parse_porcelain(out, &refs).unwrap();
        let st: Vec<&RefStatus> = report.refs.iter().map(|(_, s)| s).collect();
        assert_eq!(st[0], &RefStatus::Accepted);
        assert_eq!(st[1], &RefStatus::Accepted);
        assert_eq!(st[2], &RefStatus::Accepted);
        assert!(matches!(st[3], RefStatus::Moved(m) if m.contains("stale info")));
        assert!(matches!(st[4], RefStatus::Refused(m) if m.contains("hook declined")));
        assert!(matches!(st[5], RefStatus::Moved(m) if m.contains("atomic transaction")));
        assert!(!report.all_accepted());
    }

    #[test]
    fn a_lock_file_in_the_way_is_named() {
        let stderr = "remote: error: cannot lock ref 'refs/fed/b/tasks/a': Unable to create '/srv/r.git/./refs/fed/b/tasks/a.lock': File exists.        \n\
            remote: \n\
            error: failed to push some refs to '/srv/r.git'\n";
        assert_eq!(
            locked_file(stderr).as_deref(),
            Some("/srv/r.git/./refs/fed/b/tasks/a.lock")
        );
        // A lease that failed under the lock is a race, not a lock.
        let raced =
            "remote: error: cannot lock ref 'refs/fed/b/tasks/a': is at 1f66 but expected e50f\n";
        assert_eq!(locked_file(raced), None);
    }

    #[test]
    fn a_push_that_never_got_to_the_refs_has_no_report() {
        assert!(parse_porcelain("", &[push_ref("refs/fed/b/tasks/a")]).is_none());
        // A ref whose name ends like another one is not mistaken for it.
        let out = "*\tx:refs/fed/b/tasks/aa\t[new reference]\n";
        assert!(parse_porcelain(out, &[push_ref("refs/fed/b/tasks/a")]).is_none());
    }
}
