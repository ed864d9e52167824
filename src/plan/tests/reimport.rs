//! Importing a plan again: nothing twice, edits applied to open tasks.

use super::*;
use crate::model::Priority;
use crate::plan::{Changes, Defaults, Dep, FieldChange, reconcile};

#[test]
fn the_same_plan_again_changes_nothing() {
    let plan = parse_ok(LAUNCH);
    let changes = reconcile(&plan, &imported(&plan));
    assert!(changes.create.is_empty() && changes.update.is_empty() && changes.removed.is_empty());
    assert_eq!(changes.unchanged.len(), plan.items.len());
    let first = reconcile(&plan, &[]);
    assert_eq!(first.create, (0..plan.items.len()).collect::<Vec<_>>());
}

#[test]
fn an_edited_plan_updates_creates_and_reports_removed() {
    let before = parse_ok(LAUNCH);
    let after = parse_ok(LAUNCH_EDITED);
    let changes = reconcile(&after, &imported(&before));
    let idx = |t: &str| after.items.iter().position(|i| i.title == t).unwrap();
    assert_eq!(
        changes.create,
        [
            idx("Implement the OAuth callback endpoint with PKCE"),
            idx("Add a sign-out button")
        ]
    );
    assert_eq!(changes.removed, ["t7", "t8"]);
    let updated: Vec<(&str, &[FieldChange])> = changes
        .update
        .iter()
        .map(|(_, id, f)| (id.as_str(), f.as_slice()))
        .collect();
    assert_eq!(updated.len(), 5, "{updated:#?}");
    assert_eq!(
        updated[0],
        (
            "t1",
            &[FieldChange::Priority {
                from: Priority::High,
                to: Priority::Critical
            }][..]
        )
    );
    let (id, fields) = updated[1];
    assert_eq!(id, "t2", "the typo fix matched by the fuzzy key");
    assert!(
        matches!(&fields[0], FieldChange::Title { to, .. } if to == "Set up the authentication middleware")
    );
    assert!(matches!(fields[1], FieldChange::Description { .. }));
    assert!(matches!(fields[2], FieldChange::Keys { .. }));
    assert_eq!(fields.len(), 3);
    assert_eq!(updated[2], ("t3", &[FieldChange::Done][..]));
    let new = |t: &str| Dep::New(idx(t));
    for (n, id) in [(3, "t9"), (4, "t10")] {
        assert_eq!(
            updated[n],
            (
                id,
                &[FieldChange::Dependencies {
                    from: vec!["t6".into(), "t7".into(), "t8".into()],
                    to: vec![
                        Dep::Task("t6".into()),
                        new("Implement the OAuth callback endpoint with PKCE"),
                        new("Add a sign-out button")
                    ],
                }][..]
            )
        );
    }
    let unchanged: Vec<&str> = changes
        .unchanged
        .iter()
        .map(|(_, id)| id.as_str())
        .collect();
    assert_eq!(unchanged, ["t0", "t4", "t5", "t6", "t11", "t12"]);
}

#[test]
fn finished_tasks_are_never_updated() {
    let before = parse_ok(LAUNCH);
    let mut tasks = imported(&before);
    tasks[1].done_or_finished = true;
    tasks[1].status = "cancelled".into();
    let changes = reconcile(&parse_ok(LAUNCH_EDITED), &tasks);
    assert!(changes.unchanged.iter().any(|(_, id)| id == "t1"));
    assert!(!changes.update.iter().any(|(_, id, _)| id == "t1"));
}

#[test]
fn fuzzy_matches_are_one_to_one() {
    let before = parse_ok("- [ ] Fix the login tset\n");
    let tasks = imported(&before);
    // Two items with the same words: the first takes the task, the second
    // is numbered apart and created.
    let after = parse_ok("- [ ] Fix the login test\n\n---\n\n- [ ] fix login test!\n");
    assert_ne!(
        after.items[0].fuzzy_key, after.items[1].fuzzy_key,
        "numbered apart"
    );
    let changes = reconcile(&after, &tasks);
    assert_eq!(changes.update.len(), 1);
    assert_eq!(changes.create, [1]);
    let only = reconcile(&parse_ok("- [ ] Fix the Login test\n"), &tasks);
    assert_eq!(only.update.len(), 1);
    assert!(only.create.is_empty() && only.removed.is_empty());
}

#[test]
fn hand_added_dependencies_are_kept() {
    let plan = parse_ok("# A\n- [ ] a\n# B\n- [ ] b\n");
    let mut tasks = imported(&plan);
    tasks[1].dependencies.insert(0, "outside".into());
    let changes = reconcile(&plan, &tasks);
    assert_eq!(changes.unchanged.len(), 2);
    tasks[0].done_or_finished = true;
    let plan = parse_ok("# A\n- [x] a\n# B\n- [ ] b\n");
    let Changes { update, .. } = reconcile(&plan, &tasks);
    assert_eq!(
        update[0].2,
        [FieldChange::Dependencies {
            from: vec!["outside".into(), "t0".into()],
            to: vec![Dep::Task("outside".into())]
        }]
    );
}

#[test]
fn unannotated_fields_are_left_alone_and_defaults_apply() {
    let plan = parse_ok("- [ ] Write docs\n- [ ] Review @claude !normal #review\n");
    let mut tasks = imported(&plan);
    tasks[0].to_agent = Some("kimi".into());
    tasks[0].priority = Priority::High;
    tasks[1].priority = Priority::High;
    let changes = reconcile(&plan, &tasks);
    assert_eq!(changes.unchanged.len(), 1);
    assert_eq!(
        changes.update[0].2,
        [FieldChange::Priority {
            from: Priority::High,
            to: Priority::Normal
        }]
    );
    let mut with_defaults = plan.clone();
    with_defaults.apply_defaults(&Defaults {
        to_agent: Some("gemini".into()),
        task_type: Some("docs".into()),
    });
    assert_eq!(with_defaults.items[0].to_agent.as_deref(), Some("gemini"));
    assert_eq!(with_defaults.items[1].to_agent.as_deref(), Some("claude"));
    let changes = reconcile(&with_defaults, &tasks);
    assert!(
        matches!(&changes.update[0].2[0], FieldChange::ToAgent { to: Some(a), .. } if a == "gemini")
    );
}
