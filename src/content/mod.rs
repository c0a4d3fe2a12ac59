//! Loading: the files of a site as written, before any meaning is given to
//! them. `walk` finds and classifies files, `front_matter` splits and checks
//! them, `raw` holds the result.

pub mod facts;
pub mod front_matter;
pub mod raw;
pub mod walk;
