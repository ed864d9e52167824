//! A command's life in a shared federation: bring the directory level
//! with the remote ([`sync`]), run the operation, and when the remote
//! moved under its change (`Kind::Moved`: another machine got there
//! first, nothing changed), sync and run the whole operation again on the
//! new state ([`redo`]), at most [`Backoff::for_remote`] times, with
//! jittered waits so that losers do not come back in lockstep.
//!
//! A sync is: fetch fed's refs, plan, install what changed with the
//! store's discipline ([`crate::remote::execute`]), publish what waits in
//! the outbox (adds made while the remote was unreachable), and, for an
//! explicit `fed sync`, this machine's new log lines and a fold of
//! finished work. One process syncs a replica at a time
//! ([`crate::remote::lock`]); a command that finds another one syncing
//! waits for it and uses its result.

pub mod adopt;
pub(crate) mod config;
mod notes;

use crate::error::{Error, Kind, Result};
use crate::model::time::Timestamp;
use crate::remote::archive::{Folded, Published, fold};
use crate::remote::backoff::Backoff;
use crate::remote::execute::execute;
use crate::remote::layout::DocKind;
use crate::remote::outbox;
use crate::remote::plan::{LocalIndex, Problem};
use crate::remote::replica::Replica;
use crate::remote::sync::Target;
use crate::store::Store;
use crate::store::fsx;
use crate::store::layout::{MAX_TASK_BYTES, MAX_VOTE_BYTES};
use crate::store::locate::{Place, place};
use serde::Serialize;

/// What a sync does besides fetching and applying.
#[derive(Debug, Clone, Copy, Default)]
pub struct SyncOptions {
    /// `fed sync`: also publish this machine's log lines and fold idle
    /// documents when there are many.
    pub full: bool,
    /// Fold every document idle for [`FOLD_SAFE`], however few (`fed sync
    /// --fold`).
    pub fold_all: bool,
    /// `leases.skew`: how far the machines' clocks may disagree. A fold
    /// waits that much longer, since a ref's age is read from the clock of
    /// the machine that pushed it.
    pub skew: chrono::TimeDelta,
    /// Use another process's sync instead of fetching again: one running
    /// now (wait for it), or one that completed less than [`FRESH`] ago
    /// (the sync before a command, and a waiting command's re-checks).
    pub coalesce: bool,
}

/// How recent a sync is recent enough for a command to count it as its
/// own: the state it fetched is then as fresh as a fetch of this command
/// would be, give or take the time the fetch itself takes. A change is
/// acknowledged only by the remote (a compare-and-swap of its ref), so
/// a command on a replica that moved since loses its race and syncs
/// ([`Redo`]); only its choice among ready tasks may not see a task added
/// elsewhere within that second.
pub const FRESH: std::time::Duration = std::time::Duration::from_secs(1);

/// What a sync did.
#[derive(Debug, Default, Serialize)]
pub struct Synced {
    /// False when another process's sync was used instead.
    pub fetched: bool,
    /// Documents, config and state written here.
    pub updated: usize,
    /// Documents changed here meanwhile, left for the next sync.
    pub skipped: usize,
    /// Documents from the outbox (adds, and tasks noted offline) now on
    /// the remote.
    pub published: usize,
    pub log_published: bool,
    /// A `config.yaml` edited here is now on the remote (`fed sync`).
    pub config_published: bool,
    pub folded: usize,
    #[serde(serialize_with = "problems_json")]
    pub problems: Vec<Problem>,
}

/// Idle documents on live refs before a full sync folds them.
const FOLD_MIN: usize = 200;
/// How long a ref stays unmoved before a full sync folds its document.
const FOLD_AGE: chrono::TimeDelta = chrono::TimeDelta::hours(1);
/// How long a ref stays unmoved before any fold (`fed sync --fold`) may
/// fold its document: far longer than a change can take from its sync to
/// the end of its push (git's time limit, 120 s). The clocks' skew
/// ([`SyncOptions::skew`]) comes on top. See [`crate::remote::archive`].
pub const FOLD_SAFE: chrono::TimeDelta = chrono::TimeDelta::minutes(10);
/// Documents folded in one push.
const FOLD_BATCH: usize = 500;

