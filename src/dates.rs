//! Front-matter dates: `YYYY-MM-DD` (read in the site's time zone) or
//! RFC 3339 with a time. The build date comes from --today,
//! SOURCE_DATE_EPOCH or the clock, in that order.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub(crate) fn parse_timestamp(text: &str, tz: &TimeZone) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(date) = text.parse::<Date>()
        && text.len() == 10
    {
        return date
            .to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|e| e.to_string());
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    // "2025-05-13 10:00" and "2025-05-13T10:00:00" without an offset are a
    // local time in the site's zone.
    if let Ok(dt) = text.replacen(' ', "T", 1).parse::<jiff::civil::DateTime>() {
        return dt
            .to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|e| e.to_string());
    }
    Err(describe(text))
}

pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    if text.len() >= 10
        && let Ok(date) = text[..10].parse::<Date>()
        && (text.len() == 10 || text.as_bytes()[10] == b'T' || text.as_bytes()[10] == b' ')
    {
        return Ok(date);
    }
    Err(describe(text))
}

fn describe(text: &str) -> String {
    // Name the impossible part when the shape is right ("2025-02-30").
    if let [y, m, d] = text.splitn(3, '-').collect::<Vec<_>>()[..]
        && y.len() == 4
        && m.len() == 2
        && d.len() >= 2
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i16>(), m.parse::<i8>(), d[..2].parse::<i8>())
        && let Err(e) = Date::new(y, m, d)
    {
        return format!("`{text}` is not a real date ({e})");
    }
    format!(
        "`{text}` is not a date; expected YYYY-MM-DD or RFC 3339 such as 2025-05-13T09:30:00+07:00"
    )
}

/// `YYYY-MM-DD` of `ts` in `tz`.
pub(crate) fn ymd(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned_datetime(tz.clone()).date().to_string()
}

/// RFC 3339 in UTC, as Atom and sitemaps want.
pub(crate) fn rfc3339(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The build date: --today, else SOURCE_DATE_EPOCH, else the system clock.
pub fn build_date(today: Option<&str>, tz: &TimeZone) -> Result<Date, String> {
    if let Some(text) = today {
        return text
            .parse::<Date>()
            .map_err(|_| format!("--today `{text}` is not a date; expected YYYY-MM-DD"));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"))?;
        let ts = Timestamp::from_second(seconds).map_err(|e| format!("SOURCE_DATE_EPOCH: {e}"))?;
        return Ok(ts.to_zoned_datetime(tz.clone()).date());
    }
    Ok(Timestamp::now().to_zoned_datetime(tz.clone()).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_dates_are_midnight_in_the_site_zone() {
        let tz = TimeZone::get("Asia/Phnom_Penh").unwrap();
        let ts = parse_timestamp("2025-05-13", &tz).unwrap();
        assert_eq!(rfc3339(ts), "2025-05-12T17:00:00Z");
        assert_eq!(ymd(ts, &tz), "2025-05-13");
        let ts = parse_timestamp("2025-05-13T09:30:00+07:00", &tz).unwrap();
        assert_eq!(rfc3339(ts), "2025-05-13T02:30:00Z");
    }

    #[test]
    fn bad_dates_say_why() {
        let tz = TimeZone::UTC;
        assert!(
            parse_timestamp("2025-02-30", &tz)
                .unwrap_err()
                .contains("not a real date")
        );
        assert!(
            parse_timestamp("yesterday", &tz)
                .unwrap_err()
                .contains("expected YYYY-MM-DD")
        );
        assert!(parse_date("2025-13-01").is_err());
        assert_eq!(parse_date("2025-01-02").unwrap().to_string(), "2025-01-02");
    }
}
