//! Group commit: the one-document changes of several processes of one
//! replica go to the remote in one push.
//!
//! A push costs the same for one ref as for a handful (git's connectivity
//! check on both sides walks every ref of the remote), so when several
//! local processes want to push at once, one of them pushes for all. A
//! process that finds `.remote/push.lock` free takes it and pushes its
//! change with any others waiting, as in step 4 (it writes no request: no
//! other process can push its change while it holds the lock). Otherwise:
//!
//! 1. The requester writes its ref, new commit and lease (or a new
//!    document for the archive: [`Request`]) into
//!    `.remote/push-queue/req-NONCE`, holding an `flock` on that file for
//!    as long as it waits (made under a temporary name, locked, then
//!    renamed in, so that a request in view is locked while its requester
//!    lives).
//! 2. It takes `.remote/push.lock` (an `flock`, waiting for the process
//!    pushing now).
//! 3. If `ans-NONCE` is there, the holder before it pushed its request:
//!    it reads its ref's answer, removes both files and is done.
//! 4. Otherwise it pushes its own request and every other one waiting
//!    (one per ref) in one push without `--atomic`, each ref with its own
//!    lease, writes each other requester's answer, and is done. The new
//!    documents for the archive go in one commit on the branch, pushed
//!    expecting the branch as this replica last saw it ([`adds`]).
//!
//! Crashes: a requester killed while it waits leaves its request unlocked,
//! and the next pusher removes it unpushed. A pusher killed before, during
//! or after its push leaves the requests it took in place, unanswered,
//! and releases the lock by dying; the next holder pushes them again,
//! except the dead pusher's own (each holder writes its nonce into the
//! lock file while it holds it, so the next one knows whose it was).
//! A change that had landed then reads "up to date" (commits carry a
//! nonce: accepted); one that had not lands now, or loses its race. An
//! answered request is never pushed again, so no answer is replaced, and
//! only its requester removes it. Requests and answers are not flushed: a
//! power cut kills their processes too, and nothing was acknowledged.

mod adds;
mod wire;

pub use wire::{Answer, Request};

use crate::error::{Error, Result};
use crate::failpoint::step;
use crate::model::time::Timestamp;
use crate::remote::git::Git;
use crate::remote::git::transport::{PushRef, PushReport, RefStatus};
use crate::remote::layout::Layout;
use crate::remote::lock::{self, older_than};
use crate::remote::state::Paths;
use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// Pushes one request, together with whatever other processes of this
/// replica are waiting to push (see the module's documentation).
/// A transport failure is this process's error; the others waiting push
/// for themselves and meet it on their own.
pub fn push_one(git: &Git, paths: &Paths, at: Stamp, request: &Request) -> Result<Answer> {
    push_request(git, paths, at, request).map(|(answer, _)| answer)
}

/// [`push_one`], and, for an archive request this process pushed alone
/// in its commit, that commit's push once it landed: the directory
/// reflects the whole of that commit once the document is published
/// here, so the applied branch may follow it.
pub fn push_request(
    git: &Git,
    paths: &Paths,
    at: Stamp,
    request: &Request,
) -> Result<(Answer, Option<PushRef>)> {
    let queue = Queue::new(paths);
    let nonce = crate::model::id::random_base36(12);
    // The lock is free: no other process can push this change, so it
    // needs no request in the queue.
    if let Some(holding) = queue.try_lock(&nonce)? {
        return queue.push_for_all(git, at, &nonce, request, holding);
    }
    let _mine = queue.enqueue(&nonce, request)?;
    let holding = queue.lock(&nonce)?;
    if let Some(answer) = queue.answer(&nonce) {
        queue.forget(&nonce);
        return Ok((answer, None));
    }
    queue.push_for_all(git, at, &nonce, request, holding)
}

/// Where a grouped push's archive requests go (the federation's branch),
/// and the time their commit carries.
#[derive(Clone, Copy)]
pub struct Stamp<'a> {
    pub layout: &'a Layout,
    pub now: Timestamp,
}

/// `.remote/push-queue/` and `.remote/push.lock`.
struct Queue {
    dir: PathBuf,
    lock: PathBuf,
}

