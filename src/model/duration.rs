//! Durations as people write them in config and flags: `90s`, `30m`, `2h`, `1d`.

use crate::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Duration {
    seconds: i64,
}

impl Duration {
    pub const fn from_secs(seconds: i64) -> Duration {
        Duration { seconds }
    }
    pub fn as_secs(self) -> i64 {
        self.seconds
    }
    pub fn to_chrono(self) -> chrono::TimeDelta {
        chrono::TimeDelta::seconds(self.seconds)
    }
    /// Parses `<positive integer><s|m|h|d>`.
    pub fn parse(raw: &str) -> Result<Duration> {
        let text = raw.trim();
        let bad = || {
            Error::invalid(format!(
                "'{}' is not a duration (write a whole number and a unit: 90s, 30m, 2h, 1d)",
                raw.escape_debug()
            ))
        };
        let unit = text.chars().last().ok_or_else(bad)?;
        let factor = match unit {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => return Err(bad()),
        };
        let digits = &text[..text.len() - 1];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let n: i64 = digits.parse().map_err(|_| bad())?;
        let seconds = n
            .checked_mul(factor)
            .filter(|s| *s > 0 && *s <= 100 * 365 * 86400)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "'{}' is not a usable duration (from 1s to 100 years)",
                    raw.escape_debug()
                ))
            })?;
        Ok(Duration { seconds })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.seconds;
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60)] {
            if s % size == 0 {
                return write!(f, "{}{unit}", s / size);
            }
        }
        write!(f, "{s}s")
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Duration, D::Error> {
        let raw = String::deserialize(d)?;
        Duration::parse(&raw).map_err(|e| serde::de::Error::custom(e.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(Duration::parse("90s").unwrap().as_secs(), 90);
        assert_eq!(Duration::parse("30m").unwrap().as_secs(), 1800);
        assert_eq!(Duration::parse("2h").unwrap().as_secs(), 7200);
        assert_eq!(Duration::parse("1d").unwrap().as_secs(), 86400);
        assert_eq!(Duration::parse("30m").unwrap().to_string(), "30m");
        assert_eq!(Duration::parse("90s").unwrap().to_string(), "90s");
    }

    #[test]
    fn refuses_nonsense() {
        for bad in [
            "",
            "m",
            "10",
            "-5m",
            "1.5h",
            "0s",
            "10w",
            "99999999999999999d",
            "1 h",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }
}
