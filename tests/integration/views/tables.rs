//! The tables people read (`queue list`, `log`, `status`, `vote list`,
//! `analytics`) of the fixed federation at 80 and 120 columns, kept as
//! insta snapshots (`snapshots/`): every line fits, ids are short and
//! whole, and a short id pasted into a command names its task.

use super::fixture::{Fixture, VIEW_AT, federation};
use crate::common::{Env, stderr, stdout};

const TABLES: &[(&str, &[&str])] = &[
    ("queue_list", &["queue", "list", "--state", "all"]),
    ("log", &["log"]),
    ("status", &["status"]),
    ("vote_list", &["vote", "list", "--state", "all"]),
    ("analytics", &["analytics"]),
];

/// The fixture's ids, as the tables show them.
const SHORT: [&str; 10] = [
    "resrch", "implmt", "tests1", "docs01", "redis1", "evil01", "flaky1", "strand", "routed",
    "stale1",
];

/// `fed ARGS` at `columns` wide, with what changes from run to run
/// masked by text of the same width: the temporary directory, and the
/// vote's random tail (as `vote01`).
fn shown(f: &Fixture, columns: usize, args: &[&str]) -> String {
    let mut cmd = f.env.clean(VIEW_AT, args);
    cmd.env("COLUMNS", columns.to_string());
    let out = cmd.output().expect("fed runs");
    assert!(out.status.success(), "fed {args:?}: {}", stderr(&out));
    let tail = &f.vote[f.vote.len() - 6..];
    stdout(&out)
        .replace(&f.env.dir().display().to_string(), ".federation")
        .replace(tail, "vote01")
}

#[track_caller]
fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "wider than {width} columns: {line:?}\n{text}"
        );
    }
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn tables_at_80_and_120_columns() {
    let f = federation();
    for (name, args) in TABLES {
        for width in [80, 120] {
            let text = shown(&f, width, args);
            assert_fits(&text, width);
            insta::assert_snapshot!(format!("{name}_{width}"), text);
        }
    }
}

#[test]
fn narrow_tables_abbreviate_and_drop_columns_but_never_cut_an_id() {
    let f = federation();
    let wide = shown(&f, 120, &["queue", "list", "--state", "all"]);
    assert!(wide.lines().next().unwrap().contains("PRIORITY  TYPE"));
    let narrow = shown(&f, 60, &["queue", "list", "--state", "all"]);
    assert_fits(&narrow, 60);
    let header = narrow.lines().next().unwrap();
    assert!(
        header.contains("PRI ") && !header.contains("PRIORITY"),
        "{narrow}"
    );
    assert!(
        !header.split_whitespace().any(|w| w == "AGE"),
        "the first column to go: {narrow}"
    );
    let tiny = shown(&f, 40, &["queue", "list", "--state", "all"]);
    assert_fits(&tiny, 40);
    for text in [&narrow, &tiny] {
        let first: Vec<&str> = text
            .lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        let mut expected = SHORT.to_vec();
        expected.sort();
        let mut first = first.clone();
        first.sort();
        assert_eq!(first, expected, "every id whole, one a line:\n{text}");
    }
    let log = shown(&f, 60, &["log"]);
    assert_fits(&log, 60);
    assert!(
        log.lines()
            .nth(1)
            .unwrap()
            .starts_with("11-21 08:00  reuben"),
        "times lose the year and seconds when narrow:\n{log}"
    );
}

#[test]
fn full_ids_and_json_keep_ids_whole() {
    let f = federation();
    let full = shown(&f, 200, &["--full-ids", "queue", "list", "--state", "all"]);
    assert!(
        full.contains("20261121-080100-implmt  in-progress"),
        "{full}"
    );
    let log = shown(&f, 200, &["log", "--full-ids", "--task", "stale1"]);
    assert!(log.contains("20261121-080900-stale1"), "{log}");
    let board = shown(&f, 120, &["--full-ids", "board"]);
    assert!(board.contains("20261121-080100-implmt"), "{board}");
    let json: serde_json::Value =
        serde_json::from_str(&f.view("80", &["--json", "queue", "list"])).unwrap();
    for task in json.as_array().unwrap() {
        let id = task["task_id"].as_str().unwrap();
        assert!(id.starts_with("20261121-"), "{id}");
    }
}

#[test]
fn every_short_id_shown_names_its_task() {
    let f = federation();
    let table = shown(&f, 80, &["queue", "list", "--state", "all"]);
    for line in table.lines().skip(1) {
        let short = line.split_whitespace().next().unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&f.view("80", &["--json", "queue", "show", short])).unwrap();
        assert!(
            json["task_id"].as_str().unwrap().ends_with(short),
            "{short}: {json}"
        );
    }
}

#[test]
fn ids_sharing_a_tail_are_shown_long_enough_to_tell_apart() {
    let env = Env::new();
    for id in [
        "20261121-090000-same01",
        "20261121-090100-xsame01",
        "t-in-progress",
    ] {
        env.add(&["a task", "--id", id]);
    }
    let out = env.run(None, &["queue", "list"]);
    let text = stdout(&out);
    let mut first: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    first.sort();
    // "-same01" would be taken for a flag: a short id never starts with a
    // separator, and is widened to a word that starts near.
    assert_eq!(first, ["0-same01", "progress", "xsame01"], "{text}");
    for short in first {
        let out = env.run(None, &["queue", "show", short]);
        assert!(out.status.success(), "{short}: {}", stdout(&out));
    }
}
