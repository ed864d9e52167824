//! The router's memory of finished work: who did each task, how it went
//! and when, and an inverted index of its words with their TF-IDF weights,
//! so that the tasks most like a new one are found by visiting only the
//! tasks that share a word with it.
//!
//! Two kinds: [`Trained`] from the history in memory, and the model cache
//! read lazily from `.cache/` (`learn::model`). Both give the same numbers
//! to the bit: the weights are the ones [`Idf::vector`] computes, and a
//! task's similarity is summed over the shared words in word order, as
//! [`cosine`](super::tfidf::cosine) sums it.

use super::tfidf::{Idf, tokens};
use crate::model::record::Record;
use crate::model::time::Timestamp;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// A finished task as the router sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Past {
    pub text: String,
    pub agent: String,
    pub success: bool,
    pub finished_at: Option<Timestamp>,
}

/// Finished tasks the router can search.
pub trait Corpus {
    /// How many tasks it holds (for the inverse document frequency).
    fn len(&self) -> usize;
    /// Whether it holds no task.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// How many tasks have `term`.
    fn df(&self, term: &str) -> Option<usize>;
    /// The tasks that have `term` and its weight in each, in task order.
    fn postings(&self, term: &str) -> Option<Cow<'_, [(u32, f64)]>>;
    /// Task `doc`.
    fn past(&self, doc: u32) -> Option<Cow<'_, Past>>;
    /// Every agent that finished a task in it.
    fn agents(&self) -> Vec<String>;
}

/// Per agent and task type: (tasks finished, tasks done).
pub type Counts = BTreeMap<(String, String), (usize, usize)>;

pub fn counts(records: &[&Record]) -> Counts {
    let mut counts = Counts::new();
    for r in records {
        let c = counts
            .entry((r.assigned_to.clone(), r.task_type.clone()))
            .or_default();
        c.0 += 1;
        c.1 += usize::from(r.success);
    }
    counts
}

/// A corpus trained in memory.
pub struct Trained {
    pub(super) docs: Vec<Past>,
    pub(super) df: HashMap<String, usize>,
    pub(super) postings: HashMap<String, Vec<(u32, f64)>>,
}

impl Trained {
    pub fn new(records: &[&Record]) -> Trained {
        let texts: Vec<Vec<String>> = records.iter().map(|r| tokens(&r.task)).collect();
        let refs: Vec<&[String]> = texts.iter().map(Vec::as_slice).collect();
        Trained::from_tokens(records, &refs)
    }

    /// From records whose descriptions are tokenized already.
    pub fn from_tokens(records: &[&Record], texts: &[&[String]]) -> Trained {
        let idf = Idf::fit(texts.iter().copied());
        let mut postings: HashMap<String, Vec<(u32, f64)>> = HashMap::new();
        for (i, words) in texts.iter().enumerate() {
            for (term, weight) in idf.vector(words) {
                postings.entry(term).or_default().push((i as u32, weight));
            }
        }
        let docs = records
            .iter()
            .map(|r| Past {
                text: r.task.clone(),
                agent: r.assigned_to.clone(),
                success: r.success,
                finished_at: r.finished_at,
            })
            .collect();
        Trained {
            docs,
            df: idf.into_df(),
            postings,
        }
    }
}

impl Corpus for Trained {
    fn len(&self) -> usize {
        self.docs.len()
    }
    fn df(&self, term: &str) -> Option<usize> {
        Some(self.df.get(term).copied().unwrap_or(0))
    }
    fn postings(&self, term: &str) -> Option<Cow<'_, [(u32, f64)]>> {
        Some(Cow::Borrowed(
            self.postings.get(term).map(Vec::as_slice).unwrap_or(&[]),
        ))
    }
    fn past(&self, doc: u32) -> Option<Cow<'_, Past>> {
        self.docs.get(doc as usize).map(Cow::Borrowed)
    }
    fn agents(&self) -> Vec<String> {
        self.docs.iter().map(|d| d.agent.clone()).collect()
    }
}

/// The tasks most similar to `query` (a normalized vector), best first
/// (ties in task order), at most `limit`: (similarity, task).
pub fn nearest(
    corpus: &dyn Corpus,
    query: &BTreeMap<String, f64>,
    limit: usize,
) -> Option<Vec<(f64, u32)>> {
    let mut sums = vec![0.0f64; corpus.len()];
    let mut touched: Vec<u32> = Vec::new();
    // In word order, so that each task's sum runs over the shared words
    // in the order `cosine` adds them.
    for (term, weight) in query {
        for &(doc, w) in corpus.postings(term)?.iter() {
            let sum = sums.get_mut(doc as usize)?;
            if *sum == 0.0 {
                touched.push(doc);
            }
            *sum += weight * w;
        }
    }
    let mut scored: Vec<(f64, u32)> = touched
        .into_iter()
        .map(|d| (sums[d as usize], d))
        .filter(|(s, _)| *s > 0.0)
        .collect();
    let order = |a: &(f64, u32), b: &(f64, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if scored.len() > limit {
        scored.select_nth_unstable_by(limit, order);
        scored.truncate(limit);
    }
    scored.sort_by(order);
    Some(scored)
}
