//! Why a YAML text was not read, and the words for each refusal of ours
//! (libyaml's own errors are turned into a `Problem` where they are met).

use std::ops::Range;

use serde_yaml::Value;

use super::limits::{Limits, MAX_DEPTH};

/// Why the text was not read: a libyaml error, or one of ours.
#[derive(Debug)]
pub(crate) struct Problem {
    pub message: String,
    /// Byte range in the file.
    pub span: Range<usize>,
    pub label: &'static str,
    pub help: Option<String>,
    /// libyaml's "while parsing …" and where that started (0-based line
    /// and column of the YAML text).
    pub context: Option<(String, Option<(usize, usize)>)>,
}

impl Problem {
    pub(super) fn at(
        span: Range<usize>,
        message: impl Into<String>,
        label: &'static str,
    ) -> Problem {
        Problem {
            message: message.into(),
            span,
            label,
            help: None,
            context: None,
        }
    }

    pub(super) fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// The refusal for a list or mapping opening at `start` one level past
/// `MAX_DEPTH` (found by the pre-scan or while building).
pub(crate) fn too_deep(limits: &Limits, start: usize) -> Problem {
    Problem::at(
        start..start + 1,
        format!("{} nests deeper than {MAX_DEPTH} levels", limits.what),
        "one level too many",
    )
    .help(format!(
        "mekong reads lists and mappings at most {MAX_DEPTH} deep; flatten the data"
    ))
}

/// A list or mapping closed that was never opened, or never closed.
pub(super) fn unbalanced(span: Range<usize>) -> Problem {
    Problem::at(span, "invalid YAML: unbalanced list or mapping", "here")
}

/// serde_yaml's words for a key given twice.
pub(super) fn duplicate(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".into(),
        Value::Bool(b) => format!("duplicate entry with key `{b}`"),
        Value::Number(n) => format!("duplicate entry with key {n}"),
        Value::String(s) => format!("duplicate entry with key {s:?}"),
        _ => "duplicate entry in YAML map".into(),
    }
}
