//! The vote document: a question, its options, one ballot per agent, and
//! how it ended. Agents decide together; the overseer keeps the last word.
//!
//! A vote is one YAML file, in `votes/active/` while it takes ballots and in
//! `votes/resolved/` once decided, escalated or overridden (see
//! `store::doc` for reading and writing it, `vote::rules` for how it is
//! resolved).

use super::AgentName;
use super::id::validate_id;
use super::time::{Timestamp, serde_time, serde_time_opt};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Extra fields a vote or ballot carries that this version does not know.
pub type Extra = BTreeMap<String, serde_yaml::Value>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    pub vote_id: String,
    pub question: String,
    pub options: Vec<String>,
    /// A document the voters should read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    pub status: VoteStatus,
    pub quorum: u32,
    #[serde(default)]
    pub high_stakes: bool,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(with = "serde_time")]
    pub created_at: Timestamp,
    #[serde(
        default,
        with = "serde_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub deadline: Option<Timestamp>,
    /// One ballot per agent.
    #[serde(default)]
    pub votes: BTreeMap<String, Ballot>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<VoteResult>,
    /// The overseers an escalated vote waits for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub escalated_to: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VoteStatus {
    Active,
    Decided,
    Escalated,
    Overridden,
}

impl VoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VoteStatus::Active => "active",
            VoteStatus::Decided => "decided",
            VoteStatus::Escalated => "escalated",
            VoteStatus::Overridden => "overridden",
        }
    }
}

impl std::fmt::Display for VoteStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ballot {
    pub choice: String,
    pub confidence: f64,
    #[serde(default)]
    pub reasoning: String,
    #[serde(with = "serde_time")]
    pub cast_at: Timestamp,
    #[serde(flatten)]
    pub extra: Extra,
}

/// How a vote ended, with its reasons in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteResult {
    /// The choice that stands: the winner, or the overseer's choice.
    /// Absent while an escalated vote waits for the overseers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// What the ballots favour (the leading choice, if there is one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
    pub reason: String,
    /// Ballots per option.
    pub tally: BTreeMap<String, u32>,
    /// Mean confidence of the recommendation's voters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_confidence: Option<f64>,
    #[serde(with = "serde_time")]
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Vote {
    /// Rules YAML cannot express: ids, names, options, ballots.
    pub fn validate(&self) -> Result<(), String> {
        validate_id(&self.vote_id, "vote_id").map_err(|e| e.message)?;
        if self.question.trim().is_empty() {
            return Err("question is empty".to_string());
        }
        if self.options.len() < 2 {
            return Err("a vote needs at least two options".to_string());
        }
        for (i, option) in self.options.iter().enumerate() {
            if option.trim().is_empty() {
                return Err("an option is empty".to_string());
            }
            if self.options[..i].contains(option) {
                return Err(format!("option '{option}' appears twice"));
            }
        }
        if self.quorum == 0 {
            return Err("quorum must be at least 1".to_string());
        }
        for (agent, ballot) in &self.votes {
            AgentName::parse(agent, "votes").map_err(|e| e.message)?;
            if !self.options.contains(&ballot.choice) {
                return Err(format!(
                    "the ballot of {agent} chooses '{}', which is not an option",
                    ballot.choice
                ));
            }
            if !(0.0..=1.0).contains(&ballot.confidence) {
                return Err(format!(
                    "the ballot of {agent} has confidence {}, outside 0 to 1",
                    ballot.confidence
                ));
            }
        }
        match (self.status, &self.result) {
            (VoteStatus::Active, Some(_)) => Err("an active vote has a result".to_string()),
            (VoteStatus::Active, None) => Ok(()),
            (_, None) => Err(format!("a {} vote has no result", self.status)),
            (_, Some(_)) => Ok(()),
        }
    }

    pub fn is_active(&self) -> bool {
        self.status == VoteStatus::Active
    }

    /// Whether an active vote's deadline has passed.
    pub fn is_due(&self, now: Timestamp) -> bool {
        self.is_active() && self.deadline.is_some_and(|d| d <= now)
    }

    /// Parses and validates a vote file's bytes; the error is one line
    /// without the path.
    pub fn from_yaml(bytes: &[u8]) -> Result<Vote, String> {
        let text =
            std::str::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_string())?;
        let vote: Vote = crate::yaml::parse(text)?;
        vote.validate().map_err(|e| crate::error::one_line(&e))?;
        // What fed cannot write back it must not accept: a rewrite would
        // fail half way (an unknown field with a mapping as a key, say).
        serde_yaml::to_string(&vote)
            .map_err(|e| crate::error::one_line(&format!("the vote cannot be rewritten: {e}")))?;
        Ok(vote)
    }

    pub fn to_yaml(&self) -> Vec<u8> {
        serde_yaml::to_string(self)
            .expect("a vote always serializes")
            .into_bytes()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn vote(options: &[&str]) -> Vote {
        Vote {
            vote_id: "v1".into(),
            question: "Which router?".into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            context: None,
            status: VoteStatus::Active,
            quorum: 2,
            high_stakes: false,
            created_by: Some("claude".into()),
            created_at: "2026-11-21T09:00:00Z".parse().unwrap(),
            deadline: None,
            votes: BTreeMap::new(),
            result: None,
            escalated_to: Vec::new(),
            extra: Extra::new(),
        }
    }

    pub fn cast(v: &mut Vote, agent: &str, choice: &str, confidence: f64) {
        v.votes.insert(
            agent.into(),
            Ballot {
                choice: choice.into(),
                confidence,
                reasoning: String::new(),
                cast_at: "2026-11-21T09:10:00Z".parse().unwrap(),
                extra: Extra::new(),
            },
        );
    }

    #[test]
    fn round_trips_and_keeps_unknown_fields() {
        let mut v = vote(&["app-router", "pages-router"]);
        cast(&mut v, "claude", "app-router", 0.85);
        v.extra
            .insert("team_note".into(), serde_yaml::Value::from("keep me"));
        let text = v.to_yaml();
        let back = Vote::from_yaml(&text).unwrap();
        assert_eq!(back, v);
        assert!(
            String::from_utf8(text)
                .unwrap()
                .contains("team_note: keep me")
        );
    }

    #[test]
    fn invalid_votes_are_refused_with_a_reason() {
        let mut v = vote(&["a", "b"]);
        cast(&mut v, "kimi", "c", 0.5);
        assert!(
            Vote::from_yaml(&v.to_yaml())
                .unwrap_err()
                .contains("not an option")
        );
        let mut v = vote(&["a", "b"]);
        cast(&mut v, "kimi", "a", 1.5);
        assert!(
            Vote::from_yaml(&v.to_yaml())
                .unwrap_err()
                .contains("outside 0 to 1")
        );
        assert!(
            Vote::from_yaml(&vote(&["a"]).to_yaml())
                .unwrap_err()
                .contains("two options")
        );
        assert!(
            Vote::from_yaml(&vote(&["a", "a"]).to_yaml())
                .unwrap_err()
                .contains("twice")
        );
        assert!(Vote::from_yaml(b"vote_id: [").is_err());
        assert!(Vote::from_yaml(b"\xff\xfe").unwrap_err().contains("UTF-8"));
    }
}
