//! How wide the terminal is, and text made to fit a width: cut with `…`
//! or wrapped at words. Tables ([`super::grid`]) and the board
//! ([`super::lanes`]) measure and cut text here, and only here.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The width a terminal that reports none (0x0, as `script` and some CI
/// runners do) is taken to have.
pub const FALLBACK: usize = 80;

/// The width to fit output to: `COLUMNS` when set, else the width of the
/// terminal on stdout ([`FALLBACK`] when it reports 0), else `None`: the
/// output goes to a file or a pipe and is not fitted.
pub fn terminal() -> Option<usize> {
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        && w > 0
    {
        return Some(w);
    }
    // SAFETY: TIOCGWINSZ fills the winsize struct it is given, and fails
    // (leaving it alone) when stdout is not a terminal.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    (rc == 0).then(|| match usize::from(size.ws_col) {
        0 => FALLBACK,
        w => w,
    })
}

/// The columns `text` takes in a terminal: one per character when all
/// are printable ASCII (ids, names, dates: most of a table), without
/// looking them up.
pub fn of(text: &str) -> usize {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.len();
    }
    text.width()
}

/// `text` cut to `width` columns, ending in `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if of(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// `text` wrapped at word boundaries to `width` columns; a word wider than
/// a line is split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let sep = usize::from(!current.is_empty());
        if current.width() + sep + word.width() <= width {
            if sep == 1 {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        let mut rest = word;
        while rest.width() > width {
            let mut cut = 0;
            let mut used = 0;
            for (i, c) in rest.char_indices() {
                let w = c.width().unwrap_or(0);
                if used + w > width {
                    break;
                }
                used += w;
                cut = i + c.len_utf8();
            }
            let cut = cut.max(rest.chars().next().map_or(1, char::len_utf8));
            lines.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        current.push_str(rest);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_shortcut_measures_as_unicode_width_does() {
        for text in [
            "",
            "plain ascii, with ~ and !",
            "tab\there",
            "nul\0 and del\u{7f}",
            "caf\u{e9}",
            "\u{4e2d}\u{6587}",
            "e\u{301}",
            "\u{1f600} face",
            "\r\n",
        ] {
            assert_eq!(of(text), text.width(), "{text:?}");
        }
        let printable: String = (b' '..=b'~').map(char::from).collect();
        assert_eq!(of(&printable), printable.width());
        assert_eq!(of(&printable), 95);
    }

    #[test]
    fn wrapping_keeps_words_and_splits_only_long_ones() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(fit("日本語です", 5), "日本…");
    }
}
