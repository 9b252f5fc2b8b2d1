//! Shared building blocks of the models: enums with a fallback, sort direction, lenient
//! dates ([`Timestamp`]), lenient scalars, and the checks of required ids.

use std::fmt;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};
use uuid::Uuid;

use super::spelling::{self, DateShape, OffsetShape, Spelled};

pub(crate) use crate::datefmt::{format_date, format_datetime};

/// Declares a string enum of the wire with a fallback variant.
///
/// Each variant has one canonical wire string (written on output) and any number of aliases
/// (also accepted on input). Input is matched exactly first, then ignoring ASCII case. A
/// string that matches nothing is kept in `Other(String)` and written back unchanged, so a
/// new value from Pax8 never fails a decode. A value read under an alias or in another case
/// inside a model is written back as read when that model is written (`models::spelling`).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept exactly as received.
            Other(String),
        }

        impl $name {
            /// The string sent on the wire for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(s) => s.as_str(),
                }
            }

            /// Reads a wire string: exact match, then ASCII case-insensitive, else `Other`.
            pub fn from_wire(s: &str) -> Self {
                $( if s == $wire $(|| s == $alias)* { return Self::$variant; } )+
                $( if s.eq_ignore_ascii_case($wire) $(|| s.eq_ignore_ascii_case($alias))* {
                    return Self::$variant;
                } )+
                Self::Other(s.to_owned())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(s))
            }
        }

        impl ::serde::Serialize for $name {
            /// The canonical string, or the one read when this value is written back inside
            /// the model it was read in (see `models::spelling`).
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::models::spelling::serialize_text::<Self, S>(self.as_str(), |t| Self::from_wire(t) == *self, s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                let v = Self::from_wire(&s);
                if !matches!(v, Self::Other(_)) && *s != *v.as_str() {
                    $crate::models::spelling::record(|| $crate::models::spelling::text::<Self>(&s));
                }
                Ok(v)
            }
        }
    };
}
pub(crate) use wire_enum;

wire_enum! {
    /// How often a product is billed. Used by orders, pricing and subscriptions.
    pub enum BillingTerm {
        /// Billed every month.
        Monthly => "Monthly",
        /// Billed once a year.
        Annual => "Annual",
        /// Billed every two years.
        TwoYear => "2-Year",
        /// Billed every three years.
        ThreeYear => "3-Year",
        /// Billed once. Also read from `1-Time` and `One-time`, spellings seen on the wire.
        OneTime => "One-Time" | "1-Time",
        /// A trial.
        Trial => "Trial",
        /// An activation fee.
        Activation => "Activation",
    }
}

/// Direction of a sort, used with every `sort(field, direction)` setter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortDirection {
    /// Smallest first (the default).
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

