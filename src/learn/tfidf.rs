//! Words to vectors: tokenizing task descriptions and weighting terms by
//! TF-IDF, so that rare, telling words ("oauth", "flaky") count for more
//! than common ones ("the", "add").

use std::collections::{BTreeMap, HashMap};

/// Words too common in task descriptions to tell agents apart.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "into", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "we", "with", "our", "all",
    "any", "can", "do", "so", "but", "not", "new", "make", "use", "using", "should", "will",
    "need", "needs", "please",
];

/// Lower-cased words of at least two characters, stop words left out, with
/// a light stemming ("tests" and "testing" become "test").
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

fn stem(word: &str) -> String {
    let strip = |suffix: &str, min_root: usize| {
        word.strip_suffix(suffix)
            .filter(|root| root.len() >= min_root)
    };
    if let Some(root) = strip("ies", 3) {
        return format!("{root}y");
    }
    // "-es" only after a sibilant (fixes, patches); else "-s" (guides).
    for sibilant in ["sses", "xes", "zes", "ches", "shes"] {
        if let Some(root) = strip(sibilant, 2) {
            return format!("{root}{}", &sibilant[..sibilant.len() - 2]);
        }
    }
    if let Some(root) = strip("ing", 3).or_else(|| strip("ed", 3)) {
        return root.to_string();
    }
    match strip("s", 3) {
        Some(root) if !root.ends_with('s') => root.to_string(),
        _ => word.to_string(),
    }
}

/// A sparse, L2-normalized term vector, ordered by term so that every sum
/// over it runs in the same order (and gives the same bits) every time.
pub type Vector = BTreeMap<String, f64>;

/// Document frequencies of a corpus.
pub struct Idf {
    docs: usize,
    df: HashMap<String, usize>,
}

impl Idf {
    pub fn fit<'a>(documents: impl IntoIterator<Item = &'a [String]>) -> Idf {
        let mut df: HashMap<String, usize> = HashMap::new();
        let mut docs = 0;
        for doc in documents {
            docs += 1;
            let mut seen: Vec<&String> = doc.iter().collect();
            seen.sort();
            seen.dedup();
            for term in seen {
                *df.entry(term.clone()).or_default() += 1;
            }
        }
        Idf { docs, df }
    }

    pub fn vector(&self, tokens: &[String]) -> Vector {
        weigh(tokens, self.docs, |t| {
            Some(self.df.get(t).copied().unwrap_or(0))
        })
        .unwrap_or_default()
    }

    /// The document frequencies.
    pub fn into_df(self) -> HashMap<String, usize> {
        self.df
    }
}

/// The normalized TF-IDF vector of `tokens` in a corpus of `docs`
/// documents where `df` says how many have each term (`None` when it
/// cannot say, and then so does this).
pub fn weigh(tokens: &[String], docs: usize, df: impl Fn(&str) -> Option<usize>) -> Option<Vector> {
    let mut v: Vector = BTreeMap::new();
    for t in tokens {
        *v.entry(t.clone()).or_default() += 1.0;
    }
    for (term, weight) in v.iter_mut() {
        // Smoothed inverse document frequency; unseen words weigh the most.
        let df = df(term)? as f64;
        *weight *= ((1.0 + docs as f64) / (1.0 + df)).ln() + 1.0;
    }
    let norm = v.values().map(|w| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|w| *w /= norm);
    }
    Some(v)
}

/// Cosine similarity of two normalized vectors.
pub fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(t, w)| large.get(t).map(|x| w * x))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_lowercased_stemmed_and_filtered() {
        assert_eq!(
            tokens("Fix the flaky Tests in CI!"),
            ["fix", "flaky", "test", "ci"]
        );
        assert_eq!(tokens("studies testing"), ["study", "test"]);
        assert_eq!(
            tokens("guides releases fixes patches class"),
            ["guide", "release", "fix", "patch", "class"]
        );
    }

    #[test]
    fn similar_texts_score_higher_than_unrelated_ones() {
        let docs: Vec<Vec<String>> = [
            "implement oauth login",
            "write docs for the api",
            "review the oauth pull request",
        ]
        .iter()
        .map(|d| tokens(d))
        .collect();
        let idf = Idf::fit(docs.iter().map(Vec::as_slice));
        let q = idf.vector(&tokens("oauth login button"));
        let sims: Vec<f64> = docs.iter().map(|d| cosine(&q, &idf.vector(d))).collect();
        assert!(sims[0] > sims[2] && sims[2] > sims[1], "{sims:?}");
        assert!((cosine(&q, &q) - 1.0).abs() < 1e-9);
    }
}