/// Brings `store`'s directory level with the remote of `replica`.
pub fn sync(store: &Store, replica: &Replica, now: Timestamp, opts: SyncOptions) -> Result<Synced> {
    let lock = crate::remote::lock::lock(replica.paths(), &replica.settings().url)?;
    let fresh = || replica.paths().synced_ago().is_some_and(|ago| ago < FRESH);
    if opts.coalesce && (lock.waited || fresh()) {
        // Another process synced while this one waited, or just now: use
        // its result.
        return Ok(Synced::default());
    }
    if !replica.fetch()? {
        return Err(replica.git().error(&format!(
            "has no federation on branch {}; run `fed remote set` to publish this one",
            replica.layout().branch()
        )));
    }
    let plan = replica.plan_sync(&LocalIndex::new())?;
    // Lets the tests widen the window between the fetch and the installs.
    crate::failpoint::step("remote::sync-before-execute")
        .map_err(|e| crate::error::Error::new(crate::error::Kind::Io, e.to_string()))?;
    let executed = execute(store, replica, plan)?;
    let mut synced = Synced {
        fetched: true,
        updated: executed.written,
        skipped: executed.skipped,
        problems: executed.problems,
        ..Synced::default()
    };
    synced.published = flush_outbox(store, replica, now, &mut synced.problems)?;
    synced.published += notes::flush(store, replica, now, &mut synced.problems)?;
    if opts.full || opts.fold_all {
        synced.config_published =
            config::publish_local_edit(store, replica, now, &mut synced.problems)?;
        synced.log_published = replica.publish_log(now)?;
        synced.folded = fold_idle(replica, now, &opts, &mut synced.problems)?;
    }
    crate::remote::tidy::tidy(replica);
    replica.record_sync(now)?;
    Ok(synced)
}

/// Runs `run` until it does not lose a race on the remote ([`Redo`]),
/// syncing before each new try.
pub fn redo<T>(
    store: &Store,
    replica: &Replica,
    now: Timestamp,
    first: &Synced,
    mut run: impl FnMut() -> Result<T>,
) -> Result<T> {
    let mut redo = Redo::after(first);
    loop {
        let err = match run() {
            Err(e) => e,
            ok => return ok,
        };
        match redo.next(&err, replica) {
            Next::Again => {}
            Next::Report => return Err(err),
            Next::GaveUp(e) => return Err(e),
        }
        if let Err(e) = sync(store, replica, now, SyncOptions::default()) {
            return Err(if err.lost_a_race() { e } else { err });
        }
    }
}

/// When a command runs again: after it lost a race on the remote
/// (`Kind::Moved`: wait, jittered, sync, run again, at most
/// [`Backoff::for_remote`] times; then a conflict, exit 5, saying the
/// remote kept changing); and once after a failure that a newer state
/// could change (nothing to claim, no such task, a conflict, paused, not
/// permitted) when the command ran on another process's sync ([`FRESH`])
/// and no sync completed while it ran: such an answer is not given
/// before the command has seen the remote for itself. (A command that
/// waited, `claim --wait` or `fed wait`, synced at each re-check: its
/// answer stands.) When the sync before another try fails, the command's
/// own answer is reported, except after a lost race.
pub struct Redo {
    backoff: Backoff,
    /// The command's first sync was another process's.
    borrowed: bool,
    started: std::time::Instant,
}

/// What [`Redo::next`] says.
#[derive(Debug)]
pub enum Next {
    /// Sync and run again.
    Again,
    /// Report the failure as it is.
    Report,
    /// The last try is spent: report this instead.
    GaveUp(Error),
}

impl Redo {
    /// The redo schedule of a command whose first sync was `first`.
    pub fn after(first: &Synced) -> Redo {
        Redo {
            backoff: Backoff::for_remote(),
            borrowed: !first.fetched,
            started: std::time::Instant::now(),
        }
    }

    /// What to do after a run of the command failed with `err`.
    pub fn next(&mut self, err: &Error, replica: &Replica) -> Next {
        let borrowed = std::mem::take(&mut self.borrowed)
            && replica
                .paths()
                .synced_ago()
                .is_none_or(|ago| ago >= self.started.elapsed());
        match err.kind {
            _ if err.lost_a_race() && self.backoff.wait() => Next::Again,
            _ if err.lost_a_race() => Next::GaveUp(gave_up(err, self.backoff.tries())),
            Kind::NothingToDo
            | Kind::NotFound
            | Kind::Conflict
            | Kind::Paused
            | Kind::Forbidden
                if borrowed =>
            {
                Next::Again
            }
            _ => Next::Report,
        }
    }
}

/// The error after the last lost race: a conflict (exit 5) when the
/// remote kept changing; when a lock on the remote outlasted every try,
/// an error saying what to look at there.
pub fn gave_up(err: &Error, tries: u32) -> Error {
    if err.kind == Kind::Locked {
        return Error::locked(format!(
            "{}; it stayed locked through {tries} tries, so nothing was changed: if no git process is running on the remote, remove that file there",
            err.message
        ));
    }
    Error::conflict(format!(
        "{}; it kept changing through {tries} tries, so nothing was changed: try again",
        err.message
    ))
}

