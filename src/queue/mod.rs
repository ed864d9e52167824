//! Queue operations: what each `fed queue` command does to the store.
//!
//! Each operation takes an [`Op`](crate::op::Op) (store, config, caller,
//! clock) and a small request, enforces the rules of the product contract,
//! changes the store through its transactions and appends to the event
//! log. Changing operations run [`recover::recover`] first.

pub mod add;
pub mod assign;
pub mod batch;
pub mod block;
pub mod cancel;
mod change;
pub mod claim;
pub mod complete;
pub mod conflicts;
pub mod done;
pub mod edit;
mod edit_fields;
pub mod handoff;
pub mod lease;
pub mod note;
pub mod reap;
pub mod recover;
pub mod reserve;
pub mod retry;
pub mod rules;
mod spread;
pub mod wait;

pub use change::Holder;
