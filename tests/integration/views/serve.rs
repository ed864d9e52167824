//! `fed serve` over HTTP: every route, live updates by server-sent events,
//! the token on every action, one-line refusals, and user text served as
//! text.

use super::fixture::{VIEW_AT, federation};
use super::http::{Events, Server, raw};
use crate::common::{Env, stderr};
use std::time::{Duration, Instant};

const ESCAPED: &str =
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;quoted&quot; [x] {y} &amp; #1; `tick`";

#[test]
fn the_page_shows_the_federation_with_user_text_as_text() {
    let f = federation();
    let mut server = Server::start(&f.env, VIEW_AT, &[]);

    let page = server.get("/");
    assert_eq!(page.status, 200, "{page:?}");
    assert_eq!(
        page.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("script-src 'self'")
    );
    for id in ["resrch", "implmt", "redis1", "evil01", "stale1"] {
        assert!(page.body.contains(id), "{id} missing from the page");
    }
    assert!(
        page.body.contains(ESCAPED),
        "the hostile title is not escaped text"
    );
    assert!(
        page.body
            .contains("&lt;b&gt;bold&lt;/b&gt; &quot;safer&quot;"),
        "ballot reasoning"
    );
    assert!(
        page.body
            .contains("waiting for Redis credentials from ops &lt;OPS-88&gt;")
    );
    assert_eq!(
        page.body.matches("<script").count(),
        1,
        "one script: the embedded one"
    );
    assert!(
        page.body
            .contains("<script src=\"/assets/dashboard.js\"></script>")
    );
    assert!(
        !page.body.contains("src=\"http") && !page.body.contains("href=\"http"),
        "nothing fetched from elsewhere"
    );
    assert!(
        !page.body.contains("<form class=\"act\""),
        "read-only pages have no buttons"
    );
    assert!(!page.body.contains('\u{1b}'));

    let panels = server.get("/panels");
    assert_eq!(panels.status, 200);
    assert!(panels.body.contains("id=\"board\"") && !panels.body.contains("<html"));
    assert!(panels.body.contains(ESCAPED));

    let svg = server.get("/graph.svg");
    assert_eq!(
        (svg.status, svg.header("content-type").as_deref()),
        (200, Some("image/svg+xml"))
    );
    assert!(
        svg.body.starts_with("<svg") && svg.body.contains("&lt;script&gt;alert(&quot;x&quot;)"),
        "{}",
        svg.body
    );

    let api = server.get("/api/dashboard");
    assert_eq!(api.status, 200);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["board"]["blocked"][0]["short_id"], "redis1");
    assert_eq!(json["inbox"], 6);

    assert!(server.alive(), "fed serve died");
}

