//! `fed`: a file-based task queue for a federation of coding agents and
//! the human who oversees them.
//!
//! The library holds the task model ([`model`]), the store over a
//! `.federation/` directory ([`store`]), the dependency gate ([`gate`]),
//! the cycle detector ([`graph`]), the queue operations ([`queue`]), the
//! config ([`config`]), and the read-only views `status` and `check`. It
//! knows nothing of command lines, tables or colours, and never reads the
//! clock: callers pass the time in.

pub mod check;
pub mod config;
pub mod error;
pub mod failpoint;
pub mod gate;
pub mod graph;
pub mod learn;
pub mod model;
pub mod op;
pub mod queue;
pub mod remote;
pub mod status;
pub mod store;
pub mod vote;
pub mod yaml;

pub use error::{Error, Kind, Result};
