//! Query strings with the wire names, built in a fixed order and percent-encoded.

use std::borrow::Cow;
use std::fmt::Display;

use time::Date;

use crate::datefmt::format_date;

/// An ordered list of query parameters. Order is kept as pushed, so the URL is predictable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pairs: Vec<(Cow<'static, str>, String)>,
}

impl Query {
    /// Sets `key` to `value`, replacing an earlier value of the same key (setters may be
    /// called twice; the last call wins).
    pub(crate) fn set(&mut self, key: &'static str, value: impl Display) {
        self.set_named(Cow::Borrowed(key), value);
    }

    /// [`set`](Self::set) with a key chosen at run time (raw requests).
    pub(crate) fn set_named(&mut self, key: Cow<'static, str>, value: impl Display) {
        let value = value.to_string();
        match self.pairs.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.pairs.push((key, value)),
        }
    }

    /// Sets `key` to a `yyyy-MM-dd` date.
    pub(crate) fn set_date(&mut self, key: &'static str, value: Date) {
        self.set(key, format_date(value));
    }

    /// Sets `key` when `value` is `Some`, removes it when `None` (the last call wins).
    pub(crate) fn set_opt(&mut self, key: &'static str, value: Option<impl Display>) {
        match value {
            Some(v) => self.set(key, v),
            None => self.pairs.retain(|(k, _)| *k != key),
        }
    }

    /// The value of `key`, if set.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    /// The parameters in order, not encoded (what a cassette records).
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_ref(), v.as_str()))
    }

    /// True when no parameter is set.
    pub(crate) fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `k=v&k2=v2`, percent-encoded (RFC 3986 unreserved characters, `,` and `:` kept).
    pub(crate) fn encode(&self) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            encode_into(&mut out, k);
            out.push('=');
            encode_into(&mut out, v);
        }
        out
    }
}

/// `s` percent-encoded as one path segment (a `/` in it cannot split the path).
pub(crate) fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s);
    out
}

fn encode_into(out: &mut String, s: &str) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b',' | b':' => out.push(b as char),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

/// Declares list filter setters that write one query parameter each, named after the wire
/// parameter. Kinds: `str` (any string), `date` (`yyyy-MM-dd`), `(id XId)` (a typed id,
/// taken as `impl Into<XId>`), or a type shown with `Display` (bool, number, a wire enum).
macro_rules! filters {
    ($( $(#[$m:meta])* $name:ident($wire:literal): $kind:tt ),* $(,)?) => {
        $( $crate::query::filters!(@one $(#[$m])* $name $wire $kind); )*
    };
    (@one $(#[$m:meta])* $name:ident $wire:literal (id $ty:ty)) => {
        $(#[$m])*
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            self.list.request.query.set($wire, value.into());
            self
        }
    };
    (@one $(#[$m:meta])* $name:ident $wire:literal str) => {
        $(#[$m])*
        pub fn $name(mut self, value: impl Into<String>) -> Self {
            self.list.request.query.set($wire, value.into());
            self
        }
    };
    (@one $(#[$m:meta])* $name:ident $wire:literal date) => {
        $(#[$m])*
        pub fn $name(mut self, value: ::time::Date) -> Self {
            self.list.request.query.set_date($wire, value);
            self
        }
    };
    (@one $(#[$m:meta])* $name:ident $wire:literal timestamp) => {
        $(#[$m])*
        pub fn $name(mut self, value: impl Into<$crate::models::Timestamp>) -> Self {
            self.list.request.query.set($wire, value.into());
            self
        }
    };
    (@one $(#[$m:meta])* $name:ident $wire:literal $ty:ty) => {
        $(#[$m])*
        pub fn $name(mut self, value: $ty) -> Self {
            self.list.request.query.set($wire, value);
            self
        }
    };
}
pub(crate) use filters;

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn keeps_order_and_encodes() {
        let mut q = Query::default();
        q.set("city", "New York");
        q.set("stateOrProvince", "Québec & Co");
        q.set("status", "Active");
        q.set_opt("status", None::<&str>);
        q.set_opt("selfServiceAllowed", Some(true));
        q.set("sort", "name:desc");
        assert_eq!(
            q.encode(),
            "city=New%20York&stateOrProvince=Qu%C3%A9bec%20%26%20Co&selfServiceAllowed=true&sort=name:desc"
        );
    }

    #[test]
    fn last_value_wins_and_dates_are_plain() {
        let mut q = Query::default();
        q.set("page", 1);
        q.set("size", 10);
        q.set("page", 2);
        q.set_date("usageDate", date!(2024 - 03 - 01));
        assert_eq!(q.get("page"), Some("2"));
        assert_eq!(q.encode(), "page=2&size=10&usageDate=2024-03-01");
    }

    #[test]
    fn a_path_segment_is_encoded_whole() {
        assert_eq!(encode_segment("subscription.updated"), "subscription.updated");
        assert_eq!(encode_segment("a/b c?d#é"), "a%2Fb%20c%3Fd%23%C3%A9");
    }

    #[test]
    fn empty_query_encodes_to_nothing() {
        assert!(Query::default().is_empty());
        assert_eq!(Query::default().encode(), "");
    }
}