#[test]
fn the_assets_are_embedded_and_refusals_are_one_line() {
    let f = federation();
    let before = f.env.snapshot_files();
    let log = std::fs::read(f.env.path("log.jsonl")).unwrap();
    let mut server = Server::start(&f.env, VIEW_AT, &[]);
    for path in ["/", "/panels", "/graph.svg", "/api/dashboard", "/nope"] {
        server.get(path);
    }
    let css = server.get("/assets/dashboard.css");
    assert_eq!(
        (css.status, css.header("content-type").as_deref()),
        (200, Some("text/css; charset=utf-8"))
    );
    let js = server.get("/assets/dashboard.js");
    assert_eq!(js.status, 200);
    assert!(js.body.contains("textContent") && !js.body.contains("innerHTML"));

    let missing = server.get("/nope");
    assert_eq!(
        (missing.status, missing.body.as_str()),
        (404, "fed serve: no such page: /nope\n")
    );
    let wrong = super::http::request(&server.addr, "DELETE", "/", &[], "");
    assert_eq!(wrong.status, 405, "{wrong:?}");
    assert_eq!(wrong.body.lines().count(), 1);
    let rebinding = raw(
        &server.addr,
        "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(rebinding.status, 403);
    assert!(rebinding.body.contains("unexpected Host header"));
    let garbage = raw(&server.addr, "NOT HTTP AT ALL\r\n\r\n");
    assert!(garbage.status == 400 || garbage.status == 0, "{garbage:?}");
    let acting = server.post("/actions/pause", &[], "reason=x");
    assert_eq!(acting.status, 403);
    assert!(acting.body.contains("read-only"), "{}", acting.body);

    assert!(server.alive(), "fed serve died");
    drop(server);
    assert_eq!(before, f.env.snapshot_files(), "reading changed a file");
    assert_eq!(
        log,
        std::fs::read(f.env.path("log.jsonl")).unwrap(),
        "reading logged an event"
    );
}

#[test]
fn a_change_reaches_open_pages_within_a_second() {
    let env = Env::new();
    let server = Server::start(&env, &env.now, &[]);
    let mut events = Events::open(&server.addr);
    assert!(
        events.wait_for("event: hello", 1, Duration::from_secs(5)),
        "{}",
        events.text
    );
    for i in 1..=3 {
        let before = events.text.matches("event: change").count();
        let start = Instant::now();
        env.add(&[&format!("task {i}")]);
        let arrived = events.wait_for("event: change", before + 1, Duration::from_secs(1));
        let took = start.elapsed();
        assert!(
            arrived && took <= Duration::from_secs(1),
            "no change event within a second of add {i} ({took:?}): {}",
            events.text
        );
        // One add changes several files: let its notifications settle.
        events.drain(Duration::from_millis(300));
    }
}

#[test]
fn actions_are_refused_without_the_token_and_bad_ones_change_nothing() {
    let f = federation();
    let server = Server::start(&f.env, VIEW_AT, &["--allow-actions"]);
    let token = server.token.clone().unwrap();
    assert!(token.len() >= 16);
    let page = server.get("/");
    assert!(
        page.body
            .contains("<form class=\"act\" method=\"post\" action=\"/actions/cancel\">")
    );
    assert!(
        !page.body.contains(&token),
        "the page must not carry the token"
    );

    let before = f.env.snapshot_files();
    for (headers, form) in [
        (vec![], "task=evil01"),
        (
            vec![("X-Fed-Token", "wrong-token-wrong-token")],
            "task=evil01",
        ),
        (vec![], "task=evil01&token=nope"),
    ] {
        let reply = server.post("/actions/cancel", &headers, form);
        assert_eq!(reply.status, 403, "{reply:?}");
        assert_eq!(reply.body.lines().count(), 1);
        assert!(reply.body.contains("token"), "{}", reply.body);
    }
    let json_without_token = super::http::request(
        &server.addr,
        "POST",
        "/actions/cancel",
        &[("Content-Type", "application/json")],
        "{\"task\": \"evil01\"}",
    );
    assert_eq!(json_without_token.status, 403, "{json_without_token:?}");
    let auth = [("X-Fed-Token", token.as_str())];
    for (path, form, status) in [
        ("/actions/cancel", "", 400),
        ("/actions/cancel", "task=nosuch", 404),
        ("/actions/assign", "task=routed&agent=Not%20A%20Name", 400),
        ("/actions/explode", "task=evil01", 404),
        ("/actions/override", "vote=nosuch&choice=yes", 404),
    ] {
        let reply = server.post(path, &auth, form);
        assert_eq!(reply.status, status, "{path} {form}: {reply:?}");
        assert_eq!(reply.body.lines().count(), 1, "{reply:?}");
        assert!(reply.body.starts_with("fed serve: "), "{reply:?}");
    }
    let not_a_form = super::http::request(
        &server.addr,
        "POST",
        "/actions/cancel",
        &[
            ("X-Fed-Token", &token),
            ("Content-Type", "application/json"),
        ],
        "{}",
    );
    assert_eq!(not_a_form.status, 400);
    assert_eq!(
        before,
        f.env.snapshot_files(),
        "a refused action changed a file"
    );
}

#[test]
fn actions_with_the_token_change_the_federation() {
    let f = federation();
    let server = Server::start(&f.env, VIEW_AT, &["--allow-actions"]);
    let token = server.token.clone().unwrap();
    let auth = [("X-Fed-Token", token.as_str())];
    let cancelled = server.post("/actions/cancel", &auth, "task=evil01");
    assert_eq!(cancelled.status, 200, "{cancelled:?}");
    let task = f.env.json(None, &["queue", "show", "evil01"]);
    assert_eq!(task["status"], "cancelled");
    let assigned = server.post("/actions/assign", &auth, "task=routed&agent=kimi");
    assert_eq!(assigned.status, 200, "{assigned:?}");
    assert_eq!(
        f.env.json(None, &["queue", "show", "routed"])["to_agent"],
        "kimi"
    );
    let paused = server.post(
        "/actions/pause",
        &[],
        &format!("reason=%3Cb%3Elunch%3C%2Fb%3E&token={token}"),
    );
    assert_eq!(paused.status, 200, "{paused:?}");
    assert_eq!(f.env.json(None, &["status"])["paused"], true);
    let banner = server.get("/panels").body;
    assert!(
        banner.contains("id=\"paused\"") && banner.contains("&lt;b&gt;lunch&lt;/b&gt;"),
        "{banner}"
    );
    let resumed = server.post("/actions/resume", &auth, "");
    assert_eq!(resumed.status, 200, "{resumed:?}");
    assert_eq!(f.env.json(None, &["status"])["paused"], false);
    let overridden = server.post(
        "/actions/override",
        &auth,
        &format!("vote={}&choice=no", f.vote),
    );
    assert_eq!(overridden.status, 200, "{overridden:?}");
    let vote = f.env.json(None, &["vote", "show", &f.vote]);
    assert_eq!(vote["status"], "overridden");
}

#[test]
fn a_network_bind_with_actions_needs_a_chosen_token() {
    let env = Env::new();
    for args in [
        &["serve", "--bind", "0.0.0.0", "--allow-actions"][..],
        &[
            "serve",
            "--port",
            "0",
            "--allow-actions",
            "--token",
            "short",
        ],
        &["serve", "--bind", "not-an-address"],
    ] {
        let out = env
            .fed(args)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        let err = stderr(&out);
        assert!(
            !err.contains("panicked") && err.trim().lines().count() <= 2,
            "{args:?}: {err}"
        );
    }
    let out = env
        .fed(&["serve", "--bind", "0.0.0.0", "--allow-actions"])
        .output()
        .unwrap();
    assert!(stderr(&out).contains("--token"), "{}", stderr(&out));
}
