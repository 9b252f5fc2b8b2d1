//! Exact money: [`Decimal`] read from the JSON number's own text and written back as a JSON
//! number.
//!
//! serde_json turns every number into an `f64` before a visitor sees it, and `0.1 + 0.2` in
//! binary is not `0.3`. These helpers take the number's text through serde_json's
//! `RawValue` (feature `raw_value`, which changes nothing else in serde_json) and parse it
//! with `rust_decimal`, so `12.345678901234567890` arrives digit for digit. A number written
//! as a string (`"12.30"`) is accepted too. Use them with `#[serde(with = "...")]`:
//! `money` for a required field, `money::option` for an optional one (`null` and absent are
//! `None`).

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// Parses the text of a JSON number (or of a string holding one) exactly.
pub(crate) fn parse(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let t = t.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(t).trim();
    if t.is_empty() {
        return None;
    }
    match t.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => scientific_exact(mantissa, exponent),
        None => Decimal::from_str_exact(t).ok(),
    }
}

/// `mantissa × 10^exponent`, exactly, or `None` when that does not fit a [`Decimal`] (more
/// than 28 digits after the point, or too large): never rounded.
fn scientific_exact(mantissa: &str, exponent: &str) -> Option<Decimal> {
    let exponent: i64 = exponent.parse().ok()?;
    let mut d = Decimal::from_str_exact(mantissa).ok()?;
    let scale = i64::from(d.scale()).checked_sub(exponent)?;
    if scale >= 0 {
        d.set_scale(u32::try_from(scale).ok()?).ok()?;
        return Some(d);
    }
    d.set_scale(0).ok()?;
    for _ in 0..scale.unsigned_abs().min(30) {
        d = d.checked_mul(Decimal::TEN)?;
    }
    (scale >= -30).then_some(d)
}

fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    let raw = <Box<RawValue>>::deserialize(d)?;
    let text = raw.get();
    if text.trim() == "null" {
        return Ok(None);
    }
    parse(text).map(Some).ok_or_else(|| D::Error::custom(format!("not an exact decimal amount: {text}")))
}

/// Writes `v` as a JSON number with all its digits (through `RawValue`; other serializers
/// get its text as a string).
fn write<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    match RawValue::from_string(v.to_string()) {
        Ok(raw) => raw.serialize(s),
        Err(_) => s.serialize_str(&v.to_string()),
    }
}

/// Reads a required amount.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    read(d)?.ok_or_else(|| D::Error::custom("an amount is null"))
}

/// Writes an amount as a JSON number.
pub(crate) fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    write(v, s)
}

/// The same for `Option<Decimal>`: `null` (and, with `#[serde(default)]`, absent) is `None`.
pub(crate) mod option {
    use super::*;

    /// Reads an optional amount.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        read(d)
    }

    /// Writes `Some` as a JSON number and `None` as `null`.
    pub(crate) fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => write(v, s),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Serialize, Default, Debug, PartialEq)]
    #[serde(default)]
    struct M {
        #[serde(with = "crate::models::money")]
        a: Decimal,
        #[serde(with = "crate::models::money::option")]
        b: Option<Decimal>,
    }

    #[test]
    fn reads_the_digits_as_sent_and_writes_them_back() {
        let m: M = serde_json::from_str(r#"{"a": 12.345678901234567890, "b": 0.1}"#).unwrap();
        assert_eq!(m.a.to_string(), "12.345678901234567890");
        assert_eq!(m.b.unwrap().to_string(), "0.1");
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"a":12.345678901234567890,"b":0.1}"#);
    }

    #[test]
    fn strings_exponents_nulls_and_garbage() {
        let m: M = serde_json::from_str(r#"{"a": "7.50", "b": null}"#).unwrap();
        assert_eq!((m.a.to_string(), m.b), ("7.50".to_owned(), None));
        let m: M = serde_json::from_str(r#"{"a": 1.5e2}"#).unwrap();
        assert_eq!(m.a, Decimal::from(150));
        // Exponents are applied exactly, or the number is refused: never rounded.
        assert_eq!(parse("0.30000000000000000000000000001e0"), None);
        assert!(serde_json::from_str::<M>(r#"{"a": 0.30000000000000000000000000001e0}"#).is_err());
        assert_eq!(parse("3.0000000000000000000000000001e-1"), None);
        assert_eq!(parse("30000000000000000000000000001E-28").unwrap().to_string(), "3.0000000000000000000000000001");
        assert_eq!(parse("1.25E-3").unwrap().to_string(), "0.00125");
        assert_eq!(parse("-2e3").unwrap().to_string(), "-2000");
        assert_eq!(parse("1e40"), None);
        assert_eq!(parse("1e"), None);
        assert!(serde_json::from_str::<M>(r#"{"a": "ten"}"#).is_err());
        assert!(serde_json::from_str::<M>(r#"{"a": null}"#).is_err());
        // Through serde_json::Value (an untagged or flattened model) it still decodes.
        let v: serde_json::Value = serde_json::from_str(r#"{"a": 3.25}"#).unwrap();
        assert_eq!(serde_json::from_value::<M>(v).unwrap().a.to_string(), "3.25");
    }
}
