//! Responses onto a connection: a head with Content-Length, then the body
//! a chunk at a time, each chunk within the write timeout.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

use super::timing::{IDLE_TIMEOUT, WRITE_TIMEOUT, is_retry};

/// Bytes a client must take within [`WRITE_TIMEOUT`]: 6.4 KiB/s at least.
const WRITE_CHUNK: usize = 64 * 1024;

pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

pub(crate) enum Body {
    Bytes(Vec<u8>),
    /// A file sent a chunk at a time, so that clients fetching a large
    /// image or video at once hold 64 KiB each, not a copy of it.
    File(File, u64),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File(_, len) => *len,
        }
    }
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Bytes(body.into()),
        }
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// Writes a response; `head_only` (HEAD) leaves out the body but not its
/// length.
pub(super) fn write_response(
    stream: &mut TcpStream,
    response: Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    if keep_alive {
        // Says when an idle connection closes, so a browser does not send
        // a request into one that is closing.
        head.push_str(&format!(
            "Keep-Alive: timeout={}\r\n",
            IDLE_TIMEOUT.as_secs()
        ));
    } else {
        head.push_str("Connection: close\r\n");
    }
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    write_within(stream, head.as_bytes())?;
    match response.body {
        _ if head_only => Ok(()),
        Body::Bytes(bytes) => write_within(stream, &bytes),
        Body::File(file, len) => copy_within(stream, file, len),
    }
}

/// Sends the first `len` bytes of `file`. A file that shrank since its
/// length was sent cannot keep that promise: the connection is ended.
fn copy_within(stream: &mut TcpStream, file: File, len: u64) -> io::Result<()> {
    let mut file = file.take(len);
    let mut chunk = vec![0; WRITE_CHUNK];
    let mut sent = 0;
    while sent < len {
        match file.read(&mut chunk) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                write_within(stream, &chunk[..n])?;
                sent += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes `bytes` a chunk at a time, each within [`WRITE_TIMEOUT`]. The
/// socket's own timeout is per call and restarts after a partial write,
/// which the kernel allows now and then as its buffers grow: alone, it
/// let a client that never read hold a connection for 30 s and more.
fn write_within(stream: &mut TcpStream, bytes: &[u8]) -> io::Result<()> {
    for chunk in bytes.chunks(WRITE_CHUNK) {
        let deadline = Instant::now() + WRITE_TIMEOUT;
        let mut rest = chunk;
        while !rest.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::ErrorKind::TimedOut.into());
            }
            stream.set_write_timeout(Some(left))?;
            match stream.write(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => rest = &rest[n..],
                Err(e) if is_retry(&e) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}
