//! Export, then import: the same tasks; and hostile text stays text.

use super::*;
use crate::model::Priority;
use crate::plan::{ExportTask, export};
use pulldown_cmark::{Event, Options, Parser, Tag};

fn to_export(plan: &Plan) -> Vec<ExportTask> {
    plan.items
        .iter()
        .map(|item| ExportTask {
            title: item.title.clone(),
            description: item.task_description(),
            done: item.done,
            phase: item.phase_text(),
            to_agent: item.to_agent.clone(),
            task_type: item.task_type.clone().unwrap_or_else(|| "general".into()),
            priority: item.priority.unwrap_or_default(),
        })
        .collect()
}

/// What a task keeps through export and import.
fn summary(tasks: &[ExportTask]) -> Vec<ExportTask> {
    let mut out = tasks.to_vec();
    out.sort_by(|a, b| (&a.phase, &a.title).cmp(&(&b.phase, &b.title)));
    out
}

#[test]
fn export_reads_back_to_the_same_tasks() {
    for (name, text) in [
        ("launch", LAUNCH),
        ("roadmap", ROADMAP),
        ("none", NO_HEADINGS),
    ] {
        let tasks = to_export(&parse_ok(text));
        let markdown = export(&tasks);
        let again = to_export(&parse(&markdown, "export.md").unwrap());
        assert_eq!(summary(&again), summary(&tasks), "{name}:\n{markdown}");
    }
}

#[test]
fn export_groups_by_phase_and_omits_defaults() {
    let task = |title: &str, phase: &str| ExportTask {
        title: title.into(),
        description: title.into(),
        phase: phase.into(),
        task_type: "general".into(),
        ..ExportTask::default()
    };
    let tasks = [
        ExportTask {
            to_agent: Some("kimi".into()),
            priority: Priority::High,
            ..task("Schema", "Plan / Phase 1")
        },
        ExportTask {
            done: true,
            task_type: "research".into(),
            ..task("Pick a provider", "Plan / Phase 1")
        },
        task("Loose end", ""),
        ExportTask {
            description: "Login page\n\nUse the tokens.\n\n- keyboard".into(),
            ..task("Login page", "Plan / Phase 2")
        },
        task("Plan-level item", "Plan"),
    ];
    assert_eq!(
        export(&tasks),
        "- [ ] Loose end\n\
         \n# Plan\n\
         \n- [ ] Plan-level item\n\
         \n## Phase 1\n\
         \n- [ ] Schema @kimi !high\n\
         - [x] Pick a provider #research\n\
         \n## Phase 2\n\
         \n- [ ] Login page\n  Use the tokens.\n\n  \\- keyboard\n"
    );
    let plan = parse_ok(&export(&tasks));
    assert_eq!(
        item(&plan, "Login page").description,
        "Use the tokens.\n\n- keyboard"
    );
    assert_eq!(item(&plan, "Plan-level item").phase, ["Plan"]);
    assert!(item(&plan, "Loose end").phase.is_empty());
}

const HOSTILE: &[&str] = &[
    "# x",
    "[a](javascript:x)",
    "<img src=x onerror=alert(1)>",
    "- [ ] injected",
    "@mallory #pwn !critical",
    "1. ordered",
    "=== setext",
    "---",
    "```",
    "> quote",
    "| a | b |",
    "a\\",
    "&lt;b&gt;",
    "<https://evil.example>",
    "![img](x.png)",
    "*emph* __strong__ `code` ~~gone~~",
    "[ref]: https://evil.example",
    "line\nbreak - [ ] injected",
];

#[test]
fn hostile_text_stays_text() {
    let tasks: Vec<ExportTask> = HOSTILE
        .iter()
        .map(|t| ExportTask {
            title: t.to_string(),
            description: format!("{t}\n\n{t}\n# heading\n<script>x</script>"),
            phase: format!("Phase {t}"),
            task_type: "general".into(),
            ..ExportTask::default()
        })
        .collect();
    let markdown = export(&tasks);
    let options = Options::ENABLE_TASKLISTS | Options::ENABLE_TABLES;
    let mut headings = 0;
    let mut markers = 0;
    for event in Parser::new_ext(&markdown, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::TaskListMarker(_) => markers += 1,
            Event::Start(
                Tag::Link { .. } | Tag::Image { .. } | Tag::HtmlBlock | Tag::CodeBlock(_),
            )
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Code(_)
            | Event::Start(Tag::Table(_) | Tag::BlockQuote(_) | Tag::Emphasis | Tag::Strong) => {
                panic!("{event:?} in\n{markdown}")
            }
            _ => {}
        }
    }
    assert_eq!(
        (headings, markers),
        (HOSTILE.len(), HOSTILE.len()),
        "{markdown}"
    );
    let plan = parse_ok(&markdown);
    assert_eq!(plan.items.len(), HOSTILE.len());
    for (item, raw) in plan.items.iter().zip(HOSTILE) {
        let title = raw.replace('\n', " ");
        assert_eq!(item.title, title);
        assert_eq!(item.phase, [format!("Phase {title}")]);
        assert_eq!(
            (&item.to_agent, &item.task_type, item.priority),
            (&None, &None, None)
        );
        let rest = format!("{raw}\n# heading\n<script>x</script>");
        let expected = if raw.contains('\n') {
            format!("{raw}\n\n{rest}")
        } else {
            rest
        };
        assert_eq!(item.description, expected);
    }
}
