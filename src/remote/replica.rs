//! A federation's replica: its settings, its git wrapper and its layout,
//! and the operations the commands are built from.
//!
//! - `fed remote set URL [--branch B]`: [`Replica::create`], then
//!   [`Replica::connect`] (publishes the federation's identity and config,
//!   or joins the one already there when told to), then the local
//!   documents are published as new ([`Replica::publish`] with no lease).
//! - `fed clone URL [DIR]`: `fed init` of DIR, [`Replica::create`],
//!   [`Replica::connect`] with `join`, then a sync.
//! - `fed sync` and the start of every changing command:
//!   [`Replica::fetch`], [`Replica::plan_sync`], execute the plan.
//! - Every local change of a task or vote: [`Replica::cas`] before the
//!   local publish, [`Landed::settle`] after it.
//! - `fed remote show` / `status`: [`Replica::settings`] and
//!   [`Paths::last_sync`](crate::remote::state::Paths::last_sync), no
//!   network. `fed remote remove`: [`Paths::remove`](crate::remote::state::Paths::remove).

use crate::error::{Error, Result};
use crate::model::time::Timestamp;
use crate::remote::Oid;
use crate::remote::git::Git;
use crate::remote::git::transport::PushRef;
use crate::remote::group::{self, Answer};
use crate::remote::layout::{self, DocKind, Layout, Single};
use crate::remote::plan::{self, LocalIndex, Plan};
use crate::remote::push::{self, DocChange, Landed, PushOutcome};
use crate::remote::state::{Paths, Settings, new_machine_name};
use crate::remote::sync;

mod connect;
pub use connect::{Connected, Identity};
use std::path::{Path, PathBuf};

/// The result of the commit hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cas {
    /// The remote took the change: publish locally, then settle.
    Landed(Landed),
    /// The remote has moved: put the local change back, sync, redo.
    Moved,
    /// A lock file on the remote (named) stopped the change: another push
    /// landing there, or a git process on the remote that died holding
    /// it. Nothing changed; like [`Cas::Moved`], try again after a sync.
    Locked(String),
}

/// An open replica.
#[derive(Debug, Clone)]
pub struct Replica {
    fed_dir: PathBuf,
    paths: Paths,
    settings: Settings,
    layout: Layout,
    git: Git,
}

impl Replica {
    /// The replica of the federation at `fed_dir`; `None` when no remote is
    /// set. Reads two small files; no git process, no network.
    pub fn open(fed_dir: &Path) -> Result<Option<Replica>> {
        let paths = Paths::new(fed_dir);
        let Some(settings) = paths.read_settings()? else {
            return Ok(None);
        };
        Ok(Some(Replica::from_settings(fed_dir, paths, settings)?))
    }

    /// Records remote `url` and `branch` for the federation at `fed_dir` and
    /// creates its replica. No network: [`Replica::connect`] comes next.
    pub fn create(fed_dir: &Path, url: &str, branch: &str) -> Result<Replica> {
        let layout = Layout::new(branch)?;
        if url.trim().is_empty() || url.starts_with('-') {
            return Err(Error::invalid(format!(
                "'{}' is not a remote URL",
                url.escape_debug()
            )));
        }
        let paths = Paths::new(fed_dir);
        paths.ensure_dir()?;
        let settings = Settings {
            url: url.to_string(),
            branch: layout.branch().to_string(),
            machine: new_machine_name(),
            federation_id: None,
            extra: Default::default(),
        };
        let replica = Replica::from_settings(fed_dir, paths, settings)?;
        replica.git.init()?;
        replica.paths.write_settings(&replica.settings)?;
        Ok(replica)
    }

    fn from_settings(fed_dir: &Path, paths: Paths, settings: Settings) -> Result<Replica> {
        let layout = Layout::new(&settings.branch)?;
        let fed_dir = &std::path::absolute(fed_dir).unwrap_or_else(|_| fed_dir.to_path_buf());
        let git = Git::new(&paths.git_dir(), &settings.url).with_identity(&settings.machine);
        Ok(Replica {
            fed_dir: fed_dir.to_path_buf(),
            paths,
            settings,
            layout,
            git,
        })
    }

