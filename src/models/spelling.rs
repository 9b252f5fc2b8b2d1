//! Written back as read: how a response model remembers the spellings the wire used where
//! the SDK would write another, so that serializing it again gives them back.
//!
//! Pax8 spells some values in more than one way (`1-Time` and `One-time` beside `One-Time`,
//! `Pax8Partner` beside `Pax8 Partner`, `-0600` beside `-06:00`, `commitmentTerm` beside
//! `commitment`). A model reads each into one value (so that code compares one value), and a
//! model read from the wire and serialized again (an export, the testing kit, a recording)
//! writes the spelling it read, not the canonical one. Request bodies are built from plain
//! values and always write the spelling each endpoint accepts.
//!
//! How: every model declared with `checked_model!` keeps a private [`Spelling`] beside its
//! fields. While a model is read, each value that was not spelled canonically (a wire enum
//! read under an alias or in another case, a date-time in another shape) records how it was
//! spelled ([`record`]); the model collects what was recorded inside it when its fields are
//! read ([`Reading`]). A field sent under a model's second key is remembered as a bit. When
//! the model is written, its spellings are put in force ([`write_framed`]) and each value
//! that is written asks whether one of them reads as itself ([`written`]); if so that
//! spelling is written. A value that was changed after the read no longer matches its
//! spelling and is written canonically. The innermost model owns what is read inside it;
//! values outside any model (a request body, a value serialized alone) are canonical.
//!
//! Nothing here costs a canonical value more than a counter read: only a value spelled
//! otherwise is recorded.

use std::any::TypeId;
use std::cell::{Cell, RefCell};
use std::fmt;

use serde::{Serialize, Serializer};
use time::{OffsetDateTime, UtcOffset};

use crate::datefmt::{format_date, offset_parts};

/// How one value was spelled on the wire, when that is not how the SDK writes it.
#[derive(Clone, PartialEq)]
pub(crate) enum Spelled {
    /// A date-time read from a string in the shape `DateShape`.
    DateTime(OffsetDateTime, DateShape),
    /// A date-time read from a JSON integer (epoch milliseconds).
    Millis(i64),
    /// A date-time read from a JSON number with a fraction part of zero (`5.0`).
    MillisFloat(f64),
    /// A text read into a value of the type `TypeId` (a wire enum, or a date-time whose shape
    /// [`DateShape`] cannot describe).
    Text(TypeId, Box<str>),
}

impl Spelled {
    /// The text, when this is a text spelling of a value of type `T`.
    pub(crate) fn text_of<T: 'static>(&self) -> Option<&str> {
        match self {
            Spelled::Text(ty, text) if *ty == TypeId::of::<T>() => Some(text),
            _ => None,
        }
    }
}

impl fmt::Debug for Spelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Spelled::DateTime(v, shape) => match shape.format(*v) {
                Some(s) => write!(f, "{s:?}"),
                None => write!(f, "{v}"),
            },
            Spelled::Millis(ms) => write!(f, "{ms}"),
            Spelled::MillisFloat(ms) => write!(f, "{ms:?}"),
            Spelled::Text(_, s) => write!(f, "{s:?}"),
        }
    }
}

/// The spellings a model read that the SDK writes otherwise, and which of its fields came
/// under their second key. Private to the SDK; a model's `PartialEq` ignores it (a value is
/// equal whatever its spelling) and its `Debug` lists the spellings.
#[derive(Clone, Default)]
pub(crate) struct Spelling {
    /// The first spelling (most models that have one have one: kept without an allocation).
    first: Option<Spelled>,
    /// The others.
    more: Vec<Spelled>,
    /// Bit `i`: the `i`-th field a model reads under two keys came under its second key.
    moved: u8,
}

impl Spelling {
    /// Whether the `i`-th two-key field came under its second key.
    pub(crate) fn moved(&self, i: u32) -> bool {
        self.moved & (1 << i) != 0
    }

    /// Remembers that the `i`-th two-key field came under its second key.
    pub(crate) fn set_moved(&mut self, i: u32) {
        self.moved |= 1 << i;
    }

    /// The spellings, taken out.
    pub(crate) fn take_spelled(&mut self) -> Vec<Spelled> {
        let mut all = std::mem::take(&mut self.more);
        if let Some(first) = self.first.take() {
            all.insert(0, first);
        }
        all
    }
}

