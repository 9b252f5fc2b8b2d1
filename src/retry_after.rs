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
    let left = parse_http_date(v)? - OffsetDateTime::now_utc();
    Some(left.try_into().unwrap_or(Duration::ZERO))
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Reads an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7), by hand (the
/// crate builds `time` without its parsing features). The day name must be one of the seven
/// and the date valid; the day name is not checked against the date (as `time` did not).
fn parse_http_date(v: &str) -> Option<OffsetDateTime> {
    let b = v.as_bytes();
    if b.len() != 29 || b[3..5] != *b", " || b[7] != b' ' || b[11] != b' ' || b[16] != b' ' || b[25..] != *b" GMT" {
        return None;
    }
    let number = |at: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(at)?;
        digits.iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    DAYS.contains(&v.get(..3)?).then_some(())?;
    let name = v.get(8..11)?;
    let month = MONTHS.iter().position(|m| *m == name)? as u8 + 1;
    if b[19] != b':' || b[22] != b':' {
        return None;
    }
    let date = time::Date::from_calendar_date(
        i32::try_from(number(12..16)?).ok()?,
        time::Month::try_from(month).ok()?,
        u8::try_from(number(5..7)?).ok()?,
    )
    .ok()?;
    let hms = [number(17..19)?, number(20..22)?, number(23..25)?].map(|n| u8::try_from(n).unwrap_or(u8::MAX));
    let time = time::Time::from_hms(hms[0], hms[1], hms[2]).ok()?;
    Some(time::PrimitiveDateTime::new(date, time).assume_utc())
}

/// Formats an instant as an HTTP date (tests and mock servers).
#[cfg(test)]
pub(crate) fn http_date(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[usize::from(t.weekday().number_days_from_monday())],
        t.day(),
        MONTHS[usize::from(u8::from(t.month()) - 1)],
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
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

    #[test]
    fn http_dates_read_and_write_the_imf_fixdate() {
        use time::macros::datetime;
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(datetime!(1994-11-06 08:49:37 UTC)));
        assert_eq!(parse_http_date("Thu, 31 Dec 2026 23:59:59 GMT"), Some(datetime!(2026-12-31 23:59:59 UTC)));
        assert_eq!(http_date(datetime!(1994-11-06 02:49:37 -6)), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(datetime!(2027-01-04 00:00:00 UTC)), "Mon, 04 Jan 2027 00:00:00 GMT");
        for bad in [
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 0x Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMTé",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }
}