impl SortDirection {
    /// `asc` or `desc`, as the wire spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checked models: required ids and two keys for one field.
// ---------------------------------------------------------------------------------------------

/// Declares a response model: its `Deserialize` checks its required ids and merges the fields
/// the wire sends under two keys, and its `Serialize` writes back what was read, spellings
/// included (see `models::spelling`). The struct is written as usual inside the macro
/// (attributes, docs, serde field attributes; `#[derive(.., Serialize)]` and
/// `#[serde(rename_all = "camelCase")]`), followed by the model's name in errors, its
/// required ids (wire name => field; optional) and the merges (optional):
///
/// ```text
/// checked_model! {
///     #[derive(Debug, Clone, Default, PartialEq, Serialize)]
///     #[serde(rename_all = "camelCase")]
///     pub struct Subscription { ... }
///     "subscription", ids: ["id" => id, "companyId" => company_id], merge: [commitment <- commitment_term]
/// }
/// ```
///
/// The macro adds a private field, `as_read` (the spellings read). `Deserialize` reads a
/// private copy of the struct (same fields and field attributes, `rename_all = "camelCase"`,
/// every field defaulted), moves its fields into the model, refuses a required id that was
/// absent, `null` or malformed, naming its wire key (see [`require_ids`]; such an id reads as
/// [`unset_id`] through `#[serde(default = "unset_id", deserialize_with = "required_id")]`),
/// then merges each field sent under two names (`keep <- other`: when `keep` is `None`, it
/// takes `other`'s value and remembers that it came under the second key; when both are set,
/// both are kept). `Serialize` (through `#[serde(into)]`, which the macro adds) moves a value
/// that came under the second key back to it and writes the private copy with the model's
/// spellings in force; the `other` field should be `skip_serializing_if = "Option::is_none"`.
/// Nothing of this is public: the model has only the serde traits.
macro_rules! checked_model {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$fattr:meta])* $fvis:vis $field:ident : $ty:ty ),+ $(,)?
        }
        $model:literal $(, ids: [$($wire:literal => $id:ident),+ $(,)?])?
        $(, merge: [$($keep:ident <- $other:ident),+ $(,)?])? $(,)?
    ) => {
        $(#[$attr])*
        #[serde(into = "crate::models::spelling::Written<Self>")]
        $vis struct $name {
            $( $(#[$fattr])* $fvis $field: $ty, )+
            /// The spellings read (see `models::spelling`).
            #[serde(skip)]
            as_read: $crate::models::spelling::Spelling,
        }

        const _: () = {
            #[derive(Default, ::serde::Deserialize, ::serde::Serialize)]
            #[serde(rename_all = "camelCase", default)]
            struct Wire {
                $( $(#[$fattr])* $field: $ty ),+
            }

            impl<'de> ::serde::Deserialize<'de> for $name {
                fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                    let reading = $crate::models::spelling::Reading::start();
                    let w = Wire::deserialize($crate::as_map::AsMap(d))?;
                    #[allow(unused_mut)]
                    let mut v = $name { $( $field: w.$field, )+ as_read: reading.finish() };
                    $(
                        $crate::models::common::require_ids($model, &[$(($wire, ::uuid::Uuid::from(v.$id))),+])
                            .map_err(<D::Error as ::serde::de::Error>::custom)?;
                    )?
                    $(
                        let mut _i = 0;
                        $(
                            if v.$keep.is_none() && v.$other.is_some() {
                                v.$keep = v.$other.take();
                                v.as_read.set_moved(_i);
                            }
                            _i += 1;
                        )+
                    )?
                    Ok(v)
                }
            }

            impl $crate::models::spelling::SpelledModel for $name {
                fn write<S: ::serde::Serializer>(mut self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                    $(
                        let mut _i = 0;
                        $(
                            if self.as_read.moved(_i) && self.$other.is_none() {
                                self.$other = self.$keep.take();
                            }
                            _i += 1;
                        )+
                    )?
                    let spelled = self.as_read.take_spelled();
                    let w = Wire { $( $field: self.$field ),+ };
                    $crate::models::spelling::write_framed(spelled, || ::serde::Serialize::serialize(&w, s))
                }
            }
        };
    };
}
pub(crate) use checked_model;

/// What a required id reads as when it is absent, `null` or not a UUID: the max UUID
/// (`ffffffff-...`), which [`require_ids`] refuses. (Not the nil UUID, which a test server may
/// legitimately send, and which is what `Default` gives.)
pub(crate) fn unset_id<I: From<Uuid>>() -> I {
    I::from(Uuid::max())
}

/// Fails, naming the fields, when one of the required ids (wire name, value) was absent,
/// `null` or not a UUID (read as [`unset_id`] by [`required_id`]).
pub(crate) fn require_ids(model: &str, ids: &[(&str, Uuid)]) -> Result<(), String> {
    let bad: Vec<String> = ids.iter().filter(|(_, id)| id.is_max()).map(|(name, _)| format!("`{name}`")).collect();
    match bad.as_slice() {
        [] => Ok(()),
        _ => Err(format!("{model}: required id {} is missing, null or not a UUID", bad.join(", "))),
    }
}

/// Reads a required id: a UUID string, and anything else (`null`, a malformed string, a
/// number) as [`unset_id`], which [`require_ids`] then reports with the field's name. Used
/// with `#[serde(default = "unset_id", deserialize_with = "required_id")]`, so an absent id
/// reads the same.
pub(crate) fn required_id<'de, D: Deserializer<'de>, I: From<Uuid>>(d: D) -> Result<I, D::Error> {
    Ok(lenient_uuid(d)?.unwrap_or_else(unset_id))
}

/// Reads an optional id that Pax8 may send empty or malformed (`tenantId`): anything but a
/// valid UUID string is `None`.
pub(crate) fn lenient_uuid<'de, D: Deserializer<'de>, I: From<Uuid>>(d: D) -> Result<Option<I>, D::Error> {
    read_scalar(d, |v| match v {
        ScalarValue::Str(t) => Uuid::parse_str(t.trim()).ok().map(I::from),
        _ => None,
    })
    .map(Option::flatten)
}

// ---------------------------------------------------------------------------------------------
// Lenient scalars: null as default, strings or numbers, whole numbers.
// ---------------------------------------------------------------------------------------------

/// Reads an explicit `null` like an absent field: the type's default (empty string,
/// `false`, ...).
pub(crate) fn null_as_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Reads a list that may be absent or `null` as empty.
pub(crate) fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    null_as_default(d)
}

/// Reads a string that Pax8 may also send as a number (`"1"` or `1`); `null`, an empty
/// string or another type is `None`.
pub(crate) fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    read_scalar(d, |v| match v {
        ScalarValue::Str(t) if t.trim().is_empty() => None,
        ScalarValue::Str(t) => Some(t.to_owned()),
        ScalarValue::Int(n) => Some(n.to_string()),
        ScalarValue::Float(f) => Some(f.to_string()),
        ScalarValue::Other(_) => None,
    })
    .map(Option::flatten)
}

/// Reads a count the spec types as `number` (`lineItemNumber`, renewal window days,
/// `commitmentTermInMonths`): `5`, `5.0` and `"5"` are 5; `null` and `""` are `None`; a
/// fraction, a negative number or text is an error naming the value.
pub(crate) fn whole_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    use serde::de::Error;
    let read = read_scalar(d, |v| {
        let whole = |f: f64| (f.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&f)).then_some(f as u32);
        let n = match &v {
            ScalarValue::Int(n) => u32::try_from(*n).ok(),
            ScalarValue::Float(f) => whole(*f),
            ScalarValue::Str(t) if t.trim().is_empty() => return Ok(None),
            ScalarValue::Str(t) => {
                t.trim().parse::<u32>().ok().or_else(|| t.trim().parse::<f64>().ok().and_then(whole))
            }
            ScalarValue::Other(_) => None,
        };
        n.map(Some).ok_or_else(|| format!("expected a whole number, got {v}"))
    })?;
    read.unwrap_or(Ok(None)).map_err(D::Error::custom)
}

/// A JSON value as the lenient readers see it: a string (borrowed, so reading one costs no
/// allocation), a number, or anything else as its JSON text.
enum ScalarValue<'a> {
    Str(&'a str),
    Int(i128),
    Float(f64),
    Other(String),
}

impl fmt::Display for ScalarValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScalarValue::Str(s) => write!(f, "{s:?}"),
            ScalarValue::Int(n) => write!(f, "{n}"),
            ScalarValue::Float(x) => write!(f, "{x}"),
            ScalarValue::Other(s) => f.write_str(s),
        }
    }
}

/// Reads any JSON value and hands it to `read`; `null` is `None` without calling it.
fn read_scalar<'de, D: Deserializer<'de>, T>(
    d: D,
    read: impl FnOnce(ScalarValue<'_>) -> T,
) -> Result<Option<T>, D::Error> {
    d.deserialize_any(Scalar(read))
}

/// The visitor of [`read_scalar`].
struct Scalar<F>(F);

impl<'de, T, F: FnOnce(ScalarValue<'_>) -> T> Visitor<'de> for Scalar<F> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(self.0(ScalarValue::Other(v.to_string()))))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(self.0(ScalarValue::Int(v.into()))))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(self.0(ScalarValue::Int(v.into()))))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(self.0(ScalarValue::Float(v))))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(self.0(ScalarValue::Str(v))))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let v = serde_json::Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Some(self.0(ScalarValue::Other(v.to_string()))))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let v = serde_json::Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Some(self.0(ScalarValue::Other(v.to_string()))))
    }
}

// ---------------------------------------------------------------------------------------------
// Dates.
// ---------------------------------------------------------------------------------------------

