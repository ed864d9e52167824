//! `fed plan import`

use crate::cli::context::Ctx;
use crate::cli::exit::{Silent, code_of, kind_name, spell};
use crate::cli::text::line;
use anyhow::Result;
use fed::plan::import::{ImportRequest, Report, import};
use std::path::PathBuf;

/// Make a markdown plan's checklist items (and work tables) tasks, or
/// bring the tasks up to date with the plan.
///
/// Each `- [ ]` item becomes a task (`- [x]` items are recorded as done),
/// its headings its phase; each phase's tasks wait for the open tasks of
/// the phase before. Importing the plan again creates nothing twice:
/// changed open items are updated, new ones created, and tasks whose item
/// is gone reported (never deleted). The whole plan is checked before
/// anything is written. See docs/plans.md for the format.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed plan import docs/plan.md --dry-run
  fed --agent reuben plan import docs/plan.md --lead claude
  fed plan import roadmap.md --to kimi --type implement --json")]
pub struct Args {
    /// The markdown plan
    pub file: PathBuf,
    /// Print what the import would do, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The agent for items that name none (`@agent`)
    #[arg(add = crate::cli::complete::agents(), long, value_name = "AGENT")]
    pub to: Option<String>,
    /// The lead of the tasks it creates
    #[arg(add = crate::cli::complete::agents(), long, value_name = "AGENT")]
    pub lead: Option<String>,
    /// The type of items that name none (`#type`) [default: general]
    #[arg(add = crate::cli::complete::task_types(), long = "type", value_name = "TYPE")]
    pub task_type: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let root = super::project_root(store)?;
    let request = ImportRequest {
        file: args.file.clone(),
        root,
        dry_run: args.dry_run,
        to: args.to.clone(),
        lead: args.lead.clone(),
        task_type: args.task_type.clone(),
    };
    match import(&ctx.op(store, config), &request) {
        Ok(report) => show(ctx, &report, None),
        Err(failed) if failed.landed.plan.is_empty() => Err(failed.error.into()),
        Err(failed) => show(ctx, &failed.landed, Some(failed.error)),
    }
}

/// Prints the report (and, for an import cut short, why it stopped).
fn show(ctx: &Ctx, report: &Report, error: Option<fed::Error>) -> Result<()> {
    for warning in &report.warnings {
        ctx.out.warn(line(warning));
    }
    if !ctx.out.json {
        ctx.out.data(render(report))?;
        return match error {
            Some(e) => Err(e.into()),
            None => Ok(()),
        };
    }
    let mut doc = serde_json::to_value(report)?;
    if let Some(e) = &error {
        let code = code_of(e.kind);
        doc["error"] = serde_json::json!({
            "kind": kind_name(e.kind), "message": spell(e), "exit_code": code
        });
        ctx.out.json_value(&doc)?;
        ctx.out.error(spell(e));
        return Err(Silent(code).into());
    }
    ctx.out.json_value(&doc)?;
    Ok(())
}

fn render(report: &Report) -> String {
    let verb = |action: &str| match (report.dry_run, action) {
        (true, "created") => "would create",
        (true, "updated") => "would update",
        (_, "created") => "created",
        (_, "updated") => "updated",
        _ => "removed",
    };
    let mut out = vec![format!(
        "Plan {}{}: {} created, {} updated, {} unchanged, {} removed",
        line(&report.plan),
        if report.dry_run {
            " (dry run: nothing changed)"
        } else {
            ""
        },
        report.created.len(),
        report.updated.len(),
        report.unchanged.len(),
        report.removed.len()
    )];
    for item in report.items.iter().filter(|i| i.action != "unchanged") {
        let at = item
            .line
            .map(|l| format!(" (line {l})"))
            .unwrap_or_default();
        let what = match item.action {
            "updated" => format!(": {}", item.changed.join(", ")),
            "removed" => ": no longer in the plan (left as it is)".to_string(),
            _ => String::new(),
        };
        out.push(format!(
            "  {:<12} {}  {}{at}{what}",
            verb(item.action),
            item.task_id,
            line(&item.title)
        ));
    }
    out.join("\n")
}