impl PartialEq for Spelling {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Spelling {}

impl fmt::Debug for Spelling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.first.iter().chain(&self.more)).finish()?;
        if self.moved != 0 {
            write!(f, " (second key: {:#b})", self.moved)?;
        }
        Ok(())
    }
}

thread_local! {
    /// How many models are being read, one inside another, on this thread.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// How many spellings wait in `READ` (read without touching `READ` when there are none).
    static PENDING: Cell<usize> = const { Cell::new(0) };
    /// The spellings recorded, each with the depth of the model it was read in.
    static READ: RefCell<Vec<(u32, Spelled)>> = const { RefCell::new(Vec::new()) };
    /// The spellings in force while models are written, the innermost model's last.
    static WRITING: RefCell<Vec<Vec<Spelled>>> = const { RefCell::new(Vec::new()) };
}

/// Records how a value was spelled, for the model being read (nothing when no model is).
pub(crate) fn record(spelled: impl FnOnce() -> Spelled) {
    let depth = DEPTH.get();
    if depth > 0 {
        READ.with_borrow_mut(|read| read.push((depth, spelled())));
        PENDING.set(PENDING.get() + 1);
    }
}

/// One model being read: what is recorded until [`finish`](Reading::finish) is its own
/// (models read inside it take theirs first). Dropped without `finish` (a failed read), it
/// forgets what was recorded inside it.
pub(crate) struct Reading(u32);

impl Reading {
    /// Starts reading a model.
    pub(crate) fn start() -> Reading {
        let depth = DEPTH.get() + 1;
        DEPTH.set(depth);
        Reading(depth)
    }

    /// The spellings recorded while the model was read.
    pub(crate) fn finish(self) -> Spelling {
        let mut spelling = Spelling::default();
        self.take(|mine| {
            spelling.first = mine.next();
            spelling.more = mine.collect();
        });
        spelling
    }

    /// Hands what was recorded inside this model to `keep`, and forgets it.
    fn take(&self, keep: impl FnOnce(&mut dyn Iterator<Item = Spelled>)) {
        if PENDING.get() == 0 {
            return;
        }
        READ.with_borrow_mut(|read| {
            let from = read.iter().position(|(depth, _)| *depth >= self.0).unwrap_or(read.len());
            keep(&mut read.drain(from..).map(|(_, spelled)| spelled));
            PENDING.set(read.len());
        });
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        self.take(|_| {});
        DEPTH.set(self.0 - 1);
    }
}

/// Writes a model with its spellings in force (see the module docs).
pub(crate) fn write_framed<R>(spelled: Vec<Spelled>, write: impl FnOnce() -> R) -> R {
    struct Pop;
    impl Drop for Pop {
        fn drop(&mut self) {
            WRITING.with_borrow_mut(|frames| frames.pop());
        }
    }
    WRITING.with_borrow_mut(|frames| frames.push(spelled));
    let _pop = Pop;
    write()
}

/// The spelling in force that `matches` accepts for the value being written, if any; it is
/// used up (each spelling is written once).
pub(crate) fn written<T>(matches: impl Fn(&Spelled) -> Option<T>) -> Option<T> {
    WRITING.with_borrow_mut(|frames| {
        let frame = frames.last_mut().filter(|frame| !frame.is_empty())?;
        let (i, found) = frame.iter().enumerate().find_map(|(i, s)| matches(s).map(|found| (i, found)))?;
        frame.remove(i);
        Some(found)
    })
}

/// Writes a text as read when one of the spellings in force reads as `value` of type `T`
/// (`reads_as`), else `canonical`.
pub(crate) fn serialize_text<T: 'static, S: Serializer>(
    canonical: &str,
    reads_as: impl Fn(&str) -> bool,
    s: S,
) -> Result<S::Ok, S::Error> {
    match written(|spelled| spelled.text_of::<T>().filter(|text| reads_as(text)).map(str::to_owned)) {
        Some(text) => s.serialize_str(&text),
        None => s.serialize_str(canonical),
    }
}

/// A text spelling of a value of type `T`.
pub(crate) fn text<T: 'static>(text: &str) -> Spelled {
    Spelled::Text(TypeId::of::<T>(), text.into())
}

/// A model as `#[serde(into = "Written<Self>")]` hands it to serde: written by
/// [`SpelledModel::write`]. (serde's `into` clones the model first; writing a response model
/// is rare enough for that.)
pub(crate) struct Written<M>(Cell<Option<M>>);

