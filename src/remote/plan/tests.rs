use super::*;
use crate::remote::Oid;
use crate::remote::logs::Segment;

fn oid(c: char) -> Oid {
    Oid::parse(&c.to_string().repeat(40)).unwrap()
}

fn mv(name: &str, new: Option<char>, old: Option<char>) -> RefUpdate {
    RefUpdate {
        name: name.to_string(),
        new: new.map(oid),
        old: Some(old.map(oid)),
    }
}

fn doc(id: &str, arrival: Arrival, moves: Vec<RefUpdate>) -> Incoming {
    Incoming {
        target: Target::Doc(DocKind::Task, id.to_string()),
        source: Some(oid('b')),
        arrival,
        moves,
        from_branch: false,
    }
}

fn local(entries: &[(&str, &[&str])]) -> LocalIndex {
    entries
        .iter()
        .map(|(id, paths)| {
            (
                (DocKind::Task, id.to_string()),
                paths.iter().map(|p| p.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn a_new_task_is_written_where_its_status_says() {
    let m = mv("refs/applied/fed/fed/tasks/t1", Some('b'), None);
    let arrival = Arrival::Doc {
        bytes: b"{}".to_vec(),
        dest: "queue/pending/t1.json".into(),
    };
    let plan = plan(
        vec![doc("t1", arrival, vec![m.clone()])],
        &LocalIndex::new(),
    );
    assert_eq!(plan.problems, []);
    assert_eq!(
        plan.steps,
        [Step {
            target: Target::Doc(DocKind::Task, "t1".into()),
            ops: vec![FileOp::Write {
                path: "queue/pending/t1.json".into(),
                bytes: b"{}".to_vec()
            }],
            moves: vec![m],
        }]
    );
}

#[test]
fn a_claimed_task_moves_and_its_old_names_are_removed() {
    let dest = "queue/in-progress/t1@1-abc.json";
    let arrival = Arrival::Doc {
        bytes: b"new".to_vec(),
        dest: dest.into(),
    };
    let idx = local(&[(
        "t1",
        &["queue/pending/t1.json", dest, "queue/blocked/t1.json"],
    )]);
    let plan = plan(vec![doc("t1", arrival, vec![])], &idx);
    assert_eq!(
        plan.steps[0].ops,
        [
            FileOp::Write {
                path: dest.into(),
                bytes: b"new".to_vec()
            },
            FileOp::Remove {
                path: "queue/pending/t1.json".into()
            },
            FileOp::Remove {
                path: "queue/blocked/t1.json".into()
            },
        ]
    );
}

#[test]
fn an_unchanged_document_only_moves_its_applied_ref() {
    let m = mv("refs/applied/fed/fed/tasks/t1", None, Some('a'));
    let plan = plan(
        vec![doc("t1", Arrival::Same, vec![m.clone()])],
        &local(&[("t1", &["queue/completed/t1.json"])]),
    );
    assert_eq!(plan.steps.len(), 1);
    assert_eq!(plan.steps[0].ops, []);
    assert_eq!(plan.steps[0].moves, [m]);
}

#[test]
fn a_malformed_document_is_set_aside_reported_and_not_applied() {
    let arrival = Arrival::Malformed {
        bytes: b"<<<<<<< HEAD".to_vec(),
        reason: "line 1 is a git conflict marker".into(),
    };
    let m = mv("refs/applied/fed/fed/tasks/t1", Some('b'), Some('a'));
    let plan = plan(
        vec![doc("t1", arrival, vec![m])],
        &local(&[("t1", &["queue/pending/t1.json"])]),
    );
    assert_eq!(plan.problems.len(), 1);
    assert_eq!(plan.problems[0].kind, "remote-invalid");
    assert!(
        plan.problems[0].message.contains("conflict marker"),
        "{}",
        plan.problems[0].message
    );
    let step = &plan.steps[0];
    assert_eq!(step.moves, []);
    match &step.ops[..] {
        [FileOp::SetAside { path, bytes, .. }] => {
            assert_eq!(path, ".remote/rejected/task-t1-bbbbbbbbbbbb.json");
            assert_eq!(bytes, b"<<<<<<< HEAD");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        !plan
            .file_ops()
            .any(|op| matches!(op, FileOp::Write { .. } | FileOp::Remove { .. }))
    );
}

#[test]
fn a_vanished_document_is_reported_and_kept() {
    let plan = plan(
        vec![doc("t1", Arrival::Vanished, vec![])],
        &local(&[("t1", &["queue/completed/t1.json"])]),
    );
    assert_eq!(plan.steps, []);
    assert_eq!(plan.problems[0].kind, "remote-vanished");
    assert!(plan.problems[0].message.contains("local copy is kept"));
}

#[test]
fn a_malformed_part_of_the_branch_holds_the_branch_back() {
    let config = Incoming {
        target: Target::Config,
        source: Some(oid('c')),
        arrival: Arrival::Malformed {
            bytes: b"x: [".to_vec(),
            reason: "bad".into(),
        },
        moves: vec![],
        from_branch: true,
    };
    let branch = Incoming {
        target: Target::Branch,
        source: Some(oid('c')),
        arrival: Arrival::Same,
        moves: vec![mv("refs/applied/heads/fed", Some('c'), Some('a'))],
        from_branch: true,
    };
    let held = plan(vec![config, branch.clone()], &LocalIndex::new());
    assert!(held.steps.iter().all(|s| s.moves.is_empty()));
    let ok = plan(vec![branch], &LocalIndex::new());
    assert_eq!(ok.steps[0].moves.len(), 1);
}

#[test]
fn config_state_and_logs_are_planned() {
    let items = vec![
        Incoming {
            target: Target::Config,
            source: None,
            arrival: Arrival::Config(b"c".to_vec()),
            moves: vec![],
            from_branch: true,
        },
        Incoming {
            target: Target::Single(Single::State),
            source: None,
            arrival: Arrival::Single(b"s".to_vec()),
            moves: vec![],
            from_branch: false,
        },
        Incoming {
            target: Target::Log("m2".into()),
            source: None,
            arrival: Arrival::Log(vec![
                Segment {
                    log: b"{}\n".to_vec(),
                    log_end: 3,
                    history: vec![],
                    history_end: 0,
                },
                Segment {
                    log: b"{}\n".to_vec(),
                    log_end: 6,
                    history: b"{}\n".to_vec(),
                    history_end: 3,
                },
            ]),
            moves: vec![],
            from_branch: false,
        },
    ];
    let ops: Vec<FileOp> = plan(items, &LocalIndex::new())
        .file_ops()
        .cloned()
        .collect();
    assert_eq!(
        ops,
        [
            FileOp::Write {
                path: "config.yaml".into(),
                bytes: b"c".to_vec()
            },
            FileOp::Write {
                path: "state.json".into(),
                bytes: b"s".to_vec()
            },
            FileOp::Extend {
                path: ".remote/logs/m2/log.jsonl".into(),
                at: 0,
                bytes: b"{}\n".to_vec()
            },
            FileOp::Extend {
                path: ".remote/logs/m2/log.jsonl".into(),
                at: 3,
                bytes: b"{}\n".to_vec()
            },
            FileOp::Extend {
                path: ".remote/logs/m2/routing-history.jsonl".into(),
                at: 0,
                bytes: b"{}\n".to_vec()
            },
        ]
    );
}

#[test]
fn the_availability_becomes_one_file_per_agent_away_and_nothing_else() {
    let away = br#"{"kimi": {"since": "2026-11-21T09:00:00Z", "reason": "off"},
                    "qwen": {"since": "2026-11-21T10:00:00Z", "until": "2026-11-21T12:00:00Z"}}"#;
    let item = |bytes: &[u8]| Incoming {
        target: Target::Single(Single::Availability),
        source: None,
        arrival: Arrival::Single(bytes.to_vec()),
        moves: vec![],
        from_branch: false,
    };
    let ops: Vec<FileOp> = plan(vec![item(away)], &LocalIndex::new())
        .file_ops()
        .cloned()
        .collect();
    let [FileOp::Only { dir, files }] = ops.as_slice() else {
        panic!("one folder made to hold exactly these files: {ops:?}");
    };
    assert_eq!(dir, "availability");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["kimi.json", "qwen.json"]);
    let kimi: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
    assert_eq!(kimi["reason"], "off");
    assert!(files.iter().all(|(_, b)| b.ends_with(b"}\n")));
    // Nobody away: the folder is emptied of agents.
    let ops: Vec<FileOp> = plan(vec![item(b"{}")], &LocalIndex::new())
        .file_ops()
        .cloned()
        .collect();
    assert_eq!(
        ops,
        [FileOp::Only {
            dir: "availability".into(),
            files: vec![]
        }]
    );
}
