//! What the `fed vote` commands do to the store.
//!
//! Every change to a vote (a ballot, a resolution, an override) is a
//! take/swap/publish transaction on its file, like a task's: of sixteen
//! agents casting at once, each takes the file in turn and none is lost.
//! While another process has the file, a caster waits for it (bounded).

use super::rules::{Outcome, apply, resolve};
use super::{Ballot, Extra, Vote, VoteResult, VoteStatus, vote_path};
use crate::error::{Error, Result};
use crate::model::Duration;
use crate::model::id::{new_task_id, unique_suffix, validate_id};
use crate::model::time::{format_time, parse_time};
use crate::op::{Op, recover};
use crate::store::Store;
use crate::store::doc::Document;
use crate::store::events::Event;
use crate::store::fsx;
use crate::store::layout::{VOTES_ACTIVE, VOTES_RESOLVED};
use crate::store::scan::{Problem, in_flight_ids};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

/// How long a command waits for a vote another process is changing.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Debug, Clone, Default)]
pub struct NewVote {
    pub question: String,
    pub options: Vec<String>,
    pub context: Option<String>,
    /// A duration from now (`2h`) or an RFC 3339 time.
    pub deadline: Option<String>,
    pub quorum: Option<u32>,
    pub high_stakes: bool,
}

pub fn create(op: &Op, new: NewVote) -> Result<Vote> {
    let creator = op.agent()?;
    let question = new.question.trim().to_string();
    if question.is_empty() {
        return Err(Error::invalid("QUESTION: the question is empty"));
    }
    let mut options: Vec<String> = Vec::new();
    for raw in &new.options {
        let option = raw.trim().to_string();
        if option.is_empty() {
            return Err(Error::invalid("--option: an option is empty"));
        }
        if options.contains(&option) {
            return Err(Error::invalid(format!(
                "--option: '{option}' is given twice"
            )));
        }
        options.push(option);
    }
    if options.len() < 2 {
        return Err(Error::invalid(
            "--option: a vote needs at least two options",
        ));
    }
    let quorum = new.quorum.unwrap_or(op.config.votes.quorum);
    if quorum == 0 {
        return Err(Error::invalid("--quorum: must be at least 1"));
    }
    let deadline = new
        .deadline
        .map(|raw| match Duration::parse(&raw) {
            Ok(d) => Ok(op.now + d.to_chrono()),
            Err(_) => parse_time(&raw, "--deadline").map_err(|_| {
                Error::invalid(format!(
                    "--deadline: '{raw}' is neither a duration (90s, 30m, 2h, 1d) nor an RFC 3339 time"
                ))
            }),
        })
        .transpose()?;
    if let Some(d) = deadline
        && d <= op.now
    {
        return Err(Error::invalid(format!(
            "--deadline: {} is not in the future",
            format_time(d)
        )));
    }
    let context = new
        .context
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let vote = Vote {
        vote_id: new_task_id(op.now).as_str().to_string(),
        question,
        options,
        context,
        status: VoteStatus::Active,
        quorum,
        high_stakes: new.high_stakes,
        created_by: creator.map(str::to_string),
        created_at: op.now,
        deadline,
        votes: BTreeMap::new(),
        result: None,
        escalated_to: Vec::new(),
        extra: Extra::new(),
    };
    op.store.publish_new(&vote.home(op.store), &vote.render())?;
    op.log(
        Event::new(op.now, op.agent.as_deref(), "vote-created")
            .vote(&vote.vote_id)
            .with("options", vote.options.clone())
            .with("high_stakes", vote.high_stakes),
    );
    Ok(vote)
}

#[derive(Debug, Clone, Default)]
pub struct CastRequest {
    pub id: String,
    pub choice: String,
    pub confidence: f64,
    pub reasoning: Option<String>,
}