/// Publishes the new documents waiting in the outbox (adds made while the
/// remote was unreachable, and the batches of `queue add --from-file`)
/// straight into the archive, in one commit on the branch: each gets its
/// live ref at its first change, as everything `fed remote set`
/// publishes. An id the remote already has, live or archived, is reported
/// and not published. When the branch moved meanwhile nothing is
/// published, and the next sync tries again.
fn flush_outbox(
    store: &Store,
    replica: &Replica,
    now: Timestamp,
    problems: &mut Vec<Problem>,
) -> Result<usize> {
    let waiting = outbox::list(replica.paths());
    if waiting.is_empty() {
        return Ok(0);
    }
    let known = crate::remote::archive::known(replica.git(), replica.layout())?;
    let mut fresh = Vec::new();
    for (kind, id) in waiting {
        if replica.lease(kind, &id)?.is_some() {
            outbox::remove(replica.paths(), kind, &id);
            continue;
        }
        let bytes = match local_bytes(store, kind, &id)? {
            Local::Gone => {
                outbox::remove(replica.paths(), kind, &id);
                continue;
            }
            Local::Busy => continue,
            Local::Bytes(bytes) => bytes,
        };
        match known.get(&(kind, id.clone())) {
            None => {
                fresh.push((kind, id, bytes));
                continue;
            }
            // Published already (by a flush cut short before the mark
            // went): the archive holds exactly this version.
            Some(Some(blob)) if *blob == crate::remote::git::blob_id(&bytes) => {
                outbox::remove(replica.paths(), kind, &id);
                continue;
            }
            Some(_) => problems.push(Problem {
                kind: "remote-conflict",
                target: Target::Doc(kind, id.clone()),
                message: format!(
                    "{} {id} was added here, and the remote has another {} with that id; the local one is not published (add it again under another id)",
                    kind.name(),
                    kind.name()
                ),
            }),
        }
    }
    if fresh.is_empty() {
        return Ok(0);
    }
    match crate::remote::archive::publish_archived(replica.git(), replica.layout(), &fresh, now)? {
        Published::Landed => {}
        // The next sync tries again (`queue add --from-file` at once).
        Published::Moved => return Ok(0),
        Published::Locked(lock) => {
            let waiting = format!(
                "{} documents added here wait in .remote/outbox/",
                fresh.len()
            );
            problems.push(Problem::branch_locked(&waiting, &lock, "publishes them"));
            return Ok(0);
        }
    }
    for (kind, id, _) in &fresh {
        outbox::remove(replica.paths(), *kind, id);
    }
    Ok(fresh.len())
}

enum Local {
    Bytes(Vec<u8>),
    Busy,
    Gone,
}

fn local_bytes(store: &Store, kind: DocKind, id: &str) -> Result<Local> {
    let (path, limit) = match kind {
        DocKind::Task => match place(store, id)? {
            Some(Place::Folder { path, .. }) => (path, MAX_TASK_BYTES),
            Some(Place::InFlight) => return Ok(Local::Busy),
            None => return Ok(Local::Gone),
        },
        DocKind::Vote => match store.find_vote(id)? {
            Some((path, _)) => (path, MAX_VOTE_BYTES),
            None => return Ok(Local::Gone),
        },
    };
    Ok(match fsx::read_bounded(&path, limit) {
        Ok(bytes) => Local::Bytes(bytes),
        Err(fsx::ReadError::Missing) => Local::Busy,
        Err(e) => {
            return Err(Error::invalid(format!(
                "{}: {}",
                path.display(),
                e.describe(limit)
            )));
        }
    })
}

/// Folds idle documents into the archive: those whose refs have not moved
/// for [`FOLD_AGE`] when there are more than [`FOLD_MIN`] of them, or with
/// `fold_all`, every one whose ref has not moved for [`FOLD_SAFE`]; the
/// clocks' skew longer in both cases. A lock on the remote's branch that
/// stops it is reported in `problems`.
fn fold_idle(
    replica: &Replica,
    now: Timestamp,
    opts: &SyncOptions,
    problems: &mut Vec<Problem>,
) -> Result<usize> {
    let (git, layout) = (replica.git(), replica.layout());
    let all = opts.fold_all;
    let skew = opts.skew.max(chrono::TimeDelta::zero());
    let cutoff = now - if all { FOLD_SAFE } else { FOLD_AGE } - skew;
    let idle = crate::remote::archive::idle(git, layout, cutoff)?;
    if !all && idle.len() <= FOLD_MIN {
        return Ok(0);
    }
    let mut folded = 0;
    loop {
        match fold(git, layout, &idle, FOLD_BATCH, now)? {
            Folded::Archived(docs) => {
                folded += docs.len();
                if docs.len() < FOLD_BATCH {
                    return Ok(folded);
                }
            }
            Folded::Nothing | Folded::Moved => return Ok(folded),
            Folded::Locked(lock) => {
                let what = "idle documents were not folded into the archive";
                problems.push(Problem::branch_locked(what, &lock, "folds them"));
                return Ok(folded);
            }
        }
    }
}

fn problems_json<S: serde::Serializer>(
    problems: &[Problem],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(problems.len()))?;
    for p in problems {
        seq.serialize_element(&serde_json::json!({ "kind": p.kind, "message": p.message }))?;
    }
    seq.end()
}
