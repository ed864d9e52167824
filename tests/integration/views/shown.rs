//! What `board`, `graph --format tree` and `inbox` print for the fixed
//! federation, at 80 and 120 columns, kept as insta snapshots
//! (`snapshots/`): a change in any of them shows in review.

use super::fixture::{HOSTILE, federation};

#[test]
fn board_at_80_and_120_columns() {
    let f = federation();
    let narrow = f.view("80", &["board"]);
    let wide = f.view("120", &["board"]);
    for (text, width) in [(&narrow, 80), (&wide, 120)] {
        for line in text.lines() {
            assert!(
                line.chars().count() <= width,
                "wider than {width}: {line:?}"
            );
        }
        // The hostile title's escape sequence is shown, never sent.
        assert!(!text.contains('\u{1b}'), "{text}");
        for id in [
            "resrch", "implmt", "tests1", "docs01", "redis1", "evil01", "routed", "strand",
            "stale1",
        ] {
            assert!(
                text.contains(id),
                "{id} missing at {width} columns:\n{text}"
            );
        }
    }
    // Side by side at 120 columns, one after another at 80.
    assert!(wide.lines().next().unwrap().contains("WAITING"), "{wide}");
    assert!(
        !narrow.lines().next().unwrap().contains("WAITING"),
        "{narrow}"
    );
    insta::assert_snapshot!("board_80", narrow);
    insta::assert_snapshot!("board_120", wide);
}

#[test]
fn board_for_one_agent_and_as_json() {
    let f = federation();
    let kimi = f.view("120", &["board", "--for", "kimi"]);
    assert!(kimi.contains("implmt") && kimi.contains("redis1"), "{kimi}");
    assert!(
        !kimi.contains("docs01") && !kimi.contains("resrch"),
        "{kimi}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&f.view("80", &["--json", "board"])).unwrap();
    let ids = |column: &str| -> Vec<String> {
        json[column]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["short_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("ready"), ["routed", "evil01"]);
    assert_eq!(ids("waiting"), ["tests1", "strand"]);
    assert_eq!(ids("in_progress"), ["stale1", "docs01", "implmt"]);
    assert_eq!(ids("blocked"), ["redis1"]);
    assert_eq!(ids("done"), ["flaky1", "resrch"]);
    assert_eq!(json["blocked"][0]["escalation"]["stage"], "lead");
    assert_eq!(json["blocked"][0]["escalation"]["to"][0], "claude");
    assert_eq!(json["ready"][1]["title"], HOSTILE);
    assert_eq!(json["waiting"][1]["stranded_by"][0], "flaky1");
}

#[test]
fn graph_tree_of_all_open_work_and_of_one_task() {
    let f = federation();
    let all = f.view("80", &["graph"]);
    assert!(!all.contains('\u{1b}'));
    insta::assert_snapshot!("graph_tree", all);
    let one = f.view("80", &["graph", "implmt"]);
    insta::assert_snapshot!("graph_tree_implmt", one);
    let show = f.view("80", &["queue", "show", "implmt"]);
    assert!(
        show.contains("waits on:\n  resrch  Compare OAuth providers  [done]"),
        "{show}"
    );
    assert!(
        show.contains("waited on by:\n  tests1  Integration tests for the login  [pending]"),
        "{show}"
    );
}

#[test]
fn inbox_lists_what_waits_on_the_overseer() {
    let f = federation();
    let text = f.view("80", &["inbox"]);
    assert!(!text.contains('\u{1b}'));
    insta::assert_snapshot!("inbox", text);
    let json: serde_json::Value =
        serde_json::from_str(&f.view("80", &["--json", "inbox"])).unwrap();
    let kinds: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "vote-escalated",
            "blocked",
            "stranded",
            "failed",
            "expired-lease",
            "unrouted"
        ]
    );
    for item in json["items"].as_array().unwrap() {
        assert!(
            item["command"].as_str().unwrap().starts_with("fed "),
            "{item}"
        );
        assert!(item["age_seconds"].as_i64().unwrap() >= 0);
    }
}

#[test]
fn an_empty_inbox_says_so() {
    let env = crate::common::Env::new();
    let out = env.fed(&["inbox"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        crate::common::stdout(&out).trim(),
        "Inbox empty: nothing waits on an overseer."
    );
    let json = env.json(None, &["inbox"]);
    assert_eq!(json["items"].as_array().unwrap().len(), 0);
}

#[test]
fn bad_input_gets_one_line_and_changes_nothing() {
    let f = federation();
    let before = f.env.snapshot_files();
    for args in [
        &["graph", "nosuchtask"][..],
        &["graph", "--format", "png"],
        &["board", "--for", "Not A Name!"],
        &["queue", "show", "zzzzzz"],
    ] {
        let out = f.env.clean(super::fixture::VIEW_AT, args).output().unwrap();
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        let err = crate::common::stderr(&out);
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.trim().lines().count() <= 3, "{args:?}: {err}");
    }
    assert_eq!(before, f.env.snapshot_files());
}
