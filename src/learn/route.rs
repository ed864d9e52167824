//! Recommending an agent for a task description.
//!
//! Three signals, added up per agent:
//! - **similarity** (weight 0.8): the ten finished tasks in the history
//!   most similar to the description (TF-IDF cosine) vote for the agents
//!   that finished them, each vote weighted by its similarity squared (a
//!   close match counts far more than a loose one), by recency (half-life
//!   90 days) and by outcome (a success counts +1, a failure -0.5, so
//!   failures push work away); an agent's share of the votes is scaled by
//!   the best similarity, so a few loose matches in a short history do not
//!   outweigh the rules;
//! - **rules** (weight 0.2): `routing.rules` keyword hints found in the
//!   description, shared among the agents they name;
//! - **boost**: the agent's track record from analytics,
//!   `(success_rate - 0.80) * routing.boost_factor` once it has finished
//!   more than five tasks (of the task's type when it is known).
//!
//! Confidence is the best score's share of all positive scores.

use super::analytics::Boosts;
use super::corpus::{Corpus, Past, Trained, nearest};
use super::tfidf::{tokens, weigh};
use crate::model::record::Record;
use crate::model::round::round;
use crate::model::time::Timestamp;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

const SIMILARITY_WEIGHT: f64 = 0.8;
const RULE_WEIGHT: f64 = 0.2;
const NEIGHBOURS: usize = 10;
const HALF_LIFE_DAYS: f64 = 90.0;
const FAILURE_WEIGHT: f64 = -0.5;

pub struct Router {
    corpus: Box<dyn Corpus>,
    now: Timestamp,
    rules: Vec<(Vec<String>, String, String)>,
    boosts: Boosts,
    agents: BTreeSet<String>,
}

/// A past task's vote: recency (half-life 90 days) and outcome together.
fn weight(past: &Past, now: Timestamp) -> f64 {
    let age_days = past
        .finished_at
        .map(|f| (now - f).num_seconds().max(0) as f64 / 86400.0)
        .unwrap_or(0.0);
    let recency = 0.5f64.powf(age_days / HALF_LIFE_DAYS);
    let outcome = if past.success { 1.0 } else { FAILURE_WEIGHT };
    recency * outcome
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    pub agent: String,
    pub score: f64,
    pub similarity: f64,
    pub rules: f64,
    pub boost: f64,
}

