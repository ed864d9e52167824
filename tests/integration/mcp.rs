//! `fed mcp`: the real binary driven over stdio by rmcp's own client:
//! initialize, list the tools, call every one; eight servers claiming at
//! once never claim a task twice; malformed requests get errors, never a
//! crash or a hang.

use crate::common::{Env, fed_bin};
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use rmcp::{ServiceExt, object};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

type Client = RunningService<RoleClient, ()>;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// `fed mcp` in `env`'s federation, as `agent` (or as nobody).
async fn connect(env: &Env, agent: Option<&str>) -> Client {
    let cmd = tokio::process::Command::new(fed_bin());
    let root = env.root().to_path_buf();
    let now = env.now.clone();
    let agent = agent.map(str::to_string);
    let cmd = cmd.configure(move |cmd| {
        cmd.current_dir(&root)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("FED_NOW", &now)
            .arg("mcp");
        if let Some(agent) = &agent {
            cmd.env("FED_AGENT", agent);
        }
    });
    let transport = TokioChildProcess::new(cmd).expect("fed mcp starts");
    tokio::time::timeout(Duration::from_secs(20), ().serve(transport))
        .await
        .expect("initialize in time")
        .expect("initialize")
}

async fn call(client: &Client, tool: &'static str, args: Value) -> CallToolResult {
    let Value::Object(args) = args else {
        panic!("arguments are an object")
    };
    let params = CallToolRequestParams::new(tool).with_arguments(args);
    tokio::time::timeout(Duration::from_secs(20), client.call_tool(params))
        .await
        .unwrap_or_else(|_| panic!("{tool}: no answer in time"))
        .unwrap_or_else(|e| panic!("{tool}: {e}"))
}

/// The structured result of a call that must succeed.
async fn ok(client: &Client, tool: &'static str, args: Value) -> Value {
    let result = call(client, tool, args).await;
    assert_ne!(
        result.is_error,
        Some(true),
        "{tool}: {:?}",
        result.structured_content
    );
    result.structured_content.expect("structured content")
}

/// The error document of a call that must be refused.
async fn refused(client: &Client, tool: &'static str, args: Value) -> Value {
    let result = call(client, tool, args).await;
    assert_eq!(result.is_error, Some(true), "{tool} was not refused");
    result.structured_content.expect("structured error")
}

const TOOLS: [&str; 18] = [
    "add",
    "assign",
    "block",
    "board",
    "cancel",
    "claim",
    "complete",
    "lead",
    "list",
    "note",
    "plan_import",
    "release",
    "route",
    "show",
    "status",
    "vote_cast",
    "vote_create",
    "vote_resolve",
];

#[test]
fn every_tool_answers_with_fed_documents_and_fed_errors() {
    let env = Env::new();
    runtime().block_on(async {
        let c = connect(&env, Some("claude")).await;
        let info = c.peer_info().expect("server info");
        assert_eq!(
            info.server_info.as_ref().map(|i| i.name.as_str()),
            Some("fed")
        );
        let tools = c.list_all_tools().await.expect("tools");
        let names: BTreeSet<String> = tools.iter().map(|t| t.name.to_string()).collect();
        assert_eq!(names, TOOLS.iter().map(|s| s.to_string()).collect());
        let add = tools.iter().find(|t| t.name == "add").unwrap();
        assert!(
            add.input_schema
                .get("properties")
                .unwrap()
                .get("files")
                .is_some()
        );

        let a = ok(
            &c,
            "add",
            json!({"description": "write the parser", "files": ["src/p.rs"]}),
        )
        .await;
        let a_id = a["task_id"].as_str().unwrap().to_string();
        assert_eq!(a["from_agent"], "claude");
        let b = ok(
            &c,
            "add",
            json!({"description": "review it", "after": [a_id], "priority": "high"}),
        )
        .await;
        let b_id = b["task_id"].as_str().unwrap().to_string();
        let claimed = ok(&c, "claim", json!({})).await;
        assert_eq!(claimed["task_id"], a_id.as_str());
        let token = claimed["lease"]["token"].as_str().unwrap().to_string();
        let nothing = refused(&c, "claim", json!({})).await;
        assert_eq!(nothing["kind"], "nothing-to-do");
        assert_eq!(nothing["exit_code"], 3);
        assert_eq!(
            ok(&c, "show", json!({"id": a_id})).await["status"],
            "in-progress"
        );
        let listed = ok(&c, "list", json!({"state": "all"})).await;
        assert_eq!(listed["tasks"].as_array().unwrap().len(), 2);
        assert_eq!(
            ok(&c, "status", json!({})).await["counts"]["in-progress"],
            1
        );
        assert_eq!(
            ok(
                &c,
                "block",
                json!({"id": a_id, "reason": "waiting on keys"})
            )
            .await["status"],
            "blocked"
        );
        env.fed(&["queue", "unblock", &a_id]).assert().success();
        assert_eq!(
            ok(&c, "release", json!({"id": a_id})).await["status"],
            "pending"
        );
        let again = ok(&c, "claim", json!({"id": a_id})).await;
        let token2 = again["lease"]["token"].as_str().unwrap();
        assert_ne!(token2, token);
        let stale = refused(&c, "complete", json!({"id": a_id, "token": token})).await;
        assert_eq!(stale["kind"], "conflict");
        assert_eq!(stale["exit_code"], 5);
        let done = ok(&c, "complete", json!({"id": a_id, "summary": "parsed"})).await;
        assert_eq!(done["task"]["status"], "done");
        assert_eq!(
            ok(&c, "assign", json!({"id": b_id, "to": "kimi"})).await["to_agent"],
            "kimi"
        );
        let noted = ok(&c, "note", json!({"id": a_id, "message": "merged in #7"})).await;
        assert_eq!(noted["notes"][0]["text"], "merged in #7");
        assert_eq!(noted["notes"][0]["agent"], "claude");
        assert_eq!(
            ok(&c, "lead", json!({"id": b_id, "lead": "kimi"})).await["lead"],
            "kimi"
        );
        let cancelled = ok(&c, "cancel", json!({"id": b_id, "reason": "dropped"})).await;
        assert_eq!(cancelled["cancelled"][0]["status"], "cancelled");
        // Acting as another agent is refused.
        let other = refused(&c, "claim", json!({"agent": "kimi"})).await;
        assert_eq!(other["kind"], "forbidden");
        c.cancel().await.expect("close");
    });
}

