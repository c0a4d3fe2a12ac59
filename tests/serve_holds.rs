//! `mekong serve` under abuse (issue 14): the real binary, real sockets on
//! 127.0.0.1, clients that pipeline and never read, send huge or slow
//! heads, or open connections and say nothing. Every loop here is bounded
//! in count and in time. The limits asserted are the server's own
//! constants, which docs/watch-serve.md states.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::Site;
use common::{Events, Running, eventually, get, serve};
use mekong::serve::conn::{HEAD_TIMEOUT, IDLE_TIMEOUT, MAX_CONNECTIONS, WRITE_TIMEOUT};
use mekong::serve::head::MAX_HEAD;
use mekong::serve::reload::MAX_LISTENERS;

/// What a request under attack may take.
const PROMPT: Duration = Duration::from_secs(1);

fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(common::PATIENCE))
        .expect("timeout");
    stream
        .set_write_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    stream
}

/// A GET that must be answered 200 within `PROMPT`.
#[track_caller]
fn prompt_get(addr: &str, target: &str) -> Duration {
    let start = Instant::now();
    let response = get(addr, target);
    let took = start.elapsed();
    assert_eq!(response.status, 200, "{target}");
    assert!(took < PROMPT, "{target} took {took:?} under attack");
    took
}

/// A line of /proc/PID/status, as a number ("VmRSS" in KiB, "Threads").
fn proc_status(serve: &Running, key: &str) -> u64 {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", serve.pid())).expect("/proc/PID/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {key} in /proc/PID/status"))
}

fn rss_mb(serve: &Running) -> u64 {
    proc_status(serve, "VmRSS") / 1024
}

/// Reads until the server closes: the bytes, and whether it did close
/// (end of stream or reset) rather than time out.
fn read_until_closed(stream: &mut TcpStream) -> (Vec<u8>, bool) {
    let mut got = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let start = Instant::now();
    while start.elapsed() < common::PATIENCE {
        match stream.read(&mut chunk) {
            Ok(0) => return (got, true),
            Ok(n) => got.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return (got, e.kind() == ErrorKind::ConnectionReset),
        }
    }
    (got, false)
}

/// Waits for the server to close `stream` without reading its data:
/// peeking sees end of stream or a reset once it has.
fn closed_within(stream: &TcpStream, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let mut byte = [0u8; 1];
    while start.elapsed() < limit {
        match stream.peek(&mut byte) {
            Ok(0) => return Some(start.elapsed()),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return Some(start.elapsed()),
            // Data or nothing yet: the connection is open.
            Ok(_) | Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    None
}

/// A site with a 4 MiB file, larger than a socket's buffers on loopback.
fn site_with_a_big_file() -> Site {
    let site = Site::fixture("basic");
    site.write_bytes("static/big.bin", &vec![b'x'; 4 << 20]);
    site
}

#[test]
fn eight_connections_that_pipeline_and_never_read_do_not_stall_others() {
    let site = site_with_a_big_file();
    let (serve, addr) = serve(site.root(), &[]);
    // Counted before any connection: a connection's thread may still be
    // ending after its client has read the reply.
    let idle_threads = proc_status(&serve, "Threads");
    let big = get(&addr, "/big.bin");
    assert_eq!((big.status, big.body.len()), (200, 4 << 20));
    eventually("the first connection's thread to end", || {
        (proc_status(&serve, "Threads") <= idle_threads).then_some(())
    });
    let idle_rss = rss_mb(&serve);
    let pipelined = "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n".repeat(50);
    let attackers: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut stream = connect(&addr);
            // 50 requests fit in the socket buffers; a timeout is no matter.
            let _ = stream.write_all(pipelined.as_bytes());
            stream
        })
        .collect();
    // Each attacker's thread is stuck writing by now.
    eventually("the attackers' threads", || {
        (proc_status(&serve, "Threads") >= idle_threads + 8).then_some(())
    });
    let took = [
        prompt_get(&addr, "/"),
        prompt_get(&addr, "/guides/top-up/"),
        prompt_get(&addr, "/big.bin"),
    ];
    // Files are sent from disk a chunk at a time, not copied per client.
    let rss = rss_mb(&serve);
    eprintln!("under attack by 8 pipelining connections: {took:?}, RSS {idle_rss} → {rss} MB");
    assert!(rss <= idle_rss + 60, "RSS grew from {idle_rss} to {rss} MB");
    // A write that makes no progress times out: each attacker is dropped
    // and its thread ends, though none of them ever reads.
    let limit = WRITE_TIMEOUT + common::PATIENCE;
    let start = Instant::now();
    while proc_status(&serve, "Threads") > idle_threads {
        assert!(start.elapsed() < limit, "never-reading clients were kept");
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("never-reading clients dropped after {:?}", start.elapsed());
    drop(attackers);
}

#[test]
fn a_request_head_over_64_kib_gets_431_and_the_connection_is_closed() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    // Just under the cap is fine.
    let fits = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(MAX_HEAD - 100)
    );
    let mut stream = connect(&addr);
    stream.write_all(fits.as_bytes()).unwrap();
    let (got, closed) = read_until_closed(&mut stream);
    assert!(closed);
    assert!(got.starts_with(b"HTTP/1.1 200 OK\r\n"));

    let over = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(MAX_HEAD + 4096)
    );
    let mut stream = connect(&addr);
    stream.write_all(over.as_bytes()).unwrap();
    let (got, closed) = read_until_closed(&mut stream);
    let text = String::from_utf8_lossy(&got);
    assert!(
        text.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
        "{text}"
    );
    assert!(text.contains("Connection: close\r\n"));
    assert!(closed, "the connection stays open after 431");

    // Too many header fields, each small, are refused the same way.
    let many: String = (0..200).map(|i| format!("X-{i}: y\r\n")).collect();
    let mut stream = connect(&addr);
    write!(stream, "GET / HTTP/1.1\r\n{many}\r\n").unwrap();
    let (got, closed) = read_until_closed(&mut stream);
    assert!(got.starts_with(b"HTTP/1.1 431 "));
    assert!(closed);
}

