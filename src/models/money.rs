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
    parse(text).map(Some).ok_or_else(|| D::Error::custom(format!("{REFUSED}{text}")))
}

/// The start of the error [`read`] gives for an amount it refuses (followed by the text as
/// sent). serde does not tell a field's reader the field's name, so [`name_refused_amount`]
/// adds it afterwards.
const REFUSED: &str = "not an exact decimal amount: ";

/// The error a required amount gives when it is `null` (named by [`name_refused_amount`]).
const NULL_REQUIRED: &str = "a required amount is null";

/// Names the field of an amount that [`read`] refused: given the document `body` and the
/// error serde_json returned for it, the same error with the JSON path of the amount in
/// front (`content[1].price: not an exact decimal amount: 1e40 at line 1 column 52`); any
/// other error, or one whose amount cannot be found again in `body`, as it was.
///
/// The path is found by walking `body` once (a small scanner that tracks object keys and
/// array indexes, no parsing of values) up to where serde_json places the error, taking the
/// last scalar on the way whose text is the refused one; an error without a position
/// (decoded through `serde_json::Value`) takes the first scalar with that text.
pub(crate) fn name_refused_amount(body: &str, err: serde_json::Error) -> serde_json::Error {
    let message = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    let message = if err.line() > 0 { message.strip_suffix(&position).unwrap_or(&message) } else { &message };
    let raw = match message.strip_prefix(REFUSED) {
        Some(raw) => raw,
        None if message == NULL_REQUIRED => "null",
        None => return err,
    };
    let end = (err.line() > 0).then(|| line_start(body, err.line()) + err.column());
    match path_of_scalar(body, raw, end) {
        Some(path) => {
            serde_json::Error::custom(format!("{path}: {message}{}", if end.is_some() { &position } else { "" }))
        }
        None => err,
    }
}

/// The byte offset where line `line` (1-based) of `body` starts.
fn line_start(body: &str, line: usize) -> usize {
    body.match_indices('\n').nth(line.wrapping_sub(2)).map_or(0, |(i, _)| i + 1)
}

/// The JSON path (`a.b[2].c`) of the last scalar of `body` whose text is `raw` and that ends
/// at or before byte `end` (serde_json places the error after the value, or after the `}`
/// of its object when it is the last field), or without `end` of the first scalar whose text
/// is `raw`; `None` when there is none or it is the whole document.
fn path_of_scalar(body: &str, raw: &str, end: Option<usize>) -> Option<String> {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let render = |stack: &[Frame]| -> String {
        let mut path = String::new();
        for frame in stack {
            match frame {
                Frame::Object(Some(key)) if path.is_empty() => path.push_str(key),
                Frame::Object(Some(key)) => {
                    path.push('.');
                    path.push_str(key);
                }
                Frame::Object(None) => {}
                Frame::Array(n) => path.push_str(&format!("[{n}]")),
            }
        }
        path
    };
    let b = body.as_bytes();
    let (mut stack, mut expect_key, mut found, mut i) = (Vec::new(), false, None, 0);
    while i < b.len() {
        match b[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                expect_key = false;
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(_)) => expect_key = true,
                None => {}
            },
            b':' => {}
            c if c.is_ascii_whitespace() => {}
            _ => {
                let start = i;
                if b[i] == b'"' {
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                } else {
                    while i < b.len() && !matches!(b[i], b',' | b'}' | b']' | b':') && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
                let text = body.get(start..i.min(b.len()))?;
                if expect_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(serde_json::from_str(text).unwrap_or_else(|_| text.to_owned()));
                    }
                    expect_key = false;
                } else if text == raw && !stack.is_empty() {
                    match end {
                        Some(end) if i > end => break,
                        Some(_) => found = Some(render(&stack)),
                        None => return Some(render(&stack)),
                    }
                }
                continue;
            }
        }
        i += 1;
    }
    found
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
    read(d)?.ok_or_else(|| D::Error::custom(NULL_REQUIRED))
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

    #[derive(Deserialize, Debug)]
    struct Content {
        #[allow(dead_code)]
        content: Vec<M>,
    }

    fn refusal(body: &str) -> String {
        let err = serde_json::from_str::<Content>(body).unwrap_err();
        name_refused_amount(body, err).to_string()
    }

    #[test]
    fn a_refused_amount_names_its_field() {
        let body = r#"{"content": [{"a": 1, "b": 2}, {"a": 3, "b": 0.30000000000000000000000000001e0}]}"#;
        assert_eq!(
            refusal(body),
            "content[1].b: not an exact decimal amount: 0.30000000000000000000000000001e0 at line 1 column 79"
        );
        // The same text earlier in another field: the position picks the one refused.
        let body = "{\"content\": [\n  {\"a\": 1, \"note\": 1e40},\n  {\"b\": 2, \"a\": 1e40}\n]}";
        assert_eq!(refusal(body), "content[1].a: not an exact decimal amount: 1e40 at line 3 column 21");
        // Strings with escapes and nested arrays do not confuse the walk.
        let body = r#"{"x": ["a\"]", [1, 2]], "content": [{"a": "ten"}]}"#;
        assert_eq!(refusal(body), r#"content[0].a: not an exact decimal amount: "ten" at line 1 column 48"#);
        // A required amount sent as `null` is named too.
        let body = r#"{"content": [{"a": 1, "note": null}, {"b": 2, "a": null}]}"#;
        assert_eq!(refusal(body), "content[1].a: a required amount is null at line 1 column 56");
        // Other errors are left as they were.
        let err = serde_json::from_str::<Content>(r#"{"content": 3}"#).unwrap_err();
        let before = err.to_string();
        assert_eq!(name_refused_amount(r#"{"content": 3}"#, err).to_string(), before);
        // Without a position (through serde_json::Value), the first scalar with that text.
        let body = r#"{"content": [{"a": 1}, {"a": "1 000"}]}"#;
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        let err = serde_json::from_value::<Content>(v).unwrap_err();
        assert_eq!(name_refused_amount(body, err).to_string(), r#"content[1].a: not an exact decimal amount: "1 000""#);
    }
}
