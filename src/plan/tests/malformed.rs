//! Malformed and hostile plans: never a panic, never a part of a plan.

use super::*;
use crate::plan::{MAX_ITEMS, MAX_PLAN_BYTES, PlanError, Problem};

fn refused(text: &str) -> PlanError {
    match parse(text, "plan.md") {
        Ok(plan) => panic!("accepted with {} items", plan.items.len()),
        Err(e) => e,
    }
}

#[test]
fn an_unclosed_fence_is_refused_with_its_line() {
    let err = refused("## Phase 1\n- [ ] a\n\n```sh\nmake\n- [ ] b\n- [ ] c\n");
    assert_eq!((err.problem, err.line), (Problem::Unclosed, Some(4)));
    assert!(
        err.to_string()
            .starts_with("plan.md: line 4: this code fence is never closed"),
        "{err}"
    );
    let err = refused("- [ ] a\n~~~~\n~~~\n");
    assert_eq!(err.line, Some(2));
    // A fence left open inside a list item ends with the item: nothing lost.
    let plan = parse_ok("- [ ] a\n  ```\n  x\n- [ ] b\n");
    assert_eq!(titles(&plan), ["a", "b"]);
    assert_eq!(plan.items[0].description, "```\nx\n```");
}

#[test]
fn an_unclosed_html_comment_is_refused() {
    let err = refused("- [ ] a\n\n<!-- later\n- [ ] b\n");
    assert_eq!((err.problem, err.line), (Problem::Unclosed, Some(3)));
    assert_eq!(titles(&parse_ok("<!-- x -->\n- [ ] a\n")), ["a"]);
}

#[test]
fn raw_html_and_code_never_make_items() {
    let plan = parse_ok(
        "<div>\n- [ ] inside html\n</div>\n\n<details><summary>x</summary>\n- [x] also html\n</details>\n\n    - [ ] indented code\n\n`- [ ] code span`\n\n- [ ] real <b>bold</b> <img src=x onerror=alert(1)>\n",
    );
    assert_eq!(
        titles(&plan),
        ["real <b>bold</b> <img src=x onerror=alert(1)>"]
    );
}

#[test]
fn ten_thousand_items_are_read() {
    let text: String = (0..10_000).map(|i| format!("- [ ] item {i}\n")).collect();
    let plan = parse_ok(&text);
    assert_eq!(plan.items.len(), 10_000);
    assert_eq!(plan.items[9_999].line, 10_000);
    let keys: std::collections::HashSet<&str> = plan.items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys.len(), 10_000);

    let phased: String = (0..100)
        .map(|p| {
            let items: String = (0..100).map(|i| format!("- [ ] task {p}.{i}\n")).collect();
            format!("## Phase {p}\n\n{items}\n")
        })
        .collect();
    let plan = parse_ok(&phased);
    assert_eq!(plan.items.len(), 10_000);
    assert_eq!(plan.items[150].depends_on, (0..100).collect::<Vec<_>>());
}

#[test]
fn too_many_items_are_refused_naming_the_first_one_too_many() {
    let text: String = (0..=MAX_ITEMS)
        .map(|i| format!("- [ ] item {i}\n"))
        .collect();
    let err = refused(&text);
    assert_eq!(
        (err.problem, err.line),
        (Problem::TooManyItems, Some(MAX_ITEMS + 1))
    );
}

#[test]
fn nesting_two_hundred_deep_is_refused_at_the_limit() {
    let text: String = (0..200)
        .map(|i| format!("{}- [ ] level {i}\n", "  ".repeat(i)))
        .collect();
    let err = refused(&text);
    assert_eq!((err.problem, err.line), (Problem::TooDeep, Some(65)));
    let quotes: String = (1..=200)
        .map(|i| format!("{} - [ ] q{i}\n", ">".repeat(i)))
        .collect();
    assert_eq!(refused(&quotes).problem, Problem::TooDeep);
    let deep_quote = format!("{} x\n", ">".repeat(10_000));
    assert_eq!(refused(&deep_quote).problem, Problem::TooDeep);
    // 64 levels are fine: a chain of parents.
    let text: String = (0..64)
        .map(|i| format!("{}- [ ] level {i}\n", "  ".repeat(i)))
        .collect();
    let plan = parse_ok(&text);
    assert_eq!(plan.items.len(), 64);
    assert_eq!(plan.items[63].parent, Some(62));
    assert_eq!(plan.items[0].depends_on, [1]);
}

