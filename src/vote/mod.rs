//! Votes: agents decide together, the overseer keeps the last word.
//!
//! The vote document is `model::vote`; [`rules`] holds the pure resolution
//! rules; the other files are the commands' operations, each a
//! transaction on one vote file ([`change`]).

pub mod cast;
mod change;
pub mod create;
pub mod resolve;
pub mod rules;
