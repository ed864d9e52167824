//! What `fed serve` shows: the board, the graph of open work, the agents
//! with their load and recent outcomes, the votes with their ballots, the
//! analytics (success rate per agent and type, throughput per day) and the
//! end of the event log. Reads only: nothing here writes a file.

use super::board::{Board, RECENT_LIMIT, board};
use super::facts::Facts;
use super::graph::{DepGraph, open_work};
use super::overview::{AgentLoad, Inputs, summarize};
use super::short::IdForm;
use crate::config::Config;
use crate::error::Result;
use crate::learn::analytics::{Performance, performance};
use crate::model::Vote;
use crate::model::time::{Timestamp, serde_time};
use crate::store::Store;
use crate::store::events::Event;
use crate::store::state::State;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The events shown.
pub const EVENTS: usize = 40;
/// The outcomes shown per agent.
pub const OUTCOMES: usize = 8;
/// Days of throughput shown.
pub const DAYS: i64 = 14;

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    #[serde(with = "serde_time")]
    pub at: Timestamp,
    pub state: State,
    pub board: Board,
    pub graph: DepGraph,
    pub agents: Vec<Agent>,
    pub votes: Vec<Vote>,
    pub performance: Performance,
    pub throughput: Vec<Day>,
    pub events: Vec<Event>,
    /// How many items `fed inbox` holds.
    pub inbox: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Agent {
    #[serde(flatten)]
    pub load: AgentLoad,
    /// The last finished tasks' outcomes, oldest first (true: done).
    pub outcomes: Vec<bool>,
}

/// Tasks finished on one day (UTC).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Day {
    pub date: String,
    pub done: usize,
    pub failed: usize,
}

pub fn load(store: &Store, config: &Config, now: Timestamp) -> Result<Dashboard> {
    let facts = Facts::load(store, IdForm::Short)?;
    let finished = store.recently_finished(RECENT_LIMIT * 4);
    let board = board(&facts, &finished, config, now, None);
    let graph = open_work(store, &facts);
    let (records, _) = store.read_history()?;
    let leads = super::overview::count_leads(&facts.snapshot);
    let summary = summarize(
        &facts.snapshot,
        Inputs {
            state: &facts.state,
            now,
            known_agents: &config.agents,
            in_flight: 0,
            votes: Default::default(),
            deferred_handoffs: 0,
            leads: &leads,
            ids: &facts.short,
            ready_notes: None,
        },
    );
    let mut outcomes: BTreeMap<String, Vec<bool>> = BTreeMap::new();
    for r in &records {
        outcomes
            .entry(r.assigned_to.clone())
            .or_default()
            .push(r.success);
    }
    let mut agents: Vec<Agent> = summary
        .agents
        .into_iter()
        .map(|load| {
            let all = outcomes.remove(&load.agent).unwrap_or_default();
            let outcomes = all[all.len().saturating_sub(OUTCOMES)..].to_vec();
            Agent { load, outcomes }
        })
        .collect();
    for (agent, all) in outcomes {
        let load = AgentLoad {
            agent,
            pending: 0,
            in_progress: 0,
            blocked: 0,
            led: 0,
        };
        let outcomes = all[all.len().saturating_sub(OUTCOMES)..].to_vec();
        agents.push(Agent { load, outcomes });
    }
    agents.sort_by(|a, b| a.load.agent.cmp(&b.load.agent));
    let refs: Vec<_> = records.iter().collect();
    let performance = performance(&refs, &BTreeSet::new(), config.routing.boost_factor);
    let (mut votes, _) = store.list_votes();
    votes.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then(a.vote_id.cmp(&b.vote_id))
    });
    votes.truncate(12);
    let (events, _) = store.read_events()?;
    let throughput = throughput(&events, now);
    let events = events[events.len().saturating_sub(EVENTS)..].to_vec();
    let (_, inbox) = super::load::load_inbox(store, config, now, IdForm::Short)?;
    Ok(Dashboard {
        at: now,
        state: facts.state.clone(),
        board,
        graph,
        agents,
        votes,
        performance,
        throughput,
        events,
        inbox: inbox.items.len(),
    })
}

/// Tasks finished per day over the last [`DAYS`] days, oldest first, from
/// the log's `completed` and `failed` events.
fn throughput(events: &[Event], now: Timestamp) -> Vec<Day> {
    let first = (now - chrono::TimeDelta::days(DAYS - 1)).date_naive();
    let mut days: BTreeMap<chrono::NaiveDate, Day> = BTreeMap::new();
    for i in 0..DAYS {
        let date = first + chrono::TimeDelta::days(i);
        days.insert(
            date,
            Day {
                date: date.format("%m-%d").to_string(),
                done: 0,
                failed: 0,
            },
        );
    }
    for e in events {
        if let Some(day) = days.get_mut(&e.at.date_naive()) {
            match e.event.as_str() {
                "completed" => day.done += 1,
                "failed" => day.failed += 1,
                _ => {}
            }
        }
    }
    days.into_values().collect()
}
