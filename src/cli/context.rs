//! What every command needs: the federation directory, the caller, the
//! clock (`FED_NOW` is read here and nowhere else) and the output.

use super::GlobalArgs;
use super::output::Output;
use anyhow::Result;
use fed::config::Config;
use fed::model::AgentName;
use fed::model::time::{Timestamp, parse_time};
use fed::op::Op;
use fed::store::{Store, discover};
use fed::view::short::{IdForm, ShortIds};
use std::path::PathBuf;

pub struct Ctx {
    pub global: GlobalArgs,
    pub agent: Option<String>,
    /// `--agent ""` or `FED_AGENT=` (see `Op::empty_name`).
    pub empty_name: bool,
    pub now: Timestamp,
    /// The system clock, read again by operations; `None` under `FED_NOW`.
    clock: Option<fn() -> Timestamp>,
    pub out: Output,
    store: std::cell::OnceCell<Store>,
    config: std::cell::OnceCell<Config>,
}

impl Ctx {
    pub fn new(global: GlobalArgs, out: Output) -> Result<Ctx> {
        let (now, clock) = match std::env::var("FED_NOW") {
            Ok(raw) if !raw.trim().is_empty() => (parse_time(&raw, "FED_NOW")?, None),
            _ => (system_clock(), Some(system_clock as fn() -> Timestamp)),
        };
        let empty_name = global.agent.as_deref().is_some_and(|a| a.trim().is_empty());
        let agent = match global.agent.as_deref().map(str::trim) {
            Some("") | None => None,
            Some(raw) => Some(AgentName::parse(raw, "--agent")?.as_str().to_string()),
        };
        Ok(Ctx {
            global,
            agent,
            empty_name,
            now,
            clock,
            out,
            store: std::cell::OnceCell::new(),
            config: std::cell::OnceCell::new(),
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

    /// The federation, opened once per process.
    pub fn store(&self) -> Result<&Store> {
        if let Some(store) = self.store.get() {
            return Ok(store);
        }
        let store = Store::open(&self.dir()?)?;
        Ok(self.store.get_or_init(|| store))
    }

    /// The store and its config together.
    pub fn open(&self) -> Result<(&Store, &Config)> {
        let store = self.store()?;
        if let Some(config) = self.config.get() {
            return Ok((store, config));
        }
        let config = store.config()?;
        Ok((store, self.config.get_or_init(|| config)))
    }

    /// Warnings the store recorded (changes that landed with a hitch).
    pub fn take_warnings(&self) -> Vec<String> {
        self.store
            .get()
            .map(Store::take_warnings)
            .unwrap_or_default()
    }

    /// The fixed time of `FED_NOW`, if set (else the clock runs).
    pub fn fixed_now(&self) -> Option<Timestamp> {
        self.clock.is_none().then_some(self.now)
    }

    /// Ids as people see them: short, or whole under `--full-ids`.
    pub fn id_form(&self) -> IdForm {
        if self.global.full_ids {
            IdForm::Full
        } else {
            IdForm::Short
        }
    }

    /// The federation's short ids (see [`fed::view::short`]).
    pub fn short_ids(&self, store: &Store) -> ShortIds {
        ShortIds::federation(store, self.id_form())
    }

    pub fn op<'a>(&self, store: &'a Store, config: &'a Config) -> Op<'a> {
        let mut op = Op::new(store, config, self.agent.clone(), self.now, self.clock);
        op.empty_name = self.empty_name;
        op
    }
}

/// The system time; fed writes milliseconds (a finer clock would show in
/// every file).
pub fn system_clock() -> Timestamp {
    chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 3)
}
