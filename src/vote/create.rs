//! `fed vote create`: a new active vote.

use crate::error::{Error, Param, Result};
use crate::model::Duration;
use crate::model::id::new_task_id;
use crate::model::time::{format_time, parse_time};
use crate::model::vote::{Extra, Vote, VoteStatus};
use crate::op::Op;
use crate::store::doc::Document;
use crate::store::events::Event;
use std::collections::BTreeMap;

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
        return Err(Error::invalid("the question is empty").on(Param::Question));
    }
    let mut options: Vec<String> = Vec::new();
    for raw in &new.options {
        let option = raw.trim().to_string();
        if option.is_empty() {
            return Err(Error::invalid("an option is empty").on(Param::Option));
        }
        if options.contains(&option) {
            return Err(Error::invalid(format!("'{option}' is given twice")).on(Param::Option));
        }
        options.push(option);
    }
    if options.len() < 2 {
        return Err(Error::invalid("a vote needs at least two options").on(Param::Option));
    }
    let quorum = new.quorum.unwrap_or(op.config.votes.quorum);
    if quorum == 0 {
        return Err(Error::invalid("must be at least 1").on(Param::Quorum));
    }
    let deadline = new
        .deadline
        .map(|raw| match Duration::parse(&raw) {
            Ok(d) => Ok(op.now() + d.to_chrono()),
            Err(_) => parse_time(&raw, Param::Deadline).map_err(|_| {
                Error::invalid(format!(
                    "'{raw}' is neither a duration (90s, 30m, 2h, 1d) nor an RFC 3339 time"
                ))
                .on(Param::Deadline)
            }),
        })
        .transpose()?;
    if let Some(d) = deadline
        && d <= op.now()
    {
        return Err(
            Error::invalid(format!("{} is not in the future", format_time(d))).on(Param::Deadline),
        );
    }
    let context = new
        .context
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let vote = Vote {
        vote_id: new_task_id(op.now()).as_str().to_string(),
        question,
        options,
        context,
        status: VoteStatus::Active,
        quorum,
        high_stakes: new.high_stakes,
        created_by: creator.map(str::to_string),
        created_at: op.now(),
        deadline,
        votes: BTreeMap::new(),
        result: None,
        escalated_to: Vec::new(),
        extra: Extra::new(),
    };
    op.store.publish_doc(&vote.home(op.store), &vote)?;
    op.log(
        Event::new(op.now(), op.agent.as_deref(), "vote-created")
            .vote(&vote.vote_id)
            .with("options", vote.options.clone())
            .with("high_stakes", vote.high_stakes),
    );
    Ok(vote)
}