/// A past task that counted for the recommendation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Neighbour {
    pub task: String,
    pub agent: String,
    pub success: bool,
    pub similarity: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Recommendation {
    /// The best agent, if any signal named one.
    pub agent: Option<String>,
    pub confidence: f64,
    /// Every known agent, best first.
    pub candidates: Vec<Candidate>,
    /// The most similar past tasks.
    pub neighbours: Vec<Neighbour>,
    /// Keyword rules found in the description: (keyword, agent).
    pub rules_hit: Vec<(String, String)>,
    /// Agents the choice passed over because they cannot take work now
    /// (away, silent, busy), best first, with the reason.
    pub passed_over: Vec<PassedOver>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PassedOver {
    pub agent: String,
    pub reason: String,
}

impl Router {
    /// Trains on `records` (the history), with keyword `rules` and
    /// analytics `boosts`; `agents` are known even without history.
    pub fn new(
        records: &[&Record],
        rules: &BTreeMap<String, String>,
        boosts: Boosts,
        agents: &[String],
        now: Timestamp,
    ) -> Router {
        Router::with(Box::new(Trained::new(records)), rules, boosts, agents, now)
    }

    /// A router over `corpus` (trained, or read from the model cache).
    pub fn with(
        corpus: Box<dyn Corpus>,
        rules: &BTreeMap<String, String>,
        boosts: Boosts,
        agents: &[String],
        now: Timestamp,
    ) -> Router {
        let mut known: BTreeSet<String> = agents.iter().cloned().collect();
        known.extend(corpus.agents());
        known.extend(rules.values().cloned());
        Router {
            corpus,
            now,
            rules: rules
                .iter()
                .map(|(keyword, agent)| (tokens(keyword), keyword.clone(), agent.clone()))
                .filter(|(t, _, _)| !t.is_empty())
                .collect(),
            boosts,
            agents: known,
        }
    }

    /// The recommendation for a description. A router over a model cache
    /// found damaged in use answers from the rules and boosts alone:
    /// `learn::recommend` retrains instead (see [`Router::recommend_words`]).
    pub fn recommend(&self, description: &str, task_type: Option<&str>) -> Recommendation {
        let words = tokens(description);
        self.recommend_words(&words, task_type)
            .unwrap_or_else(|| self.score(&words, task_type, Vec::new()))
    }

    /// The recommendation for a tokenized description; `None` when the
    /// corpus (a model cache) turns out to be damaged.
    pub fn recommend_words(
        &self,
        words: &[String],
        task_type: Option<&str>,
    ) -> Option<Recommendation> {
        let corpus = self.corpus.as_ref();
        let query = weigh(words, corpus.len(), |t| corpus.df(t))?;
        // Similarity: the nearest finished tasks vote.
        let mut scored = Vec::new();
        for (s, doc) in nearest(corpus, &query, NEIGHBOURS)? {
            let past = corpus.past(doc)?.into_owned();
            let weight = weight(&past, self.now);
            scored.push((s, past, weight));
        }
        Some(self.score(words, task_type, scored))
    }

    /// The recommendation from the nearest past tasks `scored`
    /// (similarity, task, its weight), the rules and the boosts.
    fn score(
        &self,
        words: &[String],
        task_type: Option<&str>,
        scored: Vec<(f64, Past, f64)>,
    ) -> Recommendation {
        let total: f64 = scored.iter().map(|(s, _, w)| s * s * w.abs()).sum();
        let strength = scored.first().map_or(0.0, |(s, _, _)| *s);
        let mut similarity: BTreeMap<&str, f64> = BTreeMap::new();
        if total > 0.0 {
            for (s, d, w) in &scored {
                *similarity.entry(d.agent.as_str()).or_default() += strength * s * s * w / total;
            }
        }

        // Rules: every keyword whose words all occur in the description.
        let rules_hit: Vec<(String, String)> = self
            .rules_hit(words)
            .map(|(keyword, agent)| (keyword.to_string(), agent.to_string()))
            .collect();
        let mut rule_share: BTreeMap<&str, f64> = BTreeMap::new();
        for (_, agent) in &rules_hit {
            *rule_share.entry(agent.as_str()).or_default() += 1.0 / rules_hit.len() as f64;
        }

        let mut candidates: Vec<Candidate> = self
            .agents
            .iter()
            .map(|agent| {
                let similarity = similarity.get(agent.as_str()).copied().unwrap_or(0.0);
                let rules = rule_share.get(agent.as_str()).copied().unwrap_or(0.0);
                let boost = self.boosts.of(agent, task_type);
                Candidate {
                    agent: agent.clone(),
                    score: round(SIMILARITY_WEIGHT * similarity + RULE_WEIGHT * rules + boost),
                    similarity: round(similarity),
                    rules: round(rules),
                    boost: round(boost),
                }
            })
            .collect();
        candidates.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.agent.cmp(&b.agent))
        });
        let positive: f64 = candidates.iter().map(|c| c.score.max(0.0)).sum();
        let signal = !scored.is_empty() || !rules_hit.is_empty();
        let (agent, confidence) = match candidates.first() {
            Some(best) if signal && best.score > 0.0 => {
                (Some(best.agent.clone()), round(best.score / positive))
            }
            _ => (None, 0.0),
        };
        Recommendation {
            agent,
            confidence,
            candidates,
            neighbours: scored
                .iter()
                .take(5)
                .map(|(s, d, _)| Neighbour {
                    task: d.text.clone(),
                    agent: d.agent.clone(),
                    success: d.success,
                    similarity: round(*s),
                })
                .collect(),
            rules_hit,
            passed_over: Vec::new(),
        }
    }

    /// The agent the keyword rules alone would pick (most hits; none on a
    /// tie or without a hit).
    pub fn rules_only(&self, description: &str) -> Option<String> {
        self.rules_only_words(&tokens(description))
    }

    fn rules_only_words(&self, words: &[String]) -> Option<String> {
        let mut hits: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, agent) in self.rules_hit(words) {
            *hits.entry(agent).or_default() += 1;
        }
        let best = hits.values().copied().max()?;
        let mut leaders = hits.iter().filter(|(_, n)| **n == best);
        let first = leaders.next()?;
        leaders.next().is_none().then(|| first.0.to_string())
    }

    /// (keyword, agent) of every rule whose words all occur in `words`.
    fn rules_hit<'a>(&'a self, words: &'a [String]) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.rules
            .iter()
            .filter(|(kw, _, _)| kw.iter().all(|w| words.contains(w)))
            .map(|(_, keyword, agent)| (keyword.as_str(), agent.as_str()))
    }
}

