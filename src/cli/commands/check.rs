//! `fed check`

use crate::cli::context::Ctx;
use crate::cli::exit::Silent;
use crate::cli::table;
use anyhow::Result;
use fed::store::scan::Severity;

/// Validate a federation, for CI: bad or unreadable task and vote files, a
/// task or vote in two folders, dangling dependencies, cycles, stranded
/// tasks, expired leases, handoff rules that can loop.
///
/// Exit 0 when there are no errors (warnings are allowed), 1 when there
/// are. Reads only: it never repairs or deletes anything.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed check
  fed check --json | jq '.problems[] | select(.severity == \"error\")'")]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: &Args) -> Result<()> {
    let store = ctx.store()?;
    let problems = fed::view::check::check(store, ctx.now);
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    if ctx.out.json {
        ctx.out
            .json_value(&serde_json::json!({ "ok": errors == 0, "problems": problems }))?;
    } else if problems.is_empty() {
        ctx.out
            .note(format!("{}: no problems", store.root().display()));
    } else {
        ctx.out.data(table::problems(&problems, ctx.out.color))?;
        ctx.out
            .note(format!("{errors} error(s), {warnings} warning(s)"));
    }
    if errors > 0 {
        Err(Silent(1).into())
    } else {
        Ok(())
    }
}
