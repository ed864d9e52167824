//! The rules of docs/plans.md on small plans: dependencies between
//! sections, what is not an item, keys, annotations written literally.

use super::*;
use crate::model::Priority;

#[test]
fn sibling_sections_follow_each_other_but_not_across_levels() {
    let plan = parse_ok(
        "# A\n- [ ] a1\n### deep\n- [ ] d1\n## B\n- [ ] b1\n## Notes\nprose only\n## C\n- [ ] c1\n# D\n- [x] done\n# E\n- [ ] e1\n",
    );
    let deps = |t: &str| item(&plan, t).depends_on.clone();
    assert_eq!(deps("a1"), Vec::<usize>::new());
    assert_eq!(
        deps("d1"),
        Vec::<usize>::new(),
        "### and ## under A are not siblings"
    );
    assert_eq!(
        deps("b1"),
        Vec::<usize>::new(),
        "B has no earlier ## sibling, A has none"
    );
    assert_eq!(
        deps("c1"),
        [2],
        "Notes has no items: the phase before C is B"
    );
    assert_eq!(
        deps("e1"),
        Vec::<usize>::new(),
        "D has items but none open; A is not looked at"
    );
    let plan = parse_ok("# A\n- [ ] a1\n# B\n## B1\n- [x] b1\n## B2\n- [ ] b2\n");
    assert_eq!(
        item(&plan, "b2").depends_on,
        [0],
        "B1 has no open item: B's phase before, A"
    );
}

#[test]
fn front_matter_and_plain_lists_are_not_items() {
    let plan = parse_ok(
        "---\ntitle: Plan\n---\n\n- plain bullet\n- [ ] real @kimi\n  - [ ] child\n    - note under child\n      ```sh\n      make test\n      ```\n",
    );
    assert_eq!(titles(&plan), ["real", "child"]);
    assert!(plan.items[0].phase.is_empty());
    assert_eq!(
        plan.items[1].description,
        "- note under child\n\n```\nmake test\n```"
    );
}

#[test]
fn repeated_items_get_distinct_keys() {
    let plan = parse_ok(
        "## Backend\n- [ ] Write tests\n- [ ] Write tests\n## Frontend\n- [ ] Write tests\n",
    );
    let keys: std::collections::HashSet<&str> = plan.items.iter().map(|i| i.key.as_str()).collect();
    let fuzzy: std::collections::HashSet<&str> =
        plan.items.iter().map(|i| i.fuzzy_key.as_str()).collect();
    assert_eq!((keys.len(), fuzzy.len()), (3, 3));
}

#[test]
fn escapes_entities_and_code_keep_annotations_as_text() {
    let plan = parse_ok("- [ ] Mail \\@kimi about `#perf` and &#33;high !low\n");
    let only = &plan.items[0];
    assert_eq!(only.title, "Mail @kimi about `#perf` and !high");
    assert_eq!(
        (only.to_agent.as_deref(), only.task_type.as_deref()),
        (None, None)
    );
    assert_eq!(only.priority, Some(Priority::Low));
}

#[test]
fn annotations_do_not_change_keys_but_words_do() {
    let keys = |text: &str| {
        let plan = parse_ok(text);
        (plan.items[0].key.clone(), plan.items[0].fuzzy_key.clone())
    };
    let (key, fuzzy) = keys("## Docs\n- [ ] Write the runbook @kimi #docs\n");
    assert_eq!(
        keys("## Docs\n- [ ] Write the runbook @claude !high\n"),
        (key.clone(), fuzzy.clone())
    );
    let (typo_key, typo_fuzzy) = keys("## Docs\n- [ ] Write the runbok\n");
    assert_ne!(typo_key, key);
    assert_eq!(typo_fuzzy, fuzzy);
    let (_, other) = keys("## Docs\n- [ ] Write the postmortem\n");
    assert_ne!(other, fuzzy);
}
