//! The tools: each one a thin translation of its parameters into the
//! library request the matching command builds.

use super::call::{Env, run};
use super::params as p;
use super::views;
use fed::model::Priority;
use fed::queue::add::{NewTask, add};
use fed::queue::claim::{ClaimRequest, claim};
use fed::queue::complete::{CompleteRequest, complete};
use fed::queue::wait::{Patience, claim_waiting};
use fed::{Error, Param};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, Implementation, ServerCapabilities, ServerConfig};
use rmcp::{ErrorData as McpError, ServerHandler, tool, tool_handler, tool_router};
use serde_json::json;
use std::sync::Arc;

type Answer = Result<CallToolResult, McpError>;

#[derive(Clone)]
pub struct FedServer {
    env: Arc<Env>,
    tool_router: ToolRouter<Self>,
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for FedServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("fed", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "fed: a file-based task queue shared by a team of agents. Claim the best \
                 ready task with `claim` (wait_seconds waits for one), finish it with \
                 `complete` (failed: true if it failed), `block` it with a reason if you \
                 are stuck, `release` it to give it back. Errors carry fed's kind and exit \
                 code: 3 nothing to do, 4 paused, 5 conflict (someone else changed it).",
            )
    }
}

#[tool_router(router = tool_router)]
impl FedServer {
    pub fn new(env: Env) -> Self {
        FedServer {
            env: Arc::new(env),
            tool_router: Self::tool_router(),
        }
    }

    #[tool(description = "Queue a task; returns the new task document.")]
    async fn add(&self, Parameters(a): Parameters<p::Add>) -> Answer {
        run(&self.env, a.agent, move |op| {
            let priority = match &a.priority {
                Some(raw) => Priority::parse(raw).map_err(|e| e.on(Param::Priority))?,
                None => Priority::default(),
            };
            add(
                op,
                NewTask {
                    description: a.description,
                    title: a.title,
                    task_type: a.task_type,
                    to: a.to,
                    lead: a.lead,
                    priority,
                    after: a.after,
                    context: a.context.into_iter().collect(),
                    files: a.files,
                    check: a.check,
                    ..NewTask::default()
                },
            )
        })
        .await
    }

