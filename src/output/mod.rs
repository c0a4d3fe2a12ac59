//! Rendered files → the output directory, all or nothing. Only files whose
//! bytes changed are written; each is staged beside its destination and
//! all are moved into place only when every stage succeeded; a manifest
//! lists what mekong wrote, and only those files are ever removed;
//! nothing is written outside the output directory, whatever a path or
//! symlink says.
//!
//! `claims` checks that every output path has one source,
//! `guard` decides where a build may write, `manifest` remembers what it
//! wrote, `write` plans a write, `journal`, `commit` and `moves` carry it
//! out so that a kill at any point can be finished or undone (`stream`
//! does the same for files that arrive one by one, `folders` makes its
//! new folders meanwhile), `report`
//! says what a failure changed.

mod claims;
mod commit;
mod failpoint;
mod folders;
mod guard;
mod held;
mod journal;
mod manifest;
mod moves;
mod on_disk;
mod report;
mod stream;
mod write;

pub(crate) use claims::{Claims, Collision, Kind, Origin};
pub(crate) use guard::check_output_dir;
pub use guard::is_contained;
pub use held::{Held, hold};
pub use manifest::MANIFEST;
pub use report::left_changes;
pub use stream::Stream;
pub use write::WriteStats;
pub use write::write;
pub use write::write_some;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::PathBuf;

use crate::source::ThemeFile;

pub enum Content {
    Bytes(Vec<u8>),
    File(PathBuf),
    Theme(ThemeFile),
    /// A file a one-shot build renders as it writes: the claim holds its
    /// path (checked against the others before anything is written), and
    /// its bytes go straight to `Stream::put`, never held here.
    Pending,
}

impl Content {
    pub fn bytes(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Content::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Content::File(p) => fs::read(p).map(std::borrow::Cow::Owned),
            Content::Theme(ThemeFile::Embedded(b)) => Ok(std::borrow::Cow::Borrowed(b)),
            Content::Theme(f) => f.read().map(std::borrow::Cow::Owned),
            Content::Pending => Err(io::Error::other("rendered while it is written, not held")),
        }
    }
}

/// Every file of a build, by path relative to the output directory.
#[derive(Default)]
pub struct Outputs {
    pub files: BTreeMap<String, Content>,
}

impl Outputs {
    /// Puts `content` at `path`, replacing what was there: for a unit
    /// re-rendering its own files (watch) and for tests. A build's outputs
    /// come from `Claims::settle`, which checks them against each other.
    pub fn insert(&mut self, path: String, content: Content) {
        self.files.insert(path, content);
    }

    pub fn get(&self, path: &str) -> Option<&Content> {
        self.files.get(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
