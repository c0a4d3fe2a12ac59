//! A test hook, and nothing else: see `Failpoint`.

/// A test hook: `MEKONG_FAILPOINT=stage` or `=move` makes a build stop
/// halfway through staging or moving (it prints `failpoint <name>` to
/// stderr and sleeps), so that tests can kill it there with SIGKILL.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failpoint {
    None,
    Stage,
    Move,
}

impl Failpoint {
    pub(crate) fn from_env() -> Failpoint {
        match std::env::var("MEKONG_FAILPOINT").as_deref() {
            Ok("stage") => Failpoint::Stage,
            Ok("move") => Failpoint::Move,
            _ => Failpoint::None,
        }
    }

    #[expect(
        clippy::print_stderr,
        reason = "a test hook: the test waits for this line before it kills the build"
    )]
    pub(crate) fn reached(self, here: Failpoint) {
        if self == here && here != Failpoint::None {
            eprintln!(
                "failpoint {}",
                if here == Failpoint::Stage {
                    "stage"
                } else {
                    "move"
                }
            );
            loop {
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
        }
    }
}
