//! How dates and date-times are written on the wire (filters, bodies): plain formatting,
//! shared by the query builder and the models.

use time::{Date, OffsetDateTime, UtcOffset};

/// Formats a date as the wire expects in filters and bodies: `yyyy-MM-dd`.
pub(crate) fn format_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Formats a date-time as RFC 3339 with milliseconds, e.g. `2024-01-31T00:00:00.000Z`.
pub(crate) fn format_datetime(t: OffsetDateTime) -> String {
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
