//! HTML text: every piece of user text goes through [`esc`], which
//! escapes the five characters HTML and attribute values give meaning to
//! and drops control characters. Markup is only ever written by fed.

use std::fmt::Write;

/// User text as HTML text or an attribute value.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// `text` shortened to `max` characters with `…`.
pub fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Age in the largest unit: `45s`, `12m`, `3h`, `2d`.
pub fn age(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86400),
    }
}

/// A small builder: `push` for fed's own markup, `text` for user text.
#[derive(Default)]
pub struct Html(pub String);

impl Html {
    pub fn push(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.0.push_str(&esc(text));
        self
    }
    /// `<tag class="class">text</tag>`, the text escaped.
    pub fn el(&mut self, tag: &str, class: &str, text: &str) -> &mut Self {
        let _ = write!(self.0, "<{tag} class=\"{class}\">{}</{tag}>", esc(text));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_user_text_is_text() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("a\u{1b}[31mb"), "a\u{fffd}[31mb");
        assert_eq!(short("abcdef", 4), "abc…");
    }
}

/// What the page needs to know besides the data.
#[derive(Debug, Clone)]
pub struct Shell {
    /// The federation directory, as shown in the header.
    pub dir: String,
    /// Whether the overseer's buttons are shown.
    pub actions: bool,
}

/// A form posting one action; `fields` are hidden (name, value) pairs and
/// `input` names a free-text field, if any.
pub fn action_form(action: &str, fields: &[(&str, &str)], input: &str, label: &str) -> String {
    let mut h = Html::default();
    let _ = write!(
        h.0,
        "<form class=\"act\" method=\"post\" action=\"/actions/{action}\">"
    );
    for (name, value) in fields {
        let _ = write!(
            h.0,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            esc(name),
            esc(value)
        );
    }
    if !input.is_empty() {
        let _ = write!(
            h.0,
            "<input name=\"{input}\" placeholder=\"{input}\" size=\"10\">"
        );
    }
    let _ = write!(
        h.0,
        "<button type=\"submit\">{}</button></form>",
        esc(label)
    );
    h.0
}
