//! The dashboard page: a shell (header, the live panels, the script) and
//! the panels themselves, rendered on the server from a
//! [`Dashboard`]. The script swaps in fresh panels when the federation
//! changes; every piece of user text is escaped here.

use super::html::{Html, Shell, action_form, age, esc};
use super::panels;
use crate::view::board::{Board, Card};
use crate::view::dashboard::Dashboard;
use std::fmt::Write;

pub fn page(shell: &Shell, d: &Dashboard) -> String {
    let mut h = Html::default();
    h.push("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .push("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .push(
            "<title>fed dashboard</title><link rel=\"stylesheet\" href=\"/assets/dashboard.css\">",
        )
        .push("</head><body");
    if shell.actions {
        h.push(" data-actions=\"on\"");
    }
    h.push("><header><h1>fed</h1><span class=\"dir\">")
        .text(&shell.dir)
        .push("</span><span id=\"live\" class=\"live off\">connecting…</span>");
    if shell.actions {
        h.push("<span class=\"controls\">")
            .push(&action_form("pause", &[], "reason", "pause"))
            .push(&action_form("resume", &[], "", "resume"))
            .push("</span>");
    }
    h.push("</header><p id=\"message\" class=\"message\" role=\"status\"></p><main id=\"panels\">")
        .push(&panels(shell, d))
        .push("</main><script src=\"/assets/dashboard.js\"></script></body></html>");
    h.0
}

/// The live part of the page (also served alone at `/panels`).
pub fn panels(shell: &Shell, d: &Dashboard) -> String {
    let mut h = Html::default();
    let _ = write!(
        h.0,
        "<div id=\"stamp\" data-at=\"{}\" hidden></div>",
        esc(&d.at.to_rfc3339())
    );
    if d.state.paused {
        h.push("<div class=\"banner\" id=\"paused\"><strong>Paused</strong>");
        if let Some(by) = &d.state.paused_by {
            h.push(" by ").text(by);
        }
        if let Some(since) = d.state.since {
            h.push(" since ")
                .text(&crate::model::time::format_time(since));
        }
        if let Some(reason) = &d.state.reason {
            h.push(": ").text(reason);
        }
        h.push(" — claims wait until <code>fed resume</code>.</div>");
    }
    let _ = write!(
        h.0,
        "<p class=\"inbox\">Inbox: <strong>{}</strong> item{} waiting on an overseer (<code>fed inbox</code>)</p>",
        d.inbox,
        if d.inbox == 1 { "" } else { "s" }
    );
    h.push("<section id=\"board\"><h2>Board</h2>")
        .push(&board(shell, &d.board))
        .push("</section>");
    h.push("<section id=\"graph\"><h2>Dependencies</h2><div class=\"scroll\">")
        .push(&super::svg::graph(&d.graph))
        .push("</div></section>");
    h.push(&panels::agents(d));
    h.push(&panels::votes(shell, d));
    h.push(&panels::analytics(d));
    h.push(&panels::log(d));
    h.0
}

fn board(shell: &Shell, b: &Board) -> String {
    let mut h = Html::default();
    h.push("<div class=\"lanes\">");
    for (name, cards) in [
        ("Ready", &b.ready),
        ("Waiting", &b.waiting),
        ("In progress", &b.in_progress),
        ("Blocked", &b.blocked),
        ("Done recently", &b.done),
    ] {
        let _ = write!(
            h.0,
            "<div class=\"lane\"><h3>{name} <span class=\"count\">{}</span></h3>",
            cards.len()
        );
        for card in cards {
            h.push(&self::card(shell, b, card));
        }
        h.push("</div>");
    }
    h.push("</div>");
    h.0
}

fn card(shell: &Shell, b: &Board, c: &Card) -> String {
    let mut h = Html::default();
    let _ = write!(
        h.0,
        "<article class=\"card {} {}\" data-task=\"{}\"><div class=\"head\"><code>{}</code>",
        c.status.as_str(),
        c.priority.as_str(),
        esc(&c.task_id),
        esc(&c.short_id)
    );
    if c.priority != crate::model::Priority::Normal {
        h.el("span", "prio", c.priority.as_str());
    }
    h.push("</div>").el("div", "title", &c.title);
    for (class, text) in details(b, c) {
        h.el("div", class, &text);
    }
    if shell.actions && !c.status.is_finished() {
        h.push("<div class=\"actions\">");
        if c.status == crate::model::Status::Pending {
            h.push(&action_form(
                "assign",
                &[("task", &c.task_id)],
                "agent",
                "assign",
            ));
        }
        h.push(&action_form(
            "cancel",
            &[("task", &c.task_id)],
            "",
            "cancel",
        ));
        h.push("</div>");
    }
    h.push("</article>");
    h.0
}

/// The lines under a card's title, with their classes.
fn details(b: &Board, c: &Card) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(to) = c
        .to_agent
        .as_ref()
        .filter(|_| c.status == crate::model::Status::Pending)
    {
        out.push(("detail", format!("for {to}")));
    }
    if !c.waiting_on.is_empty() {
        out.push(("detail", format!("after {}", c.waiting_on.join(", "))));
    }
    if !c.stranded_by.is_empty() {
        out.push((
            "detail",
            format!("stranded by {}", c.stranded_by.join(", ")),
        ));
    }
    if let Some(end) = c.lease_expires_at {
        let holder = c.assignee.as_deref().unwrap_or("?");
        let left = (end - b.at).num_seconds();
        out.push((
            "detail",
            if left > 0 {
                format!("{holder}, {} left", age(left))
            } else {
                format!("{holder}, lease expired {} ago", age(-left))
            },
        ));
    }
    if let Some(reason) = &c.blocked_reason {
        let since = c
            .blocked_since
            .map(|s| age((b.at - s).num_seconds()))
            .unwrap_or_default();
        out.push(("detail", format!("{since}: {reason}")));
    }
    if let Some(e) = &c.escalation {
        out.push(("detail escalated", e.describe()));
    }
    if let Some(f) = c.finished_at {
        let by = c
            .assignee
            .as_deref()
            .map(|a| format!(" by {a}"))
            .unwrap_or_default();
        out.push((
            "detail",
            format!("{}{by}, {} ago", c.status, age((b.at - f).num_seconds())),
        ));
    }
    out
}
