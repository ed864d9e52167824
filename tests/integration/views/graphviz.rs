//! `fed graph --format dot` is valid Graphviz: `dot -Tsvg` reads it and
//! draws every task once, the hostile title as text. Graphviz must be
//! installed (.ci/run installs it); without it this test fails loudly.

use super::fixture::{HOSTILE, federation};

#[test]
fn dot_output_is_drawn_by_graphviz() {
    let f = federation();
    let dot = f.view("80", &["graph", "--format", "dot"]);
    assert!(dot.starts_with("digraph fed {"), "{dot}");
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "Graphviz's `dot` cannot run ({e}): install graphviz (apt-get install -y graphviz)"
            )
        });
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), dot.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && err.trim().is_empty(),
        "dot refused the graph: {err}\n{dot}"
    );
    let svg = String::from_utf8(out.stdout).unwrap();
    // One drawn node per task of open work and its finished dependencies.
    let nodes = svg.matches("class=\"node\"").count();
    assert_eq!(nodes, 10, "{svg}");
    assert_eq!(svg.matches("class=\"edge\"").count(), 4, "{svg}");
    // The title is text: its markup escaped in the SVG, not elements.
    assert!(!svg.contains("<script>"), "{svg}");
    assert!(
        svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"),
        "{svg}"
    );
    assert!(svg.contains("&amp; #1;"), "{svg}");
    let _ = HOSTILE;
}

#[test]
fn mermaid_output_escapes_titles() {
    let f = federation();
    let text = f.view("80", &["graph", "--format", "mermaid"]);
    assert!(text.starts_with("flowchart LR\n"), "{text}");
    let line = text.lines().find(|l| l.contains("evil01")).unwrap();
    let label = &line[line.find("[\"").unwrap() + 2..line.rfind("\"]").unwrap()];
    let title = label.split("<br/>").nth(1).unwrap();
    assert!(
        title.starts_with("#60;script#62;alert#40;#34;x#34;#41;#60;/script#62;"),
        "{line}"
    );
    assert!(
        !title.contains(['"', '<', '>', '[', ']', '{', '}', '`', '\u{1b}']),
        "{line}"
    );
}