/// Records (or replaces) the caller's ballot on an active vote.
pub fn cast(op: &Op, request: CastRequest) -> Result<Vote> {
    let agent = op.require_agent("vote cast")?.to_string();
    if !(0.0..=1.0).contains(&request.confidence) {
        return Err(Error::invalid(format!(
            "--confidence: {} is outside 0 to 1",
            request.confidence
        )));
    }
    recover(op);
    let id = resolve_id(op.store, &request.id)?;
    let choice = request.choice.trim().to_string();
    let vote = change(op, &id, |mut vote| {
        finished(&vote)?;
        check_choice(&vote, &choice)?;
        // A recast keeps whatever else the agent's ballot carried.
        let extra = vote
            .votes
            .remove(&agent)
            .map(|b| b.extra)
            .unwrap_or_default();
        vote.votes.insert(
            agent.clone(),
            Ballot {
                choice: choice.clone(),
                confidence: request.confidence,
                reasoning: request.reasoning.clone().unwrap_or_default(),
                cast_at: op.now,
                extra,
            },
        );
        Ok(vote)
    })?;
    op.log(
        Event::new(op.now, op.agent.as_deref(), "vote-cast")
            .vote(&id)
            .with("choice", choice)
            .with("confidence", request.confidence),
    );
    Ok(vote)
}

/// Resolves one vote by the rules; a vote still waiting for ballots is
/// exit 3 ("nothing to do yet").
pub fn resolve_one(op: &Op, raw_id: &str) -> Result<Vote> {
    op.agent()?;
    recover(op);
    let id = resolve_id(op.store, raw_id)?;
    let vote = change(op, &id, |mut vote| {
        finished(&vote)?;
        let outcome = resolve(&vote, op.config.votes.min_confidence, op.now);
        if let Outcome::Wait { reason } = outcome {
            return Err(Error::nothing(format!("vote {id} waits: {reason}")));
        }
        apply(
            &mut vote,
            outcome,
            &op.config.overseers,
            op.now,
            op.agent.as_deref(),
        );
        Ok(vote)
    })?;
    log_result(op, &vote);
    Ok(vote)
}

/// Resolves every active vote whose deadline has passed. While the
/// federation is paused nothing is decided automatically: a vote that would
/// be decided is escalated to the overseers instead, with the ballots'
/// choice as the recommendation.
pub fn resolve_due(op: &Op) -> Result<Vec<Vote>> {
    op.agent()?;
    recover(op);
    let paused = op.store.state()?.paused;
    let (votes, _) = list(op.store);
    let mut done = Vec::new();
    for vote in votes.into_iter().filter(|v| v.is_due(op.now)) {
        let id = vote.vote_id.clone();
        let resolved = change(op, &id, |mut vote| {
            if !vote.is_due(op.now) {
                return Err(Error::conflict(format!("vote {id} is no longer due")));
            }
            let outcome = match resolve(&vote, op.config.votes.min_confidence, op.now) {
                Outcome::Decided {
                    choice,
                    reason,
                    tally,
                    mean,
                } if paused => Outcome::Escalated {
                    recommendation: Some(choice),
                    reason: format!(
                        "the federation is paused, so nothing is decided automatically; the ballots say: {reason}"
                    ),
                    tally,
                    mean: Some(mean),
                },
                other => other,
            };
            apply(
                &mut vote,
                outcome,
                &op.config.overseers,
                op.now,
                op.agent.as_deref(),
            );
            Ok(vote)
        });
        match resolved {
            Ok(vote) => {
                log_result(op, &vote);
                done.push(vote);
            }
            // Resolved by someone else meanwhile.
            Err(e) if e.kind == crate::error::Kind::Conflict => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// Sets a vote's result (overseers only), before or after resolution.
pub fn override_vote(op: &Op, raw_id: &str, choice: &str, reason: Option<&str>) -> Result<Vote> {
    op.config
        .check_overseer(op.agent.as_deref(), "vote override")?;
    recover(op);
    let id = resolve_id(op.store, raw_id)?;
    let choice = choice.trim().to_string();
    let by = op.agent.clone();
    let vote = change(op, &id, |mut vote| {
        check_choice(&vote, &choice)?;
        let previous = vote.result.take();
        let tally = previous
            .as_ref()
            .map_or_else(|| super::rules::tally(&vote), |r| r.tally.clone());
        let reason = match reason.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => format!(
                "overridden by {}: {r}",
                by.as_deref().unwrap_or("the overseer")
            ),
            None => format!("overridden by {}", by.as_deref().unwrap_or("the overseer")),
        };
        vote.result = Some(VoteResult {
            decision: Some(choice.clone()),
            recommendation: previous.as_ref().and_then(|r| r.recommendation.clone()),
            reason,
            tally,
            mean_confidence: previous.as_ref().and_then(|r| r.mean_confidence),
            at: op.now,
            by: by.clone(),
            extra: previous.map(|r| r.extra).unwrap_or_default(),
        });
        vote.status = VoteStatus::Overridden;
        vote.escalated_to.clear();
        Ok(vote)
    })?;
    log_result(op, &vote);
    Ok(vote)
}

/// Refuses a choice that is not one of the vote's options.
fn check_choice(vote: &Vote, choice: &str) -> Result<()> {
    if vote.options.iter().any(|o| o == choice) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "--choice: '{choice}' is not an option of vote {} ({})",
            vote.vote_id,
            vote.options.join(", ")
        )))
    }
}

