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

/// `then` as people say it, seen from `now`: "just now", "in 25 min",
/// "3 h ago", "9 days ago" (the exact time is in `--json`).
pub fn relative(then: Timestamp, now: Timestamp) -> String {
    let secs = (then - now).num_seconds();
    let (amount, future) = (secs.unsigned_abs(), secs > 0);
    let text = match amount {
        0..45 => return "just now".to_string(),
        45..5400 => format!("{} min", amount.div_ceil(60).max(1)),
        5400..172_800 => format!("{} h", (amount + 1800) / 3600),
        _ => format!("{} days", (amount + 43_200) / 86_400),
    };
    if future {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_as_times() {
        let now: Timestamp = "2026-11-21T09:00:00Z".parse().unwrap();
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(relative(at("2026-11-21T09:00:10Z"), now), "just now");
        assert_eq!(relative(at("2026-11-21T09:25:00Z"), now), "in 25 min");
        assert_eq!(relative(at("2026-11-21T06:00:00Z"), now), "3 h ago");
        assert_eq!(relative(at("2026-11-11T13:47:00Z"), now), "10 days ago");
    }
}
