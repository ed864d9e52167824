//! A running `fed serve` and a minimal HTTP/1.1 client over a plain TCP
//! stream (requests to 127.0.0.1 only, each bounded in time).

use crate::common::Env;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// `fed serve --port 0 ARGS`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    pub token: Option<String>,
}

impl Server {
    pub fn start(env: &Env, now: &str, args: &[&str]) -> Server {
        let mut all = vec!["--agent", "reuben", "serve", "--port", "0"];
        all.extend_from_slice(args);
        let mut child = env
            .clean(now, &all)
            // Only notifications can wake it within a test's seconds.
            .env("FED_RECHECK_SECS", "600")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("fed serve starts");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut url = String::new();
        out.read_line(&mut url)
            .expect("fed serve prints its address");
        let addr = url
            .trim()
            .strip_prefix("http://")
            .and_then(|a| a.strip_suffix('/'))
            .unwrap_or_else(|| panic!("not an address: {url:?}"))
            .to_string();
        let token = if all.contains(&"--allow-actions") {
            let mut line = String::new();
            out.read_line(&mut line).unwrap();
            Some(
                line.trim()
                    .strip_prefix("token: ")
                    .expect("a token line")
                    .to_string(),
            )
        } else {
            None
        };
        Server { child, addr, token }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn get(&self, path: &str) -> Reply {
        request(&self.addr, "GET", path, &[], "")
    }

    /// POSTs a form with `headers`.
    pub fn post(&self, path: &str, headers: &[(&str, &str)], form: &str) -> Reply {
        let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
        all.extend_from_slice(headers);
        request(&self.addr, "POST", path, &all, form)
    }

    /// Whether the process still runs.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

pub fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect to fed serve");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// One request with `Connection: close`; the whole answer.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    raw(addr, &build(addr, method, path, headers, body))
}

pub fn build(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    text
}

/// Sends `text` as it is; the whole answer.
pub fn raw(addr: &str, text: &str) -> Reply {
    let mut stream = connect(addr);
    stream.write_all(text.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let answer = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// An open `/events` stream.
pub struct Events {
    stream: TcpStream,
    pub text: String,
}

impl Events {
    pub fn open(addr: &str) -> Events {
        let mut stream = connect(addr);
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        stream
            .write_all(build(addr, "GET", "/events", &[], "").as_bytes())
            .unwrap();
        Events {
            stream,
            text: String::new(),
        }
    }

    /// Reads until `needle` has appeared `count` times or `limit` passed;
    /// whether it did.
    pub fn wait_for(&mut self, needle: &str, count: usize, limit: Duration) -> bool {
        let start = Instant::now();
        let mut buf = [0u8; 4096];
        while self.text.matches(needle).count() < count {
            if start.elapsed() > limit {
                return false;
            }
            match self.stream.read(&mut buf) {
                Ok(0) => return false,
                Ok(n) => self.text.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
        true
    }

    /// Reads whatever comes for `time`.
    pub fn drain(&mut self, time: Duration) {
        let start = Instant::now();
        let mut buf = [0u8; 4096];
        while start.elapsed() < time {
            if let Ok(n) = self.stream.read(&mut buf) {
                if n == 0 {
                    return;
                }
                self.text.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
    }
}
