//! File reservations: the glob patterns of the files a task will touch
//! (`queue add --files`), and when two tasks' patterns overlap.
//!
//! Two lists overlap when a pattern of one matches a pattern of the other
//! taken as a path (`src/queue/*.rs` and `src/queue/claim.rs`), or when
//! two patterns are the same. `*` and `?` stop at `/`, `**` crosses it, as
//! in git. Patterns that only meet in a third path (`src/a/*` and
//! `src/*/b`) do not count: the check is a hint between agents, not a
//! lock.

use crate::error::{Error, Label, Result};
use globset::{Glob, GlobBuilder, GlobMatcher};

/// Most patterns one task may reserve.
pub const MAX_PATTERNS: usize = 256;
/// Longest pattern accepted.
pub const MAX_PATTERN_LEN: usize = 1024;

/// A pattern as stored: trimmed, without a leading `./`.
pub fn normalize(raw: &str) -> String {
    let mut text = raw.trim();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    text.to_string()
}

/// Checks and normalizes a list of patterns; `what` names the parameter or
/// field in errors. Duplicates are dropped, the order kept.
pub fn validate_patterns<'a>(
    raw: &[String],
    what: impl Into<Label<'a>> + Copy,
) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for pattern in raw {
        let p = normalize(pattern);
        let bad = |why: &str| {
            Error::about(
                crate::error::Kind::Invalid,
                what,
                format!("'{}' {why}", pattern.escape_debug()),
            )
        };
        if p.is_empty() {
            return Err(bad(
                "is empty (give a path or a glob such as src/queue/*.rs)",
            ));
        }
        if p.len() > MAX_PATTERN_LEN {
            return Err(bad(&format!("is longer than {MAX_PATTERN_LEN} bytes")));
        }
        if p.chars().any(char::is_control) {
            return Err(bad("contains a control character"));
        }
        if p.starts_with('/') {
            return Err(bad("is absolute (give a path relative to the repository)"));
        }
        if let Err(e) = glob(&p) {
            return Err(bad(&format!("is not a valid glob ({})", e.kind())));
        }
        if !out.contains(&p) {
            out.push(p);
        }
    }
    if out.len() > MAX_PATTERNS {
        return Err(Error::about(
            crate::error::Kind::Invalid,
            what,
            format!("{} patterns; at most {MAX_PATTERNS}", out.len()),
        ));
    }
    Ok(out)
}

fn glob(pattern: &str) -> std::result::Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

/// A task's patterns, compiled once to be compared with many others.
#[derive(Debug, Clone)]
pub struct Reservation {
    patterns: Vec<(String, Option<GlobMatcher>)>,
}

impl Reservation {
    /// Compiles `patterns`; one that does not compile (a hand-edited file)
    /// still overlaps the same text.
    pub fn new(patterns: &[String]) -> Reservation {
        Reservation {
            patterns: patterns
                .iter()
                .map(|p| {
                    let p = normalize(p);
                    let matcher = glob(&p).ok().map(|g| g.compile_matcher());
                    (p, matcher)
                })
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The first pair of patterns (ours, theirs) that overlap, if any.
    pub fn overlap(&self, other: &Reservation) -> Option<(String, String)> {
        for (a, ma) in &self.patterns {
            for (b, mb) in &other.patterns {
                let hit = a == b
                    || ma.as_ref().is_some_and(|m| m.is_match(b))
                    || mb.as_ref().is_some_and(|m| m.is_match(a));
                if hit {
                    return Some((a.clone(), b.clone()));
                }
            }
        }
        None
    }

    /// Whether a changed file (a path) falls under one of the patterns.
    pub fn covers(&self, path: &str) -> bool {
        self.patterns
            .iter()
            .any(|(p, m)| p == path || m.as_ref().is_some_and(|m| m.is_match(path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(patterns: &[&str]) -> Reservation {
        Reservation::new(&patterns.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn overlap_by_match_or_identity() {
        let a = r(&["src/queue/*.rs"]);
        assert!(a.overlap(&r(&["src/queue/claim.rs"])).is_some());
        assert!(r(&["src/queue/claim.rs"]).overlap(&a).is_some());
        assert!(a.overlap(&r(&["./src/queue/*.rs"])).is_some());
        assert!(r(&["src/**"]).overlap(&r(&["src/a/b/c.rs"])).is_some());
        assert!(a.overlap(&r(&["src/store/txn.rs", "docs/*.md"])).is_none());
        // `*` stops at a slash.
        assert!(
            r(&["src/*.rs"])
                .overlap(&r(&["src/queue/claim.rs"]))
                .is_none()
        );
        assert!(r(&[]).overlap(&a).is_none());
        assert!(a.covers("src/queue/add.rs") && !a.covers("src/store/txn.rs"));
    }

    #[test]
    fn patterns_are_checked() {
        let ok = validate_patterns(&["./a/*.rs".into(), "a/*.rs".into(), "b".into()], "files");
        assert_eq!(ok.unwrap(), vec!["a/*.rs".to_string(), "b".to_string()]);
        for bad in ["", "  ", "/etc/passwd", "a/[b", "a\nb"] {
            let e = validate_patterns(&[bad.to_string()], "files").unwrap_err();
            assert!(e.message.starts_with("files: "), "{bad:?}: {}", e.message);
        }
    }
}
