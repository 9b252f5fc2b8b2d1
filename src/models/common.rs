//! Shared building blocks of the models: enums with a fallback, sort direction, lenient dates.

use serde::{Deserialize, Deserializer, Serializer};
use time::{Date, OffsetDateTime, UtcOffset, format_description::well_known::Rfc3339};

/// Declares a string enum of the wire with a fallback variant.
///
/// Each variant has one canonical wire string (written on output) and any number of aliases
/// (also accepted on input). Input is matched exactly first, then ignoring ASCII case. A
/// string that matches nothing is kept in `Other(String)` and written back unchanged, so a
/// new value from Pax8 never fails a decode.
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
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from_wire(&s))
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

/// Reads a list that may be absent or `null` as empty.
pub(crate) fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
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

/// Parses a Pax8 date-time leniently.
///
/// Accepts RFC 3339 (any number of fraction digits), an offset without a colon
/// (`-0600`), no offset at all (read as UTC) and a date alone (midnight UTC). Returns `None`
/// for anything else.
pub fn parse_datetime(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    if s.len() == 10 {
        return parse_ymd(s).map(|d| d.midnight().assume_utc());
    }
    // Offset without a colon: ...T11:33:12.314-0600 or +0600.
    let bytes = s.as_bytes();
    if s.len() >= 19 && bytes[10] == b'T' {
        let tail = &s[s.len() - 5..];
        let tb = tail.as_bytes();
        if (tb[0] == b'+' || tb[0] == b'-') && tb[1..].iter().all(u8::is_ascii_digit) {
            let fixed = format!("{}{}:{}", &s[..s.len() - 5], &tail[..3], &tail[3..]);
            if let Ok(t) = OffsetDateTime::parse(&fixed, &Rfc3339) {
                return Some(t);
            }
        }
        // No offset at all: read as UTC.
        if let Ok(t) = OffsetDateTime::parse(&format!("{s}Z"), &Rfc3339) {
            return Some(t);
        }
    }
    None
}

/// Parses a `yyyy-MM-dd` date; a date-time is accepted and its date part kept.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() == 10 {
        return parse_ymd(s);
    }
    parse_datetime(s).map(|t| t.date())
}

fn parse_ymd(s: &str) -> Option<Date> {
    Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

/// Formats a date as the wire expects in filters and bodies: `yyyy-MM-dd`.
pub fn format_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Formats a date-time as RFC 3339 with milliseconds, e.g. `2024-01-31T00:00:00.000Z`.
pub fn format_datetime(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory]:[offset_minute]"
    );
    if t.offset() == UtcOffset::UTC {
        let fmt_utc =
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
        return t.format(&fmt_utc).unwrap_or_default();
    }
    t.format(&fmt).unwrap_or_default()
}

/// Reads a string leniently: a string, a number or a bool; `null` or anything else is `None`.
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn unparsed(kind: &str, raw: &str) {
    #[cfg(feature = "log")]
    log::warn!("pax8: could not parse {kind} {raw:?}; field left empty");
    #[cfg(not(feature = "log"))]
    let _ = (kind, raw);
}

/// Serde helpers for `Option<OffsetDateTime>` fields read leniently.
pub mod datetime_opt {
    use super::*;

    /// Writes RFC 3339 with milliseconds, or `null`.
    pub fn serialize<S: Serializer>(v: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&format_datetime(*t)),
            None => s.serialize_none(),
        }
    }

    /// Reads any of the shapes [`parse_datetime`] knows; anything else becomes `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OffsetDateTime>, D::Error> {
        Ok(lenient_string(d)?.and_then(|raw| {
            let parsed = parse_datetime(&raw);
            if parsed.is_none() {
                unparsed("date-time", &raw);
            }
            parsed
        }))
    }
}

/// Serde helpers for `Option<Date>` fields read leniently.
pub mod date_opt {
    use super::*;

    /// Writes `yyyy-MM-dd`, or `null`.
    pub fn serialize<S: Serializer>(v: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&format_date(*d)),
            None => s.serialize_none(),
        }
    }

    /// Reads `yyyy-MM-dd` or a date-time (its date part); anything else becomes `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Ok(lenient_string(d)?.and_then(|raw| {
            let parsed = parse_date(&raw);
            if parsed.is_none() {
                unparsed("date", &raw);
            }
            parsed
        }))
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
        #[serde(default, with = "datetime_opt")]
        at: Option<OffsetDateTime>,
        #[serde(default, with = "date_opt")]
        on: Option<Date>,
    }

    #[test]
    fn bad_dates_never_fail_the_decode() {
        let h: Holder = serde_json::from_str(r#"{"at":"not a date","on":17}"#).unwrap();
        assert!(h.at.is_none() && h.on.is_none());
        let h: Holder = serde_json::from_str(r#"{"at":null}"#).unwrap();
        assert!(h.at.is_none());
        let h: Holder = serde_json::from_str(r#"{}"#).unwrap();
        assert!(h.at.is_none() && h.on.is_none());
    }
}
