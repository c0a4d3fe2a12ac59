//! A test hook, and nothing else: see `Failpoint`.

/// A test hook: `MEKONG_FAILPOINT=stage`, `=move` or `=folders` makes a
/// build stop halfway through staging, moving, or making a streamed
/// write's new folders (it prints `failpoint <name>` to stderr and
/// sleeps), so that tests can kill it there with SIGKILL.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failpoint {
    None,
    Stage,
    Move,
    Folders,
}

impl Failpoint {
    pub(crate) fn from_env() -> Failpoint {
        match std::env::var("MEKONG_FAILPOINT").as_deref() {
            Ok("stage") => Failpoint::Stage,
            Ok("move") => Failpoint::Move,
            Ok("folders") => Failpoint::Folders,
            _ => Failpoint::None,
        }
    }

    #[expect(
        clippy::print_stderr,
        reason = "a test hook: the test waits for this line before it kills the build"
    )]
    pub(crate) fn reached(self, here: Failpoint) {
        if self == here && here != Failpoint::None {
            let name = match here {
                Failpoint::Stage => "stage",
                Failpoint::Move => "move",
                _ => "folders",
            };
            eprintln!("failpoint {name}");
            loop {
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
        }
    }
}