impl<M> From<M> for Written<M> {
    fn from(model: M) -> Self {
        Written(Cell::new(Some(model)))
    }
}

/// A model that is written with its spellings (implemented by `checked_model!`).
pub(crate) trait SpelledModel: Sized {
    /// Writes the model, its spellings in force.
    fn write<S: Serializer>(self, s: S) -> Result<S::Ok, S::Error>;
}

impl<M: SpelledModel> Serialize for Written<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(model) => model.write(s),
            None => Err(serde::ser::Error::custom("a model was written twice from one copy")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The shape of a date-time.
// ---------------------------------------------------------------------------------------------

/// How a date-time was written: what RFC 3339 leaves open, and what Pax8 varies.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct DateShape {
    /// Between date and time: `T`, `t` or a space.
    pub(crate) separator: u8,
    /// Whether the seconds were written.
    pub(crate) seconds: bool,
    /// How many fraction digits were written (at most 9).
    pub(crate) fraction: u8,
    /// How many spaces before the offset.
    pub(crate) spaces: u8,
    /// How the offset was written.
    pub(crate) offset: OffsetShape,
    /// Whether a zero offset was written with a minus (`-00:00`).
    pub(crate) minus_zero: bool,
}

/// How the offset of a date-time was written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum OffsetShape {
    /// None (read as UTC).
    Absent,
    /// `Z`.
    Z,
    /// `z`.
    LowerZ,
    /// `-06`.
    Hours,
    /// `-0600`.
    HoursMinutes,
    /// `-06:00`.
    Colon,
}

impl DateShape {
    /// The shape the SDK writes `v` in: RFC 3339 as the `time` crate writes it (`T`, seconds,
    /// the fraction digits that are not trailing zeros, `Z` for UTC, else `±hh:mm`).
    pub(crate) fn canonical(v: OffsetDateTime) -> DateShape {
        let nano = v.nanosecond();
        let fraction = if nano == 0 { 0 } else { 9 - trailing_zeros(nano) };
        DateShape {
            separator: b'T',
            seconds: true,
            fraction,
            spaces: 0,
            offset: if v.offset().is_utc() { OffsetShape::Z } else { OffsetShape::Colon },
            minus_zero: false,
        }
    }

    /// `v` written in this shape, or `None` when the shape cannot hold it (a time with
    /// seconds in a shape without them, an offset other than UTC where none or `Z` was
    /// written, a year outside 0..=9999, ...).
    pub(crate) fn format(&self, v: OffsetDateTime) -> Option<String> {
        use std::fmt::Write;
        let offset = v.offset();
        let (_, om, os) = offset.as_hms();
        let utc = offset == UtcOffset::UTC;
        let fits_offset = match self.offset {
            OffsetShape::Absent | OffsetShape::Z | OffsetShape::LowerZ => utc,
            OffsetShape::Hours => om == 0 && os == 0,
            OffsetShape::HoursMinutes | OffsetShape::Colon => os == 0,
        };
        let unit = 10u32.pow(9 - u32::from(self.fraction.min(9)));
        let fits_time =
            (self.seconds || (v.second() == 0 && v.nanosecond() == 0)) && v.nanosecond().is_multiple_of(unit);
        if !fits_offset || !fits_time || !(0..=9999).contains(&v.year()) {
            return None;
        }
        let mut out = format_date(v.date());
        let _ = write!(out, "{}{:02}:{:02}", char::from(self.separator), v.hour(), v.minute());
        if self.seconds {
            let _ = write!(out, ":{:02}", v.second());
        }
        if self.fraction > 0 {
            let _ = write!(out, ".{:0width$}", v.nanosecond() / unit, width = usize::from(self.fraction));
        }
        out.extend(std::iter::repeat_n(' ', usize::from(self.spaces)));
        let (sign, h, m) = offset_parts(offset);
        let sign = if utc && self.minus_zero { '-' } else { sign };
        let _ = match self.offset {
            OffsetShape::Absent => Ok(()),
            OffsetShape::Z => write!(out, "Z"),
            OffsetShape::LowerZ => write!(out, "z"),
            OffsetShape::Hours => write!(out, "{sign}{h:02}"),
            OffsetShape::HoursMinutes => write!(out, "{sign}{h:02}{m:02}"),
            OffsetShape::Colon => write!(out, "{sign}{h:02}:{m:02}"),
        };
        Some(out)
    }
}