fn log_result(op: &Op, vote: &Vote) {
    let event = match vote.status {
        VoteStatus::Decided => "vote-decided",
        VoteStatus::Escalated => "vote-escalated",
        VoteStatus::Overridden => "vote-overridden",
        VoteStatus::Active => return,
    };
    let result = vote.result.as_ref();
    op.log(
        Event::new(op.now, op.agent.as_deref(), event)
            .vote(&vote.vote_id)
            .with("decision", result.and_then(|r| r.decision.clone()))
            .with("reason", result.map(|r| r.reason.clone())),
    );
}

fn finished(vote: &Vote) -> Result<()> {
    if vote.is_active() {
        Ok(())
    } else {
        Err(Error::conflict(format!(
            "vote {} is already {}",
            vote.vote_id, vote.status
        )))
    }
}

/// Takes vote `id` (a resolved id: the vote exists), applies `apply`,
/// publishes the result. Votes are never deleted, so a vote found neither
/// in its folders nor in `.txn/` was moving between them while we looked:
/// like one in flight, it is waited for (bounded), never reported missing.
fn change(op: &Op, id: &str, apply: impl Fn(Vote) -> Result<Vote>) -> Result<Vote> {
    let start = Instant::now();
    let mut pause = std::time::Duration::from_micros(300);
    loop {
        if let Some((path, _)) = find(op.store, id)?
            && let Some(taken) = op.store.take_doc::<Vote>(&path, id)?
        {
            let vote = apply(taken.doc.clone())?;
            taken.commit(&vote)?;
            return Ok(vote);
        }
        if start.elapsed() > BUSY_WAIT {
            return Err(Error::conflict(format!(
                "vote {id} stayed busy (another process kept changing it); try again"
            )));
        }
        // The holder may have died: its leftovers are recovered while we
        // wait, instead of stalling every caster until the deadline.
        recover(op);
        // Jitter keeps a crowd of casters from retrying in lockstep.
        let jitter = u64::from(crate::model::id::random_base36(1).as_bytes()[0] % 7);
        std::thread::sleep(pause + std::time::Duration::from_micros(jitter * 100));
        pause = (pause * 2).min(std::time::Duration::from_millis(20));
    }
}

/// The file and content of vote `id`. A resolved copy wins over an active
/// one (left beside it by a bad merge, say): a finished vote is finished.
pub fn find(store: &Store, id: &str) -> Result<Option<(PathBuf, Vote)>> {
    for active in [false, true] {
        let path = vote_path(store, active, id);
        match fsx::read_bounded(&path, Vote::MAX_BYTES) {
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
                    e.describe(Vote::MAX_BYTES)
                )));
            }
        }
    }
    Ok(None)
}

