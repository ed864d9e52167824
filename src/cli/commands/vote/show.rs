//! `fed vote show`

use crate::cli::context::Ctx;
use crate::cli::text::line;
use anyhow::Result;
use fed::model::Vote;
use fed::model::time::format_time;

/// Show one vote in full: question, options with their tally, ballots and
/// reasoning, outcome.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed vote show 4k2p9x
  fed vote show 4k2p9x --json")]
pub struct Args {
    /// The vote id, or a unique suffix of it
    #[arg(add = crate::cli::complete::all_votes())]
    pub id: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let store = ctx.store()?;
    let id = store.resolve_vote(&args.id, fed::Param::Id)?;
    let Some(vote) = store.get_vote(&id)? else {
        return Err(fed::Error::not_found(format!("no vote '{id}'")).into());
    };
    if ctx.out.json {
        ctx.out.json_value(&vote)?;
    } else {
        ctx.out.data(render(&vote))?;
    }
    Ok(())
}

fn render(v: &Vote) -> String {
    let mut lines = vec![
        format!("{}  {}", v.vote_id, line(&v.question)),
        format!(
            "status:    {}{}",
            v.status,
            if v.high_stakes { " (high stakes)" } else { "" }
        ),
        format!("quorum:    {} ({} ballots)", v.quorum, v.votes.len()),
    ];
    if let Some(d) = v.deadline {
        lines.push(format!("deadline:  {}", format_time(d)));
    }
    if let Some(c) = &v.context {
        lines.push(format!("context:   {}", line(c)));
    }
    if let Some(by) = &v.created_by {
        lines.push(format!("by:        {by} at {}", format_time(v.created_at)));
    }
    lines.push(String::new());
    lines.push("options:".to_string());
    let tally = fed::vote::rules::tally(v);
    for option in &v.options {
        let n = tally[option] as usize;
        lines.push(format!("  {:<24} {n} {}", line(option), "#".repeat(n)));
    }
    if !v.votes.is_empty() {
        lines.push(String::new());
        lines.push("ballots:".to_string());
        for (agent, b) in &v.votes {
            lines.push(format!(
                "  {agent}: {} ({:.2}){}",
                line(&b.choice),
                b.confidence,
                if b.reasoning.is_empty() {
                    String::new()
                } else {
                    format!(": {}", line(&b.reasoning))
                }
            ));
        }
    }
    if let Some(r) = &v.result {
        lines.push(String::new());
        lines.push(format!("outcome:   {}", line(&r.reason)));
        if let Some(d) = &r.decision {
            lines.push(format!("decision:  {}", line(d)));
        }
        if !v.escalated_to.is_empty() {
            lines.push(format!("waits for: {}", v.escalated_to.join(", ")));
        }
    }
    lines.join("\n")
}
