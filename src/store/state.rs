//! `state.json`: whether the federation is paused, by whom, why, since when.

use super::Store;
use super::fsx;
use super::layout::STATE_FILE;
use crate::error::{Error, Result};
use crate::model::time::{Timestamp, serde_time_opt};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

const MAX_STATE_BYTES: u64 = 64 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub paused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(
        default,
        with = "serde_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub since: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Store {
    /// Reads `state.json` (not paused when it is missing).
    pub fn state(&self) -> Result<State> {
        let path = self.path(STATE_FILE);
        match fsx::read_bounded(&path, MAX_STATE_BYTES) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| Error::invalid(format!("{}: {e}", path.display()))),
            Err(fsx::ReadError::Missing) => Ok(State::default()),
            Err(e) => Err(Error::invalid(format!(
                "{}: {}",
                path.display(),
                e.describe(MAX_STATE_BYTES)
            ))),
        }
    }

    /// Replaces `state.json`; a shared federation publishes it first.
    pub fn set_state(&self, state: &State) -> Result<()> {
        let mut bytes = serde_json::to_vec_pretty(state).expect("state always serializes");
        bytes.push(b'\n');
        let pushed = self.push_state(&bytes)?;
        self.replace_file(&self.path(STATE_FILE), &bytes)?;
        self.settle(pushed);
        Ok(())
    }
}
