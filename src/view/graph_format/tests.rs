use super::*;
use crate::model::Status;

fn node(id: &str, title: &str, status: Option<Status>) -> Node {
    Node {
        task_id: id.to_string(),
        short_id: id.to_string(),
        title: title.to_string(),
        status,
    }
}

/// a <- b <- d, a <- c <- d: d's sub-tree is shared.
fn diamond() -> DepGraph {
    let mut g = DepGraph::default();
    for (id, deps) in [
        ("a", vec![]),
        ("b", vec!["a"]),
        ("c", vec!["a"]),
        ("d", vec!["b", "c"]),
        ("e", vec!["d"]),
    ] {
        g.nodes
            .insert(id.into(), node(id, id, Some(Status::Pending)));
        g.dependencies
            .insert(id.into(), deps.into_iter().map(String::from).collect());
    }
    g
}

#[test]
fn shared_sub_trees_are_shown_once_then_referenced() {
    let g = diamond();
    let lines = tree(&roots(&g), &g.dependants());
    let text: Vec<String> = lines
        .iter()
        .map(|l| {
            format!(
                "{}{}{}",
                l.prefix,
                l.id,
                if l.kind == LineKind::Repeat {
                    " (above)"
                } else {
                    ""
                }
            )
        })
        .collect();
    assert_eq!(
        text,
        [
            "a",
            "├── b",
            "│   └── d",
            "│       └── e",
            "└── c",
            "    └── d (above)"
        ]
    );
}

#[test]
fn cycles_are_drawn_once_and_deep_chains_stop() {
    let mut g = DepGraph::default();
    for (id, dep) in [("x", "y"), ("y", "x")] {
        g.nodes
            .insert(id.into(), node(id, id, Some(Status::Pending)));
        g.dependencies.insert(id.into(), vec![dep.into()]);
    }
    let lines = tree(&roots(&g), &g.dependants());
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[2].kind, LineKind::Repeat);

    let mut chain = BTreeMap::new();
    for i in 0..100_000 {
        chain.insert(format!("t{i}"), vec![format!("t{}", i + 1)]);
    }
    let lines = tree(&["t0".to_string()], &chain);
    assert_eq!(lines.len(), MAX_DEPTH + 1);
    assert_eq!(lines.last().unwrap().kind, LineKind::Deeper);
}

#[test]
fn dot_labels_cannot_escape_their_string() {
    assert_eq!(
        dot_escape(r#"say "hi" \N & <b>"#),
        r#"say \"hi\" \\N &amp; <b>"#
    );
    let mut g = DepGraph::default();
    g.nodes.insert(
        "a".into(),
        node("a", "x\"]; evil -> a; \"\nnext", Some(Status::Done)),
    );
    let text = dot(&g);
    assert!(
        text.contains(r#"label="a\nx\"]; evil -> a; \" next\n[done]""#),
        "{text}"
    );
    assert!(!text.contains("evil -> a;\n"));
}

#[test]
fn mermaid_labels_are_entity_coded() {
    assert_eq!(
        mermaid_escape("a\"b]<c>#1;`d`"),
        "a#34;b#93;#60;c#62;#35;1#59;#96;d#96;"
    );
    let g = diamond();
    let text = mermaid(&g);
    assert!(text.starts_with("flowchart LR\n"));
    assert!(text.contains("  n0 --> n1\n"), "{text}");
    assert!(text.contains("class n0,n1,n2,n3,n4 pending"), "{text}");
}

#[test]
fn mermaid_comments_links_and_statements_cannot_start_in_a_label() {
    assert_eq!(
        mermaid_escape("a %% b --> c; d | e"),
        "a #37;#37; b --#62; c#59; d #124; e"
    );
}
