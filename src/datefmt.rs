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
    let offset = t.offset();
    let zone = if offset == UtcOffset::UTC {
        "Z".to_owned()
    } else {
        let (h, m, _) = offset.as_hms();
        let sign = if h < 0 || m < 0 { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
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
