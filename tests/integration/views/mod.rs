//! The overseer's views: board, graph, inbox and escalation, `log
//! --follow`, the dashboard (over HTTP and in a real browser), and the
//! tables of the fixed federation at 80 and 120 columns.

mod browser;
mod escalation;
mod fixture;
mod follow;
mod graphviz;
mod http;
mod serve;
mod shown;
mod tables;
