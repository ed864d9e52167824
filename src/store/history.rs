//! `routing-history.jsonl`: one [`Record`] a line. Lines are appended with
//! a single `write` and read back line by line, skipping lines that do not
//! parse.

use super::Store;
use super::fsx;
use super::layout::HISTORY_FILE;
use crate::error::{Error, Result};
use crate::model::record::Record;
use std::io::BufRead;

/// History files larger than this are read only up to it.
const MAX_HISTORY_BYTES: u64 = 256 * 1024 * 1024;

impl Store {
    /// Appends one record.
    pub fn append_history(&self, record: &Record) -> Result<()> {
        let mut line = serde_json::to_vec(record).expect("a record always serializes");
        line.push(b'\n');
        let path = self.path(HISTORY_FILE);
        fsx::append_line(&path, &line, true).map_err(|e| Error::io(&path, "append to", &e))
    }

    /// Every readable record, oldest first, and how many lines were skipped.
    pub fn read_history(&self) -> Result<(Vec<Record>, usize)> {
        read(self)
    }
}

fn read(store: &Store) -> Result<(Vec<Record>, usize)> {
    let path = store.path(HISTORY_FILE);
    let file = match fsx::open_regular(&path) {
        Ok(Some(file)) => file,
        Ok(None) => return Ok((Vec::new(), 0)),
        Err(e) => return Err(Error::io(&path, "read", &e)),
    };
    let mut records = Vec::new();
    let mut skipped = 0;
    let reader = std::io::BufReader::new(std::io::Read::take(file, MAX_HISTORY_BYTES));
    for line in reader.split(b'\n') {
        let line = line.map_err(|e| Error::io(&path, "read", &e))?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(&line) {
            Ok(record) => records.push(record),
            Err(_) => skipped += 1,
        }
    }
    Ok((records, skipped))
}