    pub fn git(&self) -> &Git {
        &self.git
    }
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    pub fn paths(&self) -> &Paths {
        &self.paths
    }
    pub fn fed_dir(&self) -> &Path {
        &self.fed_dir
    }

    /// Fetches fed's refs. `Ok(false)`: the remote has no federation yet.
    pub fn fetch(&self) -> Result<bool> {
        sync::fetch(&self.git, &self.layout)
    }

    /// After a fetch: what to do to bring the directory level with the
    /// remote. Fails when the branch now holds another federation.
    pub fn plan_sync(&self, local: &LocalIndex) -> Result<Plan> {
        let views = sync::views(&self.git, &self.layout)?;
        self.check_identity(&views)?;
        let incoming = sync::incoming(&self.git, &self.layout, &views, &self.settings.machine)?;
        Ok(plan::plan(incoming, local))
    }

    /// The lease of a document: the commit the directory reflects, or
    /// `None` when the remote has (as far as this replica knows) no live
    /// ref for it.
    pub fn lease(&self, kind: DocKind, id: &str) -> Result<Option<Oid>> {
        self.read_ref(&self.layout.applied(&self.layout.doc_ref(kind, id)))
    }

    /// The commit a replica ref names ([`Git::read_ref`]: no git process).
    pub fn read_ref(&self, name: &str) -> Result<Option<Oid>> {
        self.git.read_ref(name)
    }

    /// The commit hook: publishes `new` (`None`: deletes) as the next
    /// version of one document, expecting its lease.
    pub fn cas(&self, kind: DocKind, id: &str, new: Option<&[u8]>, now: Timestamp) -> Result<Cas> {
        self.cas_leased(kind, id, self.lease(kind, id)?, new, now)
    }

    /// [`Replica::cas`] with the lease the caller read already.
    pub fn cas_leased(
        &self,
        kind: DocKind,
        id: &str,
        lease: Option<Oid>,
        new: Option<&[u8]>,
        now: Timestamp,
    ) -> Result<Cas> {
        let change = DocChange {
            kind,
            id: id.to_string(),
            old_oid: lease,
            new: new.map(<[u8]>::to_vec),
        };
        self.publish(std::slice::from_ref(&change), now)
    }

    /// Publishes `changes`: one with the group commit (a document's change,
    /// a note from the outbox), several in one atomic push of their own
    /// (all land or none).
    pub fn publish(&self, changes: &[DocChange], now: Timestamp) -> Result<Cas> {
        let refs = push::prepare(&self.git, &self.layout, changes, now)?;
        self.push(&refs, now)
    }

    /// The hook of `pause` and `resume` (`state.json`) and of `agent
    /// away|back` (the availability): publishes the document's new file,
    /// expecting the version the directory reflects.
    pub fn cas_single(&self, single: Single, bytes: &[u8], now: Timestamp) -> Result<Cas> {
        let name = self.layout.single_ref(single);
        let lease = self.applied_single(single)?;
        let files = [(single.file().to_string(), bytes)];
        let commit = push::commit_files(&self.git, &files, lease.as_ref(), single.name(), now)?;
        self.push(
            &[PushRef {
                name,
                new: Some(commit),
                expect: lease,
            }],
            now,
        )
    }

    /// The version of `single` the directory reflects (`None`: never
    /// published).
    pub fn applied_single(&self, single: Single) -> Result<Option<Oid>> {
        let name = self.layout.applied(&self.layout.single_ref(single));
        Ok(self.git.rev_parse(&[name])?.pop().flatten())
    }

    /// Publishes a changed `config.yaml` on the branch, expecting the
    /// branch commit the directory reflects (a fold or another machine's
    /// config change in between makes it [`Cas::Moved`]).
    pub fn cas_config(&self, bytes: &[u8], now: Timestamp) -> Result<Cas> {
        let name = self.layout.branch_ref();
        let Some(lease) = self
            .git
            .rev_parse(&[self.layout.applied(&name)])?
            .pop()
            .flatten()
        else {
            return Err(self
                .git
                .error("the federation was never synced from this remote; run `fed sync` first"));
        };
        let base = self
            .git
            .rev_parse(&[format!("{lease}^{{tree}}")])?
            .pop()
            .flatten();
        let blob = self.git.hash_object(bytes)?;
        let tree = self.git.edit_tree(
            base.as_ref(),
            &[(layout::CONFIG_FILE.to_string(), blob)],
            &[],
        )?;
        let commit = self.git.commit_tree(
            &tree,
            std::slice::from_ref(&lease),
            &push::message("config"),
            now.timestamp(),
        )?;
        self.push(
            &[PushRef {
                name,
                new: Some(commit),
                expect: Some(lease),
            }],
            now,
        )
    }

