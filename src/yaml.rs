//! Reading YAML (config and vote files) defensively: a bound on nesting
//! before the parser sees the text (its time grows with the square of the
//! depth), and errors on one line. serde_yaml itself refuses documents
//! whose aliases expand too far (the "billion laughs").

use serde::de::DeserializeOwned;

/// Deepest `[`/`{` nesting accepted.
pub const MAX_DEPTH: usize = 64;

/// Parses YAML text; the error is one line without the file name.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    if let Some(line) = too_deep(text, MAX_DEPTH) {
        return Err(format!(
            "line {line}: nesting deeper than {MAX_DEPTH} levels"
        ));
    }
    serde_yaml::from_str(text).map_err(|e| one_line(&e.to_string()))
}

/// The line where flow nesting first exceeds `max`, if it does (brackets in
/// quotes and comments count too: harmless for real files).
fn too_deep(text: &str, max: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut line = 1;
    for b in text.bytes() {
        match b {
            b'\n' => line += 1,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn one_line(text: &str) -> String {
    crate::error::one_line(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse::<serde_yaml::Value>(&deep).unwrap_err();
        assert!(err.contains("nesting deeper than 64"), "{err}");
        assert!(parse::<serde_yaml::Value>("a: [[1], {b: 2}]").is_ok());
    }

    #[test]
    fn errors_are_one_line() {
        let err =
            parse::<std::collections::BTreeMap<String, u32>>("a: [1,\n  2\nb: x\n").unwrap_err();
        assert!(!err.contains('\n'), "{err}");
    }
}