/// Held-out accuracy of the router against the rules alone.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evaluation {
    pub folds: usize,
    /// Successful tasks predicted (the labels are who finished them).
    pub tested: usize,
    pub hybrid_correct: usize,
    pub rules_correct: usize,
    pub hybrid_accuracy: f64,
    pub rules_accuracy: f64,
    /// Per agent: (tested, hybrid correct, rules correct).
    pub per_agent: BTreeMap<String, (usize, usize, usize)>,
}

/// k-fold cross-validation over the history: each successful task is
/// predicted by a router trained on the other folds (boosts included,
/// computed from those folds only).
pub fn evaluate(
    records: &[Record],
    rules: &BTreeMap<String, String>,
    boost_factor: f64,
    folds: usize,
    now: Timestamp,
) -> Evaluation {
    let folds = folds.clamp(2, records.len().max(2));
    // A fixed shuffle, so the result is repeatable.
    let mut order: Vec<usize> = (0..records.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..order.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        order.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    let mut eval = Evaluation {
        folds,
        tested: 0,
        hybrid_correct: 0,
        rules_correct: 0,
        hybrid_accuracy: 0.0,
        rules_accuracy: 0.0,
        per_agent: BTreeMap::new(),
    };
    let texts: Vec<Vec<String>> = records.iter().map(|r| tokens(&r.task)).collect();
    for fold in 0..folds {
        let (mut test, mut train) = (Vec::new(), Vec::new());
        for (position, &i) in order.iter().enumerate() {
            if position % folds == fold {
                test.push(i)
            } else {
                train.push(i)
            }
        }
        let train_texts: Vec<&[String]> = train.iter().map(|&i| texts[i].as_slice()).collect();
        let train: Vec<&Record> = train.iter().map(|&i| &records[i]).collect();
        let boosts = Boosts::from_records(&train, boost_factor);
        let corpus = Box::new(Trained::from_tokens(&train, &train_texts));
        let router = Router::with(corpus, rules, boosts, &[], now);
        for &i in &test {
            let record = &records[i];
            if !record.success {
                continue;
            }
            let guess = router
                .recommend_words(&texts[i], Some(&record.task_type))
                .and_then(|r| r.agent);
            let by_rules = router.rules_only_words(&texts[i]);
            let hit = guess.as_deref() == Some(record.assigned_to.as_str());
            let rule_hit = by_rules.as_deref() == Some(record.assigned_to.as_str());
            eval.tested += 1;
            eval.hybrid_correct += usize::from(hit);
            eval.rules_correct += usize::from(rule_hit);
            let entry = eval
                .per_agent
                .entry(record.assigned_to.clone())
                .or_default();
            entry.0 += 1;
            entry.1 += usize::from(hit);
            entry.2 += usize::from(rule_hit);
        }
    }
    if eval.tested > 0 {
        eval.hybrid_accuracy = round(eval.hybrid_correct as f64 / eval.tested as f64);
        eval.rules_accuracy = round(eval.rules_correct as f64 / eval.tested as f64);
    }
    eval
}
