//! How dates and date-times are written on the wire (filters, bodies): plain formatting,
//! shared by the query builder and the models.

use time::{Date, OffsetDateTime, UtcOffset};

/// Formats a date as the wire expects in filters and bodies: `yyyy-MM-dd`.
pub(crate) fn format_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Formats a date-time as RFC 3339 with milliseconds (the rest of the fraction cut off), e.g.
/// `2024-01-31T00:00:00.000Z` or `2024-01-31T00:00:00.000-06:00`. Written by hand: the
/// crate builds `time` without its formatting and macro features.
pub(crate) fn format_datetime(t: OffsetDateTime) -> String {
    let zone = if t.offset() == UtcOffset::UTC {
        "Z".to_owned()
    } else {
        let (sign, h, m) = offset_parts(t.offset());
        format!("{sign}{h:02}:{m:02}")
    };
    format!(
        "{}T{:02}:{:02}:{:02}.{:03}{zone}",
        format_date(t.date()),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// An offset as written: its sign (`+` for UTC) and its whole hours and minutes (the seconds
/// are not written).
pub(crate) fn offset_parts(offset: UtcOffset) -> (char, u8, u8) {
    let (h, m, _) = offset.as_hms();
    (if h < 0 || m < 0 { '-' } else { '+' }, h.unsigned_abs(), m.unsigned_abs())
}
