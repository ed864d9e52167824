//! User text made safe for a terminal: titles, descriptions, reasons,
//! notes and ballots are data, and their control characters (escape
//! sequences that change colours, move the cursor or retitle the window)
//! are shown escaped, never sent to the terminal.

use std::borrow::Cow;

/// One line of user text: every control character escaped, line breaks
/// included (a table cell, a list entry).
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// A block of user text (a description): control characters escaped,
/// line breaks and tabs kept.
pub fn block(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && !keep(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The last guard before stdout: control characters other than line
/// breaks, tabs and fed's own colour codes (`ESC [ digits ; m`) are
/// escaped, whatever a renderer forgot.
pub fn guard(text: &str) -> Cow<'_, str> {
    if !may_hold_controls(text)
        || !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && let Some(len) = sgr_len(rest)
        {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Whether `text` may hold a control character other than a line break
/// or a tab: a byte below 0x20, DEL, or 0xC2 (the first byte of U+0080 to
/// U+00BF, among them the C1 controls). The guard sees every byte fed
/// prints (megabytes for a large `list --json`): this scan has no branch
/// per byte, and only text it flags is decoded.
fn may_hold_controls(text: &str) -> bool {
    text.as_bytes().chunks(256).any(|chunk| {
        chunk.iter().fold(false, |seen, &b| {
            seen | ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7f) | (b == 0xc2)
        })
    })
}

/// The length of a colour code (`ESC [ 0-9;* m`) at the start of `text`.
fn sgr_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let digits = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (body.as_bytes().get(digits) == Some(&b'm')).then_some(2 + digits + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            line("a\u{1b}]0;pwned\u{7}b\nc"),
            "a\\u{1b}]0;pwned\\u{7}b\\nc"
        );
        assert_eq!(block("a\nb\tc\u{1b}[2J"), "a\nb\tc\\u{1b}[2J");
        assert_eq!(line("plain"), "plain");
    }

    #[test]
    fn the_quick_scan_flags_every_control_character() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let text = format!("{}{c}{}", "a".repeat(300), "b".repeat(300));
            let control = c.is_control() && c != '\n' && c != '\t';
            assert!(!control || may_hold_controls(&text), "{c:?}");
            if control {
                assert_ne!(guard(&text), text, "{c:?} is escaped past the first bytes");
            }
        }
        assert!(!may_hold_controls("plain\ttext\nand é, ü, 漢"));
    }

    #[test]
    fn the_guard_keeps_colour_codes_only() {
        assert_eq!(
            guard("\u{1b}[1;31mred\u{1b}[0m"),
            "\u{1b}[1;31mred\u{1b}[0m"
        );
        assert_eq!(
            guard("x\u{1b}[2Jy\u{1b}]0;t\u{7}"),
            "x\\u{1b}[2Jy\\u{1b}]0;t\\u{7}"
        );
    }
}
