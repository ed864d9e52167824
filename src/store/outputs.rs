//! `outputs/`: what `fed work` keeps of a task's run: the full output of
//! its command (`ID@TOKEN.log`, linked from the task's result) and, while
//! the command runs, the copy of the task it was given (`ID@TOKEN.json`).
//! Each file is written whole and durably, like every other file.

use super::Store;
use super::durable::create_dir_durably;
use super::fsx;
use crate::error::{Error, Result};
use std::path::PathBuf;

pub const OUTPUTS_DIR: &str = "outputs";

impl Store {
    /// The path of `outputs/NAME`.
    pub fn output_path(&self, name: &str) -> PathBuf {
        self.path(OUTPUTS_DIR).join(name)
    }

    /// Writes `outputs/NAME` whole and durably, replacing an earlier one;
    /// returns its path relative to the federation (`outputs/NAME`).
    pub fn write_output(&self, name: &str, bytes: &[u8]) -> Result<String> {
        if name.is_empty() || name.starts_with('.') || name.contains('/') {
            return Err(Error::invalid(format!("'{name}' is not an output name")));
        }
        let dir = self.path(OUTPUTS_DIR);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => {
                return Err(Error::invalid(format!(
                    "{} is {}, not a directory; refusing to use it",
                    dir.display(),
                    fsx::kind_of(&m.file_type())
                )));
            }
            Err(_) => {
                create_dir_durably(&dir)?;
            }
        }
        let dest = dir.join(name);
        self.replace_file(&dest, bytes)?;
        Ok(format!("{OUTPUTS_DIR}/{name}"))
    }

    /// Removes `outputs/NAME` if it is there (a file only).
    pub fn remove_output(&self, name: &str) {
        let path = self.output_path(name);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            let _ = fsx::unlink(&path);
        }
    }
}
