//! What every command needs: the federation directory, the caller, the
//! clock (`FED_NOW` is read here and nowhere else) and the output.

use super::GlobalArgs;
use super::output::Output;
use anyhow::Result;
use fed::config::Config;
use fed::model::AgentName;
use fed::model::time::{Timestamp, parse_time};
use fed::queue::Op;
use fed::store::{Store, discover};
use std::path::PathBuf;

pub struct Ctx {
    pub global: GlobalArgs,
    pub agent: Option<String>,
    pub now: Timestamp,
    pub out: Output,
}

impl Ctx {
    pub fn new(global: GlobalArgs, out: Output) -> Result<Ctx> {
        let now = match std::env::var("FED_NOW") {
            Ok(raw) if !raw.trim().is_empty() => parse_time(&raw, "FED_NOW")?,
            _ => chrono::Utc::now(),
        };
        let agent = match global.agent.as_deref().map(str::trim) {
            Some("") | None => None,
            Some(raw) => Some(AgentName::parse(raw, "--agent")?.as_str().to_string()),
        };
        Ok(Ctx {
            global,
            agent,
            now,
            out,
        })
    }

    /// `--dir` / `FED_DIR`, else the nearest `.federation/` upward.
    pub fn dir(&self) -> Result<PathBuf> {
        let explicit = self
            .global
            .dir
            .as_deref()
            .filter(|d| !d.as_os_str().is_empty());
        let cwd = std::env::current_dir()?;
        Ok(discover(explicit, &cwd)?)
    }

    pub fn store(&self) -> Result<Store> {
        Ok(Store::open(&self.dir()?)?)
    }

    /// Opens the store and its config together.
    pub fn open(&self) -> Result<(Store, Config)> {
        let store = self.store()?;
        let config = store.config()?;
        Ok((store, config))
    }

    pub fn op<'a>(&self, store: &'a Store, config: &'a Config) -> Op<'a> {
        Op {
            store,
            config,
            agent: self.agent.clone(),
            now: self.now,
        }
    }
}
