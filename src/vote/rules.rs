//! How a vote is resolved: pure functions of the ballots, the quorum, the
//! deadline, the stakes and `votes.min_confidence`.
//!
//! 1. Fewer ballots than the quorum: wait until the deadline; after it,
//!    escalate (no quorum).
//! 2. Count the ballots per option. A tie at the top escalates.
//! 3. The leading option needs more than half of all ballots, else the
//!    vote escalates (no majority).
//! 4. Its voters' mean confidence must reach `votes.min_confidence`, else
//!    the vote escalates (low confidence).
//! 5. A high-stakes vote always escalates, with the ballots' recommendation.
//! 6. Otherwise the leading option wins: decided.
//!
//! An escalated vote keeps the tally and the leading option as a
//! recommendation for the overseers.

use crate::model::round::round;
use crate::model::time::{Timestamp, format_time};
use crate::model::vote::{Extra, Vote, VoteResult, VoteStatus};
use std::collections::BTreeMap;

/// What the rules say of a vote now.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Below the quorum, and the deadline (if any) has not passed.
    Wait { reason: String },
    Decided {
        choice: String,
        reason: String,
        tally: BTreeMap<String, u32>,
        mean: f64,
    },
    Escalated {
        recommendation: Option<String>,
        reason: String,
        tally: BTreeMap<String, u32>,
        mean: Option<f64>,
    },
}

/// Applies the rules to `vote` at `now`.
pub fn resolve(vote: &Vote, min_confidence: f64, now: Timestamp) -> Outcome {
    let ballots = vote.votes.len() as u32;
    let tally = tally(vote);
    if ballots < vote.quorum {
        return below_quorum(vote, ballots, tally, now);
    }
    let top = tally.values().copied().max().unwrap_or(0);
    // In the vote's own order of options, for messages.
    let leaders: Vec<&str> = vote
        .options
        .iter()
        .map(String::as_str)
        .filter(|o| tally[*o] == top)
        .collect();
    if leaders.len() > 1 {
        return Outcome::Escalated {
            recommendation: None,
            reason: format!(
                "tie: {} have {top} {} each",
                join_and(&leaders),
                plural(top, "ballot", "ballots")
            ),
            tally,
            mean: None,
        };
    }
    let leader = leaders[0].to_string();
    let confidences: Vec<f64> = vote
        .votes
        .values()
        .filter(|b| b.choice == leader)
        .map(|b| b.confidence)
        .collect();
    // Rounded to four places: 0.9 and 0.8 make 0.85, not 0.8500000000000001.
    let mean = round(confidences.iter().sum::<f64>() / confidences.len() as f64);
    let rest = ballots - top;
    // A mean exactly at the minimum passes, whatever binary rounding does
    // to (0.6 + 0.7) / 2.
    let escalation = if top * 2 <= ballots {
        Some(format!(
            "no majority: {leader} leads with {top} of {ballots} ballots, not more than half"
        ))
    } else if mean + 1e-9 < min_confidence {
        Some(format!(
            "low confidence: the voters for {leader} average {mean:.2}, below votes.min_confidence {min_confidence:.2}"
        ))
    } else if vote.high_stakes {
        Some(format!(
            "high stakes: the ballots favour {leader} {top} to {rest} with mean confidence {mean:.2}; the overseers decide"
        ))
    } else {
        None
    };
    match escalation {
        Some(reason) => Outcome::Escalated {
            recommendation: Some(leader),
            reason,
            tally,
            mean: Some(mean),
        },
        None => Outcome::Decided {
            reason: format!("{leader} wins {top} to {rest} with mean confidence {mean:.2}"),
            choice: leader,
            tally,
            mean,
        },
    }
}

