//! What a scalar means: the same `Value` serde_yaml 0.9 would give for it
//! (its `visit_scalar` and `visit_untagged_scalar`, restated), so that
//! reading events ourselves changes positions, never values. A plain
//! `10` is a number, `"10"` text, `~` null, `!!int 10` a checked number,
//! `!custom x` a tagged value.

use serde_yaml::Value;
use serde_yaml::value::{Tag, TaggedValue};

use super::events::ScalarStyle;

const YAML_TAG: &str = "tag:yaml.org,2002:";

/// The value of a scalar event, or serde_yaml's message for one it refuses.
pub fn resolve(value: &str, tag: Option<&str>, style: ScalarStyle) -> Result<Value, String> {
    let Some(tag) = tag else {
        return Ok(if style == ScalarStyle::Plain {
            untagged(value)?
        } else {
            Value::String(value.to_string())
        });
    };
    match tag.strip_prefix(YAML_TAG) {
        Some("bool") => parse_bool(value)
            .map(Value::Bool)
            .ok_or_else(|| invalid(value, "a boolean")),
        Some("int") => int(value)
            .transpose()
            .unwrap_or_else(|| Err(invalid(value, "an integer"))),
        Some("float") => parse_f64(value)
            .map(|f| Value::Number(f.into()))
            .ok_or_else(|| invalid(value, "a float")),
        Some("null") => match is_null(value) {
            true => Ok(Value::Null),
            false => Err(invalid(value, "null")),
        },
        // Other standard tags (!!str, !!binary, …) read as text.
        Some(_) => Ok(Value::String(value.to_string())),
        None => match local_tag(tag) {
            Some(name) => {
                let inner = if style == ScalarStyle::Plain {
                    untagged(value)?
                } else {
                    Value::String(value.to_string())
                };
                Ok(tagged(name, inner))
            }
            None => Ok(Value::String(value.to_string())),
        },
    }
}

/// A local tag (`!name`) as serde_yaml names it: without the `!`, except
/// for the bare `!`.
pub(crate) fn local_tag(tag: &str) -> Option<&str> {
    let rest = tag.strip_prefix('!')?;
    Some(if rest.is_empty() { tag } else { rest })
}

pub(crate) fn tagged(name: &str, value: Value) -> Value {
    Value::Tagged(Box::new(TaggedValue {
        tag: Tag::new(name),
        value,
    }))
}

fn invalid(value: &str, expected: &str) -> String {
    format!("invalid value: string {value:?}, expected {expected}")
}

fn untagged(value: &str) -> Result<Value, String> {
    if value.is_empty() || is_null(value) {
        return Ok(Value::Null);
    }
    if let Some(b) = parse_bool(value) {
        return Ok(Value::Bool(b));
    }
    // A number starts with a digit, a sign or a dot (`.5`, `.inf`); a
    // title or a name does not, and skips the number parsers.
    let numeric = value
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'));
    if !numeric {
        return Ok(Value::String(value.to_string()));
    }
    if let Some(number) = int(value)? {
        return Ok(number);
    }
    if !digits_but_not_number(value)
        && let Some(f) = parse_f64(value)
    {
        return Ok(Value::Number(f.into()));
    }
    Ok(Value::String(value.to_string()))
}

/// An integer as serde_yaml reads it: u64, else i64; a number that only
/// fits 128 bits is refused as serde_yaml's `Value` refuses it.
fn int(value: &str) -> Result<Option<Value>, String> {
    if let Some(n) = parse_unsigned(value, u64::from_str_radix) {
        return Ok(Some(Value::Number(n.into())));
    }
    if let Some(n) = parse_negative(value, i64::from_str_radix) {
        return Ok(Some(Value::Number(n.into())));
    }
    if let Some(n) = parse_unsigned(value, u128::from_str_radix) {
        return Err(format!(
            "invalid type: integer `{n}` as u128, expected any YAML value"
        ));
    }
    if let Some(n) = parse_negative(value, i128::from_str_radix) {
        return Err(format!(
            "invalid type: integer `{n}` as i128, expected any YAML value"
        ));
    }
    Ok(None)
}

fn is_null(value: &str) -> bool {
    matches!(value, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

fn parse_unsigned<T>(scalar: &str, from_str_radix: Radix<T>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from_str_radix(rest, radix) {
                return Some(n);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative<T>(scalar: &str, from_str_radix: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix)
            && let Ok(n) = from_str_radix(&format!("-{rest}"), radix)
        {
            return Some(n);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => scalar,
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Leading zeros followed by digits are text in YAML 1.2 (`007`).
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_yaml itself makes of `text` as the value of a key.
    fn serde(text: &str) -> Result<Value, String> {
        serde_yaml::from_str::<Value>(&format!("k: {text}"))
            .map(|v| v.get("k").cloned().unwrap())
            .map_err(|e| e.to_string())
    }

    fn ours(value: &str, tag: Option<&str>, style: ScalarStyle) -> Result<Value, String> {
        resolve(value, tag, style)
    }

    #[test]
    fn plain_scalars_mean_what_serde_yaml_says() {
        for text in [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "true",
            "False",
            "yes",
            "10",
            "-10",
            "+10",
            "007",
            "-007",
            "0x1F",
            "-0x1F",
            "0o17",
            "0b101",
            "1.5",
            "-1.5e3",
            ".inf",
            "-.INF",
            ".nan",
            "1_000",
            "2025-05-13",
            "18446744073709551615",
            "-9223372036854775808",
            "1e400",
            "0x",
            "+-1",
            "text",
            "柬埔寨",
            "inf",
            "Infinity",
            "nan",
            "NaN",
            "e5",
            "E5",
            "Cellcard 4G",
            ".5",
            "5.",
        ] {
            let expected = serde(text).unwrap();
            let got = ours(text, None, ScalarStyle::Plain).unwrap();
            // NaN is not equal to itself; compare what is printed.
            assert_eq!(format!("{got:?}"), format!("{expected:?}"), "{text:?}");
        }
    }

    #[test]
    fn huge_integers_are_refused_as_serde_yaml_refuses_them() {
        let text = "99999999999999999999";
        assert!(serde(text).is_err());
        assert!(ours(text, None, ScalarStyle::Plain).is_err());
    }

    #[test]
    fn quoted_and_tagged_scalars() {
        let s = |v: &str| Value::String(v.into());
        assert_eq!(ours("10", None, ScalarStyle::DoubleQuoted), Ok(s("10")));
        assert_eq!(
            ours("10", Some("tag:yaml.org,2002:str"), ScalarStyle::Plain),
            Ok(s("10"))
        );
        assert_eq!(
            ours(
                "10",
                Some("tag:yaml.org,2002:int"),
                ScalarStyle::SingleQuoted
            ),
            Ok(Value::Number(10u64.into()))
        );
        assert!(ours("ten", Some("tag:yaml.org,2002:int"), ScalarStyle::Plain).is_err());
        assert_eq!(
            ours("10", Some("!custom"), ScalarStyle::Plain),
            serde("!custom 10")
        );
        assert_eq!(
            ours("10", Some("!custom"), ScalarStyle::DoubleQuoted),
            serde("!custom \"10\"")
        );
    }
}
