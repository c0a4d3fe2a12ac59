//! The one way tests start the real `mekong` binary. Every run has a
//! deadline (a hang is a failure, never a stuck test run); a long-running
//! command (`watch`, `serve`) is a `Running` whose stdout and stderr can be
//! read while it runs, waited on until they say something (bounded), and
//! which is killed when the test ends, however it ends.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a run may take before it counts as a hang: no test run needs
/// more than a few seconds, the 10,000-page cases about 12 s on two busy
/// cores.
pub const DEADLINE: Duration = Duration::from_secs(60);
/// How long a running command may take to say what a test waits for. A
/// passing test never waits this long; it is long because a `watch` whose
/// first build encodes images (unoptimised, in a debug build) took over 15 s
/// on two cores shared with other builds, and failed a test that was right.
pub const PATIENCE: Duration = Duration::from_secs(45);
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

/// `mekong <args>`, to be run once or started: no colour, no
/// SOURCE_DATE_EPOCH from the test's own environment, nothing on stdin.
pub struct Mekong {
    command: Command,
    deadline: Duration,
}

impl Mekong {
    pub fn new<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Mekong {
        let mut command = Command::new(env!("CARGO_BIN_EXE_mekong"));
        command
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        Mekong {
            command,
            deadline: DEADLINE,
        }
    }

    /// mekong started through another program (`script`, for a
    /// terminal), which `command` runs: the same deadline and capture.
    /// Its stdin and environment are left as `command` has them.
    pub fn through(mut command: Command) -> Mekong {
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        Mekong {
            command,
            deadline: DEADLINE,
        }
    }

    pub fn env(mut self, key: &str, value: &str) -> Mekong {
        self.command.env(key, value);
        self
    }

    /// For what the builder does not say (a user id, say).
    pub fn command(&mut self) -> &mut Command {
        &mut self.command
    }

    /// A deadline other than `DEADLINE`.
    pub fn deadline(mut self, deadline: Duration) -> Mekong {
        self.deadline = deadline;
        self
    }

    /// Runs to the end; fails the test (after killing it) when it outlives
    /// its deadline, or when it panics.
    #[track_caller]
    pub fn run(self) -> Run {
        let deadline = self.deadline;
        let mut running = self.start();
        let run = running.finish(deadline);
        assert!(
            !run.stderr().contains("panicked") && run.output.status.code().is_some(),
            "mekong crashed:\n{}",
            run.stderr()
        );
        run
    }

    /// Starts it in the background.
    pub fn start(mut self) -> Running {
        let mut child = self.command.spawn().expect("start mekong");
        let stdout = Stream::default();
        let stderr = Stream::default();
        let readers = [
            stdout.drain(child.stdout.take()),
            stderr.drain(child.stderr.take()),
        ];
        Running {
            child: Mutex::new(child),
            stdout,
            stderr,
            readers: readers.into_iter().flatten().collect(),
        }
    }
}

/// `mekong <args>` run to the end (within `DEADLINE`).
#[track_caller]
pub fn mekong(args: &[&str]) -> Run {
    Mekong::new(args).run()
}

