//! The overseer's views: board, graph, inbox and escalation, `log
//! --follow`, and the dashboard (over HTTP and in a real browser).

mod browser;
mod escalation;
mod fixture;
mod follow;
mod graphviz;
mod http;
mod serve;
mod shown;
