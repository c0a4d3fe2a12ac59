//! The HTTP/1.1 front: one listener thread, one thread per connection, and
//! a bound on everything a client can make the server hold: bytes of a
//! request head, time, threads.
//!
//! Why not tiny_http, which served until issue 14: it reads request heads
//! without a limit (one 200 MB header grew serve by 400 MB for good) and
//! answers on four worker threads, which four clients that pipeline
//! requests and never read hold until they close; it has no timeouts to
//! set. hyper bounds head size, but would bring tokio's network and timer
//! drivers and hyper-util, still without a write timeout, for a server that
//! talks to a browser on the same machine. A thread per connection with
//! socket timeouts and a cap is a page of code; the parsing, where the
//! subtle bugs live, is httparse's (hyper's own parser, no dependencies).
//!
//! The limits, stated in docs/watch-serve.md:
//! - a request head (request line and headers) over
//!   [`MAX_HEAD`](super::head::MAX_HEAD) bytes or
//!   [`MAX_HEADERS`](super::head::MAX_HEADERS) headers gets 431 and the
//!   connection is closed (`head` reads heads, `response` writes answers);
//! - a connection waits [`IDLE_TIMEOUT`] for a request to start, then has
//!   [`HEAD_TIMEOUT`] for its head to arrive whole (408 after that);
//! - a client that does not take 64 KiB of a response within
//!   [`WRITE_TIMEOUT`] (one that never reads) is dropped;
//! - past [`MAX_CONNECTIONS`] open connections a new one gets 503 (on a
//!   thread of its own for at most a second, as many again at most; past
//!   that it is closed unanswered).
//!
//! Request bodies are never read: a request with one is answered and its
//! connection closed, so what it sent cannot be taken for a next request.

use std::io::Read;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::head::{Heads, READ_CHUNK, Request};
use super::response::{Response, write_response};
pub use super::timing::{HEAD_TIMEOUT, IDLE_TIMEOUT, WRITE_TIMEOUT};

/// Connections served at once; each holds a thread. Live-reload streams
/// are not counted: they leave for the reload hub once started.
pub const MAX_CONNECTIONS: usize = 128;

/// After a refused head: what is still read and thrown away, so that the
/// client can see the refusal before the connection closes. Closing with
/// unread bytes would reset it and lose the answer.
const LINGER_BYTES: usize = 1 << 20;
const LINGER_TIME: Duration = Duration::from_secs(1);
/// A connection's thread only routes and copies a response: a small stack
/// keeps 128 of them cheap.
const STACK_SIZE: usize = 256 * 1024;

/// What the handler makes of a request.
pub(crate) enum Answer {
    Respond(Response),
    /// The connection is handed over (a live-reload stream) with its write
    /// timeout set; it stops counting against [`MAX_CONNECTIONS`].
    TakeOver(Box<dyn FnOnce(TcpStream) + Send>),
}

pub(crate) type Handler = Arc<dyn Fn(&Request) -> Answer + Send + Sync>;

/// Accepts connections until the process ends, each on its own thread.
pub(crate) fn accept(listener: &TcpListener, handler: &Handler) {
    let open = Arc::new(AtomicUsize::new(0));
    let refusing = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, mostly: let some close rather than spin.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if let Some(slot) = Slot::take(&open, MAX_CONNECTIONS) {
            let handler = Arc::clone(handler);
            spawn(move || {
                let _slot = slot;
                serve(stream, handler.as_ref());
            });
        } else if let Some(slot) = Slot::take(&refusing, MAX_CONNECTIONS) {
            // Its own thread, as it lingers; past this many, just closed.
            spawn(move || {
                let _slot = slot;
                refuse_busy(stream);
            });
        }
    }
}

/// A thread that cannot start drops its closure, and so closes its
/// connection and frees its slot.
fn spawn(work: impl FnOnce() + Send + 'static) {
    let _ = std::thread::Builder::new()
        .name("mekong-http".into())
        .stack_size(STACK_SIZE)
        .spawn(work);
}

/// One counted connection; freed when its thread ends.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        if count.fetch_add(1, Ordering::SeqCst) < max {
            Some(Slot(Arc::clone(count)))
        } else {
            count.fetch_sub(1, Ordering::SeqCst);
            None
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// 503 without reading the request, then a linger so that it is seen.
fn refuse_busy(mut stream: TcpStream) {
    let response =
        Response::new(503, "too many connections; try again\n").header("Retry-After", "1");
    if write_response(&mut stream, response, false, false).is_ok() {
        linger(stream);
    }
}

/// Answers the requests of one connection, in order, until it closes,
/// goes idle, breaks a limit or is taken over.
fn serve(mut stream: TcpStream, handler: &(dyn Fn(&Request) -> Answer + Send + Sync)) {
    if stream.set_nodelay(true).is_err() {
        return;
    }
    let mut heads = Heads::default();
    loop {
        let request = match heads.next(&mut stream) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(refusal) => {
                let _ = write_response(&mut stream, refusal.response(), false, false);
                linger(stream);
                return;
            }
        };
        match handler(&request) {
            Answer::Respond(response) => {
                let head_only = request.method == "HEAD";
                let written = write_response(&mut stream, response, head_only, request.keep_alive);
                if written.is_err() {
                    return;
                }
                if !request.keep_alive {
                    // A body left unread would otherwise reset the
                    // connection and lose the answer (a 405 to a POST).
                    return linger(stream);
                }
            }
            Answer::TakeOver(take) => {
                if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_ok() {
                    take(stream);
                }
                return;
            }
        }
    }
}

/// Closes our side, then reads and drops what the client still sends for
/// a moment, so the refusal reaches it instead of a reset.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER_TIME;
    let mut sink = [0u8; READ_CHUNK];
    let mut drained = 0;
    while drained < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}
