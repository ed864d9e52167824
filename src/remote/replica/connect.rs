//! Joining a remote: the federation's identity (`federation.json` on the
//! branch) and the checks that keep two federations from mixing on one
//! branch.

use super::Replica;
use crate::error::Result;
use crate::model::time::{Timestamp, format_time};
use crate::remote::git::transport::PushRef;
use crate::remote::layout::{self, RefKind};
use crate::remote::push::{self, PushOutcome};
use crate::remote::sync;
use serde::{Deserialize, Serialize};

/// `federation.json` on the branch: which federation this is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    pub federation_id: String,
    pub created_at: String,
    pub format: u32,
}

impl Identity {
    pub fn new(now: Timestamp) -> Identity {
        Identity {
            federation_id: format!(
                "{}-{}",
                now.format("%Y%m%d"),
                crate::model::id::random_base36(16)
            ),
            created_at: format_time(now),
            format: 1,
        }
    }

    pub fn parse(bytes: &[u8]) -> std::result::Result<Identity, String> {
        let id: Identity = serde_json::from_slice(bytes).map_err(|e| {
            format!(
                "{}: {}",
                layout::FEDERATION_FILE,
                crate::error::one_line(&e.to_string())
            )
        })?;
        if id.federation_id.is_empty() || id.format != 1 {
            return Err(format!(
                "{}: unknown format {}",
                layout::FEDERATION_FILE,
                id.format
            ));
        }
        Ok(id)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("identity serializes");
        bytes.push(b'\n');
        bytes
    }
}

/// How [`Replica::connect`] went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connected {
    /// The branch did not exist: this federation is now published there.
    Created,
    /// The branch holds the federation this replica already belonged to.
    Same,
    /// The branch held another federation, which this replica now follows.
    Joined,
}

impl Replica {
    /// `fed remote set` and the first half of `fed clone`: creates the
    /// replica and connects it ([`Replica::connect`]). Refuses when a
    /// remote is already set (`fed remote remove` first). On any failure
    /// (unreachable, refused, another federation there) the new `.remote/`
    /// is removed again: nothing changed. On success, `.remote/` is added to
    /// the federation's `.gitignore`.
    pub fn set(
        fed_dir: &std::path::Path,
        url: &str,
        branch: &str,
        join: bool,
        config: &[u8],
        now: Timestamp,
    ) -> Result<(Replica, Connected)> {
        if let Some(existing) = Replica::open(fed_dir)? {
            return Err(crate::error::Error::invalid(format!(
                "this federation is already shared through branch {} of {}; run `fed remote remove` first",
                existing.settings.branch, existing.settings.url
            )));
        }
        let connected = Replica::create(fed_dir, url, branch).and_then(|mut replica| {
            let how = replica.connect(join, config, now)?;
            Ok((replica, how))
        });
        match connected {
            Ok(done) => {
                super::ignore_remote_dir(fed_dir)?;
                Ok(done)
            }
            Err(e) => {
                let _ = crate::remote::state::Paths::new(fed_dir).remove();
                Err(e)
            }
        }
    }

    /// Connects to the branch after [`Replica::create`]: creates it (with
    /// a new federation id and `config`) when it is absent; otherwise
    /// follows the federation there if it is this one or `join` is given,
    /// and refuses if not.
    pub fn connect(&mut self, join: bool, config: &[u8], now: Timestamp) -> Result<Connected> {
        for _ in 0..3 {
            if self.fetch()? {
                return self.follow_identity(join);
            }
            let identity = Identity::new(now);
            let files = [
                (layout::FEDERATION_FILE.to_string(), identity.to_bytes()),
                (layout::CONFIG_FILE.to_string(), config.to_vec()),
            ];
            let files: Vec<(String, &[u8])> = files
                .iter()
                .map(|(n, b)| (n.clone(), b.as_slice()))
                .collect();
            let commit = push::commit_files(&self.git, &files, None, "federation", now)?;
            let refs = [PushRef {
                name: self.layout.branch_ref(),
                new: Some(commit),
                expect: None,
            }];
            if let PushOutcome::Accepted { .. } = push::push_refs(&self.git, &refs)? {
                self.fetch()?;
                self.adopt(identity.federation_id)?;
                return Ok(Connected::Created);
            }
        }
        Err(self
            .git
            .error("the federation branch keeps changing; try again"))
    }

    fn follow_identity(&mut self, join: bool) -> Result<Connected> {
        let theirs = self.remote_identity()?;
        match &self.settings.federation_id {
            Some(ours) if *ours == theirs.federation_id => Ok(Connected::Same),
            _ if join => {
                self.adopt(theirs.federation_id)?;
                Ok(Connected::Joined)
            }
            _ => Err(self.git.error(&format!(
                "branch {} already holds another federation ({}); pass --join to follow it, or choose another --branch",
                self.layout.branch(),
                theirs.federation_id
            ))),
        }
    }

    fn adopt(&mut self, federation_id: String) -> Result<()> {
        self.settings.federation_id = Some(federation_id);
        self.paths.write_settings(&self.settings)
    }

    /// The identity on the fetched branch.
    fn remote_identity(&self) -> Result<Identity> {
        let spec = format!(
            "{}:{}",
            self.layout.mirror(&self.layout.branch_ref()),
            layout::FEDERATION_FILE
        );
        let obj = self.git.cat_batch(&[spec])?.pop().flatten();
        let bytes = obj
            .filter(|o| o.kind == "blob")
            .map(|o| o.bytes)
            .ok_or_else(|| {
                self.git.error(&format!(
                    "branch {} holds no {}",
                    self.layout.branch(),
                    layout::FEDERATION_FILE
                ))
            })?;
        Identity::parse(&bytes).map_err(|e| self.git.error(&e))
    }

    /// A sync refuses to apply a branch that now holds another federation
    /// (someone replaced it): nothing local changes. Checked when the
    /// branch moved (no extra process otherwise).
    pub(super) fn check_identity(&self, views: &sync::Views) -> Result<()> {
        let Some((_, mirror)) = views.mirror.get(&RefKind::Branch) else {
            return Err(self.git.error(&format!(
                "has no federation on branch {}; run `fed remote set` to publish this one",
                self.layout.branch()
            )));
        };
        if views.applied.get(&RefKind::Branch).map(|a| &a.1) == Some(mirror) {
            return Ok(());
        }
        let theirs = self.remote_identity()?;
        match &self.settings.federation_id {
            Some(ours) if *ours != theirs.federation_id => Err(self.git.error(&format!(
                "branch {} now holds another federation ({}, not {ours}); nothing was changed here",
                self.layout.branch(),
                theirs.federation_id
            ))),
            _ => Ok(()),
        }
    }
}
