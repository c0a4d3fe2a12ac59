//! A template object from (key, value) pairs: the one way render builds
//! the maps templates read.

use tera::{Map, Value};

pub(crate) fn object(pairs: Vec<(&'static str, Value)>) -> Value {
    // Sized up front: a page value has ~30 fields, and growing the table
    // rehashes it three times.
    let mut map = Map::with_capacity(pairs.len());
    for (key, value) in pairs {
        map.insert(key.into(), value);
    }
    Value::from(map)
}
