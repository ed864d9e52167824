//! The integration tests: one binary (faster to build and link), every test
//! running the real `fed` in its own temporary federation.

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
mod powercut;
mod races;
mod remote;
mod storm;
mod views;
mod votes;
