//! Pretty JSON from compact JSON text, laid out exactly as
//! `serde_json::to_string_pretty` lays out the same value: `queue list
//! --json` prints documents kept compact in the listing cache without
//! parsing them.

/// `docs` (each one compact JSON value, as serde_json writes it) as a
/// pretty JSON array.
pub fn pretty_array(docs: &[String]) -> String {
    if docs.is_empty() {
        return "[]".to_string();
    }
    let mut out = String::with_capacity(docs.iter().map(|d| d.len() * 5 / 4 + 4).sum());
    out.push('[');
    for (i, doc) in docs.iter().enumerate() {
        out.push_str(if i == 0 { "\n  " } else { ",\n  " });
        reindent(doc, 1, &mut out);
    }
    out.push_str("\n]");
    out
}

/// Appends compact JSON `text` laid out at `depth` (two spaces a level).
fn reindent(text: &str, mut depth: usize, out: &mut String) {
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // A string, copied whole: it ends at a quote no backslash
                // escapes (found with a SIMD search: descriptions are long).
                let start = i;
                i += 1;
                loop {
                    let next = bytes
                        .get(i..)
                        .and_then(|rest| fed::bytes::find2(b'"', b'\\', rest));
                    let Some(k) = next else {
                        i = bytes.len();
                        break;
                    };
                    if bytes[i + k] == b'"' {
                        i += k;
                        break;
                    }
                    i += k + 2;
                }
                out.push_str(&text[start..(i + 1).min(bytes.len())]);
            }
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                out.push(open as char);
                if bytes.get(i + 1) == Some(&close) {
                    out.push(close as char);
                    i += 1;
                } else {
                    depth += 1;
                    newline(out, depth);
                }
            }
            close @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                newline(out, depth);
                out.push(close as char);
            }
            b',' => {
                out.push(',');
                newline(out, depth);
            }
            b':' => out.push_str(": "),
            _ => {
                // Numbers, literals: up to the next structural byte.
                let start = i;
                while i + 1 < bytes.len() && !b"\",:{}[]".contains(&bytes[i + 1]) {
                    i += 1;
                }
                out.push_str(&text[start..=i]);
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_layout_is_serde_jsons() {
        let docs = vec![
            json!({"a": 1, "b": [], "c": {}, "d": [1, {"e": "x,y:{z}[\"]\\\\"}], "f": null}),
            json!({"g": -1.5e-7, "h": [true, false], "i": "\u{1b}é"}),
            // Long strings, escapes far in, a string that is one backslash.
            json!({"j": format!("{}\"{}\\", "x".repeat(70), "y".repeat(40)), "k": "\\", "l": ["\"", ""]}),
        ];
        let compact: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
        let expected = serde_json::to_string_pretty(&docs).unwrap();
        assert_eq!(pretty_array(&compact), expected);
        assert_eq!(
            pretty_array(&[]),
            serde_json::to_string_pretty(&json!([])).unwrap()
        );
    }
}
