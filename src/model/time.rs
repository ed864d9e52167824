//! Timestamps: RFC 3339 in UTC, millisecond precision, written with `Z`.

use crate::error::{Error, Kind, Label, Result};
use chrono::{DateTime, SecondsFormat, Utc};

pub type Timestamp = DateTime<Utc>;

/// Parses an RFC 3339 time; `what` names its source in errors.
pub fn parse_time<'a>(raw: &str, what: impl Into<Label<'a>>) -> Result<Timestamp> {
    read_time(raw.trim()).map_err(|e| {
        Error::about(
            Kind::Invalid,
            what,
            format!("{e}; write a time such as 2026-11-21T09:30:00Z"),
        )
    })
}

/// The canonical text form of a timestamp: milliseconds, or every digit a
/// finer time has (so a time read from a file is written back unchanged).
pub fn format_time(t: Timestamp) -> String {
    let format = if t.timestamp_subsec_nanos().is_multiple_of(1_000_000) {
        SecondsFormat::Millis
    } else {
        SecondsFormat::AutoSi
    };
    t.to_rfc3339_opts(format, true)
}

/// Reads an RFC 3339 time as UTC, within the years 0 to 9999 (what RFC
/// 3339 can write back).
fn read_time(raw: &str) -> std::result::Result<Timestamp, String> {
    let t = DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("'{}' is not an RFC 3339 time ({e})", raw.escape_debug()))?;
    if !(0..=9999).contains(&chrono::Datelike::year(&t)) {
        return Err(format!(
            "'{}' is outside the years 0 to 9999 in UTC",
            raw.escape_debug()
        ));
    }
    Ok(t)
}

/// Serde adapter writing timestamps in the canonical form.
pub mod serde_time {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&format_time(*t))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<Timestamp, D::Error> {
        let raw = String::deserialize(d)?;
        read_time(&raw).map_err(serde::de::Error::custom)
    }
}

/// Serde adapter for optional timestamps.
pub mod serde_time_opt {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        t: &Option<Timestamp>,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&format_time(*t)),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<Option<Timestamp>, D::Error> {
        let raw = Option::<String>::deserialize(d)?;
        raw.map(|raw| read_time(&raw).map_err(serde::de::Error::custom))
            .transpose()
    }
}
