//! `fed route`

use crate::cli::context::Ctx;
use crate::cli::grid::{Column, Grid};
use crate::cli::text::line;
use anyhow::Result;
use fed::learn::recommend::{evaluate_history, recommend};
use fed::learn::route::Recommendation;

/// Recommend an agent for a task description.
///
/// Combines the keyword rules in routing.rules, TF-IDF similarity to the
/// agents' past tasks in routing-history.jsonl (recent and successful
/// work counts most; failures push away) and each agent's track record
/// (the analytics boost). `fed route eval` measures how well it predicts
/// who finished past tasks.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
#[command(after_help = "Examples:
  fed route \"Write integration tests for the OAuth callback\"
  fed route \"Research session stores\" --type research --explain
  fed route eval --folds 5")]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<RouteCommand>,
    /// The task description
    #[arg(required = true)]
    pub description: Option<String>,
    /// The task's type (its analytics boost then applies)
    #[arg(add = crate::cli::complete::task_types(), long = "type", value_name = "TYPE")]
    pub task_type: Option<String>,
    /// Show where each score came from: past tasks, rules, boosts
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, clap::Subcommand)]
#[command(defer = true)]
pub enum RouteCommand {
    /// Held-out accuracy of the router against the keyword rules alone
    /// (k-fold cross-validation over routing-history.jsonl)
    Eval(EvalArgs),
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed route eval
  fed route eval --folds 10 --json | jq .hybrid_accuracy")]
pub struct EvalArgs {
    /// How many folds
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=50))]
    pub folds: u16,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let op = ctx.op(store, config);
    if let Some(RouteCommand::Eval(eval)) = &args.command {
        return run_eval(ctx, &op, eval);
    }
    let description = args.description.as_deref().unwrap_or_default();
    let task_type = args
        .task_type
        .as_deref()
        .map(|t| t.trim().to_ascii_lowercase());
    let r = recommend(&op, description, task_type.as_deref())?;
    if ctx.out.json {
        let mut doc = serde_json::json!({
            "agent": r.agent,
            "confidence": r.confidence,
            "candidates": r.candidates.iter().map(|c| serde_json::json!({"agent": c.agent, "score": c.score})).collect::<Vec<_>>(),
        });
        if args.explain {
            doc["explain"] = serde_json::json!({
                "candidates": r.candidates,
                "neighbours": r.neighbours,
                "rules_hit": r.rules_hit.iter().map(|(k, a)| serde_json::json!({"keyword": k, "agent": a})).collect::<Vec<_>>(),
                "passed_over": r.passed_over,
            });
        }
        return Ok(ctx.out.json_value(&doc)?);
    }
    match &r.agent {
        Some(agent) => ctx
            .out
            .data(format!("{agent}\tconfidence {:.2}", r.confidence))?,
        None if !r.passed_over.is_empty() => ctx
            .out
            .note("No recommendation: no agent that qualifies is available"),
        None => ctx
            .out
            .note("No recommendation: no rule matches and no past task is similar"),
    }
    if args.explain {
        explain(ctx, &r)?;
    }
    Ok(())
}

/// `fed route eval`: the router's k-fold accuracy against the rules alone.
fn run_eval(ctx: &Ctx, op: &fed::op::Op, eval: &EvalArgs) -> Result<()> {
    let e = evaluate_history(op, usize::from(eval.folds))?;
    if ctx.out.json {
        return Ok(ctx.out.json_value(&e)?);
    }
    let mut table = Grid::new(
        vec![
            Column::keep("AGENT"),
            Column::keep("TASKS"),
            Column::keep("ROUTER"),
            Column::keep("RULES ALONE").or("RULES"),
        ],
        ctx.out.color,
    );
    for (agent, (n, hybrid, rules)) in &e.per_agent {
        table.row(vec![
            line(agent).into_owned().into(),
            n.to_string().into(),
            pct(*hybrid, *n).into(),
            pct(*rules, *n).into(),
        ]);
    }
    table.row(vec![
        "all".into(),
        e.tested.to_string().into(),
        pct(e.hybrid_correct, e.tested).into(),
        pct(e.rules_correct, e.tested).into(),
    ]);
    ctx.out.data(table)?;
    ctx.out.note(format!(
        "{}-fold cross-validation over {} successful tasks: router {:.1}%, keyword rules alone {:.1}%",
        e.folds,
        e.tested,
        e.hybrid_accuracy * 100.0,
        e.rules_accuracy * 100.0
    ));
    Ok(())
}

/// `--explain`: each candidate's score in parts, the rules hit and the
/// most similar past tasks.
fn explain(ctx: &Ctx, r: &Recommendation) -> Result<()> {
    // SCORE = 0.8 x SIMILARITY + 0.2 x RULES + BOOST; the confidence
    // above is the best score's share of the positive scores.
    let mut table = Grid::new(
        vec![
            Column::keep("AGENT"),
            Column::keep("SCORE"),
            Column::keep("SIMILARITY").or("SIMIL"),
            Column::keep("RULES"),
            Column::keep("BOOST"),
        ],
        ctx.out.color,
    );
    for c in &r.candidates {
        table.row(vec![
            line(&c.agent).into_owned().into(),
            format!("{:.3}", c.score).into(),
            format!("{:.3}", c.similarity).into(),
            format!("{:.3}", c.rules).into(),
            format!("{:+.3}", c.boost).into(),
        ]);
    }
    ctx.out.data(table)?;
    ctx.out.note(
        "score = 0.8 x similarity + 0.2 x rules + boost; confidence = the best score's share of the positive scores",
    );
    for p in &r.passed_over {
        ctx.out
            .data(format!("passed over {}: {}", p.agent, line(&p.reason)))?;
    }
    if !r.rules_hit.is_empty() {
        let hits: Vec<String> = r
            .rules_hit
            .iter()
            .map(|(k, a)| format!("'{k}' -> {a}"))
            .collect();
        ctx.out.data(format!("rules hit: {}", hits.join(", ")))?;
    }
    if !r.neighbours.is_empty() {
        ctx.out.data("most similar past tasks:")?;
        for n in &r.neighbours {
            ctx.out.data(format!(
                "  {:.2}  {:<10} {}  {}",
                n.similarity,
                n.agent,
                if n.success { "done  " } else { "failed" },
                line(&n.task)
            ))?;
        }
    }
    Ok(())
}

fn pct(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}
