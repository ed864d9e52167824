//! Known findings that a run may be told to step over, so that it explores
//! past them: `FED_FUZZ_KNOWN=multiline-error,hidden-id` (or `all`). Each
//! name is described in fuzz/README.md; without the variable every check
//! is strict.

// Each target uses some of these.
#![allow(dead_code)]

use std::sync::OnceLock;

pub fn tolerated(finding: &str) -> bool {
    static KNOWN: OnceLock<Vec<String>> = OnceLock::new();
    let known = KNOWN.get_or_init(|| {
        std::env::var("FED_FUZZ_KNOWN")
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    });
    known.iter().any(|k| k == finding || k == "all")
}

/// Fails unless `msg` is one line (or `multiline-error` is tolerated).
pub fn assert_one_line(msg: &str) {
    assert!(
        !msg.contains(['\n', '\r']) || tolerated("multiline-error"),
        "the error is not one line: {msg:?}"
    );
}

/// A time as `fed` writes it: RFC 3339 with milliseconds, so anything
/// finer is dropped on a rewrite (finding `time-precision`).
pub fn millis(t: &mut chrono::DateTime<chrono::Utc>) {
    use chrono::Timelike;
    if let Some(truncated) = t.with_nanosecond(t.nanosecond() / 1_000_000 * 1_000_000) {
        *t = truncated;
    }
}

/// Whether a time lies outside the years 0000 to 9999 in UTC: RFC 3339
/// accepts `9999-12-31T23:59:59-01:00`, but `fed` writes it as year 10000,
/// which RFC 3339 (and so `fed`) cannot read back (finding `time-range`).
pub fn out_of_range(t: &chrono::DateTime<chrono::Utc>) -> bool {
    use chrono::Datelike;
    !(0..=9999).contains(&t.year())
}

/// Whether two JSON trees are equal up to the last bits of their floats:
/// serde_json's default float parsing is best effort (its `float_roundtrip`
/// feature is off), so a number such as 98446744073709551615 or one with
/// many digits can come back one unit in the last place off after a
/// rewrite (finding `float-roundtrip`).
pub fn nearly_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x != y => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-12 * x.abs().max(y.abs()),
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| nearly_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, x), (ky, y))| kx == ky && nearly_equal(x, y))
        }
        _ => a == b,
    }
}
