//! The fixtures read as the documentation says (docs/plans.md).

use super::*;
use crate::model::Priority;

#[test]
fn a_multi_phase_plan_becomes_items_with_dependencies() {
    let plan = parse_ok(LAUNCH);
    assert_eq!(
        titles(&plan),
        [
            "Choose the OAuth provider and flow",
            "Write the session schema migration",
            "Set up the authetication middleware",
            "Parse and verify the session cookie",
            "Add the `Secure` and `HttpOnly` flags",
            "Reject tokens signed with a retired key",
            "Build the login page",
            "Implement the OAuth callback endpoint",
            "Store refresh tokens encrypted at rest",
            "Threat-model the login flow",
            "Rate-limit failed sign-ins",
            "Ship behind the `team-sso` flag",
            "Write the runbook for on-call",
        ]
    );
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    let deps: Vec<Vec<usize>> = plan.items.iter().map(|i| i.depends_on.clone()).collect();
    let none = Vec::<usize>::new();
    assert_eq!(
        deps,
        [
            none.clone(),  // done
            none.clone(),  // first phase
            vec![3, 4, 5], // its nested items
            none.clone(),
            none.clone(),
            none.clone(),
            vec![1, 2], // Phase 2: Phase 1's open items not nested in an open one
            vec![1, 2],
            vec![1, 2],
            vec![6, 7, 8], // first subsection of Phase 3: Phase 2's
            vec![6, 7, 8],
            vec![9, 10], // next subsection: the previous subsection's
            vec![9, 10],
        ]
    );
    let parents: Vec<Option<usize>> = plan.items.iter().map(|i| i.parent).collect();
    assert_eq!(parents[3..6], [Some(2), Some(2), Some(2)]);
    assert!(
        parents[..3]
            .iter()
            .chain(&parents[6..])
            .all(Option::is_none)
    );
}

#[test]
fn items_carry_annotations_phases_and_descriptions() {
    let plan = parse_ok(LAUNCH);
    let first = item(&plan, "Choose the OAuth provider and flow");
    assert!(first.done);
    assert_eq!(first.to_agent.as_deref(), Some("claude"));
    assert_eq!(first.task_type.as_deref(), Some("research"));
    assert_eq!(first.phase, ["Sign-in launch plan", "Phase 1: Foundations"]);
    assert_eq!((first.level, first.line), (2, 8));
    let schema = item(&plan, "Write the session schema migration");
    assert_eq!(schema.priority, Some(Priority::High));
    assert_eq!(
        schema.description,
        "Sessions live in Postgres; keep the table narrow.\nExpire rows after 30 days."
    );
    assert_eq!(
        schema.task_description(),
        "Write the session schema migration\n\nSessions live in Postgres; keep the table narrow.\nExpire rows after 30 days."
    );
    let login = item(&plan, "Build the login page");
    assert_eq!(
        login.description,
        "- Use the design tokens from the style guide <https://example.com/style>\n- Keyboard navigation must work end to end"
    );
    let review = item(&plan, "Threat-model the login flow");
    assert_eq!(
        review.phase_text(),
        "Sign-in launch plan / Phase 3: Hardening / Security review"
    );
    assert_eq!(review.level, 3);
    let reject = item(&plan, "Reject tokens signed with a retired key");
    assert_eq!(
        (reject.priority, reject.to_agent.as_deref()),
        (Some(Priority::Critical), None)
    );
    let keys: std::collections::HashSet<&str> = plan.items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys.len(), plan.items.len());
}

#[test]
fn code_blocks_and_html_comments_hold_no_items() {
    let plan = parse_ok(LAUNCH);
    for title in plan.items.iter().map(|i| &i.title) {
        assert!(
            !title.contains("inside a code block") && !title.contains("Passkeys"),
            "{title}"
        );
    }
}

#[test]
fn a_roadmap_of_tables_maps_its_columns() {
    let plan = parse(ROADMAP, "docs/roadmap.md").unwrap();
    assert_eq!(
        titles(&plan),
        [
            "Single sign-on with SAML",
            "Audit log export",
            "Usage-based billing",
            "Mobile push notifications",
            "Dark mode",
            "Offline mode for the desktop app",
            "Public API v2",
        ]
    );
    let sso = &plan.items[0];
    assert_eq!(sso.priority, Some(Priority::Critical));
    assert_eq!(sso.to_agent.as_deref(), Some("kimi"));
    assert_eq!(sso.description, "Blocks the enterprise deal");
    assert_eq!(
        (sso.line, sso.phase.as_slice()),
        (10, &["Q3 roadmap".to_string(), "Now".to_string()][..])
    );
    let audit = &plan.items[1];
    assert!(audit.done);
    assert_eq!(
        (audit.priority, audit.to_agent.as_deref()),
        (Some(Priority::High), Some("claude"))
    );
    assert_eq!(plan.items[2].priority, Some(Priority::Normal));
    assert_eq!(plan.items[2].to_agent, None);
    let push = &plan.items[3];
    assert_eq!(push.task_type.as_deref(), Some("mobile"));
    assert_eq!(push.to_agent.as_deref(), Some("gemini"));
    assert_eq!(push.depends_on, [0, 2]);
    assert_eq!(plan.items[4].priority, Some(Priority::Low));
    assert_eq!(plan.items[5].depends_on, [3, 4]);
    assert_eq!(plan.items[6].task_type.as_deref(), Some("design"));
    assert_eq!(
        plan.warnings,
        ["docs/roadmap.md: line 12: owner (not an agent name) 'Platform team' is ignored"]
    );
}

