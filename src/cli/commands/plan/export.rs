//! `fed plan export`

use crate::cli::context::Ctx;
use anyhow::{Context, Result};
use std::path::PathBuf;

/// Write the federation's tasks as a markdown checklist, grouped by phase,
/// `- [x]` for done tasks (cancelled tasks are left out).
///
/// `fed plan import` reads the export back to the same titles, states,
/// agents, types, priorities, phases and descriptions.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed plan export
  fed plan export --plan docs/plan.md --output docs/plan-status.md")]
pub struct Args {
    /// Write the checklist to FILE instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only the tasks imported from this plan
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let store = ctx.store()?;
    let root = super::project_root(store)?;
    let plan = args.plan.as_deref().map(|p| fed::plan::plan_path(p, &root));
    let (markdown, count, problems) = fed::plan::export_tasks(store, plan.as_deref());
    if !problems.is_empty() {
        ctx.out.warn(format!(
            "{} file(s) in the queue could not be read and are not exported; run `fed check`",
            problems.len()
        ));
    }
    if let Some(path) = &args.output {
        std::fs::write(path, &markdown)
            .with_context(|| format!("--output: cannot write {}", path.display()))?;
        ctx.out
            .note(format!("Wrote {count} task(s) to {}", path.display()));
    }
    if ctx.out.json {
        ctx.out.json_value(&serde_json::json!({
            "tasks": count,
            "output": args.output,
            "markdown": markdown,
        }))?;
    } else if args.output.is_none() {
        ctx.out.data(markdown.trim_end())?;
    }
    Ok(())
}