/// A date or a date-time exactly as precise as Pax8 sent it; every date of a response model
/// is an `Option<Timestamp>`.
///
/// Pax8 sends dates in several shapes, whatever its spec says: `2020-12-03`,
/// `2023-08-11T11:33:12.314-0600`, `2020-02-28T16:28:15.952628Z`, and more. A `Timestamp`
/// keeps a date alone as a [`Date`](Timestamp::Date) (no invented midnight or time zone), a
/// date with a time as a [`DateTime`](Timestamp::DateTime) (all its digits), and a value it
/// cannot read as [`Unparsed`](Timestamp::Unparsed) text, so nothing fails a page and
/// nothing is lost: an export can still show what was sent. `null`, an absent field and a
/// blank string are `None`.
///
/// Read as a date-time: RFC 3339 with any number of fraction digits; an offset written
/// `-06:00`, `-0600` or `-06`; no offset (read as UTC); a space or `t` instead of `T`; no
/// seconds. A JSON integer, or a string of digits, is read as epoch milliseconds (UTC).
/// Each shape is read in one pass over the bytes, allocating nothing unless the value is
/// kept as text. Written back: `yyyy-MM-dd`, RFC 3339, or the unparsed text unchanged.
///
/// ```
/// use pax8::models::Timestamp;
/// use time::macros::{date, datetime};
///
/// let t = Timestamp::parse("2023-08-11 11:33:12.314-06").unwrap();
/// assert_eq!(t.datetime(), Some(datetime!(2023-08-11 11:33:12.314 -6)));
/// assert_eq!(Timestamp::parse("2020-12-03").unwrap(), Timestamp::Date(date!(2020 - 12 - 03)));
/// let odd = Timestamp::parse("31/12/2020").unwrap();
/// assert_eq!((odd.date(), odd.unparsed()), (None, Some("31/12/2020")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Timestamp {
    /// A date alone, e.g. `2020-12-03`.
    Date(Date),
    /// A date with a time and an offset (UTC when the wire gave none).
    DateTime(OffsetDateTime),
    /// A value the SDK could not read as a date, kept exactly as sent.
    Unparsed(String),
}

impl Timestamp {
    /// Reads one of the shapes above; a value it cannot read becomes
    /// [`Unparsed`](Timestamp::Unparsed). A blank string is `None`.
    pub fn parse(s: &str) -> Option<Timestamp> {
        parse_shaped::<false>(s).map(|(t, _)| t)
    }

    /// The calendar date: the date itself, or the date part of a date-time in its own
    /// offset. `None` when unparsed.
    pub fn date(&self) -> Option<Date> {
        match self {
            Timestamp::Date(d) => Some(*d),
            Timestamp::DateTime(t) => Some(t.date()),
            Timestamp::Unparsed(_) => None,
        }
    }

    /// The instant: the date-time itself, or a date alone at midnight UTC. `None` when
    /// unparsed.
    pub fn datetime(&self) -> Option<OffsetDateTime> {
        match self {
            Timestamp::Date(d) => Some(d.midnight().assume_utc()),
            Timestamp::DateTime(t) => Some(*t),
            Timestamp::Unparsed(_) => None,
        }
    }

    /// The text as sent, when the SDK could not read it as a date.
    pub fn unparsed(&self) -> Option<&str> {
        match self {
            Timestamp::Unparsed(s) => Some(s),
            _ => None,
        }
    }
}

impl From<Date> for Timestamp {
    fn from(d: Date) -> Self {
        Timestamp::Date(d)
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(t: OffsetDateTime) -> Self {
        Timestamp::DateTime(t)
    }
}

impl fmt::Display for Timestamp {
    /// The wire form: `yyyy-MM-dd`, RFC 3339 (all fraction digits), or the unparsed text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Timestamp::Date(d) => f.write_str(&format_date(*d)),
            Timestamp::DateTime(t) => {
                f.write_str(&DateShape::canonical(*t).format(*t).unwrap_or_else(|| format_datetime(*t)))
            }
            Timestamp::Unparsed(s) => f.write_str(s),
        }
    }
}

impl Serialize for Timestamp {
    /// The wire form ([`Display`](fmt::Display)), or, inside the model it was read in, the
    /// form it was read in (`-0600`, a space for `T`, epoch milliseconds, ...).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        enum AsRead {
            Text(String),
            Int(i64),
            Float(f64),
        }
        let as_read = spelling::written(|spelled| match (spelled, self) {
            (Spelled::DateTime(v, shape), Timestamp::DateTime(t)) if v == t && v.offset() == t.offset() => {
                shape.format(*t).map(AsRead::Text)
            }
            (Spelled::Millis(ms), Timestamp::DateTime(t)) if from_epoch_millis(*ms) == Some(*t) => {
                Some(AsRead::Int(*ms))
            }
            (Spelled::MillisFloat(ms), Timestamp::DateTime(t)) if from_epoch_millis(*ms as i64) == Some(*t) => {
                Some(AsRead::Float(*ms))
            }
            _ => spelled
                .text_of::<Timestamp>()
                .filter(|text| Timestamp::parse(text).as_ref() == Some(self))
                .map(|text| AsRead::Text(text.to_owned())),
        });
        match as_read {
            Some(AsRead::Text(text)) => s.serialize_str(&text),
            Some(AsRead::Int(ms)) => s.serialize_i64(ms),
            Some(AsRead::Float(ms)) => s.serialize_f64(ms),
            None => s.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Reads a string as [`Timestamp::parse`], an integer as epoch milliseconds, anything
    /// else as unparsed text; `null` or a blank string is an error here (and `None` in the
    /// models' `Option<Timestamp>` fields).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        timestamp(d)?.ok_or_else(|| serde::de::Error::custom("expected a date, got null or a blank string"))
    }
}

/// Reads an `Option<Timestamp>` field: a string as [`Timestamp::parse`], an integer as epoch
/// milliseconds, `null` or a blank string as `None`, anything else as unparsed text. Never
/// fails.
/// A value read in a shape other than the one it is written in is recorded for the model
/// being read (`models::spelling`), so that the model writes it back as read.
pub(crate) fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    read_scalar(d, |v| match v {
        ScalarValue::Str(s) => {
            let (t, shape) = parse_shaped::<true>(s)?;
            match (&t, shape) {
                (Timestamp::DateTime(v), Shape::DateTime(shape)) if shape != DateShape::canonical(*v) => {
                    spelling::record(|| Spelled::DateTime(*v, shape));
                }
                (_, Shape::Text) => spelling::record(|| spelling::text::<Timestamp>(s)),
                _ => {}
            }
            Some(t)
        }
        ScalarValue::Int(ms) => Some(match i64::try_from(ms).ok().and_then(|ms| Some((ms, from_epoch_millis(ms)?))) {
            Some((ms, t)) => {
                spelling::record(|| Spelled::Millis(ms));
                Timestamp::DateTime(t)
            }
            None => Timestamp::Unparsed(ms.to_string()),
        }),
        // A whole number written with a fraction (`5.0`) is the same instant as `5`: read
        // alike, so that the text kept for anything else never reads back as a date.
        ScalarValue::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(match from_epoch_millis(f as i64) {
            Some(t) => {
                spelling::record(|| Spelled::MillisFloat(f));
                Timestamp::DateTime(t)
            }
            None => Timestamp::Unparsed(format!("{f}")),
        }),
        other => Some(Timestamp::Unparsed(other.to_string())),
    })
    .map(Option::flatten)
}