#[test]
fn note_lead_vote_and_route_tools_answer_like_the_commands() {
    let env = Env::new();
    runtime().block_on(async {
        let c = connect(&env, Some("claude")).await;
        let t = ok(&c, "add", json!({"description": "ship it"})).await;
        let id = t["task_id"].as_str().unwrap().to_string();
        let noted = ok(&c, "note", json!({"id": id, "message": "merged in #7"})).await;
        assert_eq!(noted["notes"][0]["text"], "merged in #7");
        assert_eq!(noted["notes"][0]["agent"], "claude");
        let led = ok(&c, "lead", json!({"id": id, "lead": "kimi"})).await;
        assert_eq!(led["lead"], "kimi");
        let vote = ok(
            &c,
            "vote_create",
            json!({"question": "Which db?", "options": ["pg", "sqlite"], "quorum": 1}),
        )
        .await;
        let vote_id = vote["vote_id"].as_str().unwrap().to_string();
        ok(
            &c,
            "vote_cast",
            json!({"id": vote_id, "choice": "pg", "confidence": 0.9}),
        )
        .await;
        let bad = refused(
            &c,
            "vote_cast",
            json!({"id": vote_id, "choice": "mongo", "confidence": 0.9}),
        )
        .await;
        assert_eq!(bad["exit_code"], 1);
        assert_eq!(
            ok(&c, "vote_resolve", json!({"id": vote_id})).await["status"],
            "decided"
        );
        let routed = ok(&c, "route", json!({"description": "write a parser"})).await;
        assert!(routed["candidates"].is_array());
        c.cancel().await.expect("close");
    });
}

