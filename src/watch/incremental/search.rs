//! What a session says of its search index, which catches up after
//! each rebuild on a thread of its own (`watch::reindex`).

use super::Session;
use crate::watch::reindex::{Caught, OnCaught};

impl Session {
    /// With search on: tells `report` each time the index has caught up.
    pub fn on_search_caught(&self, report: OnCaught) {
        self.reindex.on_caught(report);
    }

    /// With search on: waits until the index is made from the site as it
    /// is now (for tests); the last run, if any.
    pub fn wait_for_search(&self) -> Option<Caught> {
        self.reindex.wait()
    }
}
