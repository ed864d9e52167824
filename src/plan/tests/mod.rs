//! Tests of the plan module on realistic plans (tests/fixtures/plans/).

#[test]
fn dump() {
    for (name, text) in [
        (
            "launch",
            include_str!("../../../tests/fixtures/plans/launch.md"),
        ),
        (
            "roadmap",
            include_str!("../../../tests/fixtures/plans/roadmap.md"),
        ),
        (
            "no-headings",
            include_str!("../../../tests/fixtures/plans/no-headings.md"),
        ),
    ] {
        let plan = super::parse(text, name).unwrap();
        for (i, item) in plan.items.iter().enumerate() {
            println!(
                "{name} {i} L{} {:?} done={} phase={:?} lvl={} to={:?} type={:?} prio={:?} deps={:?} parent={:?} key={} fz={}\n   desc={:?}",
                item.line,
                item.title,
                item.done,
                item.phase,
                item.level,
                item.to_agent,
                item.task_type,
                item.priority,
                item.depends_on,
                item.parent,
                item.key,
                item.fuzzy_key,
                item.description
            );
        }
        println!("{:?}", plan.warnings);
    }
}
