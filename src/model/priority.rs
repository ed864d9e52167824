//! Task priority: `critical` > `high` > `normal` > `low`.

use crate::error::{Error, Param, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Critical,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Critical,
        Priority::High,
        Priority::Normal,
        Priority::Low,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Critical => "critical",
        }
    }
    pub fn parse(raw: &str) -> Result<Priority> {
        Priority::ALL
            .into_iter()
            .find(|p| p.as_str() == raw.to_ascii_lowercase())
            .ok_or_else(|| {
                Error::invalid(format!(
                    "'{raw}' is not a priority (critical, high, normal, low)"
                ))
                .on(Param::Priority)
            })
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
