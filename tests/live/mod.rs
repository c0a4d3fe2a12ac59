//! Helpers for tests of the long-running commands (`watch`, `serve`): the
//! real binary as a child process that is killed when the test ends, a
//! bounded poll instead of fixed sleeps, and a raw HTTP client that sends
//! request paths exactly as written.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take before a test gives up.
pub const PATIENCE: Duration = Duration::from_secs(15);
/// How often a condition is looked at.
pub const POLL: Duration = Duration::from_millis(20);

/// Polls `look` every 20 ms until it returns `Some`, for up to 15 s.
#[track_caller]
pub fn eventually<T>(what: &str, mut look: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = look() {
            return value;
        }
        assert!(start.elapsed() < PATIENCE, "gave up waiting for {what}");
        std::thread::sleep(POLL);
    }
}

/// `mekong <args>` running in the background; killed when dropped.
pub struct Running {
    child: Mutex<Child>,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    pub fn start(args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mekong"))
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mekong");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (out, lines) = (child.stdout.take().expect("stdout"), Arc::clone(&stdout));
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        let (err, text) = (child.stderr.take().expect("stderr"), Arc::clone(&stderr));
        std::thread::spawn(move || {
            let mut reader = BufReader::new(err);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                text.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Running {
            child: Mutex::new(child),
            stdout,
            stderr,
        }
    }

    /// `mekong watch --root <site> --today … <args>`, once it is watching.
    pub fn watch(root: &Path, args: &[&str]) -> Running {
        let root = root.to_str().expect("UTF-8 path");
        let mut all = vec!["watch", "--root", root, "--today", "2026-11-26"];
        all.extend(args);
        let running = Running::start(&all);
        running.line_with("watching ");
        running
    }

    /// The process id, to read its memory and threads in /proc.
    pub fn pid(&self) -> u32 {
        self.child.lock().unwrap().id()
    }

    pub fn stdout_lines(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The first stdout line containing `text`, waiting for it.
    #[track_caller]
    pub fn line_with(&self, text: &str) -> String {
        self.line_with_after(0, text)
    }

    /// The first stdout line after the first `skip` lines containing `text`.
    #[track_caller]
    pub fn line_with_after(&self, skip: usize, text: &str) -> String {
        eventually(&format!("a line with {text:?}"), || {
            if let Ok(Some(status)) = self.child.lock().unwrap().try_wait() {
                panic!(
                    "mekong exited ({status}) before printing {text:?}\nstdout:\n{}\nstderr:\n{}",
                    self.stdout_lines().join("\n"),
                    self.stderr()
                );
            }
            self.stdout_lines()
                .into_iter()
                .skip(skip)
                .find(|l| l.contains(text))
        })
    }

    /// Ctrl-C, then the exit status.
    pub fn interrupt(&mut self) -> ExitStatus {
        let child = self.child.get_mut().unwrap();
        let status = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill -INT");
        assert!(status.success());
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            assert!(start.elapsed() < PATIENCE, "mekong did not stop on Ctrl-C");
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(child) = self.child.get_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `mekong serve --root <site> --today … --port 0 <args>`, once it
/// serves; returns it with its address ("127.0.0.1:PORT").
pub fn serve(root: &Path, args: &[&str]) -> (Running, String) {
    let root = root.to_str().expect("UTF-8 path");
    let mut all = vec![
        "serve",
        "--root",
        root,
        "--today",
        "2026-11-26",
        "--port",
        "0",
    ];
    all.extend(args);
    let running = Running::start(&all);
    let line = running.line_with("serving http://");
    let url = line.split_whitespace().nth(1).expect("serving URL");
    let addr = url.trim_start_matches("http://").split('/').next();
    (running, addr.expect("an address").to_string())
}

/// An HTTP response as a browser would see it.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `METHOD target` to `addr` ("127.0.0.1:1234") with the target
/// exactly as given, and reads the whole response.
pub fn request(addr: &str, method: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    }
}

pub fn get(addr: &str, target: &str) -> Response {
    request(addr, "GET", target)
}

/// An open live-reload event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        write!(
            stream,
            "GET /__mekong/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let hello = events.next();
        assert_eq!(hello.0, "hello");
        events
    }

    /// The next event: (name, data). Fails the test after 15 s.
    pub fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data = v.to_string();
            } else if line.is_empty() && !name.is_empty() {
                return (name, data);
            }
        }
    }

    /// Skips events until one named `name`.
    pub fn until(&mut self, name: &str) -> String {
        loop {
            let (n, data) = self.next();
            if n == name {
                return data;
            }
        }
    }
}
