//! Finding and listing vote files, the way [`super::locate`] finds tasks:
//! by id or unique suffix, waiting (bounded) for a vote another process
//! has in `.txn/`, and reading every vote without trusting any file.

use super::Store;
use super::doc::Document;
use super::fsx;
use super::layout::{MAX_VOTE_BYTES, VOTES_ACTIVE, VOTES_RESOLVED};
use super::locate::{read_dir, resolve_among, wait_in_flight};
use super::scan::{Problem, in_flight_ids};
use crate::error::{Error, Label, Result};
use crate::model::id::validate_id;
use crate::model::{Vote, VoteStatus};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// How long a command waits for a vote another process is changing.
pub const BUSY_WAIT: Duration = Duration::from_secs(10);

impl Store {
    /// The file and content of vote `id`. A resolved copy wins over an
    /// active one (left beside it by a bad merge, say): a finished vote is
    /// finished.
    pub fn find_vote(&self, id: &str) -> Result<Option<(PathBuf, Vote)>> {
        for active in [false, true] {
            let path = self.vote_path(active, id);
            match fsx::read_bounded(&path, MAX_VOTE_BYTES) {
                Ok(bytes) => {
                    let vote = Vote::parse(&bytes).map_err(|e| {
                        Error::invalid(format!("{}: invalid vote: {e}", path.display()))
                    })?;
                    return Ok(Some((path, vote)));
                }
                Err(fsx::ReadError::Missing) => {}
                Err(e) => {
                    return Err(Error::invalid(format!(
                        "{}: {}",
                        path.display(),
                        e.describe(MAX_VOTE_BYTES)
                    )));
                }
            }
        }
        Ok(None)
    }

    /// Reads vote `id`, waiting (bounded) while another process has it in
    /// flight; `Ok(None)` when there is no such vote.
    pub fn get_vote(&self, id: &str) -> Result<Option<Vote>> {
        let start = std::time::Instant::now();
        let found = wait_in_flight(
            BUSY_WAIT,
            || {},
            || {
                if let Some((_, vote)) = self.find_vote(id)? {
                    return Ok(Some(Some(vote)));
                }
                // Neither in a folder nor in flight, twice over a few
                // milliseconds: a vote moving between them is seen in one.
                let moving = in_flight_ids(self, Vote::EXT).iter().any(|f| f == id);
                Ok((!moving && start.elapsed().as_millis() > 50).then_some(None))
            },
        )?;
        found.ok_or_else(|| Error::conflict(format!("vote {id} stayed busy; try again")))
    }

    /// The full id of a vote from its id or a unique suffix of it.
    pub fn resolve_vote<'a>(&self, input: &str, what: impl Into<Label<'a>>) -> Result<String> {
        let what = what.into();
        let input = input.trim().to_ascii_lowercase();
        validate_id(&input, what)?;
        resolve_among(&input, what, "vote", || Ok(self.vote_ids()))
    }

    /// The id of every vote, active or resolved, or in `.txn/` while
    /// another process changes it. Names only: no file is read.
    pub fn vote_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for folder in [VOTES_ACTIVE, VOTES_RESOLVED] {
            let Ok(entries) = read_dir(&self.path(folder)) else {
                continue;
            };
            ids.extend(entries.iter().filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                let id = name.strip_suffix(".yaml")?;
                validate_id(id, "id").is_ok().then(|| id.to_string())
            }));
        }
        // A vote being changed right now is in .txn/, not in a folder.
        ids.extend(in_flight_ids(self, Vote::EXT));
        ids
    }

    /// Every readable vote (active first, then resolved) and the files
    /// that are not (with what is wrong with them).
    pub fn list_votes(&self) -> (Vec<Vote>, Vec<Problem>) {
        let mut votes = Vec::new();
        let mut problems = Vec::new();
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        for (folder, active) in [(VOTES_ACTIVE, true), (VOTES_RESOLVED, false)] {
            let mut entries = match std::fs::read_dir(self.path(folder)) {
                Ok(entries) => entries.flatten().collect::<Vec<_>>(),
                Err(e) => {
                    problems.push(Problem::unreadable(self.path(folder), &e));
                    continue;
                }
            };
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                match read_vote_entry(&entry, folder, active) {
                    Ok(Some(vote)) => {
                        if let Some(problem) = twice(&mut seen, &vote.vote_id, entry.path()) {
                            problems.extend(problem);
                            continue;
                        }
                        votes.push(vote);
                    }
                    Ok(None) => {}
                    Err(problem) => problems.push(problem),
                }
            }
        }
        (votes, problems)
    }
}

/// `Some` when vote `id` was seen already: a `duplicate` problem when both
/// files still exist (none when the first copy moved meanwhile).
fn twice(seen: &mut BTreeMap<String, PathBuf>, id: &str, path: PathBuf) -> Option<Option<Problem>> {
    let Some(first) = seen.get(id) else {
        seen.insert(id.to_string(), path);
        return None;
    };
    Some((first.exists() && path.exists()).then(|| {
        Problem::error(
            "duplicate",
            format!(
                "vote {id} is in two places: {} and {}",
                first.display(),
                path.display()
            ),
        )
        .at(path)
    }))
}

/// Reads one entry of a vote folder: `Ok(None)` for hidden names and files
/// that vanished while we looked, `Err` for anything that is not a valid
/// vote belonging in `folder`.
fn read_vote_entry(
    entry: &std::fs::DirEntry,
    folder: &str,
    active: bool,
) -> Result<Option<Vote>, Problem> {
    let name = entry.file_name().to_string_lossy().into_owned();
    let path = entry.path();
    if name.starts_with('.') {
        return Ok(None);
    }
    let Some(id) = name
        .strip_suffix(".yaml")
        .filter(|id| validate_id(id, "id").is_ok())
    else {
        return Err(Problem::warning(
            "foreign",
            format!(
                "{}: not a vote file (VOTE_ID.yaml); ignored",
                path.display()
            ),
        )
        .at(path));
    };
    if let Ok(ft) = entry.file_type()
        && !ft.is_file()
    {
        return Err(Problem::not_regular(path, &ft));
    }
    let invalid = |message: String| Problem::error("invalid", message).at(path.clone());
    let vote = match fsx::read_bounded(&path, MAX_VOTE_BYTES) {
        Ok(bytes) => Vote::parse(&bytes),
        Err(fsx::ReadError::Missing) => return Ok(None),
        Err(e) => Err(e.describe(MAX_VOTE_BYTES)),
    }
    .map_err(|e| invalid(format!("{}: invalid vote: {e}", path.display())))?;
    if vote.vote_id != id {
        return Err(invalid(format!(
            "{}: the file name says '{id}' but vote_id is '{}'",
            path.display(),
            vote.vote_id
        )));
    }
    if vote.is_active() != active {
        let article = if vote.status == VoteStatus::Active {
            "an"
        } else {
            "a"
        };
        return Err(invalid(format!(
            "{}: {article} {} vote does not belong in {folder}/",
            path.display(),
            vote.status
        )));
    }
    Ok(Some(vote))
}