/// What a finished run said, and how it ended.
pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    /// Stderr with the temp dir path replaced by `<site>`, for snapshots.
    pub fn stderr_in(&self, site: &super::Site) -> String {
        self.stderr()
            .replace(site.root().to_str().unwrap_or(""), "<site>")
    }
    #[track_caller]
    pub fn assert_ok(&self) -> &Run {
        assert_eq!(
            self.code(),
            0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    #[track_caller]
    pub fn assert_fails(&self) -> &Run {
        assert_eq!(
            self.code(),
            1,
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        assert!(
            !self.stderr().contains("panicked"),
            "panic: {}",
            self.stderr()
        );
        self
    }
}

/// Text from a pipe, growing while the process runs.
#[derive(Clone, Default)]
struct Stream(Arc<Mutex<Vec<u8>>>);

impl Stream {
    fn drain(&self, pipe: Option<impl Read + Send + 'static>) -> Option<JoinHandle<()>> {
        let (mut pipe, bytes) = (pipe?, Arc::clone(&self.0));
        Some(std::thread::spawn(move || {
            let mut buffer = [0; 8192];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                bytes.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        }))
    }

    fn bytes(&self) -> Vec<u8> {
        self.0.lock().unwrap().clone()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }
}

/// `mekong` running in the background; killed when dropped.
pub struct Running {
    /// Behind a lock so that waiting on output (`&self`) can ask whether
    /// the process has ended.
    child: Mutex<Child>,
    stdout: Stream,
    stderr: Stream,
    readers: Vec<JoinHandle<()>>,
}

/// Which of a running command's outputs a test waits on.
#[derive(Debug, Clone, Copy)]
pub enum Pipe {
    Stdout,
    Stderr,
}

impl Running {
    /// `mekong watch --root <site> --today … <args>`, once it is watching.
    #[track_caller]
    pub fn watch(root: &Path, args: &[&str]) -> Running {
        let root = root.to_str().expect("UTF-8 path");
        let mut all = vec!["watch", "--root", root, "--today", super::TODAY];
        all.extend(args);
        let running = Mekong::new(&all).start();
        running.line_with("watching ");
        running
    }

    /// The process id, to read its memory and threads in /proc.
    pub fn pid(&self) -> u32 {
        self.child.lock().unwrap().id()
    }

    /// Stdout so far, line by line (the last one perhaps unfinished).
    pub fn stdout_lines(&self) -> Vec<String> {
        self.stdout().lines().map(str::to_string).collect()
    }

    pub fn stdout(&self) -> String {
        self.stdout.text()
    }

    pub fn stderr(&self) -> String {
        self.stderr.text()
    }

    /// The first stdout line containing `text`, waiting for it.
    #[track_caller]
    pub fn line_with(&self, text: &str) -> String {
        self.line_with_after(0, text)
    }

    /// The first stdout line after the first `skip` lines containing `text`.
    #[track_caller]
    pub fn line_with_after(&self, skip: usize, text: &str) -> String {
        self.wait(Pipe::Stdout, &format!("a line with {text:?}"), |out| {
            out.lines()
                .skip(skip)
                .find(|l| l.contains(text))
                .map(str::to_string)
        })
    }

    /// All of `pipe` so far, once it contains `text`: output that comes
    /// with or after a stdout line may not be there yet when the line is.
    #[track_caller]
    pub fn wait_for(&self, pipe: Pipe, text: &str) -> String {
        self.wait(pipe, &format!("{text:?} on {pipe:?}"), |all| {
            all.contains(text).then(|| all.to_string())
        })
    }

    /// Waits (up to `PATIENCE`) until `look` finds something in `pipe`;
    /// fails the test if mekong exits first.
    #[track_caller]
    pub fn wait<T>(&self, pipe: Pipe, what: &str, look: impl Fn(&str) -> Option<T>) -> T {
        let stream = match pipe {
            Pipe::Stdout => &self.stdout,
            Pipe::Stderr => &self.stderr,
        };
        let start = Instant::now();
        loop {
            // Looked at before the exit check, so output printed just
            // before exiting still counts.
            if let Some(found) = look(&stream.text()) {
                return found;
            }
            if self.exited() {
                // Whatever was still in the pipe is read by now.
                std::thread::sleep(POLL);
                if let Some(found) = look(&stream.text()) {
                    return found;
                }
                panic!(
                    "mekong exited before {what}\nstdout:\n{}\nstderr:\n{}",
                    self.stdout(),
                    self.stderr()
                );
            }
            assert!(
                start.elapsed() < PATIENCE,
                "gave up waiting for {what}\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }

    fn exited(&self) -> bool {
        let mut child = self.child.lock().unwrap();
        !matches!(child.try_wait(), Ok(None))
    }

    /// Ctrl-C, then the exit status (within `PATIENCE`).
    #[track_caller]
    pub fn interrupt(&mut self) -> ExitStatus {
        self.signal("INT");
        let status = self.wait_exit(PATIENCE, "stop on Ctrl-C");
        // Its last words ("stopped") are read before anyone looks.
        self.join_readers();
        status
    }

    /// Sends `kill -<name>` (INT, TERM, …).
    #[track_caller]
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([format!("-{name}"), self.pid().to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// SIGKILL, and waits for the end.
    pub fn kill(&mut self) {
        if let Ok(child) = self.child.get_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Waits for the end and returns everything it said; kills it and
    /// fails the test after `deadline`.
    #[track_caller]
    pub fn finish(&mut self, deadline: Duration) -> Run {
        let status = self.wait_exit(deadline, "finish: a hang");
        self.join_readers();
        Run {
            output: Output {
                status,
                stdout: self.stdout.bytes(),
                stderr: self.stderr.bytes(),
            },
        }
    }

    /// Waits until both pipes are read to their end.
    fn join_readers(&mut self) {
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
    }

    #[track_caller]
    fn wait_exit(&mut self, limit: Duration, what: &str) -> ExitStatus {
        let start = Instant::now();
        loop {
            let ended = self.child.get_mut().unwrap().try_wait().expect("wait");
            if let Some(status) = ended {
                return status;
            }
            if start.elapsed() > limit {
                self.kill();
                panic!(
                    "mekong did not {what} within {limit:?}\nstdout:\n{}\nstderr:\n{}",
                    self.stdout(),
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}