#[test]
fn a_200_mb_request_header_leaves_memory_where_it_was() {
    let site = Site::fixture("basic");
    let (serve, addr) = serve(site.root(), &[]);
    assert_eq!(get(&addr, "/").status, 200);
    let idle = rss_mb(&serve);
    let mut stream = connect(&addr);
    let mut sent = stream.write(b"GET / HTTP/1.1\r\nX-Huge: ").unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut peak = idle;
    let start = Instant::now();
    // Until 200 MB are sent or the server closes; 30 s at most.
    while sent < 200 << 20 && start.elapsed() < Duration::from_secs(30) {
        match stream.write(&chunk) {
            Ok(n) if n > 0 => sent += n,
            _ => break,
        }
        if sent % (8 << 20) < chunk.len() {
            peak = peak.max(rss_mb(&serve));
        }
    }
    drop(stream);
    let after = eventually("memory back near its idle size", || {
        let rss = rss_mb(&serve);
        (rss <= idle + 60).then_some(rss)
    });
    eprintln!(
        "200 MB header: {} MB sent before the server closed; RSS idle {idle} MB, peak {peak} MB, after {after} MB",
        sent >> 20
    );
    assert!(peak <= idle + 60, "RSS grew from {idle} to {peak} MB");
    assert_eq!(get(&addr, "/").status, 200);
}

/// Reads a response head (a HEAD request's whole response).
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 4096 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

#[test]
fn idle_connections_are_closed_after_the_idle_timeout() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    let start = Instant::now();
    // One says nothing at all; one is kept alive after a request.
    let silent = connect(&addr);
    let mut kept = connect(&addr);
    write!(kept, "HEAD /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let head = read_head(&mut kept);
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    let keep_alive = format!("Keep-Alive: timeout={}\r\n", IDLE_TIMEOUT.as_secs());
    assert!(head.contains(&keep_alive), "{head}");
    let limit = IDLE_TIMEOUT + Duration::from_secs(3);
    for stream in [&silent, &kept] {
        assert!(
            closed_within(stream, limit).is_some(),
            "an idle connection was kept"
        );
    }
    let took = start.elapsed();
    assert!(
        took >= IDLE_TIMEOUT - Duration::from_millis(500),
        "{took:?}"
    );
    eprintln!("idle connections closed after {took:?}");
}

#[test]
fn a_request_head_sent_slowly_times_out_with_408() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    let mut stream = connect(&addr);
    let start = Instant::now();
    stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    // A header byte every 500 ms and never the blank line, until the
    // server answers (slowloris).
    let limit = HEAD_TIMEOUT + Duration::from_secs(3);
    let mut byte = [0u8; 1];
    stream.set_nonblocking(true).unwrap();
    while start.elapsed() < limit {
        match stream.peek(&mut byte) {
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            _ => break,
        }
        if stream.write_all(b"X").is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    stream.set_nonblocking(false).unwrap();
    let took = start.elapsed();
    assert!(took >= HEAD_TIMEOUT - Duration::from_secs(1), "{took:?}");
    assert!(took < limit, "a slow head was waited for {took:?}");
    let (got, closed) = read_until_closed(&mut stream);
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 408 "), "{text}");
    assert!(closed);
}

#[test]
fn many_open_live_reload_streams_do_not_starve_requests() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    // More than the hub keeps, and more than the connection cap.
    let streams: Vec<Events> = (0..MAX_LISTENERS + MAX_CONNECTIONS / 2)
        .map(|_| Events::open(&addr))
        .collect();
    let took = [prompt_get(&addr, "/"), prompt_get(&addr, "/guides/top-up/")];
    eprintln!("with {} live-reload streams open: {took:?}", streams.len());
    // The newest streams still get reloads.
    let mut newest = streams.into_iter().last().expect("a stream");
    site.edit("content/guides/top-up.md", "第二段。", "第二段：还在。");
    assert!(newest.until("reload").contains("guides/top-up/index.html"));
}

#[test]
fn past_the_connection_cap_a_new_connection_gets_503_until_one_frees() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    let held: Vec<TcpStream> = (0..MAX_CONNECTIONS).map(|_| connect(&addr)).collect();
    let refused = eventually("a 503", || {
        let response = get(&addr, "/");
        (response.status == 503).then_some(response)
    });
    assert_eq!(refused.header("Retry-After"), Some("1"));
    drop(held);
    eventually("a 200 once connections close", || {
        (get(&addr, "/").status == 200).then_some(())
    });
}

#[test]
fn a_request_with_a_body_is_answered_and_its_connection_closed() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    // The body is never read: it cannot be taken for a next request, and
    // it does not reset the connection before the 405 is read.
    let body = "GET /smuggled HTTP/1.1\r\n\r\n".repeat(4000);
    let mut stream = connect(&addr);
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let (got, closed) = read_until_closed(&mut stream);
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 405 "), "{text}");
    assert_eq!(text.matches("HTTP/1.1 ").count(), 1, "{text}");
    assert!(closed);
}