/// Reads vote `id`, waiting (bounded) while another process has it in
/// flight; `Ok(None)` when there is no such vote.
pub fn get(store: &Store, id: &str) -> Result<Option<Vote>> {
    let start = Instant::now();
    loop {
        if let Some((_, vote)) = find(store, id)? {
            return Ok(Some(vote));
        }
        if !in_flight_ids(store, Vote::EXT)
            .iter()
            .any(|found| found == id)
            && start.elapsed().as_millis() > 50
        {
            return Ok(None);
        }
        if start.elapsed() > BUSY_WAIT {
            return Err(Error::conflict(format!("vote {id} stayed busy; try again")));
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// The full id of a vote from its id or a unique suffix of it.
pub fn resolve_id(store: &Store, input: &str) -> Result<String> {
    let input = input.trim().to_lowercase();
    validate_id(&input, "ID")?;
    // A vote moving between a folder and .txn/ can slip past one pass.
    for _ in 0..3 {
        if let Some(found) = match_id(store, &input)? {
            return Ok(found);
        }
    }
    Err(Error::not_found(format!("ID: no vote '{input}'")))
}

/// One pass of [`resolve_id`]: the exact id or the one id ending with
/// `input`; `None` when nothing matches.
fn match_id(store: &Store, input: &str) -> Result<Option<String>> {
    let mut ids = Vec::new();
    for folder in [VOTES_ACTIVE, VOTES_RESOLVED] {
        let Ok(entries) = std::fs::read_dir(store.path(folder)) else {
            continue;
        };
        ids.extend(entries.flatten().filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let id = name.strip_suffix(".yaml")?;
            validate_id(id, "id").is_ok().then(|| id.to_string())
        }));
    }
    // A vote being changed right now is in .txn/, not in a folder.
    ids.extend(in_flight_ids(store, Vote::EXT));
    unique_suffix(input, ids, "ID", "votes")
}

/// Every readable vote (active first, then resolved) and the files that
/// are not (with what is wrong with them).
pub fn list(store: &Store) -> (Vec<Vote>, Vec<Problem>) {
    let mut votes = Vec::new();
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (folder, active) in [(VOTES_ACTIVE, true), (VOTES_RESOLVED, false)] {
        let entries = match std::fs::read_dir(store.path(folder)) {
            Ok(entries) => entries,
            Err(e) => {
                problems.push(Problem::unreadable(store.path(folder), &e));
                continue;
            }
        };
        let mut found: Vec<_> = entries.flatten().collect();
        found.sort_by_key(|e| e.file_name());
        for entry in found {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with('.') {
                continue;
            }
            let Some(id) = name
                .strip_suffix(".yaml")
                .filter(|id| validate_id(id, "id").is_ok())
            else {
                problems.push(
                    Problem::warning(
                        "foreign",
                        format!(
                            "{}: not a vote file (VOTE_ID.yaml); ignored",
                            path.display()
                        ),
                    )
                    .at(path),
                );
                continue;
            };
            if let Ok(ft) = entry.file_type()
                && !ft.is_file()
            {
                problems.push(Problem::not_regular(path, &ft));
                continue;
            }
            let vote = match fsx::read_bounded(&path, Vote::MAX_BYTES) {
                Ok(bytes) => Vote::parse(&bytes),
                Err(fsx::ReadError::Missing) => continue,
                Err(e) => Err(e.describe(Vote::MAX_BYTES)),
            };
            let vote = match vote {
                Ok(vote) => vote,
                Err(e) => {
                    problems.push(
                        Problem::error("invalid", format!("{}: invalid vote: {e}", path.display()))
                            .at(path),
                    );
                    continue;
                }
            };
            if vote.vote_id != id {
                problems.push(
                    Problem::error(
                        "invalid",
                        format!(
                            "{}: the file name says '{id}' but vote_id is '{}'",
                            path.display(),
                            vote.vote_id
                        ),
                    )
                    .at(path),
                );
                continue;
            }
            if vote.is_active() != active {
                problems.push(
                    Problem::error(
                        "invalid",
                        format!(
                            "{}: {} {} vote does not belong in {folder}/",
                            path.display(),
                            if vote.status == VoteStatus::Active {
                                "an"
                            } else {
                                "a"
                            },
                            vote.status
                        ),
                    )
                    .at(path),
                );
                continue;
            }
            if let Some(first) = seen.get(id) {
                if first.exists() && path.exists() {
                    problems.push(
                        Problem::error(
                            "duplicate",
                            format!(
                                "vote {id} is in two places: {} and {}",
                                first.display(),
                                path.display()
                            ),
                        )
                        .at(path),
                    );
                }
                continue;
            }
            seen.insert(id.to_string(), path);
            votes.push(vote);
        }
    }
    (votes, problems)
}
