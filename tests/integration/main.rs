//! The integration tests: one binary (faster to build and link), every test
//! running the real `fed` in its own temporary federation.

mod agents;
mod cache;
mod cli;
mod common;
mod completions;
mod concurrency;
mod crash;
mod failpoints;
mod hardening;
mod hostile;
mod layers;
mod learning;
mod mcp;
mod powercut;
mod races;
mod reservations;
mod votes;
mod work;