/// How a date or date-time read by [`parse_shaped`] was written, as far as writing it back
/// needs to know.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Shape {
    /// Written as the SDK writes it (a date alone; unparsed text, which is kept).
    AsWritten,
    /// A date-time in this shape.
    DateTime(DateShape),
    /// Something no [`DateShape`] describes (epoch milliseconds in a string, spaces around
    /// it, more than 9 fraction digits, a leap second, ...): the text is kept.
    Text,
}

/// [`Timestamp::parse`], with the shape the value was written in when `SHAPE` (else
/// [`Shape::AsWritten`]: [`Timestamp::parse`] alone does not pay for the shape).
fn parse_shaped<const SHAPE: bool>(s: &str) -> Option<(Timestamp, Shape)> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    Some(match read_timestamp::<SHAPE>(t.as_bytes()) {
        Some((v, _)) if t.len() != s.len() => (v, Shape::Text),
        Some(read) => read,
        None => {
            unparsed("date", s);
            (Timestamp::Unparsed(s.to_owned()), Shape::AsWritten)
        }
    })
}

/// Reads every shape [`Timestamp::parse`] documents in one pass over the bytes, allocating
/// nothing: epoch milliseconds, or `yyyy-MM-dd`, then optionally `T`/`t`/space, `hh:mm`,
/// `:ss`, `.fraction` (any number of digits; nanoseconds kept), spaces, and an offset (`Z`,
/// `z`, `±hh`, `±hhmm`, `±hh:mm`; none is UTC). Another ASCII separator between date and time
/// is taken in strict RFC 3339 only (which allows any).
fn read_timestamp<const SHAPE: bool>(b: &[u8]) -> Option<(Timestamp, Shape)> {
    if b.len() < 10 || b[4] != b'-' {
        return read_epoch_millis(b).map(|t| (Timestamp::DateTime(t), Shape::Text));
    }
    let date = Date::from_calendar_date(
        i32::from(digits(b, 0, 2)?) * 100 + i32::from(digits(b, 2, 2)?),
        Month::try_from(digits(b, 5, 2).filter(|_| b[7] == b'-')?).ok()?,
        digits(b, 8, 2)?,
    )
    .ok()?;
    if b.len() == 10 {
        return Some((Timestamp::Date(date), Shape::AsWritten));
    }
    let (t, shape) = read_time::<SHAPE>(b, date)?;
    Some((Timestamp::DateTime(t), shape))
}

/// The time and offset after the date `b[..10]` (see [`read_timestamp`]).
fn read_time<const SHAPE: bool>(b: &[u8], date: Date) -> Option<(OffsetDateTime, Shape)> {
    // Any separator between date and time, as RFC 3339 (section 5.6, NOTE) and `time` allow;
    // with one other than `T`, `t` or a space, only strict RFC 3339 (seconds, and `Z` or
    // `±hh:mm` right after them).
    let strict = !matches!(b[10], b'T' | b't' | b' ');
    if !b[10].is_ascii() || b.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (digits(b, 11, 2)?, digits(b, 14, 2)?);
    let (mut second, mut nano, mut i, mut fraction) = (0, 0, 16, 0);
    let seconds = b.get(i) == Some(&b':');
    if seconds {
        second = digits(b, 17, 2)?;
        i = 19;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            let mut scale = 100_000_000;
            i = start;
            while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                nano += u32::from(d - b'0') * scale;
                scale /= 10;
                i += 1;
            }
            if i == start {
                return None;
            }
            fraction = i - start;
        }
    }
    let before_spaces = i;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let spaces = i - before_spaces;
    let (offset, offset_shape, minus) = match &b[i..] {
        [] => (UtcOffset::UTC, OffsetShape::Absent, false),
        [b'Z'] => (UtcOffset::UTC, OffsetShape::Z, false),
        [b'z'] => (UtcOffset::UTC, OffsetShape::LowerZ, false),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m, shape) = match rest {
                [_, _] => (digits(rest, 0, 2)?, 0, OffsetShape::Hours),
                [_, _, _, _] => (digits(rest, 0, 2)?, digits(rest, 2, 2)?, OffsetShape::HoursMinutes),
                [_, _, b':', _, _] => (digits(rest, 0, 2)?, digits(rest, 3, 2)?, OffsetShape::Colon),
                _ => return None,
            };
            if h > 23 {
                return None;
            }
            let (h, m) = (h as i8, m as i8);
            let (h, m) = if *sign == b'-' { (-h, -m) } else { (h, m) };
            (UtcOffset::from_hms(h, m, 0).ok()?, shape, *sign == b'-')
        }
        _ => return None,
    };
    if strict
        && (!seconds
            || spaces > 0
            || matches!(offset_shape, OffsetShape::Absent | OffsetShape::Hours | OffsetShape::HoursMinutes))
    {
        return None;
    }
    // A leap second is read as `time` reads it in RFC 3339: the nanosecond before, and only
    // as the last second of a month in UTC.
    let leap = second == 60;
    if leap {
        (second, nano) = (59, 999_999_999);
    }
    let time = Time::from_hms_nano(hour, minute, second, nano).ok()?;
    let t = PrimitiveDateTime::new(date, time).assume_offset(offset);
    if leap {
        let utc = t.checked_to_offset(UtcOffset::UTC)?;
        let last = Time::from_hms_nano(23, 59, 59, 999_999_999).ok()?;
        if utc.time() != last || utc.day() != utc.month().length(utc.year()) {
            return None;
        }
    }
    // What a `DateShape` cannot write back (a leap second, digits past the nanosecond, many
    // spaces) is kept as text.
    let shape = if !SHAPE {
        Shape::AsWritten
    } else if leap || fraction > 9 || spaces > 9 {
        Shape::Text
    } else {
        Shape::DateTime(DateShape {
            separator: b[10],
            seconds,
            fraction: fraction as u8,
            spaces: spaces as u8,
            offset: offset_shape,
            minus_zero: minus && offset.is_utc(),
        })
    };
    Some((t, shape))
}

/// The number written by the `n` (at most 2) ASCII digits at `b[at..]`.
fn digits(b: &[u8], at: usize, n: usize) -> Option<u8> {
    b.get(at..at + n)?.iter().try_fold(0u8, |v, d| d.is_ascii_digit().then(|| v * 10 + (d - b'0')))
}

