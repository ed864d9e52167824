//! Inline text of a title line, and the `@agent #type !priority`
//! annotations in it.
//!
//! The parser hands over text piece by piece and says which characters are
//! literal: code spans, entities (`&#64;`) and backslash escapes (`\@`). An
//! annotation is a whole word (between spaces) with no literal character,
//! so `` `@kimi` `` and `\@kimi` stay in the title as written.

use crate::model::id::validate_id;
use crate::model::{AgentName, Priority};

/// Text collected from inline events, with a flag per character.
#[derive(Debug, Clone, Default)]
pub(super) struct Inline {
    chars: Vec<(char, bool)>,
}

impl Inline {
    /// Appends `text`; `literal` marks every character, `first_literal`
    /// only the first (an escaped one). Control characters (a NUL, a
    /// carriage return) are spaces.
    pub fn push(&mut self, text: &str, literal: bool, first_literal: bool) {
        for (i, c) in text.chars().enumerate() {
            let c = if c.is_control() { ' ' } else { c };
            self.chars.push((c, literal || (first_literal && i == 0)));
        }
    }
    /// The text, spaces collapsed and trimmed.
    pub fn plain(&self) -> String {
        let text: String = self.chars.iter().map(|(c, _)| *c).collect();
        collapse(&text)
    }
    /// Whole words, each with whether any character in it is literal.
    fn words(&self) -> Vec<(String, bool)> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut literal = false;
        for &(c, lit) in &self.chars {
            if c.is_whitespace() {
                if !word.is_empty() {
                    words.push((std::mem::take(&mut word), literal));
                }
                literal = false;
            } else {
                word.push(c);
                literal |= lit;
            }
        }
        if !word.is_empty() {
            words.push((word, literal));
        }
        words
    }
}

/// A title with its annotations taken out.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Annotated {
    pub title: String,
    pub to_agent: Option<String>,
    pub task_type: Option<String>,
    pub priority: Option<Priority>,
}

/// Takes the first annotation of each kind out of `line`; later ones of
/// the same kind stay in the title as text, so nothing is lost silently.
pub(super) fn annotate(line: &Inline) -> Annotated {
    let mut out = Annotated::default();
    let mut kept: Vec<String> = Vec::new();
    for (word, literal) in line.words() {
        if !literal {
            if out.to_agent.is_none()
                && let Some(agent) = agent_annotation(&word)
            {
                out.to_agent = Some(agent);
                continue;
            }
            if out.task_type.is_none()
                && let Some(t) = type_annotation(&word)
            {
                out.task_type = Some(t);
                continue;
            }
            if out.priority.is_none()
                && let Some(p) = priority_annotation(&word)
            {
                out.priority = Some(p);
                continue;
            }
        }
        kept.push(word);
    }
    out.title = kept.join(" ");
    out
}

/// `@name` with a valid agent name (lower-cased).
pub(super) fn agent_annotation(word: &str) -> Option<String> {
    let name = word.strip_prefix('@')?;
    AgentName::parse(name, "@agent")
        .ok()
        .map(|n| n.as_str().to_string())
}

/// `#type`: a valid id (lower-cased) with at least one letter, so that an
/// issue reference such as `#123` stays text.
pub(super) fn type_annotation(word: &str) -> Option<String> {
    let raw = word.strip_prefix('#')?;
    valid_type(raw)
}

/// A task type usable as a `#type` annotation or a Type cell.
pub(super) fn valid_type(raw: &str) -> Option<String> {
    let t = raw.trim().to_lowercase();
    let ok = validate_id(&t, "#type").is_ok() && t.chars().any(|c| c.is_ascii_lowercase());
    ok.then_some(t)
}

/// `!critical`, `!high`, `!normal` or `!low`, in any case.
pub(super) fn priority_annotation(word: &str) -> Option<Priority> {
    let raw = word.strip_prefix('!')?;
    Priority::ALL
        .into_iter()
        .find(|p| p.as_str().eq_ignore_ascii_case(raw))
}

/// Runs of whitespace made one space, ends trimmed.
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(parts: &[(&str, bool)]) -> Inline {
        let mut inline = Inline::default();
        for (text, literal) in parts {
            inline.push(text, *literal, false);
        }
        inline
    }

    #[test]
    fn takes_the_first_annotation_of_each_kind() {
        let a = annotate(&line(&[(
            "Review  the PR @Kimi with @bob #Review !HIGH !low",
            false,
        )]));
        assert_eq!(a.title, "Review the PR with @bob !low");
        assert_eq!(a.to_agent.as_deref(), Some("kimi"));
        assert_eq!(a.task_type.as_deref(), Some("review"));
        assert_eq!(a.priority, Some(Priority::High));
    }

    #[test]
    fn literal_words_and_non_annotations_stay() {
        let a = annotate(&line(&[
            ("Fix ", false),
            ("`@kimi`", true),
            (" crash #123 mail a@b.c !soon C# @ ", false),
        ]));
        assert_eq!(a.title, "Fix `@kimi` crash #123 mail a@b.c !soon C# @");
        assert_eq!(
            a,
            Annotated {
                title: a.title.clone(),
                ..Default::default()
            }
        );
        let mut escaped = Inline::default();
        escaped.push("Ping ", false, false);
        escaped.push("@kimi now", false, true);
        assert_eq!(annotate(&escaped).to_agent, None);
        assert_eq!(annotate(&escaped).title, "Ping @kimi now");
    }

    #[test]
    fn normal_is_a_priority_too() {
        assert_eq!(priority_annotation("!normal"), Some(Priority::Normal));
        assert_eq!(type_annotation("#2fa"), Some("2fa".to_string()));
        assert_eq!(type_annotation("#42"), None);
        assert_eq!(agent_annotation("@-x"), None);
    }
}
