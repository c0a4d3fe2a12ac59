//! How long the server waits on a client, and which socket errors mean
//! "try again". A leaf: the connection loop, the head reader and the
//! response writer all read it, so none of them imports another for it.

use std::io;
use std::time::Duration;

/// How long a connection may wait before a request starts (Apache's
/// keep-alive default); browsers open a new connection when needed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a request head may take from its first byte to its last.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to accept 64 KiB of a response before it is
/// given up (one that never reads is dropped once the socket buffers fill).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A read or write that timed out or was interrupted: the caller checks
/// its own deadline and tries again.
pub(super) fn is_retry(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
