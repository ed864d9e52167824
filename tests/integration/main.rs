//! The integration tests: one binary (faster to build and link), every test
//! running the real `fed` in its own temporary federation.

mod agents;
mod cache;
mod changes;
mod cli;
mod common;
mod completions;
mod concurrency;
mod crash;
mod failpoints;
mod hardening;
mod help;
mod hostile;
mod layers;
mod learning;
mod machines;
mod machines_adds;
mod machines_availability;
mod machines_batch;
mod machines_group;
mod machines_loops;
mod machines_storm;
mod machines_tidy;
mod mcp;
mod measures;
mod people;
mod plans;
mod powercut;
mod races;
mod remote;
mod reservations;
mod storm;
mod views;
mod votes;
mod work;
