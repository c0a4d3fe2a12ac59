//! A template object from (key, value) pairs: the one way render builds
//! the maps templates read.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use tera::{Map, Value};

pub(crate) fn object(pairs: Vec<(&'static str, Value)>) -> Value {
    // `Value::from(Map)` inserts every entry into a second map, hashing
    // each key twice. Serialized as a struct, each field goes once into a
    // map sized up front, and Tera passes a `Value` field through as it is
    // (a clone that shares its strings, arrays and maps).
    match Value::try_from_serializable(&Fields(&pairs)) {
        Ok(value) => value,
        // Never seen (a `Value` always serializes); kept for safety.
        Err(_) => {
            let mut map = Map::with_capacity(pairs.len());
            for (key, value) in pairs {
                map.insert(key.into(), value);
            }
            Value::from(map)
        }
    }
}

struct Fields<'a>(&'a [(&'static str, Value)]);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut fields = serializer.serialize_struct("object", self.0.len())?;
        for (key, value) in self.0 {
            fields.serialize_field(key, value)?;
        }
        fields.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_their_values_and_safety() {
        let nested = object(vec![("x", 1.into())]);
        let value = object(vec![
            ("html", Value::safe_string("<p>a</p>")),
            ("text", "<b>".into()),
            ("none", Value::none()),
            ("list", vec![Value::from("a")].into()),
            ("nested", nested.clone()),
        ]);
        let map = value.as_map().unwrap();
        assert_eq!(map.len(), 5);
        assert!(map[&"html".into()].is_safe());
        assert!(!map[&"text".into()].is_safe());
        assert!(map[&"none".into()].is_none());
        assert_eq!(map[&"list".into()].as_array().unwrap().len(), 1);
        assert_eq!(map[&"nested".into()], nested);
    }
}
