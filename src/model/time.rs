//! Timestamps: RFC 3339 in UTC, millisecond precision, written with `Z`.

use crate::error::{Error, Result};
use chrono::{DateTime, SecondsFormat, Utc};

pub type Timestamp = DateTime<Utc>;

/// Parses an RFC 3339 time; `what` names its source in errors.
pub fn parse_time(raw: &str, what: &str) -> Result<Timestamp> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            Error::invalid(format!(
                "{what}: '{}' is not an RFC 3339 time such as 2026-11-21T09:30:00Z ({e})",
                raw.escape_debug()
            ))
        })
}

/// The canonical text form of a timestamp.
pub fn format_time(t: Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
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
        DateTime::parse_from_rfc3339(&raw)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| serde::de::Error::custom(format!("'{raw}' is not an RFC 3339 time ({e})")))
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
        raw.map(|raw| {
            DateTime::parse_from_rfc3339(&raw)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| {
                    serde::de::Error::custom(format!("'{raw}' is not an RFC 3339 time ({e})"))
                })
        })
        .transpose()
    }
}