/// A vote with fewer ballots than its quorum waits until its deadline,
/// and is escalated after it.
fn below_quorum(
    vote: &Vote,
    ballots: u32,
    tally: BTreeMap<String, u32>,
    now: Timestamp,
) -> Outcome {
    let counted = format!("{ballots} of {} ballots", vote.quorum);
    match vote.deadline {
        Some(deadline) if deadline <= now => Outcome::Escalated {
            recommendation: None,
            reason: format!(
                "no quorum: {counted} by the deadline {}",
                format_time(deadline)
            ),
            tally,
            mean: None,
        },
        Some(deadline) => Outcome::Wait {
            reason: format!(
                "{counted} so far; it waits for more until {}",
                format_time(deadline)
            ),
        },
        None => Outcome::Wait {
            reason: format!("{counted} so far; it waits for more (it has no deadline)"),
        },
    }
}

/// Ballots per option (every option listed, in a stable order).
pub fn tally(vote: &Vote) -> BTreeMap<String, u32> {
    let mut tally: BTreeMap<String, u32> = vote.options.iter().map(|o| (o.clone(), 0)).collect();
    for ballot in vote.votes.values() {
        *tally.entry(ballot.choice.clone()).or_default() += 1;
    }
    tally
}

/// Records a final outcome in the vote (a `Wait` changes nothing).
pub fn apply(
    vote: &mut Vote,
    outcome: Outcome,
    overseers: &[String],
    now: Timestamp,
    by: Option<&str>,
) {
    let result = |decision, recommendation, reason, tally, mean| VoteResult {
        decision,
        recommendation,
        reason,
        tally,
        mean_confidence: mean,
        at: now,
        by: by.map(str::to_string),
        extra: Extra::new(),
    };
    match outcome {
        Outcome::Wait { .. } => {}
        Outcome::Decided {
            choice,
            reason,
            tally,
            mean,
        } => {
            vote.status = VoteStatus::Decided;
            vote.result = Some(result(
                Some(choice.clone()),
                Some(choice),
                reason,
                tally,
                Some(mean),
            ));
        }
        Outcome::Escalated {
            recommendation,
            reason,
            tally,
            mean,
        } => {
            vote.status = VoteStatus::Escalated;
            vote.escalated_to = overseers.to_vec();
            vote.result = Some(result(None, recommendation, reason, tally, mean));
        }
    }
}

