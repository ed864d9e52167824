//! Task and vote ids: validation and generation.
//!
//! Ids contain only `[a-z0-9._-]`, are at most 64 characters, and never name
//! a path (`.` and `..` are refused), so an id can never leave its folder.
//! Generated ids are a UTC timestamp plus random characters, so two machines
//! or two git branches never mint the same one, and sorting ids sorts by age.

use crate::error::{Error, Kind, Label, Result};
use chrono::{DateTime, Utc};
use std::fmt;

pub const MAX_ID_LEN: usize = 64;

/// A validated task (or vote) id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(String);

impl TaskId {
    /// Validates `raw` as an id; `what` names the argument or field in errors.
    pub fn parse(raw: &str, what: &str) -> Result<TaskId> {
        validate_id(raw, what)?;
        Ok(TaskId(raw.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id the user meant by `input` among `ids`: `input` itself, or the one
/// id ending with it; `None` when none matches. Several matches are an
/// error naming `what` and up to five of them (`noun` is "tasks", "votes").
pub fn unique_suffix<'a>(
    input: &str,
    ids: impl IntoIterator<Item = String>,
    what: impl Into<Label<'a>>,
    noun: &str,
) -> Result<Option<String>> {
    let mut matches = std::collections::BTreeSet::new();
    for id in ids {
        if id == input {
            return Ok(Some(id));
        }
        if id.ends_with(input) {
            matches.insert(id);
        }
    }
    let n = matches.len();
    if n <= 1 {
        return Ok(matches.into_iter().next());
    }
    let shown: Vec<_> = matches.into_iter().take(5).collect();
    Err(Error::about(
        Kind::Invalid,
        what,
        format!(
            "'{input}' is ambiguous: {n} {noun} end with it ({}{})",
            shown.join(", "),
            if n > 5 { ", ..." } else { "" }
        ),
    ))
}

/// Checks the id rules; the error names `what` and the offending character.
pub fn validate_id<'a>(raw: &str, what: impl Into<Label<'a>>) -> Result<()> {
    let what = what.into();
    let invalid = |message: String| Error::about(Kind::Invalid, what, message);
    if raw.is_empty() {
        return Err(invalid("the id is empty".to_string()));
    }
    if raw.len() > MAX_ID_LEN {
        return Err(invalid(format!(
            "the id is {} characters long; the limit is {MAX_ID_LEN}",
            raw.len()
        )));
    }
    if raw.starts_with('.') {
        // Names starting with '.' are hidden bookkeeping in every folder.
        return Err(invalid(format!(
            "'{}' starts with '.'; ids may not",
            raw.escape_debug()
        )));
    }
    if let Some(bad) = raw
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')))
    {
        return Err(invalid(format!(
            "'{}' contains {}; ids use only a-z, 0-9, '.', '_' and '-'",
            raw.escape_debug(),
            describe_char(bad)
        )));
    }
    Ok(())
}

fn describe_char(c: char) -> String {
    match c {
        '/' => "'/'".to_string(),
        '\0' => "a NUL byte".to_string(),
        c if c.is_control() => format!("the control character {:?}", c),
        c => format!("'{c}'"),
    }
}

/// A new id: `YYYYMMDD-HHMMSS-` and six random base-36 characters.
pub fn new_task_id(now: DateTime<Utc>) -> TaskId {
    TaskId(format!(
        "{}-{}",
        now.format("%Y%m%d-%H%M%S"),
        random_base36(6)
    ))
}

/// Random lower-case base-36 text from the OS random source (with a
/// time-and-pid fallback that is still unique enough for temporary names).
pub fn random_base36(len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut bytes = vec![0u8; len];
    if !fill_random(&mut bytes) {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
            ^ (u128::from(std::process::id()) << 64);
        let mut x = seed as u64 ^ (seed >> 64) as u64;
        for b in bytes.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
    }
    bytes
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect()
}

/// A small fast random sequence (xorshift64) seeded from the OS random
/// source: plenty for jitter and shuffles, never for ids or secrets.
#[derive(Debug, Clone)]
pub struct Jitter(u64);

impl Jitter {
    pub fn new() -> Jitter {
        let seed = random_base36(13)
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        Jitter(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Puts `items` in a random order.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

impl Default for Jitter {
    fn default() -> Jitter {
        Jitter::new()
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn fill_random(buf: &mut [u8]) -> bool {
    // SAFETY: getrandom writes at most buf.len() bytes into buf.
    let n = unsafe { libc::getrandom(buf.as_mut_ptr().cast(), buf.len(), 0) };
    n == buf.len() as isize
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn fill_random(buf: &mut [u8]) -> bool {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(buf))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_ids() {
        for ok in ["a", "task-1", "v1.2_x", &"a".repeat(64)] {
            assert!(validate_id(ok, "id").is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_path_like_and_odd_ids() {
        for bad in [
            "",
            ".",
            "..",
            ".hidden",
            "a/b",
            "../x",
            "A",
            "a b",
            "a\0b",
            "é",
            &"a".repeat(65),
        ] {
            let err = validate_id(bad, "ID").unwrap_err();
            assert!(err.message.starts_with("ID: "), "{}", err.message);
        }
        assert!(
            validate_id("a/b", "ID")
                .unwrap_err()
                .message
                .contains("'/'")
        );
    }

    #[test]
    fn generated_ids_are_valid_and_distinct() {
        let now = "2026-11-21T05:35:55Z".parse().unwrap();
        let a = new_task_id(now);
        let b = new_task_id(now);
        assert!(validate_id(a.as_str(), "id").is_ok());
        assert!(a.as_str().starts_with("20261121-053555-"));
        assert_ne!(a, b);
    }
}
