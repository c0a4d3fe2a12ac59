//! mekong: a static site generator for practical guides.
//!
//! The pipeline: `config` and `content` load what the files say, `model`
//! resolves what the site means, `markdown` and `render` turn it into
//! files in memory, and `output` writes them. `build` strings it together.
#![warn(clippy::print_stdout, clippy::print_stderr)]
// Diagnostics are rich values (file, span, source, hint) and travel on the
// cold path only; boxing them everywhere would buy nothing measurable.
#![allow(clippy::result_large_err)]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub(crate) mod html;
pub mod images;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod schema;
pub(crate) mod search;
pub(crate) mod segment;
pub mod serve;
pub(crate) mod source;
pub mod url;
pub mod watch;
pub(crate) mod words;
pub mod yaml;
