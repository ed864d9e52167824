//! Agent names: `[a-z0-9][a-z0-9._-]{0,63}`, ASCII letters lower-cased on
//! input (only ASCII: a sign that folds to a letter, such as the Kelvin
//! sign, is refused, never turned into one).

use crate::error::{Error, Kind, Label, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AgentName(String);

impl AgentName {
    /// Lower-cases and validates `raw`; `what` names the flag or field.
    pub fn parse<'a>(raw: &str, what: impl Into<Label<'a>>) -> Result<AgentName> {
        let name = raw.trim().to_ascii_lowercase();
        let valid = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && name.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            });
        if valid {
            Ok(AgentName(name))
        } else {
            Err(Error::about(
                Kind::Invalid,
                what,
                format!(
                    "'{}' is not an agent name (1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit)",
                    raw.escape_debug()
                ),
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_and_validates() {
        assert_eq!(
            AgentName::parse("Claude", "--agent").unwrap().as_str(),
            "claude"
        );
        assert!(AgentName::parse("gpt-5.1_x", "x").is_ok());
        for bad in ["", "-x", ".x", "a b", "a/b", &"a".repeat(65)] {
            assert!(AgentName::parse(bad, "--agent").is_err(), "{bad}");
        }
    }
}
