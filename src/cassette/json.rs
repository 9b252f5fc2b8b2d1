//! A JSON tree that keeps what the wire sent: every number as its own text (`12.50` stays
//! `12.50`, a 20-digit id stays whole) and every object's members in their order. The
//! cassette is written and read through it, pretty-printed with two spaces.
//!
//! serde_json hands a visitor every number as an `f64`; the text comes through `RawValue`
//! (feature `raw_value`, as for money in the models): each value is read as raw text first
//! and then taken apart one level at a time.

use std::fmt::{self, Write as _};

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// A JSON value with numbers as text and members in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// The number's text as it arrived.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// The members of an object as raw values, in their order.
struct Members(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Box<RawValue>>()? {
                    out.push(entry);
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl Json {
    /// Parses JSON text.
    pub(crate) fn parse(text: &str) -> serde_json::Result<Json> {
        let raw: Box<RawValue> = serde_json::from_str(text)?;
        Self::from_raw(&raw)
    }

    fn from_raw(raw: &RawValue) -> serde_json::Result<Json> {
        let text = raw.get();
        Ok(match text.as_bytes().first() {
            Some(b'{') => Json::Object(
                serde_json::from_str::<Members>(text)?
                    .0
                    .into_iter()
                    .map(|(k, v)| Self::from_raw(&v).map(|v| (k, v)))
                    .collect::<serde_json::Result<_>>()?,
            ),
            Some(b'[') => Json::Array(
                serde_json::from_str::<Vec<Box<RawValue>>>(text)?
                    .iter()
                    .map(|v| Self::from_raw(v))
                    .collect::<serde_json::Result<_>>()?,
            ),
            Some(b'"') => Json::String(serde_json::from_str(text)?),
            Some(b't') => Json::Bool(true),
            Some(b'f') => Json::Bool(false),
            Some(b'n') => Json::Null,
            _ => Json::Number(text.to_owned()),
        })
    }

    /// The value as a `serde_json::Value` (numbers through `f64`: for user rules and tests).
    pub(crate) fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.compact()).unwrap_or(serde_json::Value::Null)
    }

    /// A `serde_json::Value` as a tree.
    pub(crate) fn from_value(v: &serde_json::Value) -> Json {
        Json::parse(&v.to_string()).unwrap_or(Json::Null)
    }

    /// The member `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// One line, no spaces: what a request or an answer carries.
    pub(crate) fn compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None);
        out
    }

    /// Two-space indentation, one member per line: what a cassette file holds.
    pub(crate) fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0));
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>) {
        let newline = |out: &mut String, level: usize| {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', 2 * level));
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(out, s),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if let Some(level) = indent {
                        newline(out, level + 1);
                    }
                    item.write(out, indent.map(|l| l + 1));
                }
                if let Some(level) = indent {
                    newline(out, level);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if let Some(level) = indent {
                        newline(out, level + 1);
                    }
                    write_string(out, key);
                    out.push_str(if indent.is_some() { ": " } else { ":" });
                    value.write(out, indent.map(|l| l + 1));
                }
                if let Some(level) = indent {
                    newline(out, level);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string literal (serde_json's escaping).
fn write_string(out: &mut String, s: &str) {
    let _ = write!(out, "{}", serde_json::Value::String(s.to_owned()));
}

/// Object members from `(key, value)` pairs, in that order.
pub(crate) fn object<const N: usize>(members: [(&str, Json); N]) -> Json {
    Json::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// A string value.
pub(crate) fn string(s: impl Into<String>) -> Json {
    Json::String(s.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_member_order_survive_a_round_trip() {
        let text = r#"{"z":12.50,"a":[1e3,-0.10,12345678901234567890123],"m":{"s":"é\"\n","t":true,"n":null}}"#;
        let tree = Json::parse(text).unwrap();
        assert_eq!(tree.compact(), text);
        assert_eq!(Json::parse(&tree.pretty()).unwrap(), tree);
        assert_eq!(
            tree.pretty(),
            "{\n  \"z\": 12.50,\n  \"a\": [\n    1e3,\n    -0.10,\n    12345678901234567890123\n  ],\n  \"m\": {\n    \
             \"s\": \"é\\\"\\n\",\n    \"t\": true,\n    \"n\": null\n  }\n}\n"
        );
        assert_eq!(Json::parse("[]").unwrap().pretty(), "[]\n");
        assert!(Json::parse("{").is_err());
    }
}