    /// A new document (one no other machine can know: its id was just
    /// generated here) straight into the archive on the branch, with the
    /// group commit: the new documents of every local process waiting go
    /// in one commit ([`group`]), and the remote keeps no live ref for
    /// them until their first change. When the branch moved since this
    /// replica last saw it, the document is published on a live ref of
    /// its own instead ([`Replica::cas`], "must not exist").
    pub fn add(&self, kind: DocKind, id: &str, bytes: &[u8], now: Timestamp) -> Result<Cas> {
        let request = group::Request::Archive {
            path: layout::archive_path(kind, id),
            bytes: bytes.to_vec(),
        };
        let (answer, alone) =
            group::push_request(&self.git, &self.paths, self.stamp(now), &request)?;
        match answer {
            // Alone in its commit: once settled, the applied branch follows
            // (if it was level with the commit's parent), and the next sync
            // has nothing to read for it.
            Answer::Accepted => Ok(Cas::Landed(Landed::new(&self.layout, alone.as_slice()))),
            Answer::Refused(why) => {
                let name = self.layout.branch_ref();
                Err(push::refused(&self.git, &name, &why))
            }
            Answer::Moved | Answer::Locked(_) => self.cas(kind, id, Some(bytes), now),
        }
    }

    fn stamp(&self, now: Timestamp) -> group::Stamp<'_> {
        group::Stamp {
            layout: &self.layout,
            now,
        }
    }

    /// Pushes `refs`: one ref with the group commit (together with other
    /// local processes' pushes, [`crate::remote::group`]), several as one
    /// atomic push of their own.
    fn push(&self, refs: &[PushRef], now: Timestamp) -> Result<Cas> {
        if let [one] = refs {
            let request = group::Request::Ref(one.clone());
            return Ok(
                match group::push_one(&self.git, &self.paths, self.stamp(now), &request)? {
                    Answer::Accepted => Cas::Landed(Landed::new(&self.layout, refs)),
                    Answer::Moved => Cas::Moved,
                    Answer::Locked(lock) => Cas::Locked(lock),
                    Answer::Refused(why) => return Err(push::refused(&self.git, &one.name, &why)),
                },
            );
        }
        Ok(match push::push_refs(&self.git, refs)? {
            PushOutcome::Accepted { .. } => Cas::Landed(Landed::new(&self.layout, refs)),
            PushOutcome::Rejected {
                locked: Some(lock), ..
            } => Cas::Locked(lock),
            PushOutcome::Rejected { locked: None, .. } => Cas::Moved,
        })
    }

    /// Publishes this machine's new log lines (see [`crate::remote::logs`]).
    pub fn publish_log(&self, now: Timestamp) -> Result<bool> {
        crate::remote::logs::publish_own(
            &self.git,
            &self.layout,
            &self.settings.machine,
            &self.fed_dir,
            now,
        )
    }

    /// Records a completed sync at `now` (for `status`).
    pub fn record_sync(&self, now: Timestamp) -> Result<()> {
        self.paths.record_sync(now)
    }
}

/// Adds `.remote/` to the federation's `.gitignore`, so that the replica
/// is never committed to the user's repository.
pub(crate) fn ignore_remote_dir(fed_dir: &Path) -> Result<()> {
    let path = fed_dir.join(".gitignore");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(&path, "read", &e)),
    };
    if text.lines().any(|l| l.trim() == ".remote/") {
        return Ok(());
    }
    let mut text = text;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# fed's replica of the remote (see docs/machines.md)\n.remote/\n");
    crate::remote::state::write_atomic(&path, text.as_bytes())
}