/// How many of the 9 digits of `nano` (1..10⁹) are trailing zeros.
fn trailing_zeros(mut nano: u32) -> u8 {
    let mut zeros = 0;
    while nano.is_multiple_of(10) && zeros < 9 {
        nano /= 10;
        zeros += 1;
    }
    zeros
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn shape(separator: u8, seconds: bool, fraction: u8, offset: OffsetShape) -> DateShape {
        DateShape { separator, seconds, fraction, spaces: 0, offset, minus_zero: false }
    }

    #[test]
    fn shapes_write_what_was_read() {
        let v = datetime!(2023-08-11 11:33:12.314 -6);
        assert_eq!(
            shape(b'T', true, 3, OffsetShape::HoursMinutes).format(v).as_deref(),
            Some("2023-08-11T11:33:12.314-0600")
        );
        assert_eq!(shape(b' ', true, 3, OffsetShape::Hours).format(v).as_deref(), Some("2023-08-11 11:33:12.314-06"));
        assert_eq!(
            shape(b'T', true, 6, OffsetShape::Colon).format(v).as_deref(),
            Some("2023-08-11T11:33:12.314000-06:00")
        );
        let utc = datetime!(2020-02-28 16:28:00 UTC);
        assert_eq!(shape(b't', false, 0, OffsetShape::Absent).format(utc).as_deref(), Some("2020-02-28t16:28"));
        assert_eq!(shape(b'T', true, 0, OffsetShape::LowerZ).format(utc).as_deref(), Some("2020-02-28T16:28:00z"));
        let minus = DateShape { minus_zero: true, spaces: 1, ..shape(b'T', true, 0, OffsetShape::Colon) };
        assert_eq!(minus.format(utc).as_deref(), Some("2020-02-28T16:28:00 -00:00"));
        let india = datetime!(2020-02-28 16:28:00 +5:30);
        assert_eq!(
            shape(b'T', true, 0, OffsetShape::HoursMinutes).format(india).as_deref(),
            Some("2020-02-28T16:28:00+0530")
        );
        assert_eq!(
            shape(b'T', true, 0, OffsetShape::Colon).format(datetime!(2020-02-28 16:28:00 -3:30)).as_deref(),
            Some("2020-02-28T16:28:00-03:30")
        );
    }

    #[test]
    fn shapes_refuse_what_they_cannot_hold() {
        // An offset in a shape without one; minutes in an hours-only offset; seconds or
        // digits the shape did not have.
        assert_eq!(shape(b'T', true, 0, OffsetShape::Absent).format(datetime!(2020-01-01 0:00 -6)), None);
        assert_eq!(shape(b'T', true, 0, OffsetShape::Z).format(datetime!(2020-01-01 0:00 +1)), None);
        assert_eq!(shape(b'T', true, 0, OffsetShape::Hours).format(datetime!(2020-01-01 0:00 +5:30)), None);
        assert_eq!(shape(b'T', false, 0, OffsetShape::Z).format(datetime!(2020-01-01 0:00:01 UTC)), None);
        assert_eq!(shape(b'T', true, 2, OffsetShape::Z).format(datetime!(2020-01-01 0:00:01.125 UTC)), None);
    }

    #[test]
    fn the_canonical_shape_is_what_time_writes() {
        use time::format_description::well_known::Rfc3339;
        for v in [
            datetime!(2023-08-11 11:33:12.314 -6),
            datetime!(2020-02-28 16:28:15.952628 UTC),
            datetime!(2020-02-28 16:28:15 +5:30),
            datetime!(2020-02-28 16:28:15.000000001 UTC),
            datetime!(2020-02-28 16:28:15.1 UTC),
        ] {
            assert_eq!(DateShape::canonical(v).format(v).unwrap(), v.format(&Rfc3339).unwrap());
        }
    }

    #[test]
    fn a_spelling_is_the_innermost_model_s_and_a_failed_read_forgets_it() {
        let outer = Reading::start();
        record(|| text::<u8>("outer"));
        let inner = Reading::start();
        record(|| text::<u8>("inner"));
        assert_eq!(format!("{:?}", inner.finish()), r#"["inner"]"#);
        let failed = Reading::start();
        record(|| text::<u8>("lost"));
        drop(failed);
        assert_eq!(format!("{:?}", outer.finish()), r#"["outer"]"#);
        // Outside any model nothing is recorded.
        record(|| text::<u8>("nowhere"));
        assert_eq!(PENDING.get(), 0);
        assert_eq!(DEPTH.get(), 0);
    }
}
