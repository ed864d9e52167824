//! The router's model cache: what training on `routing-history.jsonl`
//! gives (each task's agent, outcome and finish, the inverted index of
//! words with TF-IDF weights, the per-agent counts behind the boosts), as
//! text that a recommendation reads without training again. `fed route`
//! then reads the few index lines its description's words need.
//!
//! ```text
//! fed-router 2 KEY WRITTEN SKIPPED DOCS TERMS COUNTS   (tabs)
//! c AGENT TYPE FINISHED DONE                          COUNTS lines
//! t TERM DF DOC:WEIGHT,DOC:WEIGHT,...                 TERMS lines, by term
//! d AGENT SUCCESS FINISHED_MS TEXT                    DOCS lines, in order
//! end DOCS
//! ```
//!
//! It is never authoritative: it is used only while KEY (the history
//! file's device, inode, size, mtime and ctime) is the history's, and when
//! it was written more than two seconds after the history last changed;
//! a line that does not parse when it is needed sends the recommendation
//! back to training. Floats are written so that they read back to the bit.

use super::corpus::{Corpus, Counts, Past, Trained};
use std::borrow::Cow;
use std::fmt::Write as _;

const MAGIC: &str = "fed-router\t2";

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// The cache text of a trained corpus.
pub fn render(
    key: &str,
    written_ns: i128,
    skipped: usize,
    trained: &Trained,
    counts: &Counts,
) -> String {
    let mut out = String::with_capacity(trained.docs.len() * 200);
    let mut terms: Vec<(&String, &Vec<(u32, f64)>)> = trained.postings.iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let _ = writeln!(
        out,
        "{MAGIC}\t{key}\t{written_ns}\t{skipped}\t{}\t{}\t{}",
        trained.docs.len(),
        terms.len(),
        counts.len()
    );
    for ((agent, kind), (finished, done)) in counts {
        let _ = writeln!(
            out,
            "c\t{}\t{}\t{finished}\t{done}",
            escape(agent),
            escape(kind)
        );
    }
    for (term, postings) in terms {
        let df = trained.df.get(term).copied().unwrap_or(0);
        let _ = write!(out, "t\t{term}\t{df}\t");
        for (i, (doc, weight)) in postings.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            let _ = write!(out, "{sep}{doc}:{weight:?}");
        }
        out.push('\n');
    }
    for past in &trained.docs {
        let finished = past.finished_at.map_or("-".to_string(), |t| {
            t.timestamp_nanos_opt().unwrap_or(0).to_string()
        });
        let _ = writeln!(
            out,
            "d\t{}\t{}\t{finished}\t{}",
            escape(&past.agent),
            u8::from(past.success),
            escape(&past.text)
        );
    }
    let _ = writeln!(out, "end\t{}", trained.docs.len());
    out
}

/// A model cache, read lazily.
pub struct Cached {
    text: String,
    docs: Vec<(usize, usize)>,
    /// The `t` lines, in term order.
    terms: Vec<(usize, usize)>,
    agents: Vec<String>,
}

/// What a model cache's header says.
pub struct Header {
    pub key: String,
    pub written_ns: i128,
    pub skipped: usize,
}

/// Reads a model cache's text: the corpus, the counts and the header;
/// `None` when it is not a whole model cache.
pub fn load(text: String) -> Option<(Cached, Counts, Header)> {
    let mut spans = Vec::with_capacity(text.len() / 64);
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        spans.push((at, at + line.len() - 1));
        at += line.len();
    }
    let line = |(a, b): (usize, usize)| &text[a..b];
    let head: Vec<&str> = line(*spans.first()?).split('\t').collect();
    let [_, _, key, written, skipped, docs, terms, counts] = head.as_slice() else {
        return None;
    };
    (line(*spans.first()?).starts_with(MAGIC)).then_some(())?;
    let (docs, terms, counts): (usize, usize, usize) = (
        docs.parse().ok()?,
        terms.parse().ok()?,
        counts.parse().ok()?,
    );
    if spans.len() != 2 + counts + terms + docs || line(*spans.last()?) != format!("end\t{docs}") {
        return None;
    }
    let header = Header {
        key: key.to_string(),
        written_ns: written.parse().ok()?,
        skipped: skipped.parse().ok()?,
    };
    let mut tally = Counts::new();
    for span in &spans[1..1 + counts] {
        let f: Vec<&str> = line(*span).split('\t').collect();
        let ["c", agent, kind, finished, done] = f.as_slice() else {
            return None;
        };
        tally.insert(
            (unescape(agent), unescape(kind)),
            (finished.parse().ok()?, done.parse().ok()?),
        );
    }
    let agents = tally.keys().map(|(a, _)| a.clone()).collect();
    let cached = Cached {
        terms: spans[1 + counts..1 + counts + terms].to_vec(),
        docs: spans[1 + counts + terms..1 + counts + terms + docs].to_vec(),
        agents,
        text,
    };
    Some((cached, tally, header))
}

