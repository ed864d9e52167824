//! The dashboard's routes. Reading routes render from the files at each
//! request; `/events` streams changes; `/actions/*` change the federation
//! only with `--allow-actions` and the token. Every refusal is a status
//! code and a one-line plain-text message.

use super::actions::{self, ACTIONS, Actor, token_matches};
use super::html::Shell;
use super::page::{page, panels};
use super::{live, svg};
use crate::error::Kind;
use crate::model::time::Timestamp;
use crate::view::dashboard::{Dashboard, load};
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::watch;

pub struct App {
    pub root: PathBuf,
    pub shell: Shell,
    /// Set with `--allow-actions`.
    pub token: Option<String>,
    pub agent: Option<String>,
    /// `FED_NOW`, when set.
    pub fixed_now: Option<Timestamp>,
    pub version: watch::Receiver<u64>,
    /// The `Host` headers accepted (loopback binds refuse others, which a
    /// DNS-rebinding page would send).
    pub hosts: Option<Vec<String>>,
}

type Shared = Arc<App>;

const CSS: &str = include_str!("assets/dashboard.css");
const JS: &str = include_str!("assets/dashboard.js");
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/panels", get(live_panels))
        .route("/graph.svg", get(graph_svg))
        .route("/api/dashboard", get(api_dashboard))
        .route("/events", get(events))
        .route(
            "/assets/dashboard.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS) }),
        )
        .route(
            "/assets/dashboard.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    JS,
                )
            }),
        )
        .route("/actions/{action}", post(action))
        .fallback(|uri: axum::http::Uri| async move {
            refuse(
                StatusCode::NOT_FOUND,
                &format!("no such page: {}", uri.path()),
            )
        })
        .method_not_allowed_fallback(|| async {
            refuse(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here")
        })
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// A plain-text refusal of one line.
pub fn refuse(status: StatusCode, message: &str) -> Response {
    let line: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("fed serve: {line}\n"),
    )
        .into_response()
}

/// Checks the Host header, then sets the headers every answer carries.
async fn guard(
    State(app): State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if let Some(hosts) = &app.hosts {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return refuse(
                StatusCode::FORBIDDEN,
                &format!("unexpected Host header '{host}'"),
            );
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

fn now(app: &App) -> Timestamp {
    app.fixed_now
        .unwrap_or_else(|| chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 3))
}

/// Reads the dashboard off the async threads, and gives it to `then`.
async fn with_dashboard(app: Shared, then: fn(&App, &Dashboard) -> Response) -> Response {
    let result = tokio::task::spawn_blocking(move || {
        let read = || -> crate::error::Result<Dashboard> {
            let store = crate::store::Store::open(&app.root)?;
            let config = store.config()?;
            load(&store, &config, now(&app))
        };
        read().map(|d| then(&app, &d))
    })
    .await;
    match result {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => refuse(StatusCode::INTERNAL_SERVER_ERROR, &e.message),
        Err(_) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "reading the federation failed",
        ),
    }
}

fn html(text: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], text).into_response()
}

async fn index(State(app): State<Shared>) -> Response {
    with_dashboard(app, |app, d| html(page(&app.shell, d))).await
}

async fn live_panels(State(app): State<Shared>) -> Response {
    with_dashboard(app, |app, d| html(panels(&app.shell, d))).await
}

async fn graph_svg(State(app): State<Shared>) -> Response {
    with_dashboard(app, |_, d| {
        let body = svg::graph(&d.graph);
        let body = if body.starts_with("<svg") {
            body
        } else {
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".to_string()
        };
        ([(header::CONTENT_TYPE, "image/svg+xml")], body).into_response()
    })
    .await
}

async fn api_dashboard(State(app): State<Shared>) -> Response {
    with_dashboard(app, |_, d| axum::Json(d).into_response()).await
}

async fn events(State(app): State<Shared>) -> Response {
    live::events(app.version.clone()).into_response()
}

async fn action(
    State(app): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
    form: Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Some(token) = app.token.clone() else {
        return refuse(
            StatusCode::FORBIDDEN,
            "read-only: start fed serve with --allow-actions to act from the page",
        );
    };
    if !ACTIONS.contains(&name.as_str()) {
        return refuse(
            StatusCode::NOT_FOUND,
            &format!("no action '{name}' (actions: {})", ACTIONS.join(", ")),
        );
    }
    // The token first: without it, nothing about the request matters.
    let form = form.ok().map(|Form(form)| form);
    let given = headers
        .get("x-fed-token")
        .and_then(|v| v.to_str().ok())
        .or(form
            .as_ref()
            .and_then(|f| f.get("token"))
            .map(String::as_str))
        .unwrap_or("");
    if !token_matches(given, &token) {
        return refuse(
            StatusCode::FORBIDDEN,
            "missing or wrong token (the one fed serve printed at start-up)",
        );
    }
    let Some(form) = form else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "the body must be a form (application/x-www-form-urlencoded)",
        );
    };
    let result = tokio::task::spawn_blocking(move || {
        let actor = Actor {
            agent: app.agent.clone(),
            now: now(&app),
            clock: None,
            root: &app.root,
        };
        actions::run(&actor, &name, &form)
    })
    .await;
    match result {
        Ok(Ok(message)) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{message}\n"),
        )
            .into_response(),
        Ok(Err(e)) => {
            let status = match e.kind {
                Kind::NotFound => StatusCode::NOT_FOUND,
                Kind::Forbidden => StatusCode::FORBIDDEN,
                Kind::Conflict | Kind::Moved | Kind::Paused | Kind::NothingToDo => {
                    StatusCode::CONFLICT
                }
                Kind::Io => StatusCode::INTERNAL_SERVER_ERROR,
                Kind::Locked => StatusCode::SERVICE_UNAVAILABLE,
                Kind::Invalid => StatusCode::BAD_REQUEST,
            };
            let about = e
                .param
                .map(|p| format!("{}: ", p.name()))
                .unwrap_or_default();
            refuse(status, &format!("{about}{}", e.message))
        }
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "the action failed"),
    }
}