    #[tool(
        description = "Claim the best ready task for you (or a named one); returns the claimed task with its lease. Nothing ready: error kind nothing-to-do (exit 3), unless wait_seconds waits for one."
    )]
    async fn claim(&self, Parameters(c): Parameters<p::Claim>) -> Answer {
        run(&self.env, c.agent, move |op| {
            let request = ClaimRequest {
                id: c.id,
                task_type: c.task_type,
                ttl: None,
            };
            let Some(seconds) = c.wait_seconds.filter(|s| *s > 0) else {
                return claim(op, request);
            };
            let watch = op.store.watch()?;
            let until = std::time::Instant::now()
                + std::time::Duration::from_secs(u64::from(seconds.min(3600)));
            let patience = Patience {
                until: Some(until),
                stop: &|| false,
            };
            claim_waiting(op, &request, &watch, &patience)?
                .ok_or_else(|| Error::nothing("the wait was interrupted"))
        })
        .await
    }

    #[tool(
        description = "Finish a task you hold as done (or failed); returns it and the follow-up tasks queued by handoff rules."
    )]
    async fn complete(&self, Parameters(c): Parameters<p::Complete>) -> Answer {
        run(&self.env, c.agent, move |op| {
            let (task, follow_ups) = complete(
                op,
                CompleteRequest {
                    id: c.id,
                    token: c.token,
                    failed: c.failed,
                    summary: c.summary,
                    output: None,
                },
            )?;
            Ok(json!({"task": task, "follow_ups": follow_ups}))
        })
        .await
    }

    #[tool(description = "Block a task (pending or one you hold) with a reason; returns it.")]
    async fn block(&self, Parameters(b): Parameters<p::TaskReason>) -> Answer {
        run(&self.env, b.agent, move |op| {
            let reason = b.reason.unwrap_or_default();
            fed::queue::block::block(op, &b.id, &reason)
        })
        .await
    }

    #[tool(description = "Give a task you hold back to the queue; returns it.")]
    async fn release(&self, Parameters(r): Parameters<p::Release>) -> Answer {
        run(&self.env, r.agent, move |op| {
            fed::queue::lease::release(op, &r.id, r.token.as_deref())
        })
        .await
    }

    #[tool(
        description = "Cancel a task (its creator or an overseer); cascade cancels its dependants too. Returns the cancelled tasks."
    )]
    async fn cancel(&self, Parameters(c): Parameters<p::Cancel>) -> Answer {
        run(&self.env, c.agent, move |op| {
            let request = fed::queue::cancel::CancelRequest {
                id: c.id,
                reason: c.reason,
                cascade: c.cascade,
            };
            Ok(json!({"cancelled": fed::queue::cancel::cancel(op, request)?}))
        })
        .await
    }

    #[tool(description = "Re-address a pending task to another agent (overseers); returns it.")]
    async fn assign(&self, Parameters(a): Parameters<p::Assign>) -> Answer {
        run(&self.env, a.agent, move |op| {
            fed::queue::assign::assign(op, &a.id, &a.to)
        })
        .await
    }

    #[tool(
        description = "Append a note to a task's thread (any agent, finished tasks too); returns the task."
    )]
    async fn note(&self, Parameters(n): Parameters<p::Note>) -> Answer {
        run(&self.env, n.agent, move |op| {
            fed::queue::note::note(op, &n.id, &n.message)
        })
        .await
    }

    #[tool(
        description = "Designate the agent leading the larger piece of work a task belongs to; returns the task."
    )]
    async fn lead(&self, Parameters(l): Parameters<p::Lead>) -> Answer {
        run(&self.env, l.agent, move |op| {
            Ok(fed::queue::edit::lead(op, &l.id, &l.lead)?.task)
        })
        .await
    }

    #[tool(
        description = "List tasks (default: pending, in progress and blocked); returns {\"tasks\": [...]}."
    )]
    async fn list(&self, Parameters(l): Parameters<p::List>) -> Answer {
        let agent = l.agent.clone();
        run(&self.env, agent, move |op| views::list(op, &l)).await
    }

    #[tool(description = "Show one task in full.")]
    async fn show(&self, Parameters(s): Parameters<p::Show>) -> Answer {
        run(&self.env, s.agent, move |op| views::show(op, &s.id)).await
    }

    #[tool(
        description = "The federation at a glance: paused or not, counts per status, ready tasks, per-agent load, blocked and stranded tasks, expired leases, active votes."
    )]
    async fn status(&self, Parameters(s): Parameters<p::Status>) -> Answer {
        run(&self.env, s.agent, views::status).await
    }

    #[tool(
        description = "Open work as columns, as `fed board --json`: ready, waiting, in_progress, blocked, done (recently)."
    )]
    async fn board(&self, Parameters(b): Parameters<p::Board>) -> Answer {
        let agent = b.agent.clone();
        run(&self.env, agent, move |op| views::board(op, &b)).await
    }

    #[tool(
        description = "Import a markdown plan as tasks (or bring its tasks up to date), as `fed plan import --json`; dry_run changes nothing."
    )]
    async fn plan_import(&self, Parameters(i): Parameters<p::PlanImport>) -> Answer {
        let agent = i.agent.clone();
        run(&self.env, agent, move |op| views::plan_import(op, i)).await
    }

    #[tool(description = "Open a vote; returns the vote document.")]
    async fn vote_create(&self, Parameters(v): Parameters<p::VoteCreate>) -> Answer {
        run(&self.env, v.agent, move |op| {
            fed::vote::create::create(
                op,
                fed::vote::create::NewVote {
                    question: v.question,
                    options: v.options,
                    context: v.context,
                    deadline: v.deadline,
                    quorum: v.quorum,
                    high_stakes: v.high_stakes,
                },
            )
        })
        .await
    }

    #[tool(description = "Cast (or replace) your ballot on an active vote; returns the vote.")]
    async fn vote_cast(&self, Parameters(v): Parameters<p::VoteCast>) -> Answer {
        run(&self.env, v.agent, move |op| {
            fed::vote::cast::cast(
                op,
                fed::vote::cast::CastRequest {
                    id: v.id,
                    choice: v.choice,
                    confidence: v.confidence,
                    reasoning: v.reasoning,
                },
            )
        })
        .await
    }

    #[tool(
        description = "Resolve a vote (or, with due, every vote past its deadline). Too few ballots before the deadline: error kind nothing-to-do (exit 3)."
    )]
    async fn vote_resolve(&self, Parameters(v): Parameters<p::VoteResolve>) -> Answer {
        run(&self.env, v.agent, move |op| match (v.id, v.due) {
            (Some(id), false) => Ok(json!(fed::vote::resolve::resolve_one(op, &id)?)),
            (None, true) => Ok(json!({"votes": fed::vote::resolve::resolve_due(op)?})),
            _ => Err(Error::invalid("give either `id` or `due: true`").on(Param::Id)),
        })
        .await
    }

    #[tool(
        description = "Recommend an agent for a piece of work: {\"agent\", \"confidence\", \"candidates\": [{\"agent\", \"score\"}]}."
    )]
    async fn route(&self, Parameters(r): Parameters<p::Route>) -> Answer {
        let agent = r.agent.clone();
        run(&self.env, agent, move |op| views::route(op, &r)).await
    }
}
