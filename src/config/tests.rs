//! The config's parsing and validation.
use super::*;

#[test]
fn default_text_parses_to_defaults() {
    assert_eq!(
        Config::parse(DEFAULT_CONFIG, "config.yaml").unwrap(),
        Config::default()
    );
    assert_eq!(Config::parse("", "config.yaml").unwrap(), Config::default());
}

#[test]
fn partial_config_keeps_other_defaults() {
    let c = Config::parse("leases:\n  ttl: 90s\nagents: [claude, kimi]\n", "c").unwrap();
    assert_eq!(c.leases.ttl.as_secs(), 90);
    assert_eq!(c.leases.max_attempts, 3);
    assert!(c.knows_agent("kimi") && !c.knows_agent("bob"));
}

#[test]
fn errors_name_the_file_and_field() {
    for (text, needle) in [
        ("leases:\n  tll: 5m\n", "unknown field `tll`"),
        ("leases:\n  ttl: soon\n", "not a duration"),
        ("votes:\n  min_confidence: 2\n", "votes.min_confidence"),
        ("agents: [Bad Name]\n", "agents"),
        ("agents: {a: 1}\n", "agents"),
        ("limits: [1, 2\n", "config.yaml"),
    ] {
        let err = Config::parse(text, "config.yaml").unwrap_err();
        assert!(err.message.starts_with("config.yaml: "), "{}", err.message);
        assert!(
            err.message.contains(needle),
            "{text:?} gave {}",
            err.message
        );
        assert!(!err.message.contains('\n'));
    }
}

#[test]
fn yaml_bombs_are_refused() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
    assert!(Config::parse(bomb, "config.yaml").is_err());
    let deep = format!("agents: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = Config::parse(&deep, "config.yaml").unwrap_err();
    assert!(
        err.message.contains("nesting deeper than 64"),
        "{}",
        err.message
    );
}

fn rule(when_type: Option<&str>, then_type: &str) -> Rule {
    let mut rule: Rule = crate::yaml::parse(&format!(
        "name: {}-to-{then_type}\nthen: {{type: {then_type}, to: kimi, description: 'Follow up on {{task_id}}'}}\n",
        when_type.unwrap_or("any")
    ))
    .unwrap();
    rule.when.task_type = when_type.map(str::to_string);
    rule
}

#[test]
fn loops_are_found_through_typed_and_untyped_rules() {
    assert_eq!(
        find_loop(&[
            rule(Some("research"), "implement"),
            rule(Some("implement"), "review")
        ]),
        None
    );
    let cycle = find_loop(&[
        rule(Some("research"), "implement"),
        rule(Some("implement"), "research"),
    ])
    .unwrap();
    assert_eq!(cycle.first(), cycle.last());
    assert!(
        find_loop(&[rule(None, "review")]).is_some(),
        "an untyped rule feeds itself"
    );
}
