//! `fed`: a file-based task queue for a federation of coding agents and
//! the human who oversees them.
//!
//! The library reads in layers, each using only those below it (see
//! docs/architecture.md):
//!
//! - [`serve`]: the web dashboard (`fed serve`), over the views;
//! - [`view`]: what the read-only commands show (status, check, analytics);
//! - operations: [`queue`], [`vote`] and [`learn`], each taking an
//!   [`op::Op`] (store, config, caller, clock);
//! - [`store`]: the `.federation/` directory, and the only code touching it;
//! - [`config`], [`gate`] (readiness) and [`graph`] (cycles, dependants);
//! - [`model`]: the documents and values, pure.
//!
//! It knows nothing of command lines, tables or colours, and never reads
//! the clock: callers pass the time in.

pub mod bytes;
pub mod config;
pub mod error;
pub mod failpoint;
pub mod gate;
pub mod graph;
pub mod learn;
pub mod model;
pub mod op;
pub mod plan;
pub mod queue;
pub mod remote;
pub mod serve;
pub mod store;
pub mod view;
pub mod vote;
pub mod yaml;

pub use error::{Error, Kind, Param, Result};
