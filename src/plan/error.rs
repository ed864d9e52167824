//! Why a plan was refused: one line naming the file and, where there is
//! one, the line, so the author can fix the plan and import it again.
//!
//! A refused plan imports nothing: [`super::parse`] returns either every
//! item or an error, never a part.

use std::fmt;

/// What was wrong with a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Larger than [`super::MAX_PLAN_BYTES`].
    TooLarge,
    /// Not valid UTF-8.
    NotUtf8,
    /// A symlink (or a path through one) that leads out of the project.
    OutOfTree,
    /// A directory, a FIFO, a device: not a regular file.
    NotAFile,
    /// The file could not be read.
    Io,
    /// More than [`super::MAX_ITEMS`] items.
    TooManyItems,
    /// Lists or quotes nested deeper than [`super::MAX_DEPTH`].
    TooDeep,
    /// An item that would wait for more than [`super::MAX_DEPENDENCIES`]
    /// items, or a plan with more than [`super::MAX_PLAN_DEPENDENCIES`].
    TooManyDependencies,
    /// An item whose description exceeds [`super::MAX_DESCRIPTION`], or a
    /// heading longer than [`super::MAX_HEADING`].
    TooLong,
    /// A code fence or HTML block never closed, which would swallow the
    /// rest of the plan.
    Unclosed,
}

/// A refused plan: the problem, the file, the line (1-based) if any, and a
/// sentence saying what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub problem: Problem,
    pub file: String,
    pub line: Option<usize>,
    pub detail: String,
}

impl PlanError {
    pub fn new(
        problem: Problem,
        file: &str,
        line: Option<usize>,
        detail: impl Into<String>,
    ) -> Self {
        PlanError {
            problem,
            file: file.to_string(),
            line,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.line {
            Some(line) => format!("{}: line {line}: {}", self.file, self.detail),
            None => format!("{}: {}", self.file, self.detail),
        };
        f.write_str(&crate::error::one_line(&text))
    }
}

impl std::error::Error for PlanError {}

impl From<PlanError> for crate::error::Error {
    fn from(err: PlanError) -> Self {
        let kind = match err.problem {
            Problem::Io => crate::error::Kind::Io,
            _ => crate::error::Kind::Invalid,
        };
        crate::error::Error::new(kind, err.to_string())
    }
}
