//! The overseer's measures: `fed report`, the markdown log, agent
//! availability and `fed wait`.

mod availability;
mod markdown;
mod report;
mod wait;

use super::common::{Env, stderr, stdout};
use std::process::Output;

/// `fed ARGS` as `agent` (none: no identity) with the clock at `now`.
fn at(env: &Env, now: &str, agent: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = env.clean(now, args);
    if let Some(agent) = agent {
        cmd.env("FED_AGENT", agent);
    }
    cmd.output().expect("fed runs")
}

/// Like [`at`], and it must succeed; its stdout, trimmed.
fn ok(env: &Env, now: &str, agent: Option<&str>, args: &[&str]) -> String {
    let out = at(env, now, agent, args);
    assert!(out.status.success(), "{args:?} failed: {}", stderr(&out));
    stdout(&out).trim().to_string()
}
