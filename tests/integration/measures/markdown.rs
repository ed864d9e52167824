//! The markdown log: user text comes out inert, `log.markdown` grows by one
//! line per change, and concurrent writers keep it whole.

use super::ok;
use crate::common::process::wait_bounded;
use crate::common::{Env, NOW, code, stdout};
use std::time::Duration;

const EVIL: &str =
    "<img src=x onerror=alert(1)> [link](javascript:x) ![i](http://x/y.png) www.evil.com a@b.co";

fn kept(env: &Env) -> String {
    std::fs::read_to_string(env.root().join("FEDERATION_LOG.md")).unwrap_or_default()
}

fn keep_markdown(env: &Env) {
    env.config("log:\n  markdown: FEDERATION_LOG.md\n");
}

/// What a markdown parser (every extension on) finds in `text` beyond
/// headings, lists and plain text: links, images, HTML; and the text.
fn parsed(text: &str) -> (Vec<String>, String) {
    use pulldown_cmark::{Event, Tag};
    let mut active = Vec::new();
    let mut plain = String::new();
    for event in pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::all()) {
        match event {
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. } | Tag::HtmlBlock)) => {
                active.push(format!("{tag:?}"))
            }
            Event::Html(h) | Event::InlineHtml(h) => active.push(h.to_string()),
            Event::Text(t) => plain.push_str(&t),
            _ => {}
        }
    }
    (active, plain)
}

#[test]
fn user_text_comes_out_inert() {
    let env = Env::new();
    keep_markdown(&env);
    let id = env.add(&["--title", EVIL, "A task with a hostile title"]);
    ok(
        &env,
        NOW,
        Some("w"),
        &["queue", "note", &id, "[x](javascript:alert(2)) <script>"],
    );
    let out = env.run(None, &["log", "--format", "markdown"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(
        text.starts_with("## 2026-11-21\n\n- 09:00:00 · - · added · "),
        "{text}"
    );
    for markdown in [text.clone(), kept(&env)] {
        let (active, plain) = parsed(&markdown);
        assert!(active.is_empty(), "{active:?} in {markdown}");
        assert!(
            plain.contains("<img src=x onerror=alert(1)>"),
            "readable: {plain}"
        );
        assert!(plain.contains("[link](javascript:x)"), "readable: {plain}");
    }
    assert_eq!(
        text.trim_end(),
        kept(&env).trim_end(),
        "the kept file is what a rebuild prints"
    );
}

#[test]
fn the_kept_file_grows_by_one_line_per_change_and_a_heading_per_day() {
    let env = Env::new();
    keep_markdown(&env);
    let id = env.add(&["First"]);
    assert_eq!(
        kept(&env).lines().count(),
        3,
        "heading, blank, line: {}",
        kept(&env)
    );
    ok(&env, NOW, Some("w"), &["queue", "claim", &id]);
    assert_eq!(kept(&env).lines().count(), 4);
    ok(&env, NOW, Some("w"), &["queue", "complete", &id]);
    assert_eq!(kept(&env).lines().count(), 5);
    let tomorrow = "2026-11-22T08:00:00Z";
    ok(&env, tomorrow, Some("w"), &["queue", "add", "Second"]);
    let text = kept(&env);
    assert_eq!(
        text.lines().count(),
        9,
        "blank, heading, blank, line: {text}"
    );
    assert!(
        text.contains("\n\n## 2026-11-22\n\n- 08:00:00 · w · added · Second ("),
        "{text}"
    );
    let since = ok(
        &env,
        tomorrow,
        None,
        &[
            "log",
            "--format",
            "markdown",
            "--since",
            "2026-11-22T00:00:00Z",
        ],
    );
    assert_eq!(since.lines().count(), 3, "{since}");
}

#[test]
fn concurrent_writers_keep_the_file_whole() {
    let env = Env::new();
    keep_markdown(&env);
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let script = format!(
                "for i in 1 2 3 4 5 6 7 8; do \"$FED\" queue add \"writer {w} task $i with a longer title to widen the lines\" >/dev/null || exit 1; done"
            );
            let mut sh = std::process::Command::new("sh");
            sh.args(["-c", &script])
                .current_dir(env.root())
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("FED", crate::common::fed_bin())
                .env("FED_NOW", NOW)
                .env("FED_AGENT", "w")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            sh.spawn().unwrap()
        })
        .collect();
    for child in writers {
        let out = wait_bounded(child, Duration::from_secs(120), "writer");
        assert!(out.status.success());
    }
    let text = kept(&env);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "## 2026-11-21");
    let events: Vec<&str> = lines.iter().skip(2).copied().collect();
    assert_eq!(events.len(), 48, "{text}");
    for line in &events {
        assert!(
            line.starts_with("- 09:00:00 · w · added · writer ")
                && line.ends_with("priority=normal"),
            "a torn line: {line:?}"
        );
    }
    let rebuilt = stdout(&env.run(None, &["log", "--format", "markdown"]));
    let mut a: Vec<&str> = rebuilt.lines().collect();
    let mut b = lines.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b, "the kept file holds the same lines as a rebuild");
}