fn plural<'a>(n: u32, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vote::tests::{cast, vote};

    fn at(t: &str) -> Timestamp {
        t.parse().unwrap()
    }

    const NOW: &str = "2026-11-21T10:00:00Z";

    #[test]
    fn the_worked_example_is_decided_two_to_one() {
        let mut v = vote(&["app-router", "pages-router"]);
        cast(&mut v, "claude", "app-router", 0.85);
        cast(&mut v, "copilot", "pages-router", 0.70);
        cast(&mut v, "kimi", "app-router", 0.90);
        match resolve(&v, 0.70, at(NOW)) {
            Outcome::Decided {
                choice,
                reason,
                tally,
                mean,
            } => {
                assert_eq!(choice, "app-router");
                assert_eq!(tally["app-router"], 2);
                assert_eq!(tally["pages-router"], 1);
                assert!((mean - 0.875).abs() < 1e-9);
                assert_eq!(reason, "app-router wins 2 to 1 with mean confidence 0.88");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn below_quorum_waits_until_the_deadline_then_escalates() {
        let mut v = vote(&["a", "b"]);
        v.quorum = 3;
        cast(&mut v, "claude", "a", 0.9);
        cast(&mut v, "kimi", "a", 0.9);
        assert!(matches!(resolve(&v, 0.7, at(NOW)), Outcome::Wait { .. }));
        v.deadline = Some(at("2026-11-21T11:00:00Z"));
        match resolve(&v, 0.7, at(NOW)) {
            Outcome::Wait { reason } => assert!(reason.contains("2 of 3 ballots"), "{reason}"),
            other => panic!("{other:?}"),
        }
        match resolve(&v, 0.7, at("2026-11-21T11:00:00Z")) {
            Outcome::Escalated {
                reason,
                recommendation,
                ..
            } => {
                assert!(reason.starts_with("no quorum: 2 of 3 ballots"), "{reason}");
                assert_eq!(recommendation, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_tie_escalates() {
        let mut v = vote(&["a", "b", "c"]);
        cast(&mut v, "claude", "a", 0.9);
        cast(&mut v, "kimi", "b", 0.9);
        match resolve(&v, 0.7, at(NOW)) {
            Outcome::Escalated {
                reason,
                recommendation,
                ..
            } => {
                assert_eq!(reason, "tie: a and b have 1 ballot each");
                assert_eq!(recommendation, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_plurality_without_majority_escalates_with_a_recommendation() {
        let mut v = vote(&["a", "b", "c", "d"]);
        cast(&mut v, "claude", "a", 0.9);
        cast(&mut v, "kimi", "a", 0.9);
        cast(&mut v, "copilot", "b", 0.9);
        cast(&mut v, "gemini", "c", 0.9);
        cast(&mut v, "grok", "d", 0.9);
        match resolve(&v, 0.7, at(NOW)) {
            Outcome::Escalated {
                reason,
                recommendation,
                ..
            } => {
                assert!(
                    reason.starts_with("no majority: a leads with 2 of 5"),
                    "{reason}"
                );
                assert_eq!(recommendation.as_deref(), Some("a"));
            }
            other => panic!("{other:?}"),
        }
        // Exactly half is not more than half.
        let mut v = vote(&["a", "b"]);
        cast(&mut v, "claude", "a", 0.9);
        cast(&mut v, "kimi", "a", 0.9);
        cast(&mut v, "copilot", "b", 0.9);
        cast(&mut v, "gemini", "b", 0.9);
        assert!(matches!(
            resolve(&v, 0.7, at(NOW)),
            Outcome::Escalated { .. }
        ));
    }

    #[test]
    fn low_confidence_escalates() {
        let mut v = vote(&["a", "b"]);
        cast(&mut v, "claude", "a", 0.6);
        cast(&mut v, "kimi", "a", 0.7);
        cast(&mut v, "copilot", "b", 1.0);
        match resolve(&v, 0.70, at(NOW)) {
            Outcome::Escalated { reason, mean, .. } => {
                assert!(
                    reason.starts_with("low confidence: the voters for a average 0.65"),
                    "{reason}"
                );
                assert!((mean.unwrap() - 0.65).abs() < 1e-9);
            }
            other => panic!("{other:?}"),
        }
        // Exactly the minimum is enough.
        assert!(matches!(
            resolve(&v, 0.65, at(NOW)),
            Outcome::Decided { .. }
        ));
    }

    #[test]
    fn high_stakes_always_escalate_with_the_tally() {
        let mut v = vote(&["a", "b"]);
        v.high_stakes = true;
        cast(&mut v, "claude", "a", 0.95);
        cast(&mut v, "kimi", "a", 0.95);
        match resolve(&v, 0.7, at(NOW)) {
            Outcome::Escalated {
                reason,
                recommendation,
                tally,
                ..
            } => {
                assert!(
                    reason.starts_with("high stakes: the ballots favour a 2 to 0"),
                    "{reason}"
                );
                assert_eq!(recommendation.as_deref(), Some("a"));
                assert_eq!(tally["a"], 2);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn apply_records_status_result_and_escalation() {
        let mut v = vote(&["a", "b"]);
        cast(&mut v, "claude", "a", 0.5);
        cast(&mut v, "kimi", "a", 0.5);
        let outcome = resolve(&v, 0.7, at(NOW));
        apply(
            &mut v,
            outcome,
            &["reuben".to_string()],
            at(NOW),
            Some("kimi"),
        );
        assert_eq!(v.status, VoteStatus::Escalated);
        assert_eq!(v.escalated_to, ["reuben"]);
        let result = v.result.as_ref().unwrap();
        assert_eq!(result.decision, None);
        assert_eq!(result.recommendation.as_deref(), Some("a"));
        assert!(v.validate().is_ok());
    }
}
