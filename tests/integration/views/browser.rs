//! The dashboard in a real browser: headless Chromium (Debian's package,
//! which .ci/run installs when missing) driven over the DevTools protocol
//! by a minimal client on a websocket.
//!
//! How this proves a live update: the page is opened once, a marker is
//! set on its `window`, then a task is added from the command line. The
//! test then waits for the new task's title in the board *and* for the
//! marker to still be there: a reload or a new navigation would give the
//! page a fresh `window` without the marker, so seeing both means the
//! script swapped the new board in place, driven by the server-sent event
//! of the change. Injection is checked in the same page: a title that is
//! an `<img onerror>` is shown as its text and never runs.

use super::http::{Server, request};
use crate::common::{Env, stderr};
use serde_json::{Value, json};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

const NOW: &str = "2026-11-20T15:00:00Z";
const TRAP: &str = "<img src=x onerror=\"window.__pwned=1\"> trap";

/// Headless Chromium with a DevTools port, killed when dropped.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    port: u16,
}

impl Browser {
    fn start() -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
            ])
            .args([
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args([
                "--remote-debugging-port=0",
                "--window-size=1200,900",
                "about:blank",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("chromium cannot run ({e}): install it (apt-get install -y chromium)")
            });
        let file = profile.path().join("DevToolsActivePort");
        let start = Instant::now();
        let port = loop {
            if let Some(port) = std::fs::read_to_string(&file)
                .ok()
                .and_then(|t| t.lines().next()?.parse().ok())
            {
                break port;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromium opened no DevTools port"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        Browser {
            child,
            _profile: profile,
            port,
        }
    }

    /// A DevTools session on the browser's page.
    fn page(&self) -> Cdp {
        let addr = format!("127.0.0.1:{}", self.port);
        let start = Instant::now();
        let url = loop {
            let list = request(&addr, "GET", "/json/list", &[], "");
            let targets: Value = serde_json::from_str(&list.body).unwrap_or(Value::Null);
            let page = targets
                .as_array()
                .and_then(|t| t.iter().find(|t| t["type"] == "page").cloned());
            if let Some(url) =
                page.and_then(|p| p["webSocketDebuggerUrl"].as_str().map(str::to_string))
            {
                break url;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no page target: {}",
                list.body
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let (socket, _) = tungstenite::connect(url.as_str()).expect("DevTools websocket");
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_secs(20)))
                .unwrap();
        }
        Cdp { socket, next: 0 }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The DevTools protocol: a command, and its answer (events skipped).
struct Cdp {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
}

impl Cdp {
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let text = json!({"id": id, "method": method, "params": params}).to_string();
        self.socket
            .send(Message::Text(text.into()))
            .expect("send to DevTools");
        loop {
            let message = self.socket.read().expect("read from DevTools");
            let Message::Text(text) = message else {
                continue;
            };
            let value: Value = serde_json::from_str(text.as_str()).unwrap();
            if value["id"] == id {
                assert!(value["error"].is_null(), "{method}: {value}");
                return value["result"].clone();
            }
        }
    }

    /// The value of a JavaScript expression in the page.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        result["result"]["value"].clone()
    }

    /// Waits (at most `limit`) until `expression` is true.
    fn wait_until(&mut self, expression: &str, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if self.eval(expression) == json!(true) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

/// The example federation, copied, with one more task whose title is a trap.
fn example() -> Env {
    let env = Env::empty();
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".federation.example");
    let status = Command::new("cp")
        .arg("-r")
        .arg(&from)
        .arg(env.dir())
        .status()
        .unwrap();
    assert!(status.success());
    let out = env
        .clean(
            NOW,
            &[
                "--agent",
                "reuben",
                "queue",
                "add",
                TRAP,
                "--id",
                "20261120-150000-trap01",
            ],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    env
}

#[test]
fn the_page_renders_the_board_and_follows_changes_without_a_reload() {
    let env = example();
    let server = Server::start(&env, NOW, &[]);
    let browser = Browser::start();
    let mut page = browser.page();
    page.call("Page.navigate", json!({"url": server.url("/")}));
    first_render(&mut page);
    page.eval("window.__fedMarker = 'kept'");
    live_add(&mut page, &env);
    pause_banner(&mut page, &env);
    narrow_window(&mut page);
}

/// The board of the example federation, connected for live updates, with
/// the trap shown as text.
fn first_render(page: &mut Cdp) {
    let connected = "document.querySelector('#live') !== null && document.querySelector('#live').textContent.startsWith('live')";
    assert!(
        page.wait_until(connected, Duration::from_secs(20)),
        "the page never connected its live updates: {}",
        page.eval("document.body ? document.body.innerText : ''")
    );
    let board = page.eval("document.querySelector('#board').innerText");
    for title in [
        "Fix session cookie flags",
        "Session store backed by Redis",
        "Implement OAuth login",
    ] {
        assert!(
            board.as_str().unwrap().contains(title),
            "{title} missing from the board: {board}"
        );
    }
    assert_eq!(page.eval("window.__pwned === undefined"), json!(true));
    assert_eq!(
        page.eval("document.querySelector('#board').textContent.includes('<img src=x onerror=')"),
        json!(true)
    );
    assert_eq!(
        page.eval("document.querySelectorAll('#board img').length"),
        json!(0)
    );
    assert_eq!(
        page.eval("document.querySelector('#paused') === null"),
        json!(true)
    );
}

/// A task added from the command line appears, and the page kept its
/// `window` (its marker): no reload.
fn live_add(page: &mut Cdp, env: &Env) {
    let out = env
        .clean(
            NOW,
            &[
                "--agent",
                "reuben",
                "queue",
                "add",
                "Added while the page is open",
            ],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        page.wait_until(
            "document.querySelector('#board').textContent.includes('Added while the page is open')",
            Duration::from_secs(10)
        ),
        "the new task never appeared on the open page"
    );
    assert_eq!(
        page.eval("window.__fedMarker"),
        json!("kept"),
        "the page was reloaded"
    );
}

/// A pause shows its banner the same way, its reason as text.
fn pause_banner(page: &mut Cdp, env: &Env) {
    let out = env
        .clean(
            NOW,
            &["--agent", "reuben", "pause", "--reason", "<i>lunch</i>"],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        page.wait_until(
            "document.querySelector('#paused') !== null",
            Duration::from_secs(10)
        ),
        "no paused banner"
    );
    assert_eq!(
        page.eval("document.querySelector('#paused').textContent.includes('<i>lunch</i>')"),
        json!(true)
    );
    assert_eq!(page.eval("window.__fedMarker"), json!("kept"));
}

/// In a narrow window nothing scrolls sideways but the graph's own box.
fn narrow_window(page: &mut Cdp) {
    let metrics = json!({"width": 380, "height": 800, "deviceScaleFactor": 1, "mobile": true});
    page.call("Emulation.setDeviceMetricsOverride", metrics);
    std::thread::sleep(Duration::from_millis(300));
    let width = page.eval("document.documentElement.scrollWidth");
    assert!(
        width.as_i64().unwrap() <= 380,
        "the page is {width} wide in a 380 window"
    );
}
