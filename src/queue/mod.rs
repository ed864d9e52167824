//! Queue operations: what each `fed queue` command does to the store.
//!
//! Each operation takes an [`Op`] (store, config, caller, clock) and a small
//! request struct, enforces the rules of the product contract, changes the
//! store through its transactions and appends to the event log.

pub mod add;
pub mod change;
pub mod claim;
pub mod locate;
pub mod reap;
pub mod snapshot;

pub use crate::op::{Op, recover};
