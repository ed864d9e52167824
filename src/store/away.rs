//! `availability/AGENT.json`: an agent that said it is away (`fed agent
//! away`), until when and why. One file per agent, replaced atomically, so
//! agents going away at once never lose each other's word; `fed agent
//! back` removes the file.

use super::Store;
use super::fsx;
use crate::error::{Error, Result};
use crate::model::time::{Timestamp, serde_time, serde_time_opt};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const AVAILABILITY_DIR: &str = "availability";
const MAX_AWAY_BYTES: u64 = 16 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Away {
    #[serde(with = "serde_time")]
    pub since: Timestamp,
    /// None: until `fed agent back`.
    #[serde(
        default,
        with = "serde_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub until: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who said so (the agent, or an overseer for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

impl Away {
    /// The file `availability/AGENT.json` holds.
    pub fn to_file(&self) -> Vec<u8> {
        json_file(self)
    }
}

/// The availability as a shared federation publishes it: every agent
/// away, as one JSON object by name.
pub fn shared_file(aways: &BTreeMap<String, Away>) -> Vec<u8> {
    json_file(aways)
}

/// Pretty JSON and a final newline, as fed writes its JSON files.
fn json_file(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("availability always serializes");
    bytes.push(b'\n');
    bytes
}

impl Store {
    /// Every agent that said it is away (expired or not), by name.
    /// Unreadable files are skipped: an agent is never kept away by one.
    pub fn aways(&self) -> BTreeMap<String, Away> {
        let mut out = BTreeMap::new();
        let Ok(entries) = std::fs::read_dir(self.path(AVAILABILITY_DIR)) else {
            return out;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(agent) = name.strip_suffix(".json") else {
                continue;
            };
            if agent.starts_with('.') {
                continue;
            }
            if let Ok(bytes) = fsx::read_bounded(&entry.path(), MAX_AWAY_BYTES)
                && let Ok(away) = serde_json::from_slice::<Away>(&bytes)
            {
                out.insert(agent.to_string(), away);
            }
        }
        out
    }

    /// Records `agent` as away (`agent` is a validated name). A shared
    /// federation publishes the availability first.
    pub fn set_away(&self, agent: &str, away: &Away) -> Result<()> {
        let dir = self.path(AVAILABILITY_DIR);
        super::create_dir_durably(&dir)?;
        let mut aways = self.aways();
        aways.insert(agent.to_string(), away.clone());
        let pushed = self.push_availability(&aways)?;
        self.replace_file(&dir.join(format!("{agent}.json")), &away.to_file())?;
        self.settle(pushed);
        Ok(())
    }

    /// Removes `agent`'s away file; true when there was one. A shared
    /// federation publishes the availability first.
    pub fn clear_away(&self, agent: &str) -> Result<bool> {
        let path = self.path(AVAILABILITY_DIR).join(format!("{agent}.json"));
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(false);
        }
        let mut aways = self.aways();
        aways.remove(agent);
        let pushed = self.push_availability(&aways)?;
        match std::fs::remove_file(&path) {
            Ok(()) => super::sync_parent(&path)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, "remove", &e)),
        }
        self.settle(pushed);
        Ok(true)
    }
}
