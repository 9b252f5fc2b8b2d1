//! `Retry-After`: reading it (seconds or an HTTP date) and writing HTTP dates.

use std::time::Duration;

use time::OffsetDateTime;

/// Reads `Retry-After`: whole seconds, or an HTTP date (IMF-fixdate) turned into the time
/// left until then (zero if it has passed).
pub(crate) fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = time::PrimitiveDateTime::parse(v, HTTP_DATE).ok()?.assume_utc();
    let left = at - OffsetDateTime::now_utc();
    Some(left.try_into().unwrap_or(Duration::ZERO))
}

const HTTP_DATE: &[time::format_description::BorrowedFormatItem<'static>] = time::macros::format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// Formats an instant as an HTTP date (tests and mock servers).
#[cfg(test)]
pub(crate) fn http_date(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC).format(HTTP_DATE).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        let future = OffsetDateTime::now_utc() + time::Duration::seconds(30);
        let d = parse_retry_after(&http_date(future)).unwrap();
        assert!(d <= Duration::from_secs(30) && d >= Duration::from_secs(28), "{d:?}");
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
