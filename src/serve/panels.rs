//! The dashboard's other panels: agents, votes, analytics and the log.

use super::html::{Html, Shell, action_form, esc};
use super::svg;
use crate::model::VoteStatus;
use crate::model::time::format_time;
use crate::view::dashboard::Dashboard;
use std::fmt::Write;

pub fn agents(d: &Dashboard) -> String {
    let mut h = Html::default();
    h.push("<section id=\"agents\"><h2>Agents</h2>");
    if d.agents.is_empty() {
        h.push("<p class=\"empty\">No agents yet.</p></section>");
        return h.0;
    }
    h.push("<table><thead><tr><th>Agent</th><th>Pending</th><th>In progress</th><th>Blocked</th><th>Recent outcomes</th></tr></thead><tbody>");
    for a in &d.agents {
        let _ = write!(
            h.0,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"outcomes\">",
            esc(&a.load.agent),
            a.load.pending,
            a.load.in_progress,
            a.load.blocked
        );
        for ok in &a.outcomes {
            h.push(if *ok {
                "<span class=\"ok\" title=\"done\">✓</span>"
            } else {
                "<span class=\"ko\" title=\"failed\">✗</span>"
            });
        }
        h.push("</td></tr>");
    }
    h.push("</tbody></table></section>");
    h.0
}

pub fn votes(shell: &Shell, d: &Dashboard) -> String {
    let mut h = Html::default();
    h.push("<section id=\"votes\"><h2>Votes</h2>");
    if d.votes.is_empty() {
        h.push("<p class=\"empty\">No votes.</p>");
    }
    for v in &d.votes {
        let _ = write!(
            h.0,
            "<div class=\"vote {}\" data-vote=\"{}\"><div class=\"head\"><code>{}</code> <span class=\"state\">{}</span></div>",
            v.status.as_str(),
            esc(&v.vote_id),
            esc(&v.vote_id),
            v.status.as_str()
        );
        h.el("div", "question", &v.question);
        if let Some(r) = &v.result {
            let decision = r
                .decision
                .as_deref()
                .map(|c| format!("{c}: "))
                .unwrap_or_default();
            h.el("div", "result", &format!("{decision}{}", r.reason));
        }
        h.push("<table><tbody>");
        for (agent, b) in &v.votes {
            let _ = write!(
                h.0,
                "<tr><td class=\"name\">{}</td><td class=\"name\">{}</td><td class=\"name\">{:.2}</td><td class=\"reasoning\">{}</td></tr>",
                esc(agent),
                esc(&b.choice),
                b.confidence,
                esc(&b.reasoning)
            );
        }
        h.push("</tbody></table>");
        if shell.actions && matches!(v.status, VoteStatus::Active | VoteStatus::Escalated) {
            h.push("<div class=\"actions\">override: ");
            for option in &v.options {
                h.push(&action_form(
                    "override",
                    &[("vote", &v.vote_id), ("choice", option)],
                    "",
                    option,
                ));
            }
            h.push("</div>");
        }
        h.push("</div>");
    }
    h.push("</section>");
    h.0
}

pub fn analytics(d: &Dashboard) -> String {
    let mut rows = Vec::new();
    for (agent, types) in &d.performance {
        for (task_type, stats) in types {
            rows.push((
                format!("{agent} · {task_type}"),
                stats.success_rate,
                stats.count,
            ));
        }
    }
    let mut h = Html::default();
    h.push("<section id=\"analytics\"><h2>Analytics</h2><div class=\"charts\"><figure><figcaption>Success rate per agent and type</figcaption>")
        .push(&svg::share_bars(&rows))
        .push("</figure><figure><figcaption>Tasks finished per day (done, failed)</figcaption>")
        .push(&svg::day_bars(&d.throughput))
        .push("</figure></div></section>");
    h.0
}

pub fn log(d: &Dashboard) -> String {
    let mut h = Html::default();
    h.push("<section id=\"log\"><h2>Event log</h2><table><tbody>");
    for e in d.events.iter().rev() {
        let _ = write!(
            h.0,
            "<tr><td class=\"at\">{}</td><td class=\"name\">{}</td><td class=\"name\">{}</td><td><code>{}</code></td><td class=\"details\">{}</td></tr>",
            esc(&format_time(e.at)),
            esc(e.agent.as_deref().unwrap_or("-")),
            esc(&e.event),
            esc(e.subject()),
            esc(&e.details_text())
        );
    }
    h.push("</tbody></table></section>");
    h.0
}