#[test]
fn a_plan_without_headings_has_no_phases() {
    let plan = parse_ok(NO_HEADINGS);
    assert_eq!(plan.items.len(), 6);
    for item in &plan.items {
        assert!(item.phase.is_empty() && item.level == 0, "{item:?}");
    }
    let slides = item(&plan, "Prepare the slides");
    assert_eq!(slides.depends_on, [4, 5]);
    assert_eq!(item(&plan, "Metrics from the pilot").parent, Some(3));
    assert!(item(&plan, "Book the meeting room").done);
    let test = item(&plan, "Fix the flaky login test");
    assert_eq!(
        (test.to_agent.as_deref(), test.task_type.as_deref()),
        (Some("kimi"), Some("bugfix"))
    );
    assert!(plan.items[..3].iter().all(|i| i.depends_on.is_empty()));
}

/// A row of the documented table: title, phase, done, agent, type,
/// priority, waits for (1-based).
type Row<'a> = (
    &'a str,
    String,
    bool,
    Option<&'a str>,
    &'a str,
    Priority,
    Vec<usize>,
);

/// The worked example of docs/plans.md gives the tasks its table shows.
#[test]
fn the_documented_example_holds() {
    let doc = include_str!("../../../docs/plans.md");
    let start = doc.find("```markdown\n").unwrap() + "```markdown\n".len();
    let end = start + doc[start..].find("\n```").unwrap();
    let plan = parse(&doc[start..end], "plans/billing.md").unwrap();
    let rows: Vec<Row> = plan
        .items
        .iter()
        .map(|i| {
            (
                i.title.as_str(),
                i.phase_text(),
                i.done,
                i.to_agent.as_deref(),
                i.task_type.as_deref().unwrap_or("general"),
                i.priority.unwrap_or_default(),
                i.depends_on.iter().map(|d| d + 1).collect(),
            )
        })
        .collect();
    let (p1, p2) = (
        "Billing v2 / Phase 1: Data model",
        "Billing v2 / Phase 2: API",
    );
    let (checks, release) = (
        "Billing v2 / Phase 3: Launch / Checks",
        "Billing v2 / Phase 3: Launch / Release",
    );
    let expected = documented_rows(p1, p2, checks, release);
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(t, p, d, a, y, r, w)| (t, p.to_string(), d, a, y, r, w))
        .collect();
    assert_eq!(rows, expected);
    assert_eq!(
        plan.items[1].task_description(),
        "Write the invoices migration\n\nKeep amounts in integer cents."
    );
}

/// One task of the documented example, as written in the test.
type Expected<'a> = (
    &'static str,
    &'a str,
    bool,
    Option<&'static str>,
    &'static str,
    Priority,
    Vec<usize>,
);

/// The tasks docs/plans.md's table shows: title, phase, done, agent,
/// type, priority, dependencies (1-based).
#[rustfmt::skip]
fn documented_rows<'a>(
    p1: &'a str,
    p2: &'a str,
    checks: &'a str,
    release: &'a str,
) -> [Expected<'a>; 9] {
    use Priority::*;
    [
        ("Decide on the invoice schema", p1, true, Some("claude"), "research", Normal, vec![]),
        ("Write the invoices migration", p1, false, Some("kimi"), "general", High, vec![]),
        ("Backfill old invoices", p1, false, None, "general", Normal, vec![4, 5]),
        ("Export the legacy rows", p1, false, None, "general", Normal, vec![]),
        ("Import them in batches of 1,000", p1, false, None, "general", Normal, vec![]),
        ("Add GET /invoices", p2, false, Some("kimi"), "implement", Normal, vec![2, 3]),
        ("Add the PDF renderer", p2, false, Some("gemini"), "general", Normal, vec![2, 3]),
        ("Load-test the API", checks, false, None, "general", Critical, vec![6, 7]),
        ("Announce in the changelog", release, false, None, "docs", Normal, vec![8]),
    ]
}
