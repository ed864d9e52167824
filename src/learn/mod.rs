//! Learning from outcomes: analytics per agent and task type over the
//! history of finished tasks, and the router that recommends an agent for
//! new work.

pub mod analytics;
pub mod availability;
pub mod corpus;
pub mod model;
pub mod recommend;
pub mod route;
pub mod tfidf;