/// Epoch milliseconds: an optional `-`, then ASCII digits only.
fn read_epoch_millis(b: &[u8]) -> Option<OffsetDateTime> {
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(b).ok()?.parse::<i64>().ok().and_then(from_epoch_millis)
}

fn from_epoch_millis(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

/// Parses a Pax8 date-time leniently (every shape [`Timestamp::parse`] reads); a date alone
/// is midnight UTC. Returns `None` for anything else. (For tests.)
#[cfg(test)]
pub(crate) fn parse_datetime(s: &str) -> Option<OffsetDateTime> {
    Timestamp::parse(s)?.datetime()
}

/// Parses a `yyyy-MM-dd` date; a date-time is accepted and its date part kept. (For tests.)
#[cfg(test)]
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    Timestamp::parse(s)?.date()
}

fn unparsed(kind: &str, raw: &str) {
    #[cfg(feature = "log")]
    log::warn!("pax8: could not parse {kind} {raw:?}; kept as text");
    #[cfg(not(feature = "log"))]
    let _ = (kind, raw);
}

/// Serde helper for the `Option<OffsetDateTime>` fields of write bodies (`with =
/// "datetime_opt"` on a `Serialize`-only body). Responses read dates as [`Timestamp`]s.
pub(crate) mod datetime_opt {
    use super::*;

    /// Writes RFC 3339 with milliseconds, or `null`.
    pub fn serialize<S: Serializer>(v: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&format_datetime(*t)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    wire_enum! {
        /// Test enum.
        pub enum Color {
            /// Red.
            Red => "Red",
            /// One-time.
            OneTime => "One-Time" | "1-Time",
        }
    }

    #[test]
    fn enum_fallback_round_trips() {
        assert_eq!(Color::from_wire("Red"), Color::Red);
        assert_eq!(Color::from_wire("red"), Color::Red);
        assert_eq!(Color::from_wire("1-Time"), Color::OneTime);
        assert_eq!(Color::from_wire("One-time"), Color::OneTime);
        let c: Color = serde_json::from_str("\"Mauve\"").unwrap();
        assert_eq!(c, Color::Other("Mauve".into()));
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"Mauve\"");
        assert_eq!(serde_json::to_string(&Color::OneTime).unwrap(), "\"One-Time\"");
    }

    #[test]
    fn datetimes_parse_leniently() {
        assert_eq!(parse_datetime("2023-08-11T11:33:12.314-0600"), Some(datetime!(2023-08-11 11:33:12.314 -6)));
        assert_eq!(parse_datetime("2020-02-28T16:28:15.952628Z"), Some(datetime!(2020-02-28 16:28:15.952628 UTC)));
        assert_eq!(parse_datetime("2020-12-03"), Some(datetime!(2020-12-03 0:00 UTC)));
        assert_eq!(parse_datetime("2020-12-03T10:00:00"), Some(datetime!(2020-12-03 10:00 UTC)));
        assert_eq!(parse_datetime("2020-12-03T10:00:00+02:00"), Some(datetime!(2020-12-03 10:00 +2)));
        assert_eq!(parse_datetime("yesterday"), None);
        assert_eq!(parse_date("2020-12-03"), Some(date!(2020 - 12 - 03)));
        assert_eq!(parse_date("2020-12-03T23:00:00Z"), Some(date!(2020 - 12 - 03)));
        assert_eq!(parse_date("12/03/2020"), None);
    }

    #[test]
    fn dates_format_for_the_wire() {
        assert_eq!(format_date(date!(2024 - 01 - 05)), "2024-01-05");
        assert_eq!(format_datetime(datetime!(2024-01-31 0:00 UTC)), "2024-01-31T00:00:00.000Z");
        assert_eq!(format_datetime(datetime!(2000-10-31 1:30 -5)), "2000-10-31T01:30:00.000-05:00");
    }