#[test]
fn size_description_and_dependency_limits() {
    let big = "x".repeat(MAX_PLAN_BYTES + 1);
    let err = refused(&big);
    assert_eq!((err.problem, err.line), (Problem::TooLarge, None));
    assert!(
        err.to_string()
            .starts_with("plan.md: the plan is 4194305 bytes"),
        "{err}"
    );
    let long = format!("- [ ] a\n  {}\n", "word ".repeat(14_000));
    assert_eq!(refused(&long).problem, Problem::TooLong);
    let heading = format!("- [ ] a\n\n## {}\n- [ ] b\n", "é".repeat(301));
    let err = refused(&heading);
    assert_eq!((err.problem, err.line), (Problem::TooLong, Some(3)));
    let fits = format!("## {}\n- [ ] b\n", "é".repeat(300));
    assert_eq!(parse_ok(&fits).items[0].phase[0].chars().count(), 300);
    let wide: String = (0..1_001).map(|i| format!("- [ ] t{i}\n")).collect();
    let err = refused(&format!("# One\n{wide}# Two\n\n- [ ] last\n"));
    assert_eq!(
        (err.problem, err.line),
        (Problem::TooManyDependencies, Some(1_005))
    );
    let thousand: String = (0..1_000).map(|i| format!("- [ ] a{i}\n")).collect();
    let next: String = (0..1_001).map(|i| format!("- [ ] b{i}\n")).collect();
    let err = refused(&format!("# One\n{thousand}# Two\n\n{next}"));
    assert_eq!(
        (err.problem, err.line),
        (Problem::TooManyDependencies, Some(2_004))
    );
    assert!(
        err.to_string().contains("more than 1000000 dependencies"),
        "{err}"
    );
}

#[test]
fn empty_items_are_skipped_with_a_warning() {
    let plan = parse_ok("- [ ]\n- [ ] @kimi !high\n- [ ] real\n  - [ ] child\n");
    assert_eq!(titles(&plan), ["real", "child"]);
    assert_eq!(plan.warnings.len(), 2);
    assert_eq!(
        plan.warnings[0],
        "plan.md: line 1: a checklist item without a title is skipped"
    );
}

#[test]
fn windows_line_ends_and_odd_characters() {
    let plan = parse_ok("# Phase\r\n- [ ] one\r\n  more\r\n- [x] two\t\u{0}\r\n");
    assert_eq!(titles(&plan), ["one", "two"]);
    assert_eq!(plan.items[0].description, "more");
    assert_eq!(plan.items[0].phase, ["Phase"]);
    assert_eq!(parse_ok("\u{feff}- [ ] bom\n").items[0].line, 1);
}

/// Random documents made of markdown's sharp edges: every one parses or
/// is refused, and nothing panics.
#[test]
fn random_markdown_never_panics() {
    const PIECES: &[&str] = &[
        "- [ ] ",
        "- [x] ",
        "* [X] ",
        "1. [ ] ",
        "  ",
        "    ",
        "\n",
        "\n\n",
        "# ",
        "### ",
        "> ",
        "```",
        "~~~",
        "<!--",
        "-->",
        "<div>",
        "</div>",
        "| Task | Priority |\n|---|---|\n",
        "| a | P0 |",
        "@kimi",
        "#impl",
        "!high",
        "\\",
        "`",
        "[",
        "](",
        ")",
        "*",
        "_",
        "&#64;",
        "===",
        "---",
        "text",
        "é",
        "\t",
        "\r\n",
        "<pre>",
        "[ ]",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3_000 {
        let mut doc = String::new();
        for _ in 0..(state % 60) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            doc.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        if let Ok(plan) = parse(&doc, "fuzz.md") {
            for (i, item) in plan.items.iter().enumerate() {
                assert!(!item.title.is_empty(), "{doc:?}");
                assert!(
                    item.depends_on
                        .iter()
                        .all(|d| *d != i && *d < plan.items.len())
                );
            }
        }
    }
}
