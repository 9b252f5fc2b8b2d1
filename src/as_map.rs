//! [`AsMap`]: reads a struct as a map only, which halves the code serde generates for it.

use serde::Deserializer;
use serde::de::Visitor;

/// A deserializer that reads a struct as a map only: `deserialize_struct` becomes
/// `deserialize_map`, everything else goes to `deserialize_any`.
///
/// serde's derive reads a struct from a map or from a sequence (a struct written as an array
/// of its fields), and `serde_json` compiles both paths for each struct it reads. No Pax8
/// answer sends an object as an array, so the models (and the page envelope) read through
/// this: the sequence path is never compiled (a smaller, faster-building crate), and a
/// struct sent as an array is refused as the wrong type.
pub(crate) struct AsMap<D>(pub(crate) D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for AsMap<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Two {
        a: u8,
        b: Option<String>,
    }

    fn read(json: &str) -> Result<Two, serde_json::Error> {
        Two::deserialize(AsMap(&mut serde_json::Deserializer::from_str(json)))
    }

    #[test]
    fn a_struct_is_read_from_an_object_only() {
        assert_eq!(read(r#"{"b":"x","a":1}"#).unwrap(), Two { a: 1, b: Some("x".into()) });
        assert_eq!(read(r#"{"a":1,"c":[1,2]}"#).unwrap(), Two { a: 1, b: None });
        // serde alone reads the array form; through AsMap it is the wrong type.
        assert_eq!(serde_json::from_str::<Two>(r#"[1,"x"]"#).unwrap(), Two { a: 1, b: Some("x".into()) });
        let err = read(r#"[1,"x"]"#).unwrap_err().to_string();
        assert!(err.starts_with("invalid type: sequence, expected struct Two"), "{err}");
        assert!(read("null").is_err() && read(r#""x""#).is_err());
    }
}