    #[derive(serde::Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "timestamp")]
        at: Option<Timestamp>,
    }

    #[test]
    fn bad_dates_never_fail_the_decode() {
        let h: Holder = serde_json::from_str(r#"{"at":"not a date"}"#).unwrap();
        assert_eq!(h.at, Some(Timestamp::Unparsed("not a date".into())));
        let h: Holder = serde_json::from_str(r#"{"at":true}"#).unwrap();
        assert_eq!(h.at, Some(Timestamp::Unparsed("true".into())));
        let h: Holder = serde_json::from_str(r#"{"at":null}"#).unwrap();
        assert!(h.at.is_none());
        let h: Holder = serde_json::from_str(r#"{}"#).unwrap();
        assert!(h.at.is_none());
    }
    #[test]
    fn timestamps_read_every_shape_and_keep_precision() {
        let dt = |s: &str| Timestamp::parse(s).and_then(|t| t.datetime());
        assert_eq!(dt("2023-08-11T11:33:12.314-06"), Some(datetime!(2023-08-11 11:33:12.314 -6)));
        assert_eq!(dt("2023-08-11T11:33:12.314-06:00"), Some(datetime!(2023-08-11 11:33:12.314 -6)));
        assert_eq!(dt("2023-08-11 11:33:12"), Some(datetime!(2023-08-11 11:33:12 UTC)));
        assert_eq!(dt("2023-08-11 11:33:12.5+0530"), Some(datetime!(2023-08-11 11:33:12.5 +5:30)));
        assert_eq!(dt("2023-08-11t11:33z"), Some(datetime!(2023-08-11 11:33 UTC)));
        assert_eq!(dt("1700000000000"), Some(datetime!(2023-11-14 22:13:20 UTC)));
        assert_eq!(Timestamp::parse("2020-12-03"), Some(Timestamp::Date(date!(2020 - 12 - 03))));
        assert_eq!(Timestamp::parse("  "), None);
        assert_eq!(Timestamp::parse("12/03/2020"), Some(Timestamp::Unparsed("12/03/2020".into())));
        assert_eq!(Timestamp::parse("2023-08-11T25:00:00Z"), Some(Timestamp::Unparsed("2023-08-11T25:00:00Z".into())));
        // Written back in the shape and precision read.
        for (wire, back) in [
            ("2020-12-03", "2020-12-03"),
            ("2020-02-28T16:28:15.952628Z", "2020-02-28T16:28:15.952628Z"),
            ("2023-08-11T11:33:12.314-0600", "2023-08-11T11:33:12.314-06:00"),
            ("someday", "someday"),
        ] {
            let t = Timestamp::parse(wire).unwrap();
            assert_eq!(serde_json::to_value(&t).unwrap(), serde_json::json!(back), "{wire}");
        }
        let t = Timestamp::from(datetime!(2020-12-03 23:30 -2));
        assert_eq!((t.date(), t.unparsed()), (Some(date!(2020 - 12 - 03)), None));
        assert_eq!(Timestamp::from(date!(2020 - 12 - 03)).datetime(), Some(datetime!(2020-12-03 0:00 UTC)));
    }

    /// One test per shape of the field notes, each against a literal value.
    fn dt(s: &str) -> Option<Timestamp> {
        Timestamp::parse(s)
    }
    fn at(t: OffsetDateTime) -> Option<Timestamp> {
        Some(Timestamp::DateTime(t))
    }

    #[test]
    fn one_pass_reads_rfc3339() {
        assert_eq!(dt("2020-02-28T16:28:15.952628Z"), at(datetime!(2020-02-28 16:28:15.952628 UTC)));
        assert_eq!(dt("2025-01-15T09:30:00Z"), at(datetime!(2025-01-15 09:30 UTC)));
        assert_eq!(dt("2000-10-31T01:30:00.000-05:00"), at(datetime!(2000-10-31 01:30 -5)));
        assert_eq!(dt("2024-02-29T23:59:59.999999999+14:00"), at(datetime!(2024-02-29 23:59:59.999999999 +14)));
        // Digits past nanoseconds are dropped, as the `time` crate's RFC 3339 parser does.
        assert_eq!(dt("2020-02-28T16:28:15.1234567891Z"), at(datetime!(2020-02-28 16:28:15.123456789 UTC)));
        // A leap second (strict RFC 3339 only), as `time` reads it.
        assert_eq!(dt("2016-12-31T23:59:60Z"), at(datetime!(2016-12-31 23:59:59.999999999 UTC)));
    }

    #[test]
    fn one_pass_reads_offsets_without_colon() {
        assert_eq!(dt("2023-08-11T11:33:12.314-0600"), at(datetime!(2023-08-11 11:33:12.314 -6)));
        assert_eq!(dt("2023-08-11T11:33:12+0530"), at(datetime!(2023-08-11 11:33:12 +5:30)));
        assert_eq!(dt("2023-08-11T11:33:12.314-0630"), at(datetime!(2023-08-11 11:33:12.314 -6:30)));
        assert_eq!(dt("2023-08-11T11:33:12.314-06"), at(datetime!(2023-08-11 11:33:12.314 -6)));
        assert_eq!(dt("2023-08-11T11:33:12+00"), at(datetime!(2023-08-11 11:33:12 UTC)));
        assert_eq!(dt("2023-08-11T11:33:12 -0600"), at(datetime!(2023-08-11 11:33:12 -6)));
    }

    #[test]
    fn one_pass_reads_a_space_or_lowercase_for_t_and_no_offset_or_seconds() {
        assert_eq!(dt("2023-08-11 11:33:12.314-06:00"), at(datetime!(2023-08-11 11:33:12.314 -6)));
        assert_eq!(dt("2023-08-11 11:33:12"), at(datetime!(2023-08-11 11:33:12 UTC)));
        assert_eq!(dt("2023-08-11t11:33:12z"), at(datetime!(2023-08-11 11:33:12 UTC)));
        assert_eq!(dt("2023-08-11T11:33"), at(datetime!(2023-08-11 11:33 UTC)));
        assert_eq!(dt("2023-08-11T11:33-0600"), at(datetime!(2023-08-11 11:33 -6)));
        assert_eq!(dt(" 2023-08-11T11:33:12Z\n"), at(datetime!(2023-08-11 11:33:12 UTC)));
    }

    #[test]
    fn one_pass_reads_a_date_alone_and_epoch_millis() {
        assert_eq!(dt("2020-12-03"), Some(Timestamp::Date(date!(2020 - 12 - 03))));
        assert_eq!(dt("2024-02-29"), Some(Timestamp::Date(date!(2024 - 02 - 29))));
        assert_eq!(dt("1700000000000"), at(datetime!(2023-11-14 22:13:20 UTC)));
        assert_eq!(dt("1700000000123"), at(datetime!(2023-11-14 22:13:20.123 UTC)));
        assert_eq!(dt("0"), at(datetime!(1970-01-01 0:00 UTC)));
        assert_eq!(dt("-86400000"), at(datetime!(1969-12-31 0:00 UTC)));
    }

    #[test]
    fn a_date_sent_as_a_number_reads_like_its_text_and_survives_a_round_trip() {
        // Found by the fuzz harness's round trip: `5.0` was kept as the text "5", which reads
        // back as 5 ms after the epoch.
        #[derive(serde::Deserialize, serde::Serialize, PartialEq, Debug)]
        struct Dated {
            #[serde(deserialize_with = "timestamp")]
            at: Option<Timestamp>,
        }
        let read = |json: &str| serde_json::from_str::<Dated>(json).unwrap().at;
        let five_ms = at(datetime!(1970-01-01 0:00:00.005 UTC));
        assert_eq!(read(r#"{"at": 5}"#), five_ms);
        assert_eq!(read(r#"{"at": 5.0}"#), five_ms);
        assert_eq!(read(r#"{"at": "5"}"#), five_ms);
        assert_eq!(read(r#"{"at": 5.5}"#), Some(Timestamp::Unparsed("5.5".into())));
        for json in [r#"{"at": 5.0}"#, r#"{"at": 5.5}"#, r#"{"at": true}"#, r#"{"at": 1e300}"#] {
            let first = serde_json::from_str::<Dated>(json).unwrap();
            let again: Dated = serde_json::from_str(&serde_json::to_string(&first).unwrap()).unwrap();
            assert_eq!(first, again, "{json}");
        }
    }

    #[test]
    fn one_pass_keeps_odd_values_as_text() {
        for odd in [
            "2023-02-29",               // no such day
            "2023-13-01",               // no such month
            "2023-08-11T24:00:00Z",     // no such hour
            "2023-08-11T11:60:00Z",     // no such minute
            "2023-08-11T11:33:12.Z",    // a point without digits
            "2023-08-11T11:33:12-2400", // offset hour above 23
            "2023-08-11T11:33:12-0660", // offset minute above 59
            "2023-08-11T11:33:12-6",    // one offset digit
            "2023-08-11T11:33:12-06:0", // a short offset minute
            "2023-08-11T11:33:12ZZ",    // trailing text
            "2023-08-11T1:33:12Z",      // one hour digit
            "2023-08-11T11",            // no minutes
            "2023-8-11",                // one month digit
            "2023/08/11",               // other separators
            "12/03/2020",
            "99999999999999999999", // epoch millis out of range
            "-",
            "2023-08-11T11:33:12.314-0600€", // a multi-byte character at the end
            "not a date",
        ] {
            assert_eq!(dt(odd), Some(Timestamp::Unparsed(odd.to_owned())), "{odd}");
        }
    }

    use time::format_description::well_known::Rfc3339;

    /// The parser before the one-pass one (strict RFC 3339, then the lenient shapes rebuilt
    /// as RFC 3339 text and parsed again), kept to check the new one against.
    fn two_pass(t: &str) -> Option<Timestamp> {
        let t = t.trim();
        let digits = t.strip_prefix('-').unwrap_or(t);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return t.parse::<i64>().ok().and_then(from_epoch_millis).map(Timestamp::DateTime);
        }
        if t.len() == 10 {
            let ymd = time::macros::format_description!("[year]-[month]-[day]");
            return Date::parse(t, ymd).ok().map(Timestamp::Date);
        }
        if let Ok(v) = OffsetDateTime::parse(t, &Rfc3339) {
            return Some(Timestamp::DateTime(v));
        }
        if t.len() < 16 || !t.is_char_boundary(10) || !t.is_char_boundary(11) {
            return None;
        }
        let (date, sep, rest) = (&t[..10], &t[10..11], &t[11..]);
        if !matches!(sep, "T" | "t" | " ") {
            return None;
        }
        let (time, offset) = if let Some(time) = rest.strip_suffix(['Z', 'z']) {
            (time, "Z".to_owned())
        } else if let Some(i) = rest.rfind(['+', '-']) {
            let digits: String = rest[i + 1..].chars().filter(|c| *c != ':').collect();
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let sign = &rest[i..=i];
            let offset = match digits.len() {
                2 => format!("{sign}{digits}:00"),
                4 => format!("{sign}{}:{}", &digits[..2], &digits[2..]),
                _ => return None,
            };
            (&rest[..i], offset)
        } else {
            (rest, "Z".to_owned())
        };
        let time = time.trim_end();
        let seconds = if time.len() == 5 { ":00" } else { "" };
        OffsetDateTime::parse(&format!("{date}T{time}{seconds}{offset}"), &Rfc3339).ok().map(Timestamp::DateTime)
    }

    #[test]
    fn one_pass_agrees_with_the_two_pass_parser_on_every_combination_of_parts() {
        let dates = ["2023-08-11", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2023-8-11"];
        let seps = ["", "T", "t", " ", "x"];
        let times = ["", "11:33", "11:33:12", "11:33:12.3", "11:33:12.314", "11:33:12.952628", "23:59:60", "24:00:00"];
        let offsets = ["", "Z", "z", "-06", "+0530", "-06:00", "+23:59", "-2400", " -0600", "-6", "+05:3", "Zz"];
        let mut n = 0;
        for d in dates {
            for s in seps {
                for t in times {
                    for o in offsets {
                        let input = format!("{d}{s}{t}{o}");
                        let want = two_pass(&input).unwrap_or_else(|| Timestamp::Unparsed(input.clone()));
                        assert_eq!(dt(&input), Some(want), "{input:?}");
                        n += 1;
                    }
                }
            }
        }
        assert_eq!(n, 6 * 5 * 8 * 12);
    }

    #[derive(serde::Deserialize, Default, Debug)]
    #[serde(default)]
    struct Lenient {
        #[serde(deserialize_with = "timestamp")]
        when: Option<Timestamp>,
        #[serde(deserialize_with = "whole_number")]
        count: Option<u32>,
        #[serde(deserialize_with = "string_or_number")]
        code: Option<String>,
        #[serde(deserialize_with = "lenient_uuid")]
        tenant: Option<Uuid>,
        #[serde(deserialize_with = "null_as_default")]
        name: String,
        #[serde(deserialize_with = "null_as_default")]
        flag: bool,
    }

    fn lenient(json: &str) -> Result<Lenient, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn lenient_scalars_read_what_the_wire_sends() {
        let l = lenient(r#"{"when":1700000000000,"count":5.0,"code":44,"tenant":"","name":null,"flag":null}"#).unwrap();
        assert_eq!(l.when, Some(Timestamp::DateTime(datetime!(2023-11-14 22:13:20 UTC))));
        assert_eq!((l.count, l.code.as_deref(), l.tenant), (Some(5), Some("44"), None));
        assert_eq!((l.name.as_str(), l.flag), ("", false));
        let l = lenient(r#"{"when":"","count":"7","code":"1","tenant":"not-a-uuid"}"#).unwrap();
        assert_eq!((l.when, l.count, l.code.as_deref(), l.tenant), (None, Some(7), Some("1"), None));
        let l = lenient(r#"{"when":{"a":1},"count":null,"code":null,"tenant":"0d6a2b5c-7b0e-4a3e-9d1f-1a2b3c4d5e6f"}"#)
            .unwrap();
        assert_eq!(l.when, Some(Timestamp::Unparsed(r#"{"a":1}"#.into())));
        assert_eq!((l.count, l.code), (None, None));
        assert_eq!(l.tenant, Some(uuid::uuid!("0d6a2b5c-7b0e-4a3e-9d1f-1a2b3c4d5e6f")));
        for bad in [r#"{"count":5.5}"#, r#"{"count":-1}"#, r#"{"count":"five"}"#, r#"{"count":true}"#] {
            let err = lenient(bad).unwrap_err().to_string();
            assert!(err.contains("expected a whole number"), "{bad}: {err}");
        }
    }

    checked_model! {
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Thing {
            #[serde(default = "unset_id", deserialize_with = "required_id")]
            id: Uuid,
            #[serde(default = "unset_id", deserialize_with = "required_id")]
            owner_id: Uuid,
            note: Option<String>,
        }
        "thing", ids: ["id" => id, "ownerId" => owner_id]
    }

    #[test]
    fn required_ids_fail_by_name_when_absent_null_or_malformed() {
        const ID: &str = "18d6329e-93f9-46a5-9df7-37e4c29d2840";
        let t: Thing = serde_json::from_str(&format!(r#"{{"id":"{ID}","ownerId":"{}"}}"#, Uuid::nil())).unwrap();
        assert_eq!((t.id.to_string(), t.owner_id, t.note), (ID.to_owned(), Uuid::nil(), None));
        for (json, names) in [
            (format!(r#"{{"id":"{ID}"}}"#), "`ownerId`"),
            (format!(r#"{{"id":"{ID}","ownerId":null}}"#), "`ownerId`"),
            (format!(r#"{{"id":"{ID}","ownerId":"18d6329e"}}"#), "`ownerId`"),
            (r#"{"id":17,"note":"x"}"#.to_owned(), "`id`, `ownerId`"),
        ] {
            let err = serde_json::from_str::<Thing>(&json).unwrap_err().to_string();
            assert!(err.starts_with(&format!("thing: required id {names} is missing, null or not a UUID")), "{err}");
        }
        // Written back with the derived serializer.
        let t = Thing {
            id: Uuid::from_u128(1),
            owner_id: Uuid::from_u128(2),
            note: Some("n".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            serde_json::json!({"id": Uuid::from_u128(1), "ownerId": Uuid::from_u128(2), "note": "n"})
        );
    }

    checked_model! {
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Spelt {
            term: Option<BillingTerm>,
            other_term: Option<BillingTerm>,
            #[serde(deserialize_with = "timestamp")]
            at: Option<Timestamp>,
            #[serde(deserialize_with = "timestamp")]
            then: Option<Timestamp>,
            #[serde(skip_serializing_if = "Option::is_none")]
            inner: Option<Box<Spelt>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            first: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            second_name: Option<String>,
        }
        "spelt", merge: [first <- second_name]
    }

    fn round_trip(json: &str) -> String {
        serde_json::to_string(&serde_json::from_str::<Spelt>(json).unwrap()).unwrap()
    }

    #[test]
    fn a_model_is_written_back_as_read() {
        // Aliases, case, date shapes, epoch milliseconds and the second key, each as read;
        // a nested model keeps its own.
        for json in [
            r#"{"term":"1-Time","otherTerm":"One-time","at":"2023-08-11T11:33:12.314-0600","then":"2023-08-11 11:33-06","secondName":"x"}"#,
            r#"{"term":"monthly","otherTerm":"One-Time","at":1700000000000,"then":" 2023-08-11T11:33:12Z","first":"a","secondName":"b"}"#,
            r#"{"term":"Monthly","otherTerm":"something new","at":"2020-12-03","then":"2020-02-28T16:28:15.952628000+00:00"}"#,
            r#"{"term":"1-Time","otherTerm":"1-time","at":"2023-08-11T11:33:12.100-06:00","then":"2023-08-11T17:33:12.1Z","inner":{"term":"one-time","otherTerm":null,"at":"2023-08-11t11:33:12-0600","then":null}}"#,
            r#"{"term":null,"otherTerm":null,"at":"2016-12-31T23:59:60Z","then":"2020-01-01T00:00:00.1234567891Z"}"#,
        ] {
            assert_eq!(round_trip(json), json);
        }
        // One model, one value spelled two ways: each spelling is written where it was read
        // (the same instant in two offsets is told apart by its offset; two spellings of one
        // enum value go back in the order read).
        let t: Spelt = serde_json::from_str(
            r#"{"term":"1-Time","otherTerm":"one-time","then":"2020-01-01T00:00-0600","at":"2020-01-01T06:00Z"}"#,
        )
        .unwrap();
        assert_eq!((&t.term, &t.other_term), (&Some(BillingTerm::OneTime), &Some(BillingTerm::OneTime)));
        assert_eq!(t.at, t.then);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"term":"1-Time","otherTerm":"one-time","at":"2020-01-01T06:00Z","then":"2020-01-01T00:00-0600"}"#
        );
    }

    #[test]
    fn a_changed_value_and_a_value_outside_its_model_are_canonical() {
        let mut t: Spelt = serde_json::from_str(
            r#"{"term":"1-Time","otherTerm":"Annual","at":"2023-08-11T11:33:12.314-0600","secondName":"x"}"#,
        )
        .unwrap();
        assert_eq!(serde_json::to_string(&t.term).unwrap(), r#""One-Time""#);
        assert_eq!(serde_json::to_string(&t.at).unwrap(), r#""2023-08-11T11:33:12.314-06:00""#);
        t.term = Some(BillingTerm::Monthly);
        t.at = Timestamp::parse("2024-01-01T00:00:00-06:00");
        t.first = Some("y".into());
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"term":"Monthly","otherTerm":"Annual","at":"2024-01-01T00:00:00-06:00","then":null,"secondName":"y"}"#
        );
        // Equal whatever the spelling.
        let canonical: Spelt =
            serde_json::from_str(r#"{"term":"One-Time","otherTerm":"One-Time","first":"x"}"#).unwrap();
        let aliased: Spelt =
            serde_json::from_str(r#"{"term":"1-Time","otherTerm":"one-time","secondName":"x"}"#).unwrap();
        assert_eq!(canonical, aliased);
        // A model built in code has no spelling.
        let built = Spelt { term: Some(BillingTerm::OneTime), first: Some("z".into()), ..Default::default() };
        assert_eq!(
            serde_json::to_string(&built).unwrap(),
            r#"{"term":"One-Time","otherTerm":null,"at":null,"then":null,"first":"z"}"#
        );
    }
}

/// The odd dates every model family is tested with: a `-0600` offset, a date alone, and text.
#[cfg(test)]
pub(crate) mod odd_dates {
    use super::Timestamp;
    use time::macros::{date, datetime};

    /// A date-time with a `-0600` offset (no colon), as Pax8 sends some.
    pub(crate) const DATETIME: &str = "2023-08-11T11:33:12.314-0600";
    /// A date alone.
    pub(crate) const DATE: &str = "2020-12-03";
    /// Not a date.
    pub(crate) const TEXT: &str = "not a date";

    /// Checks three fields read from [`DATETIME`], [`DATE`] and [`TEXT`]: the time (with its
    /// offset and milliseconds), the date alone, and the raw text.
    pub(crate) fn assert_kept(datetime: &Option<Timestamp>, date: &Option<Timestamp>, text: &Option<Timestamp>) {
        assert_eq!(datetime, &Some(Timestamp::DateTime(datetime!(2023-08-11 11:33:12.314 -6))));
        assert_eq!(date, &Some(Timestamp::Date(date!(2020 - 12 - 03))));
        assert_eq!(text, &Some(Timestamp::Unparsed(TEXT.to_owned())));
        // Written back as read (the offset in RFC 3339 form).
        let back: Vec<String> = [datetime, date, text].iter().map(|t| t.as_ref().unwrap().to_string()).collect();
        assert_eq!(back, ["2023-08-11T11:33:12.314-06:00", DATE, TEXT]);
    }
}