/// The push lock, held until dropped; it is left empty when released
/// (see [`Queue::hold`]).
struct Holding {
    file: File,
}

impl Drop for Holding {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

/// This process's request, locked while it lives.
struct Waiting {
    _file: File,
}

impl Queue {
    fn new(paths: &Paths) -> Queue {
        Queue {
            dir: paths.push_queue(),
            lock: paths.push_lock(),
        }
    }

    /// Holding the lock: pushes `mine` and every other request waiting,
    /// answers the others, and returns `mine`'s answer. The archive
    /// requests go in one commit on the branch (unless a request moves
    /// the branch itself: then they are answered `Moved`, and publish on
    /// live refs instead).
    fn push_for_all(
        &self,
        git: &Git,
        at: Stamp,
        nonce: &str,
        mine: &Request,
        _holding: Holding,
    ) -> Result<(Answer, Option<PushRef>)> {
        let failpoint = |name| step(name).map_err(|e| Error::io(&self.dir, "push", &e));
        failpoint("remote::group-locked")?;
        let others = self.waiting(nonce, mine);
        let all: Vec<&Request> = std::iter::once(mine)
            .chain(others.iter().map(|(_, r)| r))
            .collect();
        let mut refs: Vec<PushRef> = all
            .iter()
            .filter_map(|r| match r {
                Request::Ref(r) => Some(r.clone()),
                Request::Archive { .. } => None,
            })
            .collect();
        let docs: Vec<(&str, &[u8])> = all
            .iter()
            .filter_map(|r| match r {
                Request::Archive { path, bytes } => Some((path.as_str(), bytes.as_slice())),
                Request::Ref(_) => None,
            })
            .collect();
        let branch = at.layout.branch_ref();
        let adds = match docs.is_empty() || refs.iter().any(|r| r.name == branch) {
            true => None,
            // A commit that cannot be written sends them to live refs.
            false => adds::commit(git, at.layout, &docs, at.now).ok().flatten(),
        };
        refs.extend(adds.clone());
        failpoint("remote::group-before-push")?;
        let result = match refs.is_empty() {
            true => Ok(PushReport::default()),
            false => git.push_each(&refs),
        };
        failpoint("remote::group-after-push")?;
        self.forget(nonce);
        let report = result?;
        let answer_of = |request: &Request| {
            let name = match (request, &adds) {
                (Request::Ref(r), _) => r.name.as_str(),
                (Request::Archive { .. }, Some(_)) => branch.as_str(),
                (Request::Archive { .. }, None) => return Answer::Moved,
            };
            let status = report
                .refs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, s)| s.clone())
                .unwrap_or(RefStatus::Moved("no answer".into()));
            Answer::of(&status, report.lock_of(name, refs.len()))
        };
        let landed = |(name, status): &(String, RefStatus)| {
            *name == branch && matches!(status, RefStatus::Accepted)
        };
        if let Some(pushed) = &adds
            && report.refs.iter().any(landed)
        {
            adds::record(git, at.layout, pushed);
        }
        for (nonce, other) in &others {
            self.answer_for(nonce, &answer_of(other));
        }
        let answer = answer_of(mine);
        let alone = match (mine, adds) {
            (Request::Archive { .. }, Some(pushed)) if docs.len() == 1 => Some(pushed),
            _ => None,
        };
        Ok((answer.clone(), alone.filter(|_| answer == Answer::Accepted)))
    }

    fn path(&self, prefix: &str, nonce: &str) -> PathBuf {
        self.dir.join(format!("{prefix}-{nonce}"))
    }

    fn enqueue(&self, nonce: &str, r: &Request) -> Result<Waiting> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, "create", &e))?;
        let tmp = self.path("tmp", nonce);
        let mut file = File::options()
            .create_new(true)
            .write(true)
            .open(&tmp)
            .map_err(|e| Error::io(&tmp, "create", &e))?;
        file.lock().map_err(|e| Error::io(&tmp, "lock", &e))?;
        file.write_all(&r.encode())
            .map_err(|e| Error::io(&tmp, "write", &e))?;
        let req = self.path("req", nonce);
        std::fs::rename(&tmp, &req).map_err(|e| Error::io(&req, "rename", &e))?;
        Ok(Waiting { _file: file })
    }

    fn open_lock(&self) -> Result<File> {
        File::options()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&self.lock)
            .map_err(|e| Error::io(&self.lock, "open", &e))
    }

    /// Takes the push lock, waiting for its holder.
    fn lock(&self, nonce: &str) -> Result<Holding> {
        let file = self.open_lock()?;
        file.lock().map_err(|e| Error::io(&self.lock, "lock", &e))?;
        self.hold(file, nonce)
    }

    /// Takes the push lock if it is free.
    fn try_lock(&self, nonce: &str) -> Result<Option<Holding>> {
        let file = self.open_lock()?;
        match file.try_lock() {
            Ok(()) => self.hold(file, nonce).map(Some),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&self.lock, "lock", &e)),
        }
    }

    /// Writes `nonce` into the push lock just taken, for as long as it is
    /// held. A nonce found there is that of a holder that died holding it:
    /// its request is removed, never pushed. (A process's locks are not
    /// all released at the same instant when it dies: for a moment its
    /// request can still look held after the push lock is free.)
    fn hold(&self, mut file: File, nonce: &str) -> Result<Holding> {
        let mut dead = String::new();
        let _ = file.read_to_string(&mut dead);
        let dead = dead.trim();
        if !dead.is_empty() && dead.bytes().all(|b| b.is_ascii_alphanumeric()) {
            self.forget(dead);
        }
        let written = file
            .set_len(0)
            .and_then(|()| file.write_all_at(nonce.as_bytes(), 0));
        written.map_err(|e| Error::io(&self.lock, "write", &e))?;
        Ok(Holding { file })
    }

    fn answer(&self, nonce: &str) -> Option<Answer> {
        let text = std::fs::read_to_string(self.path("ans", nonce)).ok()?;
        Answer::decode(&text)
    }

    /// Writes an answer whole (a temporary file renamed in).
    fn answer_for(&self, nonce: &str, answer: &Answer) {
        let tmp = self.path("tmpans", nonce);
        if std::fs::write(&tmp, answer.encode()).is_ok() {
            let _ = std::fs::rename(&tmp, self.path("ans", nonce));
        }
    }

    /// Removes a request and its answer (the answer first: an answer
    /// without its request is never left behind by a live requester).
    fn forget(&self, nonce: &str) {
        let _ = std::fs::remove_file(self.path("ans", nonce));
        let _ = std::fs::remove_file(self.path("req", nonce));
    }

    /// The requests of live processes waiting to push, not answered yet,
    /// one per ref or archive path (`taken` is this process's); removes
    /// what dead ones left.
    fn waiting(&self, mine: &str, taken: &Request) -> Vec<(String, Request)> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut keys: HashSet<String> = HashSet::from([taken.key().to_string()]);
        let mut found = Vec::new();
        for name in names {
            let Some((prefix, nonce)) = name.split_once('-') else {
                continue;
            };
            if nonce == mine || !matches!(prefix, "req" | "tmp" | "tmpans") {
                continue;
            }
            let path = self.dir.join(&name);
            match prefix {
                // Locked an instant after it is made: a minute old, dead.
                "tmp" if !held(&path) && older_than(&path, STALE) => {
                    let _ = std::fs::remove_file(&path);
                }
                // Only the holder of the lock writes answers.
                "tmpans" => {
                    let _ = std::fs::remove_file(&path);
                }
                "req" if !held(&path) => self.forget(nonce),
                _ => {}
            }
            if prefix != "req" || !path.exists() || self.path("ans", nonce).exists() {
                continue;
            }
            let parsed = std::fs::read(&path).ok().and_then(|b| Request::decode(&b));
            if let Some(r) = parsed
                && keys.insert(r.key().to_string())
            {
                found.push((nonce.to_string(), r));
            }
        }
        found
    }
}

/// How old a request still being made must be to count as left behind.
const STALE: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether a live process holds `path` (a request nobody can be said to
/// hold is not waited on).
fn held(path: &Path) -> bool {
    lock::held(path) == Some(lock::Held::Yes)
}