#[test]
fn plan_import_and_board_tools_answer_like_the_commands() {
    let env = Env::new();
    std::fs::write(
        env.root().join("plan.md"),
        "# Build\n\n- [ ] write the parser\n\n# Ship\n\n- [ ] release it\n",
    )
    .unwrap();
    runtime().block_on(async {
        let c = connect(&env, Some("reuben")).await;
        let dry = ok(
            &c,
            "plan_import",
            json!({"file": "plan.md", "dry_run": true}),
        )
        .await;
        assert_eq!(dry["dry_run"], true);
        assert_eq!(dry["created"].as_array().unwrap().len(), 2);
        assert_eq!(ok(&c, "list", json!({})).await["tasks"], json!([]));
        let report = ok(&c, "plan_import", json!({"file": "plan.md", "to": "kimi"})).await;
        let created: Vec<String> = report["created"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| id.as_str().unwrap().to_string())
            .collect();
        assert_eq!(created.len(), 2, "{report}");
        let again = ok(&c, "plan_import", json!({"file": "plan.md"})).await;
        assert_eq!(again["created"], json!([]));
        assert_eq!(again["unchanged"].as_array().unwrap().len(), 2);
        let missing = refused(&c, "plan_import", json!({"file": "nope.md"})).await;
        assert_eq!(missing["exit_code"], 1);
        assert!(
            missing["message"].as_str().unwrap().contains("nope.md"),
            "{missing}"
        );

        let board = ok(&c, "board", json!({})).await;
        let ids = |lane: &str| -> Vec<String> {
            board[lane]
                .as_array()
                .unwrap()
                .iter()
                .map(|card| card["task_id"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(ids("ready"), vec![created[0].clone()], "{board}");
        assert_eq!(ids("waiting"), vec![created[1].clone()], "{board}");
        let cli = env.json(None, &["board"]);
        assert_eq!(cli["ready"], board["ready"]);
        assert_eq!(cli["waiting"], board["waiting"]);
        let for_other = ok(&c, "board", json!({"for": "copilot"})).await;
        assert_eq!(for_other["ready"], json!([]));
        let bad = refused(&c, "board", json!({"for": "Not A Name!"})).await;
        assert_eq!(bad["exit_code"], 1);
        c.cancel().await.expect("close");
    });
}

#[test]
fn a_server_without_an_identity_takes_one_per_call() {
    let env = Env::new();
    runtime().block_on(async {
        let c = connect(&env, None).await;
        let id = ok(&c, "add", json!({"description": "x"})).await["task_id"].clone();
        let no_one = refused(&c, "claim", json!({})).await;
        assert!(
            no_one["message"].as_str().unwrap().contains("agent"),
            "{no_one}"
        );
        let claimed = ok(&c, "claim", json!({"agent": "kimi"})).await;
        assert_eq!(claimed["task_id"], id);
        assert_eq!(claimed["assignee"], "kimi");
        let bad = refused(&c, "status", json!({"agent": "Not A Name!"})).await;
        assert_eq!(bad["exit_code"], 1);
        c.cancel().await.expect("close");
    });
}

#[test]
fn eight_servers_claiming_at_once_never_claim_a_task_twice() {
    let env = Env::new();
    let ids: BTreeSet<String> = (0..24).map(|i| env.add(&[&format!("task {i}")])).collect();
    let won: Vec<String> = runtime().block_on(async {
        let mut clients = Vec::new();
        for i in 0..8 {
            clients.push(std::sync::Arc::new(
                connect(&env, Some(&format!("agent{i}"))).await,
            ));
        }
        let mut set = tokio::task::JoinSet::new();
        for c in &clients {
            let c = c.clone();
            set.spawn(async move { claim_until_empty(&c).await });
        }
        let mut won = Vec::new();
        while let Some(mine) = set.join_next().await {
            won.extend(mine.expect("a claiming task"));
        }
        for c in clients {
            if let Ok(c) = std::sync::Arc::try_unwrap(c) {
                c.cancel().await.expect("close");
            }
        }
        won
    });
    assert_eq!(
        won.len(),
        ids.len(),
        "a task was claimed twice or not at all"
    );
    assert_eq!(won.into_iter().collect::<BTreeSet<_>>(), ids);
    env.fed(&["check"]).assert().success();
}

/// Claims until nothing is left (exit 3); returns the ids won.
async fn claim_until_empty(c: &Client) -> Vec<String> {
    let mut mine = Vec::new();
    loop {
        let r = call(c, "claim", json!({})).await;
        let doc = r.structured_content.expect("structured content");
        if r.is_error == Some(true) {
            assert_eq!(doc["exit_code"], 3, "{doc}");
            return mine;
        }
        mine.push(doc["task_id"].as_str().expect("an id").to_string());
    }
}

#[test]
fn malformed_requests_get_errors_and_the_server_goes_on() {
    let env = Env::new();
    runtime().block_on(async {
        let c = connect(&env, Some("claude")).await;
        // Unknown tool, missing and mistyped arguments, unknown fields: a
        // protocol error or a tool error, either way an error.
        for (tool, args) in [
            ("no_such_tool", object!({})),
            ("add", object!({"title": "no description"})),
            ("claim", object!({"wait_seconds": "soon"})),
            ("show", object!({"id": "x", "bogus": 1})),
            (
                "vote_cast",
                object!({"id": "x", "choice": "a", "confidence": "high"}),
            ),
        ] {
            let params = CallToolRequestParams::new(tool).with_arguments(args);
            let answer = tokio::time::timeout(Duration::from_secs(20), c.call_tool(params))
                .await
                .expect("an answer in time");
            assert!(
                answer.as_ref().map_or(true, |r| r.is_error == Some(true)),
                "{tool}: {answer:?}"
            );
        }
        let e = refused(&c, "add", json!({"description": "  "})).await;
        assert_eq!(e["param"], "description");
        let e = refused(&c, "show", json!({"id": "../../etc/passwd"})).await;
        assert_eq!(e["exit_code"], 1);
        // Still serving.
        ok(&c, "status", json!({})).await;
        c.cancel().await.expect("close");
    });
    // Garbage on the wire: an error answer or silence, never a crash or a hang.
    let mut child = std::process::Command::new(fed_bin())
        .current_dir(env.root())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("FED_AGENT", "claude")
        .arg("mcp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("fed mcp starts");
    let mut stdin = child.stdin.take().unwrap();
    let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#;
    for line in ["{not json", "[]", "{\"jsonrpc\":\"2.0\",\"id\":7}", init] {
        writeln!(stdin, "{line}").unwrap();
    }
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let (mut answered, mut errors) = (false, 0);
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(10)) {
        let doc: Value = serde_json::from_str(&line).expect("the server writes JSON");
        if doc["error"]["code"].is_i64() {
            errors += 1;
        }
        if doc["id"] == 1 && doc["result"]["serverInfo"]["name"] == "fed" {
            answered = true;
            break;
        }
    }
    drop(stdin);
    let status = child.wait().unwrap();
    assert!(
        status.code().is_some(),
        "fed mcp died of a signal: {status:?}"
    );
    assert!(errors >= 1, "no error answer to the garbage");
    assert!(answered, "no answer to initialize after the garbage");
}