impl Cached {
    fn line(&self, (a, b): (usize, usize)) -> &str {
        &self.text[a..b]
    }

    /// The `t` line of `term`: (df, postings text).
    fn term(&self, term: &str) -> Option<Option<(&str, &str)>> {
        let found = self.terms.binary_search_by(|span| {
            let line = self.line(*span);
            line.get(2..)
                .unwrap_or("")
                .split('\t')
                .next()
                .unwrap_or("")
                .cmp(term)
        });
        let Ok(at) = found else {
            return Some(None);
        };
        let mut f = self.line(self.terms[at]).splitn(4, '\t');
        let (_, _, df, postings) = (f.next()?, f.next()?, f.next()?, f.next()?);
        Some(Some((df, postings)))
    }
}

impl Corpus for Cached {
    fn len(&self) -> usize {
        self.docs.len()
    }
    fn df(&self, term: &str) -> Option<usize> {
        match self.term(term)? {
            Some((df, _)) => df.parse().ok(),
            None => Some(0),
        }
    }
    fn postings(&self, term: &str) -> Option<Cow<'_, [(u32, f64)]>> {
        let Some((_, text)) = self.term(term)? else {
            return Some(Cow::Borrowed(&[]));
        };
        let mut postings = Vec::new();
        for item in text.split(',') {
            let (doc, weight) = item.split_once(':')?;
            let doc: u32 = doc.parse().ok()?;
            let weight: f64 = weight.parse().ok()?;
            if doc as usize >= self.docs.len() || !weight.is_finite() {
                return None;
            }
            postings.push((doc, weight));
        }
        Some(Cow::Owned(postings))
    }
    fn past(&self, doc: u32) -> Option<Cow<'_, Past>> {
        let line = self.line(*self.docs.get(doc as usize)?);
        let f: Vec<&str> = line.splitn(5, '\t').collect();
        let ["d", agent, success, finished, text] = f.as_slice() else {
            return None;
        };
        let finished_at = match *finished {
            "-" => None,
            ns => Some(chrono::DateTime::from_timestamp_nanos(ns.parse().ok()?)),
        };
        Some(Cow::Owned(Past {
            text: unescape(text),
            agent: unescape(agent),
            success: *success == "1",
            finished_at,
        }))
    }
    fn agents(&self) -> Vec<String> {
        self.agents.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::corpus::{counts, nearest};
    use crate::learn::tfidf::{tokens, weigh};
    use crate::model::record::Record;

    fn record(text: &str, agent: &str, success: bool, day: u32) -> Record {
        let line = format!(
            r#"{{"task":"{text}","task_type":"impl\tx","assigned_to":"{agent}","success":{success},"minutes":3.0,"finished_at":"2026-01-{day:02}T10:00:00.123Z"}}"#
        );
        serde_json::from_str(&line.replace('\t', "\\t")).unwrap()
    }

    #[test]
    fn a_cached_corpus_gives_the_trained_one_s_numbers_to_the_bit() {
        let records = [
            record("fix the flaky oauth login test", "kimi", true, 1),
            record("write the oauth guide", "claude", false, 2),
            record("fix flaky ci pipeline, again", "codex", true, 3),
            record("tab\there and a \\\\ backslash", "kimi", true, 4),
        ];
        let refs: Vec<&Record> = records.iter().collect();
        let trained = Trained::new(&refs);
        let tally = counts(&refs);
        let text = render("k1", 42, 3, &trained, &tally);
        let (cached, read_counts, header) = load(text.clone()).unwrap();
        assert_eq!(
            (header.key.as_str(), header.written_ns, header.skipped),
            ("k1", 42, 3)
        );
        assert_eq!(read_counts, tally);
        for query in [
            "flaky oauth test",
            "guide",
            "backslash here",
            "nothing shared",
        ] {
            let words = tokens(query);
            let a = weigh(&words, trained.len(), |t| trained.df(t)).unwrap();
            let b = weigh(&words, cached.len(), |t| cached.df(t)).unwrap();
            assert_eq!(a, b);
            assert_eq!(
                nearest(&trained, &a, 10),
                nearest(&cached, &b, 10),
                "{query}"
            );
        }
        for doc in 0..4 {
            assert_eq!(trained.past(doc), cached.past(doc));
        }
        // Torn or foreign texts are refused.
        assert!(load(text[..text.len() - 3].to_string()).is_none());
        assert!(load(text.replace("fed-router", "fed-other")).is_none());
        // A damaged line is found when it is needed.
        let damaged = text.replace(":0.", ":x.");
        let (bad, _, _) = load(damaged).unwrap();
        let words = tokens("flaky oauth");
        let q = weigh(&words, bad.len(), |t| bad.df(t)).unwrap();
        assert!(nearest(&bad, &q, 10).is_none());
    }
}
