//! Commit times read leniently from the raw `<seconds> <offset>` of a
//! signature. Real histories contain offsets such as `--700` or `+051800`
//! written by old or buggy tools. They are read as well as possible, and an
//! unreadable one counts as UTC instead of stopping the walk.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};

/// A moment with the time zone offset its author's clock had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitTime {
    /// Seconds since the Unix epoch.
    pub seconds: i64,
    /// Offset from UTC in seconds.
    pub offset: i32,
}

impl CommitTime {
    /// Parses the time part of a raw signature, such as `1700000000 +0100`.
    /// A missing or unreadable number of seconds is 0; an unreadable offset is UTC.
    pub fn parse(raw: &str) -> CommitTime {
        let mut parts = raw.split_ascii_whitespace();
        let seconds = parts
            .next()
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0);
        let offset = parts.next().map_or(0, parse_offset);
        CommitTime { seconds, offset }
    }

    /// Returns the calendar date in the commit's own time zone, the date its
    /// author saw, or `None` for a time outside the years -9999 to 9999.
    pub fn date(&self) -> Option<Date> {
        let timestamp = Timestamp::from_second(self.seconds).ok()?;
        let offset = Offset::from_seconds(self.offset).unwrap_or(Offset::UTC);
        Some(timestamp.to_zoned_datetime(TimeZone::fixed(offset)).date())
    }
}

/// Reads `+HHMM`, `-HHMM`, `+HHMMSS` and damaged forms: repeated signs,
/// missing digits. Anything beyond what jiff accepts (±25:59:59) is UTC.
fn parse_offset(text: &str) -> i32 {
    let negative = text.starts_with('-') || text.contains("--");
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let number = |range: std::ops::Range<usize>| -> i32 {
        digits.get(range).and_then(|d| d.parse().ok()).unwrap_or(0)
    };
    let (hours, minutes, seconds) = match digits.len() {
        1 | 2 => (number(0..digits.len()), 0, 0),
        3 => (number(0..1), number(1..3), 0),
        4 => (number(0..2), number(2..4), 0),
        6 => (number(0..2), number(2..4), number(4..6)),
        _ => (0, 0, 0),
    };
    if hours > 25 || minutes > 59 || seconds > 59 {
        return 0;
    }
    let total = hours * 3600 + minutes * 60 + seconds;
    if negative { -total } else { total }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_offsets() {
        assert_eq!(CommitTime::parse("100 +0130").offset, 5400);
        assert_eq!(CommitTime::parse("100 -0700").offset, -25200);
        assert_eq!(CommitTime::parse("100 +0000").seconds, 100);
    }

    #[test]
    fn odd_offsets_are_read_leniently() {
        assert_eq!(CommitTime::parse("100 --700").offset, -25200);
        assert_eq!(CommitTime::parse("100 +051800").offset, 5 * 3600 + 18 * 60);
        assert_eq!(CommitTime::parse("100 +9999").offset, 0);
        assert_eq!(CommitTime::parse("100 garbage").offset, 0);
        assert_eq!(CommitTime::parse("").seconds, 0);
        assert_eq!(CommitTime::parse("x +0100").seconds, 0);
    }

    #[test]
    fn date_uses_the_commit_offset() {
        // 2026-01-01T23:30:00Z is already 2 January at +0100.
        let time = CommitTime::parse("1767310200 +0100");
        assert_eq!(time.date(), Some(jiff::civil::date(2026, 1, 2)));
        assert_eq!(CommitTime::parse("99999999999999 +0000").date(), None);
    }
}
